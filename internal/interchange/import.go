package interchange

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/core/validators"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// Options configure an import.
type Options struct {
	// TimeZone is the municipality's zone, for events that name none.
	TimeZone *time.Location
}

// Report counts what an import did, by collection.
type Report struct {
	Created map[string]int
	Updated map[string]int
}

// Import reads the folder dir and upserts its records by slug in one
// transaction. When anything is wrong it writes nothing and returns
// Problems listing every problem found.
func Import(app core.App, dir string, opts Options) (Report, error) {
	if opts.TimeZone == nil {
		opts.TimeZone = time.UTC
	}
	var probs Problems
	docs, present, err := readFolder(dir, &probs)
	if err != nil {
		return Report{}, err
	}
	im := &importer{app: app, dir: dir, opts: opts, docs: docs, present: present, probs: &probs,
		existing: map[string]map[string]*core.Record{}, incoming: map[string]map[string]*doc{}}
	if err := im.loadExisting(); err != nil {
		return Report{}, err
	}
	if err := im.check(); err != nil {
		return Report{}, err
	}
	if len(probs) > 0 {
		return Report{}, probs
	}
	return im.write()
}

type importer struct {
	app      core.App
	dir      string
	opts     Options
	docs     []*doc
	present  map[string]map[string]bool // collection → slugs of files in the folder
	probs    *Problems
	existing map[string]map[string]*core.Record // collection → slug → record
	incoming map[string]map[string]*doc         // collection → slug → doc
	files    map[*doc][]attachment
}

type attachment struct {
	path string // relative to files/
	data []byte
}

func (im *importer) problem(d *doc, key, reason string) {
	*im.probs = append(*im.probs, Problem{File: d.file, Line: d.line(key), Field: key, Reason: reason})
}

func (im *importer) loadExisting() error {
	for _, k := range kinds {
		records, err := im.app.FindAllRecords(k.collection)
		if err != nil {
			return fmt.Errorf("load %s: %w", k.collection, err)
		}
		bySlug := make(map[string]*core.Record, len(records))
		for _, r := range records {
			bySlug[strings.ToLower(r.GetString("slug"))] = r
		}
		im.existing[k.collection] = bySlug
		im.incoming[k.collection] = map[string]*doc{}
	}
	for _, d := range im.docs {
		im.incoming[d.kind.collection][d.slug] = d
	}
	return nil
}

// check finds the problems that need more than one file or the database:
// references, event times, QR codes and attachments.
func (im *importer) check() error {
	im.files = map[*doc][]attachment{}
	codes := map[string]*doc{}
	sort.Slice(im.docs, func(i, j int) bool { return im.docs[i].file < im.docs[j].file })
	for _, d := range im.docs {
		for _, fl := range d.kind.fields {
			switch fl.typ {
			case tRef:
				if s, ok := d.values[fl.key].(string); ok && !im.known(fl.target, s) {
					im.problem(d, fl.key, fmt.Sprintf(ru.ImpMissingRef, s, fl.target+"/"))
				}
			case tRefs:
				list, _ := d.values[fl.key].([]string)
				for _, s := range list {
					if !im.known(fl.target, s) {
						im.problem(d, fl.key, fmt.Sprintf(ru.ImpMissingRef, s, fl.target+"/"))
					}
				}
			case tFiles:
				if err := im.checkFiles(d, fl); err != nil {
					return err
				}
			case tQR:
				code, ok := d.values[fl.key].(string)
				if !ok {
					continue
				}
				if other, dup := codes[code]; dup {
					im.problem(d, fl.key, fmt.Sprintf(ru.ImpDuplicateQR, code, other.file))
					continue
				}
				codes[code] = d
				if err := im.checkCode(d, code); err != nil {
					return err
				}
			}
		}
		if d.kind.collection == schema.Events {
			im.checkEventTimes(d)
		}
		if err := im.checkLengths(d); err != nil {
			return err
		}
	}
	return nil
}

// checkLengths refuses a text longer than its field holds, with the
// collection's own limit: the import, the CMS and the API share it.
func (im *importer) checkLengths(d *doc) error {
	collection, err := im.app.FindCachedCollectionByNameOrId(d.kind.collection)
	if err != nil {
		return fmt.Errorf("collection %s: %w", d.kind.collection, err)
	}
	for _, fl := range d.kind.fields {
		s, ok := d.values[fl.key].(string)
		if !ok || (fl.typ != tString && fl.typ != tText) {
			continue
		}
		text, ok := collection.Fields.GetByName(fl.column).(*core.TextField)
		if !ok {
			continue
		}
		limit := text.Max
		if limit == 0 {
			limit = 5000 // PocketBase's limit of a text field that names none
		}
		if n := utf8.RuneCountInString(s); n > limit {
			im.problem(d, fl.key, fmt.Sprintf(ru.ImpTooLong, limit, n))
		}
	}
	return nil
}

func (im *importer) known(collection, slug string) bool {
	if im.present[collection][slug] {
		return true
	}
	_, ok := im.existing[collection][strings.ToLower(slug)]
	return ok
}

func (im *importer) checkCode(d *doc, code string) error {
	current := im.existing[d.kind.collection][d.slug]
	if current != nil && current.GetString("qr_code") != "" {
		if current.GetString("qr_code") != code {
			im.problem(d, "qr", fmt.Sprintf(ru.ImpQRChanged, current.GetString("qr_code")))
		}
		return nil
	}
	var owner struct {
		Collection string `db:"target_collection"`
		Id         string `db:"target_id"`
	}
	err := im.app.DB().Select("target_collection", "target_id").From(schema.QRCodes).
		Where(dbx.HashExp{"code": code}).One(&owner)
	if err == nil {
		im.problem(d, "qr", fmt.Sprintf(ru.ImpQRTaken, code))
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("look up qr code %s: %w", code, err)
	}
	return nil
}

func (im *importer) checkEventTimes(d *doc) {
	zoneName, _ := d.values["timezone"].(string)
	loc := im.opts.TimeZone
	if zoneName != "" {
		l, err := time.LoadLocation(zoneName)
		if err != nil {
			return // reported when parsed
		}
		loc = l
	}
	allDay, _ := d.values["all_day"].(bool)
	start, hasStart := d.values["start"].(when)
	end, hasEnd := d.values["end"].(when)
	for key, w := range map[string]when{"start": start, "end": end} {
		if (key == "start" && !hasStart) || (key == "end" && !hasEnd) {
			continue
		}
		if allDay && !w.dateOnly {
			im.problem(d, key, ru.ImpAllDayNeedsDate)
		}
		if !allDay && w.dateOnly {
			im.problem(d, key, ru.ImpTimedNeedsTime)
		}
	}
	if hasStart && hasEnd && end.instant(loc).Before(start.instant(loc)) {
		im.problem(d, "end", ru.ImpEndBeforeStart)
	}
}

func (im *importer) checkFiles(d *doc, fl field) error {
	list, _ := d.values[fl.key].([]string)
	if len(list) == 0 {
		return nil
	}
	collection, err := im.app.FindCachedCollectionByNameOrId(d.kind.collection)
	if err != nil {
		return fmt.Errorf("collection %s: %w", d.kind.collection, err)
	}
	fileField, _ := collection.Fields.GetByName(fl.column).(*core.FileField)
	if fileField == nil {
		return fmt.Errorf("collection %s has no file field %s", d.kind.collection, fl.column)
	}
	root, err := filepath.Abs(filepath.Join(im.dir, filesDir))
	if err != nil {
		return fmt.Errorf("files folder: %w", err)
	}
	for _, p := range list {
		clean := path.Clean(strings.ReplaceAll(p, "\\", "/"))
		if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") || filepath.VolumeName(p) != "" {
			im.problem(d, fl.key, fmt.Sprintf(ru.ImpPathLeaves, p))
			continue
		}
		if err := filename.CheckPath(clean); err != nil {
			im.problem(d, fl.key, fmt.Sprintf(ru.ImpBadFileName, clean, filename.Reason(err)))
			continue
		}
		full := filepath.Join(root, filepath.FromSlash(clean))
		// a symlink may still point outside: resolve and compare
		if resolved, err := filepath.EvalSymlinks(full); err == nil {
			if r, err := filepath.EvalSymlinks(root); err == nil && !strings.HasPrefix(resolved, r+string(filepath.Separator)) {
				im.problem(d, fl.key, fmt.Sprintf(ru.ImpPathLeaves, p))
				continue
			}
		}
		info, err := os.Stat(full)
		if err != nil || !info.Mode().IsRegular() {
			im.problem(d, fl.key, fmt.Sprintf(ru.ImpMissingFile, clean))
			continue
		}
		if fileField.MaxSize > 0 && info.Size() > fileField.MaxSize {
			im.problem(d, fl.key, fmt.Sprintf(ru.ImpFileTooLarge, clean, fileField.MaxSize>>20))
			continue
		}
		data, err := os.ReadFile(full)
		if err != nil {
			return fmt.Errorf("read files/%s: %w", clean, err)
		}
		probe, err := filesystem.NewFileFromBytes(data, path.Base(clean))
		if err != nil {
			return fmt.Errorf("files/%s: %w", clean, err)
		}
		if err := validators.UploadedFileMimeType(fileField.MimeTypes)(probe); err != nil {
			im.problem(d, fl.key, fmt.Sprintf(ru.ImpFileType, clean, mimetype.Detect(data).String()))
			continue
		}
		im.files[d] = append(im.files[d], attachment{path: clean, data: data})
	}
	return nil
}

// write saves every record in one transaction, kinds in dependency order.
func (im *importer) write() (Report, error) {
	report := Report{Created: map[string]int{}, Updated: map[string]int{}}
	ids := map[string]map[string]string{} // collection → slug → id
	for coll, bySlug := range im.existing {
		ids[coll] = map[string]string{}
		for s, r := range bySlug {
			ids[coll][s] = r.Id
		}
	}
	var failed Problems
	err := im.app.RunInTransaction(func(tx core.App) error {
		for _, k := range kinds {
			collection, err := tx.FindCollectionByNameOrId(k.collection)
			if err != nil {
				return fmt.Errorf("collection %s: %w", k.collection, err)
			}
			for _, d := range im.docs {
				if d.kind.dir != k.dir {
					continue
				}
				record := im.existing[k.collection][d.slug]
				isNew := record == nil
				if isNew {
					record = core.NewRecord(collection)
					record.Set("slug", d.slug)
				}
				if err := im.fill(tx, record, d, ids); err != nil {
					return err
				}
				if err := tx.Save(record); err != nil {
					failed = append(failed, saveProblems(d, err)...)
					return failed
				}
				ids[k.collection][d.slug] = record.Id
				if isNew {
					report.Created[k.collection]++
				} else {
					report.Updated[k.collection]++
				}
			}
		}
		return nil
	})
	if err != nil {
		if len(failed) > 0 {
			return Report{}, failed
		}
		return Report{}, fmt.Errorf("import: %w", err)
	}
	return report, nil
}

// fill sets every field of record from d; a key the file leaves out
// empties its field, since the file is the whole record.
func (im *importer) fill(app core.App, record *core.Record, d *doc, ids map[string]map[string]string) error {
	loc := im.opts.TimeZone
	if z, ok := d.values["timezone"].(string); ok && z != "" {
		l, err := time.LoadLocation(z)
		if err != nil {
			return fmt.Errorf("%s: timezone: %w", d.file, err)
		}
		loc = l
	}
	for _, fl := range d.kind.fields {
		v := d.values[fl.key]
		switch fl.typ {
		case tString, tText, tEnum, tZone, tURL:
			s, _ := v.(string)
			record.Set(fl.column, s)
		case tStrings, tEnums:
			list, _ := v.([]string)
			if list == nil {
				list = []string{}
			}
			record.Set(fl.column, list)
		case tBool:
			b, _ := v.(bool)
			record.Set(fl.column, b)
		case tInt:
			n, _ := v.(int)
			record.Set(fl.column, n)
		case tNumber:
			n, _ := v.(float64)
			record.Set(fl.column, n)
		case tDate:
			w, ok := v.(when)
			if !ok {
				record.Set(fl.column, "")
				continue
			}
			dt, err := types.ParseDateTime(w.date())
			if err != nil {
				return fmt.Errorf("%s: %s: %w", d.file, fl.key, err)
			}
			record.Set(fl.column, dt)
		case tDateTime:
			w, ok := v.(when)
			if !ok {
				record.Set(fl.column, "")
				continue
			}
			dt, err := types.ParseDateTime(w.instant(loc))
			if err != nil {
				return fmt.Errorf("%s: %s: %w", d.file, fl.key, err)
			}
			record.Set(fl.column, dt)
		case tRef:
			s, _ := v.(string)
			record.Set(fl.column, ids[fl.target][strings.ToLower(s)])
		case tRefs:
			list, _ := v.([]string)
			out := make([]string, 0, len(list))
			for _, s := range list {
				out = append(out, ids[fl.target][strings.ToLower(s)])
			}
			record.Set(fl.column, out)
		case tQR:
			if s, ok := v.(string); ok && record.IsNew() {
				record.Set(fl.column, s)
			}
		case tFiles:
			if err := im.fillFiles(app, record, d, fl); err != nil {
				return err
			}
		}
	}
	if d.kind.body != "" {
		record.Set(d.kind.body, d.body)
	}
	if record.IsNew() && record.GetString("status") == schema.StatusPublished {
		if w, ok := d.values["date"].(when); ok {
			dt, err := types.ParseDateTime(w.date())
			if err == nil {
				record.Set("published_at", dt)
			}
		}
	}
	return nil
}

// fillFiles keeps an attachment whose content is unchanged and uploads the
// rest, so importing the same folder twice uploads nothing the second time.
func (im *importer) fillFiles(app core.App, record *core.Record, d *doc, fl field) error {
	names := map[string]string{} // stored name → path
	_ = record.UnmarshalJSONField("file_names", &names)
	byPath := map[string]string{}
	for stored, p := range names {
		byPath[p] = stored
	}
	var fsys *filesystem.System
	if !record.IsNew() && len(names) > 0 {
		var err error
		fsys, err = app.NewFilesystem()
		if err != nil {
			return fmt.Errorf("%s: open storage: %w", d.file, err)
		}
		defer fsys.Close()
	}
	current := record.GetStringSlice(fl.column)
	value := make([]any, 0, len(im.files[d]))
	newNames := map[string]string{}
	for _, a := range im.files[d] {
		if stored, ok := byPath[a.path]; ok && fsys != nil && contains(current, stored) &&
			sameContent(fsys, record.BaseFilesPath()+"/"+stored, a.data) {
			value = append(value, stored)
			newNames[stored] = a.path
			continue
		}
		f, err := filesystem.NewFileFromBytes(a.data, path.Base(a.path))
		if err != nil {
			return fmt.Errorf("%s: files/%s: %w", d.file, a.path, err)
		}
		value = append(value, f)
		newNames[f.Name] = a.path
	}
	record.Set(fl.column, value)
	record.Set("file_names", newNames)
	return nil
}

func sameContent(fsys *filesystem.System, key string, data []byte) bool {
	r, err := fsys.GetReader(key)
	if err != nil {
		return false
	}
	defer r.Close()
	stored, err := io.ReadAll(r)
	return err == nil && bytes.Equal(stored, data)
}

// saveProblems turns a failed save into problems located at the fields the
// database refused.
func saveProblems(d *doc, err error) Problems {
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		var out Problems
		keys := make([]string, 0, len(verrs))
		for k := range verrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, column := range keys {
			key := column
			for _, fl := range d.kind.fields {
				if fl.column == column {
					key = fl.key
				}
			}
			out = append(out, Problem{File: d.file, Line: d.line(key), Field: key,
				Reason: fmt.Sprintf(ru.ImpSaveFailed, verrs[column].Error())})
		}
		return out
	}
	return Problems{{File: d.file, Reason: fmt.Sprintf(ru.ImpSaveFailed, err.Error())}}
}
