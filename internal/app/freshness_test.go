package app_test

import (
	"context"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/freshness"
	"github.com/kopilka/kopilka/internal/linkcheck"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// linkSite is a local web server with a page of each kind a teacher links
// to: live, moved for good, gone, slow (past the checker's timeout); and
// an address whose port is closed. Nothing is asked of the internet.
type linkSite struct {
	srv                             *httptest.Server
	live, moved, dead, slow, closed string
}

func newLinkSite(t *testing.T) *linkSite {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/live", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/live", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/page"
	l.Close()
	return &linkSite{srv: srv, live: srv.URL + "/live", moved: srv.URL + "/old", dead: srv.URL + "/gone", slow: srv.URL + "/slow", closed: closed}
}

// checkedAt is the guard's clock in these tests: 11 March 2026, 20:00
// UTC, which is 12 March on Sakhalin.
var checkedAt = time.Date(2026, 3, 11, 20, 0, 0, 0, time.UTC)

// guard is a freshness guard for the local test servers: short waits,
// loopback let through, its clock at *now.
func guard(a core.App, now *time.Time) *freshness.Guard {
	return freshness.New(a, freshness.Config{
		Checker: linkcheck.Checker{Timeout: 300 * time.Millisecond, Pause: 5 * time.Millisecond, RetryAfter: 10 * time.Millisecond,
			AllowPrivate: true},
		Now: func() time.Time { return *now },
	})
}

// setFields changes a record of the fixture as the server would.
func setFields(t *testing.T, a core.App, collection, key string, fields map[string]any) *core.Record {
	t.Helper()
	r, err := a.FindRecordById(collection, fixture.IDs[key])
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := a.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// checksOf are the rows of link_checks of an item, by kind and url.
func checksOf(t *testing.T, a core.App, field, key string) map[string]*core.Record {
	t.Helper()
	rows, err := a.FindAllRecords(schema.LinkChecks)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*core.Record{}
	for _, r := range rows {
		if r.GetString(field) == fixture.IDs[key] {
			out[r.GetString("kind")+" "+r.GetString("url")] = r
		}
	}
	return out
}

func runGuard(t *testing.T, g *freshness.Guard) freshness.Report {
	t.Helper()
	rep, err := g.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// The nightly check stores what it found of every link and file of the
// published items: a live link ok, a moved one with where it went, a gone
// one dead with its status, a slow one slow, a closed port dead; the
// attached file ok, and broken once its stored content no longer passes
// the upload checks. An item's own row sums it up. What it kept of a link
// the item no longer has goes. The site is rebuilt only when what the
// pages show changes: not by a second night that finds the same, and by
// the weekly renewal of a fine item's date.
func TestTheFreshnessGuardStoresWhatItFoundAndRebuildsOnlyOnChange(t *testing.T) {
	a := fixture.App(t)
	site := newLinkSite(t)
	var rebuilds atomic.Int32
	freshness.BindRebuild(a, func() { rebuilds.Add(1) })
	setFields(t, a, schema.Materials, "matPubA1", map[string]any{"body": "Ссылки: [живая](" + site.live + "), " + site.moved +
		", <" + site.dead + ">, [медленная](" + site.slow + ") и " + site.closed + ".\n\n`" + site.srv.URL + "/in-code` не ссылка."})
	setFields(t, a, schema.Practices, "prPubA1", map[string]any{"results": "См. " + site.live})
	setFields(t, a, schema.Events, "evB", map[string]any{"online_url": site.live, "registration_url": site.dead})
	now := checkedAt
	g := guard(a, &now)
	rep := runGuard(t, g)
	if rep.Dead != 2 || rep.Broken != 0 || rep.Files != 1 {
		t.Errorf("report: %+v", rep)
	}

	rows := checksOf(t, a, "material", "matPubA1")
	want := map[string]struct {
		status string
		code   int
		final  string
		err    string
	}{
		"link " + site.live:   {schema.CheckOK, 200, "", ""},
		"link " + site.moved:  {schema.CheckMoved, 200, site.live, ""},
		"link " + site.dead:   {schema.CheckDead, 404, "", "HTTP 404"},
		"link " + site.slow:   {schema.CheckSlow, 0, "", linkcheck.ErrTextTimeout},
		"link " + site.closed: {schema.CheckDead, 0, "", linkcheck.ErrTextRefused},
		"item ":               {schema.CheckDead, 0, "", ""},
	}
	file, _ := a.FindRecordById(schema.Materials, fixture.IDs["matPubA1"])
	stored := file.GetStringSlice("files")[0]
	want["file "+stored] = struct {
		status string
		code   int
		final  string
		err    string
	}{schema.CheckOK, 0, "", ""}
	if len(rows) != len(want) {
		t.Errorf("matPubA1 has %d rows, want %d (the fixture's row of a link it does not have gone): %v", len(rows), len(want), keys(rows))
	}
	for k, w := range want {
		r := rows[k]
		if r == nil {
			t.Errorf("no row %q", k)
			continue
		}
		if r.GetString("status") != w.status || r.GetInt("code") != w.code || r.GetString("final_url") != w.final || r.GetString("error") != w.err ||
			!r.GetDateTime("checked_at").Time().Equal(checkedAt) {
			t.Errorf("%s: %s %d %q %q %v", k, r.GetString("status"), r.GetInt("code"), r.GetString("final_url"), r.GetString("error"), r.GetDateTime("checked_at"))
		}
	}
	if pr := checksOf(t, a, "practice", "prPubA1"); pr["item "] == nil || pr["item "].GetString("status") != schema.CheckOK || pr["link "+site.live] == nil {
		t.Errorf("prPubA1: %v", keys(pr))
	}
	if ev := checksOf(t, a, "event", "evB"); ev["item "] == nil || ev["item "].GetString("status") != schema.CheckDead || ev["link "+site.dead] == nil {
		t.Errorf("evB: %v", keys(ev))
	}
	notes, err := freshness.Notes(a)
	if err != nil {
		t.Fatal(err)
	}
	if n := notes[freshness.NoteKey(schema.Materials, fixture.IDs["matPubA1"])]; !n.Dead || !n.Fine.IsZero() {
		t.Errorf("matPubA1's note: %+v", n)
	}
	if n := notes[freshness.NoteKey(schema.Practices, fixture.IDs["prPubA1"])]; n.Dead || !n.Fine.Equal(checkedAt) {
		t.Errorf("prPubA1's note: %+v", n)
	}
	if _, ok := notes[freshness.NoteKey(schema.Materials, fixture.IDs["matDraftA1"])]; ok {
		t.Error("a draft was checked")
	}
	if _, ok := notes[freshness.NoteKey(schema.Events, fixture.IDs["evA"])]; ok {
		t.Error("an event without links says it was checked")
	}
	if rebuilds.Load() == 0 {
		t.Error("the first check rebuilt nothing")
	}

	// a night later the same is found: nothing the pages show changed
	rebuilds.Store(0)
	now = checkedAt.Add(24 * time.Hour)
	runGuard(t, g)
	if n := rebuilds.Load(); n != 0 {
		t.Errorf("a check that found nothing new rebuilt the site %d times", n)
	}
	if r := checksOf(t, a, "material", "matPubA1")["link "+site.live]; !r.GetDateTime("checked_at").Time().Equal(now) {
		t.Errorf("a link's row keeps when it was last checked: %v", r.GetDateTime("checked_at"))
	}
	if r := checksOf(t, a, "practice", "prPubA1")["item "]; !r.GetDateTime("checked_at").Time().Equal(checkedAt) {
		t.Errorf("a fine item's date moved within the week: %v", r.GetDateTime("checked_at"))
	}
	// a week on, a fine item's date is renewed, and its page with it
	now = checkedAt.Add(freshness.DefaultRefresh)
	runGuard(t, g)
	if rebuilds.Load() == 0 {
		t.Error("the renewed date of a fine item rebuilt nothing")
	}
	if r := checksOf(t, a, "practice", "prPubA1")["item "]; !r.GetDateTime("checked_at").Time().Equal(now) {
		t.Errorf("a fine item's date was not renewed: %v", r.GetDateTime("checked_at"))
	}

	// the author's links mended, the attachment spoiled in the storage
	setFields(t, a, schema.Materials, "matPubA1", map[string]any{"body": "Ссылка: " + site.live})
	fsys, err := a.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	if err := fsys.Upload([]byte("<html><script>alert(1)</script></html>"), file.BaseFilesPath()+"/"+stored); err != nil {
		t.Fatal(err)
	}
	fsys.Close()
	rebuilds.Store(0)
	rep = runGuard(t, g)
	rows = checksOf(t, a, "material", "matPubA1")
	if len(rows) != 3 || rows["link "+site.live] == nil || rows["link "+site.dead] != nil {
		t.Errorf("after the mend, matPubA1 has %v", keys(rows))
	}
	if f := rows["file "+stored]; f == nil || f.GetString("status") != schema.CheckBroken || !strings.Contains(f.GetString("error"), ".pdf") {
		t.Errorf("the spoiled file: %v", f)
	}
	if it := rows["item "]; it == nil || it.GetString("status") != schema.CheckBroken || rep.Broken != 1 {
		t.Errorf("the item with a broken file: %v, %+v", it, rep)
	}
	if rebuilds.Load() == 0 {
		t.Error("a changed status rebuilt nothing")
	}

	// an item no longer published keeps nothing
	setFields(t, a, schema.Materials, "matPubA1", map[string]any{"status": schema.StatusArchived})
	runGuard(t, g)
	if rows := checksOf(t, a, "material", "matPubA1"); len(rows) != 0 {
		t.Errorf("the archived material keeps %v", keys(rows))
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The queue «требует обновления» lists an item past its period of
// re-review and one with a dead link, each with why and since when, to a
// curator and to their author and the school's deputy director — not to a
// teacher of another school, nor to a colleague who did not write them.
// The author's CMS home page says so. A curator sets the periods; a
// review that keeps an item published starts its period anew.
func TestTheQueueShowsStaleItemsToCuratorsAuthorsAndTheirSchool(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	site := newLinkSite(t)
	fourYearsAgo := time.Now().AddDate(-4, 0, 0)
	setFields(t, a, schema.Practices, "prPubA1", map[string]any{"published_at": types.NowDateTime().AddDate(-4, 0, 0)})
	setFields(t, a, schema.Materials, "matPubA1", map[string]any{"body": "Смотрите [задачник](" + site.dead + ")."})
	now := time.Now()
	runGuard(t, guard(a, &now))
	loc := corpusSettings(t).Location
	period := "истёк срок пересмотра (3 года): опубликовано или пересмотрено " + ru.Date(fourYearsAgo.In(loc))
	dead := html.EscapeString(site.dead) + " — страница не найдена (404)"
	stale := []string{"Практика prPubA1", period, "Материал matPubA1", "не открываются ссылки", dead}
	for _, who := range []string{"curator", "teacherA1", "editorA"} {
		b := newBrowser(t, h)
		b.login(who)
		rec := b.get("/app/freshness")
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", who, rec.Code)
		}
		page := rec.Body.String()
		for _, w := range stale {
			if !strings.Contains(page, w) {
				t.Errorf("%s's queue lacks %q", who, w)
			}
		}
		if since := "требует обновления с " + ru.Date(fourYearsAgo.AddDate(3, 0, 0).In(loc)); !strings.Contains(page, since) {
			t.Errorf("%s's queue lacks %q", who, since)
		}
		if has := strings.Contains(page, `href="/app/review/practices/`+fixture.IDs["prPubA1"]+`"`); has != (who == "curator") {
			t.Errorf("%s is offered a review: %v", who, has)
		}
		if strings.Contains(page, `href="/app/review/`+fixture.IDs["matPubA1"]+`"`) {
			t.Errorf("%s is offered a review of a material whose links are at fault, not its period", who)
		}
		home := b.get("/app/").Body.String()
		if !strings.Contains(home, "2 материала требуют обновления") {
			t.Errorf("%s's home page does not say two items need updating", who)
		}
	}
	for _, who := range []string{"teacherB", "teacherA2", "editorB"} {
		b := newBrowser(t, h)
		b.login(who)
		page := b.get("/app/freshness").Body.String()
		for _, w := range []string{"prPubA1", "matPubA1", site.dead} {
			if strings.Contains(page, w) {
				t.Errorf("%s sees %q in the queue", who, w)
			}
		}
		if home := b.get("/app/").Body.String(); strings.Contains(home, "требуют обновления") || strings.Contains(home, "требует обновления") {
			t.Errorf("%s is told something needs updating", who)
		}
	}

	// the curator shortens the period of lesson plans: school B's, two
	// years old, is due; a teacher may not set periods
	setFields(t, a, schema.Materials, "matPubB", map[string]any{"published_at": types.NowDateTime().AddDate(-2, 0, 0)})
	teacher := newBrowser(t, h)
	teacher.login("teacherB")
	if rec := teacher.post("/app/freshness/periods", url.Values{"_csrf": {token(teacher)}, "years.lesson-plan": {"1"}}); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher set a period: %d", rec.Code)
	}
	curator := newBrowser(t, h)
	curator.login("curator")
	form := url.Values{"_csrf": {token(curator)}}
	for _, code := range append(append([]string(nil), schema.MaterialTypes...), schema.ReviewPeriodPractice) {
		form.Set("years."+code, "3")
	}
	form.Set("years.lesson-plan", "0")
	if rec := curator.post("/app/freshness/periods", form); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "целое число лет от 1 до 50") {
		t.Errorf("a period of 0 years: %d", rec.Code)
	}
	form.Set("years.lesson-plan", "1")
	if rec := curator.post("/app/freshness/periods", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("periods: %d %s", rec.Code, rec.Body.String())
	}
	if p, err := a.FindFirstRecordByData(schema.Parameters, "name", "review_period.lesson-plan"); err != nil || p.GetInt("value") != 1 {
		t.Fatalf("the period is not stored: %v %v", p, err)
	}
	if n, _ := a.CountRecords(schema.Parameters); n != 2 {
		t.Errorf("%d parameters: a period left at the default is stored too", n)
	}
	if page := curator.get("/app/freshness").Body.String(); !strings.Contains(page, "Материал matPubB") ||
		!strings.Contains(page, "истёк срок пересмотра (1 год)") || !strings.Contains(page, `id="years-lesson-plan" name="years.lesson-plan" type="text" inputmode="numeric" value="1"`) {
		t.Error("the curator's queue lacks school B's material past its new period, or the form its value")
	}
	if page := teacher.get("/app/freshness").Body.String(); !strings.Contains(page, "Материал matPubB") || strings.Contains(page, "prPubA1") {
		t.Error("teacherB's queue does not show her own material alone")
	}

	// a review on the screen the queue links to, that keeps the practice
	// published, starts its period anew
	reviewURL := "/app/review/practices/" + fixture.IDs["prPubA1"]
	if rec := curator.get(reviewURL); rec.Code != http.StatusOK {
		t.Fatalf("the review screen of a published practice: %d", rec.Code)
	}
	rec := curator.post(reviewURL, url.Values{"_csrf": {curator.csrf()}, "relevance": {"3"}, "quality": {"3"},
		"reproducibility": {"2"}, "presentation": {"3"}, "decision": {"publish"}, "comment": {"Актуально."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("the review: %d %s", rec.Code, rec.Body.String())
	}
	if p, _ := a.FindRecordById(schema.Practices, fixture.IDs["prPubA1"]); p.GetString("status") != schema.StatusPublished {
		t.Errorf("the reviewed practice is %s", p.GetString("status"))
	}
	if page := curator.get("/app/freshness").Body.String(); strings.Contains(page, "Практика prPubA1") || !strings.Contains(page, "Материал matPubA1") {
		t.Error("a reviewed practice is still in the queue, or the material with a dead link left it")
	}
}

// Authors are told by e-mail, one letter each, of what is new in the
// queue: not while mail is not set up, once when it is, not again for the
// same, and again when a new dead link appears.
func TestAuthorsAreToldByMailOfWhatIsNewOnly(t *testing.T) {
	a := fixture.App(t)
	site := newLinkSite(t)
	setFields(t, a, schema.Practices, "prPubA1", map[string]any{"published_at": types.NowDateTime().AddDate(-4, 0, 0)})
	setFields(t, a, schema.Materials, "matPubA1", map[string]any{"body": "Смотрите " + site.dead})
	now := time.Now()
	g := guard(a, &now)
	if rep := runGuard(t, g); rep.Mailed != 0 || a.TestMailer.TotalSend() != 0 {
		t.Fatalf("mail went without SMTP: %+v, %d", rep, a.TestMailer.TotalSend())
	}
	a.Settings().SMTP.Enabled = true
	a.Settings().Meta.AppURL = "https://kopilka.example"
	if rep := runGuard(t, g); rep.Mailed != 1 || a.TestMailer.TotalSend() != 1 {
		t.Fatalf("letters: %+v, %d", rep, a.TestMailer.TotalSend())
	}
	m := a.TestMailer.LastMessage()
	if len(m.To) != 1 || m.To[0].Address != "teacherA1@test.example" {
		t.Errorf("the letter went to %v", m.To)
	}
	for _, w := range []string{"Материал matPubA1", "Практика prPubA1", site.dead + " — страница не найдена (404)",
		"истёк срок пересмотра (3 года)", "https://kopilka.example/app/freshness"} {
		if !strings.Contains(m.Text, w) || !strings.Contains(m.HTML, html.EscapeString(w)) {
			t.Errorf("the letter lacks %q:\n%s", w, m.Text)
		}
	}
	if runGuard(t, g); a.TestMailer.TotalSend() != 1 {
		t.Errorf("the author was told again of the same: %d letters", a.TestMailer.TotalSend())
	}
	// a new dead link is news
	now = now.Add(24 * time.Hour)
	setFields(t, a, schema.Materials, "matPubA1", map[string]any{"body": "Смотрите " + site.dead + " и " + site.closed})
	if runGuard(t, g); a.TestMailer.TotalSend() != 2 || !strings.Contains(a.TestMailer.LastMessage().Text, site.closed) {
		t.Errorf("the new dead link was not told: %d letters", a.TestMailer.TotalSend())
	}
}

// The public pages say what the check found, from what it stored: a
// material with a dead link that its links may be out of date (and it is
// still there), a practice found fine the day it was checked.
func TestThePublicPageShowsTheNote(t *testing.T) {
	a := fixture.App(t)
	h, builder := serve(t, a)
	site := newLinkSite(t)
	setFields(t, a, schema.Materials, "matPubA1", map[string]any{"body": "Смотрите " + site.dead})
	setFields(t, a, schema.Practices, "prPubA1", map[string]any{"body": "Смотрите " + site.live})
	builder.Wait()
	now := checkedAt
	runGuard(t, guard(a, &now))
	builder.Wait()
	material := get(h, "/materials/material-matpuba1/", "")
	if material.Code != http.StatusOK || !strings.Contains(material.Body.String(), "Ссылки могут быть устаревшими") {
		t.Errorf("the material's page: %d, no note of its dead link", material.Code)
	}
	day := checkedAt.In(corpusSettings(t).Location)
	practice := get(h, "/practices/praktika-prpuba1/", "")
	want := `Практика проверена <time datetime="` + day.Format("2006-01-02") + `">` + day.Format("02.01.2006") + `</time>`
	if practice.Code != http.StatusOK || !strings.Contains(practice.Body.String(), want) {
		t.Errorf("the practice's page: %d, lacks %q", practice.Code, want)
	}
}

// The check runs every night in PocketBase's cron, registered with the
// app's hooks.
func TestTheFreshnessCheckRunsNightly(t *testing.T) {
	a := fixture.App(t)
	for _, j := range a.Cron().Jobs() {
		if j.Id() == freshness.JobID {
			if j.Expression() != "0 3 * * *" {
				t.Errorf("the check runs at %q", j.Expression())
			}
			return
		}
	}
	t.Error("no nightly check in the cron")
}

// A second check asked for while one runs is refused, not run beside it.
func TestOneCheckRunsAtATime(t *testing.T) {
	a := fixture.App(t)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	setFields(t, a, schema.Materials, "matPubA1", map[string]any{"body": "Смотрите " + srv.URL + "/wait"})
	now := checkedAt
	g := freshness.New(a, freshness.Config{Checker: linkcheck.Checker{Timeout: 5 * time.Second, AllowPrivate: true},
		Now: func() time.Time { return now }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := g.Run(ctx)
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if _, err := g.Run(context.Background()); err != freshness.ErrRunning {
		t.Errorf("a second check while one runs: %v", err)
	}
	cancel()
	if err := <-done; err == nil {
		t.Error("a stopped check says it finished")
	}
	if rows := checksOf(t, a, "material", "matPubA1"); rows["link "+srv.URL+"/wait"] != nil {
		t.Error("a stopped check stored the link it did not finish")
	}
}
