// Package freshness is the bank's freshness guard. A nightly job checks
// every external link of the published materials, practices and events
// (internal/linkcheck) and every attached file (the upload checks of
// internal/uploads, run again on the stored file), and keeps what it found
// in link_checks. An item that has outlived its period of re-review, or
// has dead links or broken files, is in the queue «требует обновления»
// (Queue), which the CMS shows and of which the authors are told by
// e-mail. The public page of an item says when it was last found fine, or
// that its links may be out of date (Notes); the guard never hides an
// item.
//
// A row of link_checks describes one link or file of an item, or sums the
// item up (kind «item»): the worst status of its links and files, and the
// date the public page shows. That row changes only when the item's
// status does or when its date is older than Config.Refresh, so a night
// that finds nothing new rebuilds no page (BindRebuild).
package freshness

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/linkcheck"
	"github.com/kopilka/kopilka/internal/schema"
)

// The nightly job in PocketBase's cron (UTC).
const (
	JobID    = "kopilkaFreshness"
	Schedule = "0 3 * * *"
)

// DefaultRefresh is how old the date on the public page of a fine item may
// grow before a check writes a newer one.
const DefaultRefresh = 7 * 24 * time.Hour

// Config tunes a Guard; its zero value is the default.
type Config struct {
	// Checker checks the links.
	Checker linkcheck.Checker
	// Refresh: see DefaultRefresh.
	Refresh time.Duration
	// Location is where the dates of the letters to authors are written;
	// nil means the server's local time.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Guard runs the checks of one app, one run at a time.
type Guard struct {
	app core.App
	cfg Config
	mu  sync.Mutex
}

// New makes the guard of app.
func New(app core.App, cfg Config) *Guard {
	if cfg.Refresh <= 0 {
		cfg.Refresh = DefaultRefresh
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Guard{app: app, cfg: cfg}
}

// Register adds the guard's nightly run to app's cron (JobID at Schedule);
// a run still going when the app stops is stopped.
func Register(app core.App) *Guard {
	g := New(app, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		cancel()
		return e.Next()
	})
	app.Cron().MustAdd(JobID, Schedule, func() {
		// a failure of the night's check must not take the server down
		defer func() {
			if v := recover(); v != nil {
				app.Logger().Error("freshness: the nightly check panicked", "panic", fmt.Sprint(v))
			}
		}()
		rep, err := g.Run(ctx)
		if err != nil {
			app.Logger().Warn("freshness: the nightly check failed", "error", err.Error())
			return
		}
		app.Logger().Info("freshness: the nightly check is done", "items", rep.Items, "links", rep.Links,
			"dead", rep.Dead, "files", rep.Files, "broken", rep.Broken, "changed", rep.Changed, "mailed", rep.Mailed)
	})
	return g
}

// Report counts what a run did.
type Report struct {
	Items, Links, Files int // checked (each distinct address once)
	Dead, Broken        int // links found dead, files found broken
	// Changed counts the items whose public result changed.
	Changed int
	// Mailed counts the letters sent to authors.
	Mailed int
}

// ErrRunning refuses a run while another one is going.
var ErrRunning = errors.New("freshness: a check is already running")

// Run checks every published item's links and files, stores what it found,
// forgets what it kept of items no longer published, and tells authors by
// e-mail of what is new in the queue when mail is set up. An item whose
// links a stopped run did not reach keeps what it had.
func (g *Guard) Run(ctx context.Context) (Report, error) {
	var rep Report
	if !g.mu.TryLock() {
		return rep, ErrRunning
	}
	defer g.mu.Unlock()
	now := g.cfg.Now().UTC()
	items, err := checkedItems(g.app)
	if err != nil {
		return rep, err
	}
	var urls []string
	seen := map[string]bool{}
	links := make([][]string, len(items))
	for i, it := range items {
		links[i] = itemLinks(it)
		for _, u := range links[i] {
			if !seen[u] {
				seen[u] = true
				urls = append(urls, u)
			}
		}
	}
	results := map[string]linkcheck.Result{}
	for _, r := range g.cfg.Checker.Check(ctx, urls) {
		results[r.URL] = r
		if r.Status != "" {
			rep.Links++
		}
		if r.Status == linkcheck.Dead {
			rep.Dead++
		}
	}
	rows, err := rowsByItem(g.app)
	if err != nil {
		return rep, err
	}
	fsys, err := g.app.NewFilesystem()
	if err != nil {
		return rep, fmt.Errorf("freshness: storage: %w", err)
	}
	defer fsys.Close()
	current := map[string]bool{}
	var failed []error
	for i, it := range items {
		key := itemKey(it.Collection().Name, it.Id)
		current[key] = true
		if ctx.Err() != nil {
			continue
		}
		// the links took a while: an item changed meanwhile waits for the
		// next night, one gone or unpublished keeps nothing
		fresh, err := g.app.FindRecordById(it.Collection(), it.Id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			delete(current, key)
			continue
		case err != nil:
			failed = append(failed, fmt.Errorf("freshness: %s: %w", key, err))
			continue
		case fresh.Collection().Name != schema.Events && fresh.GetString("status") != schema.StatusPublished:
			delete(current, key)
			continue
		}
		if !slices.Equal(itemLinks(fresh), links[i]) {
			continue
		}
		st, err := g.store(now, fresh, links[i], results, fsys, rows[key])
		if err != nil {
			failed = append(failed, fmt.Errorf("freshness: %s: %w", key, err))
			continue
		}
		if st.checked {
			rep.Items++
		}
		rep.Files += st.files
		rep.Broken += st.broken
		if st.changed {
			rep.Changed++
		}
	}
	// what was kept of items no longer published goes
	for key, list := range rows {
		if current[key] {
			continue
		}
		for _, r := range list {
			if err := g.app.Delete(r); err != nil {
				return rep, fmt.Errorf("freshness: forget %s: %w", key, err)
			}
		}
	}
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}
	rep.Mailed, err = g.notify(now)
	return rep, errors.Join(append(failed, err)...)
}

// checkedItems are the items whose links and files are checked: the
// published materials and practices, and every event (each has a page).
func checkedItems(app core.App) ([]*core.Record, error) {
	var out []*core.Record
	for _, c := range []string{schema.Materials, schema.Practices} {
		list, err := app.FindAllRecords(c, dbx.HashExp{"status": schema.StatusPublished})
		if err != nil {
			return nil, fmt.Errorf("freshness: %s: %w", c, err)
		}
		out = append(out, list...)
	}
	events, err := app.FindAllRecords(schema.Events)
	if err != nil {
		return nil, fmt.Errorf("freshness: %s: %w", schema.Events, err)
	}
	return append(out, events...), nil
}

// itemFields name the relation of link_checks to each kind of item.
var itemFields = map[string]string{schema.Materials: "material", schema.Practices: "practice", schema.Events: "event"}

// itemKey names an item: its collection and id.
func itemKey(collection, id string) string { return collection + "/" + id }

// rowItem is the key of the item a row of link_checks describes.
func rowItem(r *core.Record) string {
	for c, f := range itemFields {
		if id := r.GetString(f); id != "" {
			return itemKey(c, id)
		}
	}
	return ""
}

// rowsByItem are the rows of link_checks by their item's key.
func rowsByItem(app core.App) (map[string][]*core.Record, error) {
	all, err := app.FindAllRecords(schema.LinkChecks)
	if err != nil {
		return nil, fmt.Errorf("freshness: %s: %w", schema.LinkChecks, err)
	}
	out := map[string][]*core.Record{}
	for _, r := range all {
		key := rowItem(r)
		out[key] = append(out[key], r)
	}
	return out, nil
}

// stored is what store did of an item.
type stored struct {
	checked       bool // every link had its result, and all was written
	files, broken int
	changed       bool // the item's row changed as the public page shows it
}

// store writes what was found of item it: a row for each link and file,
// the item's own row, and no row for a link or file it no longer has. An
// item with a link the run did not reach is left as it was.
func (g *Guard) store(now time.Time, it *core.Record, links []string, results map[string]linkcheck.Result,
	fsys *filesystem.System, old []*core.Record) (stored, error) {
	var st stored
	for _, u := range links {
		if results[u].Status == "" {
			return st, nil
		}
	}
	collection, err := g.app.FindCachedCollectionByNameOrId(schema.LinkChecks)
	if err != nil {
		return st, fmt.Errorf("%s: %w", schema.LinkChecks, err)
	}
	rows := map[string]*core.Record{}
	for _, r := range old {
		rows[r.GetString("kind")+"\x00"+r.GetString("url")] = r
	}
	// the files are read before the writes, which hold the database
	type fileResult struct{ name, why string }
	var files []fileResult
	for _, f := range itemFiles(it) {
		res := fileResult{name: f}
		if err := checkFile(fsys, it, f); err != nil {
			// what went wrong reading the storage is for the log; people
			// are told the file does not open
			res.why = err.Error()
			if errors.Is(err, errUnreadable) {
				g.app.Logger().Warn("freshness: a stored file does not open", "item", itemKey(it.Collection().Name, it.Id),
					"file", f, "error", err.Error())
				res.why = errUnreadable.Error()
			}
		}
		files = append(files, res)
	}
	var itemRow *core.Record
	worst := schema.CheckOK
	err = g.app.RunInTransaction(func(tx core.App) error {
		put := func(kind, url, status string, code int, final, why string) error {
			key := kind + "\x00" + url
			row := rows[key]
			delete(rows, key)
			if row == nil {
				row = core.NewRecord(collection)
				row.Set(itemFields[it.Collection().Name], it.Id)
				row.Set("kind", kind)
				row.Set("url", url)
			}
			if row.GetString("status") != status || row.GetDateTime("since").IsZero() {
				row.Set("since", now)
			}
			row.Set("status", status)
			row.Set("code", code)
			row.Set("final_url", clip(final, maxURL))
			row.Set("error", clip(why, 500))
			row.Set("checked_at", now)
			return tx.Save(row)
		}
		for _, u := range links {
			res := results[u]
			if res.Status == linkcheck.Dead {
				worst = schema.CheckDead
			}
			if err := put(schema.CheckLink, u, string(res.Status), res.Code, res.FinalURL, res.Error); err != nil {
				return err
			}
		}
		for _, f := range files {
			st.files++
			status := schema.CheckOK
			if f.why != "" {
				st.broken++
				status = schema.CheckBroken
				if worst == schema.CheckOK {
					worst = schema.CheckBroken
				}
			}
			if err := put(schema.CheckFile, f.name, status, 0, "", f.why); err != nil {
				return err
			}
		}
		itemRow = rows[schema.CheckItem+"\x00"]
		delete(rows, schema.CheckItem+"\x00")
		for _, gone := range rows {
			if err := tx.Delete(gone); err != nil {
				return err
			}
		}
		if itemRow == nil {
			itemRow = core.NewRecord(collection)
			itemRow.Set(itemFields[it.Collection().Name], it.Id)
			itemRow.Set("kind", schema.CheckItem)
		}
		was, checked := itemRow.GetString("status"), itemRow.GetDateTime("checked_at").Time()
		switch {
		case was != worst:
			itemRow.Set("status", worst)
			itemRow.Set("since", now)
			itemRow.Set("checked_at", now)
		case worst == schema.CheckOK && now.Sub(checked) >= g.cfg.Refresh && len(links)+len(files) > 0:
			// an item with nothing to check shows no date to renew
			itemRow.Set("checked_at", now)
		default:
			return nil
		}
		st.changed = true
		return tx.Save(itemRow)
	})
	if err != nil {
		return stored{}, err
	}
	st.checked = true
	return st, nil
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// Note is what the public page of an item says of its last check.
type Note struct {
	// Fine is when a check last found every link and file working; zero
	// when the last check did not.
	Fine time.Time
	// Dead is whether the last check found a link dead.
	Dead bool
}

// Notes are the notes of the checked items that have links or files, by
// collection and id (NoteKey): an item with nothing to check says nothing
// of a check.
func Notes(app core.App) (map[string]Note, error) {
	// every site build reads them: only the columns a note needs
	var rows []struct {
		Material, Practice, Event, Kind, Status string
		CheckedAt                               types.DateTime `db:"checked_at"`
	}
	err := app.DB().Select("material", "practice", "event", "kind", "status", "checked_at").From(schema.LinkChecks).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("freshness: notes: %w", err)
	}
	key := func(material, practice, event string) string {
		switch {
		case material != "":
			return itemKey(schema.Materials, material)
		case practice != "":
			return itemKey(schema.Practices, practice)
		}
		return itemKey(schema.Events, event)
	}
	targets := map[string]bool{}
	for _, r := range rows {
		if r.Kind != schema.CheckItem {
			targets[key(r.Material, r.Practice, r.Event)] = true
		}
	}
	out := map[string]Note{}
	for _, r := range rows {
		k := key(r.Material, r.Practice, r.Event)
		if r.Kind != schema.CheckItem || !targets[k] {
			continue
		}
		n := Note{Dead: r.Status == schema.CheckDead}
		if r.Status == schema.CheckOK {
			n.Fine = r.CheckedAt.Time()
		}
		out[k] = n
	}
	return out, nil
}

// NoteKey is the key of an item's note in Notes.
func NoteKey(collection, id string) string { return itemKey(collection, id) }

// BindRebuild calls rebuild after each change to link_checks that the
// public site shows: an item's status, or the date of its last fine check.
// Nothing else a run writes rebuilds the site.
func BindRebuild(app core.App, rebuild func()) {
	shown := func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		if e.Record.GetString("kind") == schema.CheckItem {
			rebuild()
		}
		return nil
	}
	app.OnRecordAfterCreateSuccess(schema.LinkChecks).BindFunc(shown)
	app.OnRecordAfterDeleteSuccess(schema.LinkChecks).BindFunc(shown)
	app.OnRecordAfterUpdateSuccess(schema.LinkChecks).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		// Original is the row as it was read, before this save
		before, after := e.Record.Original(), e.Record
		if after.GetString("kind") == schema.CheckItem && (before.GetString("status") != after.GetString("status") ||
			!sameDateTime(before.GetDateTime("checked_at"), after.GetDateTime("checked_at"))) {
			rebuild()
		}
		return nil
	})
}

func sameDateTime(a, b types.DateTime) bool { return a.Time().Equal(b.Time()) }
