package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/jsvm"

	"github.com/kopilka/kopilka/internal/publiclist"
)

// Anonymous lists of materials and practices meet their rule as it reads
// without an account (internal/publiclist). These tests hold it to the
// access matrix and to PocketBase's own handler.

// plMuxes builds app's router as serve does without the handlers of the
// ids in first, and again without those of then too (serve's hooks bind
// routes once per app).
func plMuxes(t *testing.T, app core.App, first, then []string) (with, sans http.Handler) {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		for _, id := range first {
			e.Router.Unbind(id)
		}
		m, err := e.Router.BuildMux()
		if err != nil {
			return err
		}
		with = m
		for _, id := range then {
			e.Router.Unbind(id)
		}
		sans, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return with, sans
}

// plUnhooked takes off app the handlers PocketBase's TestApp binds to the
// list and enrich events to count them: while a list or enrich hook is
// bound, anonymous lists go through PocketBase's handler so the hook sees
// its records, and the items publiclist keeps would not be met.
func plUnhooked(t *testing.T, app core.App) core.App {
	t.Helper()
	app.OnRecordsListRequest().UnbindAll()
	app.OnRecordEnrich().UnbindAll()
	return app
}

func plGet(h http.Handler, target, authorization string) (int, string) {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// plRead is what the access matrix says each actor lists of collection.
func plRead(t *testing.T, collection string) (records []string, read map[string][]string) {
	for _, c := range mxMatrix() {
		if c.name == collection {
			return c.records, c.read
		}
	}
	t.Fatalf("no matrix row for %s", collection)
	return nil, nil
}

// TestMatrixPublicLists: lists of materials and practices, paged, sorted,
// filtered, expanded and with fields=, show every actor exactly what the
// matrix lets them read — anonymous readers only published items — and a
// filter cannot widen what an anonymous reader sees.
func TestMatrixPublicLists(t *testing.T) {
	sh := mxNewShared(t)
	for _, collection := range []string{"materials", "practices"} {
		records, read := plRead(t, collection)
		variants := [][]string{
			{"perPage", "200", "sort", "-published_at"},
			{"perPage", "200", "sort", "title", "skipTotal", "1"},
			{"perPage", "200", "sort", "-created", "expand", "authors"},
			{"perPage", "200", "fields", "id,title,status"},
			{"perPage", "200", "filter", "(title != '' && organization != '')", "sort", "-published_at"},
			{"perPage", "200", "filter", "(status = 'published' || status != 'published')"},
			{"perPage", "200", "filter", "(id != '' || status = 'draft')"},
		}
		for _, actor := range mxActors {
			visible := read[actor]
			for _, v := range variants {
				w := mxWant{status: 200}
				if !mxContains(v, "skipTotal") && !mxContains(v, "filter") {
					w.content = append(w.content, `"totalItems":`+strconv.Itoa(len(visible)))
				}
				for _, k := range records {
					if mxContains(visible, k) {
						w.content = append(w.content, mxIDIs(fixture.IDs[k]))
					} else {
						w.not = append(w.not, mxIDIs(fixture.IDs[k]))
					}
				}
				sh.run(t, mxScenario(collection+"/list/"+actor+"/"+mxQuery(v...), actor, http.MethodGet, mxRecords(collection, v...), "", w, nil))
			}
		}

		// paging one record at a time walks through exactly what is visible
		for _, actor := range []string{"anonymous", "teacherA1", "editorB", "curator"} {
			visible := read[actor]
			var seen []string
			for page := 1; page <= len(visible)+1; page++ {
				status, body, _ := sh.get(t, mxRecords(collection, "perPage", "1", "page", strconv.Itoa(page), "sort", "-published_at,title", "skipTotal", "1"), fixture.Tokens[actor])
				if status != 200 {
					t.Fatalf("%s page %d for %s: %d %s", collection, page, actor, status, body)
				}
				for _, k := range records {
					if strings.Contains(body, mxIDIs(fixture.IDs[k])) {
						seen = append(seen, k)
					}
				}
			}
			if len(seen) != len(visible) {
				t.Errorf("%s paged for %s: saw %v, want each of %v once", collection, actor, seen, visible)
			}
			for _, k := range seen {
				if !mxContains(visible, k) {
					t.Errorf("%s paged for %s: saw %s", collection, actor, k)
				}
			}
		}
	}
}

// plHostile are filters an anonymous reader may try to list more with.
var plHostile = []string{
	"status = 'draft'",
	"status != 'published'",
	"status = 'submitted' || status = 'changes_requested'",
	"(status = 'published' || status = 'draft')",
	"authors.user.email != ''",
	"authors.user != ''",
	"authors.user.role = 'teacher'",
	"@request.auth.role = 'curator'",
	"@request.auth.id = ''",
	"@request.auth.id = '' || status = 'draft'",
	"organization = @request.auth.organization",
	"@collection.materials.status = 'draft'",
	"related.status = 'draft'",
	"authors.public = false",
	"body ~ 'BODY-matDraftA1'",
}

// TestAnonymousHostileFiltersCannotWidenTheList: whatever an anonymous
// reader filters by, no unpublished item comes back.
func TestAnonymousHostileFiltersCannotWidenTheList(t *testing.T) {
	sh := mxNewShared(t)
	for _, collection := range []string{"materials", "practices"} {
		records, read := plRead(t, collection)
		for _, f := range plHostile {
			if collection == "practices" && strings.Contains(f, "related") {
				continue
			}
			status, body, _ := sh.get(t, mxRecords(collection, "filter", f, "perPage", "200", "expand", "authors"), "")
			if status != 200 && status != 400 && status != 403 {
				t.Errorf("%s filter %q: %d %s", collection, f, status, body)
			}
			for _, k := range records {
				if !mxContains(read["anonymous"], k) && strings.Contains(body, fixture.IDs[k]) {
					t.Errorf("%s filter %q shows %s to an anonymous reader", collection, f, k)
				}
			}
		}
	}
}

// TestHostileFiltersCannotWidenListsFromKeptItems: the same filters,
// asked again and paged, where the answer comes from kept encodings and
// whole lists (no hook bound, no expand), show no unpublished item.
func TestHostileFiltersCannotWidenListsFromKeptItems(t *testing.T) {
	app := plUnhooked(t, fixture.App(t))
	fast, _ := plMuxes(t, app, []string{"kopilkaAPICache"}, nil)
	for _, collection := range []string{"materials", "practices"} {
		records, read := plRead(t, collection)
		for pass := 0; pass < 2; pass++ {
			// the second pass finds the whole lists the first had read
			time.Sleep(time.Duration(pass) * 200 * time.Millisecond)
			for _, f := range plHostile {
				for _, q := range [][]string{
					{"filter", f, "sort", "title"},
					{"filter", f, "sort", "title", "n", "2"}, // asked again: read whole
					{"filter", f, "sort", "title", "perPage", "1", "page", "2"},
					{"filter", f, "sort", "title", "perPage", "1", "page", "1", "n", "3"},
				} {
					status, body := plGet(fast, mxRecords(collection, q...), "")
					if status != 200 && status != 400 && status != 403 {
						t.Errorf("%s %v: %d %s", collection, q, status, body)
					}
					for _, k := range records {
						if !mxContains(read["anonymous"], k) && strings.Contains(body, fixture.IDs[k]) {
							t.Errorf("%s %v shows %s to an anonymous reader", collection, q, k)
						}
					}
					if strings.Contains(body, "BODY-matDraft") || strings.Contains(body, "BODY-prDraft") {
						t.Errorf("%s %v shows a draft's text: %s", collection, q, body)
					}
				}
			}
		}
	}
}

// TestAnonymousListsAreWhatPocketBaseAnswers: an anonymous list answered
// with the rule as it reads without an account is byte for byte what
// PocketBase's handler answers with the whole rule, for the same data and
// the same query — errors included. A list without a sort comes in the
// order SQLite's plan happens to give, in PocketBase too (it changes with
// the indexes); such lists, each one page, are compared item by item
// whatever their order. So are items sorted by a time two of them may
// share to the millisecond: the sorts end with the id.
func TestAnonymousListsAreWhatPocketBaseAnswers(t *testing.T) {
	app := plUnhooked(t, fixture.App(t))
	fast, plain := plMuxes(t, app, []string{"kopilkaAPICache"}, []string{publiclist.HandlerId})
	sorted := [][]string{
		{"sort", "-published_at,id"},
		{"sort", "-published_at,id", "perPage", "2"},
		{"sort", "-published_at,id", "perPage", "2", "page", "2"},
		{"sort", "-published_at,id", "perPage", "2", "page", "2", "skipTotal", "1"},
		{"sort", "title", "perPage", "1", "page", "9"},
		{"sort", "-published_at,id", "perPage", "20", "skipTotal", "1"},
		{"sort", "title,-created,id"},
		{"sort", "-created,id", "expand", "authors,organization"},
		{"sort", "title", "expand", "authors", "fields", "id,title,expand.authors.name"},
		{"sort", "title", "fields", "id,title,summary:excerpt(20)"},
		{"sort", "-published_at,id", "filter", "type = 'lesson-plan'"},
		{"sort", "title", "filter", "organization = '" + fixture.IDs["orgA"] + "'"},
		{"sort", "title", "filter", "authors.name ~ 'а'", "expand", "authors"},
		{"sort", "-title", "filter", "title ~ 'matPub'", "skipTotal", "true"},
		{"sort", "@random", "perPage", "1", "filter", "title = 'нет такого'"},
		{"filter", "(", "perPage", "2"},
		{"filter", "nosuchfield = 1"},
		{"sort", "nosuchfield"},
		{"perPage", "x"},
	}
	for _, f := range plHostile {
		sorted = append(sorted, []string{"sort", "title", "filter", f, "expand", "authors"})
	}
	unsorted := [][]string{
		{},
		{"skipTotal", "1"},
		{"expand", "authors"},
		{"fields", "id,title"},
		{"filter", "type = 'lesson-plan'"},
	}
	for _, collection := range []string{"materials", "practices", "MATERIALS", "pbc_materials"} {
		for _, q := range sorted {
			target := mxRecords(collection, q...)
			s1, b1 := plGet(fast, target, "")
			s2, b2 := plGet(plain, target, "")
			if s1 != s2 || b1 != b2 {
				t.Errorf("%s:\n fast  %d %s\n plain %d %s", target, s1, b1, s2, b2)
			}
		}
		for _, q := range unsorted {
			target := mxRecords(collection, q...)
			s1, b1 := plGet(fast, target, "")
			s2, b2 := plGet(plain, target, "")
			if s1 != s2 || s1 != 200 && b1 != b2 || s1 == 200 && plByID(t, b1) != plByID(t, b2) {
				t.Errorf("%s:\n fast  %d %s\n plain %d %s", target, s1, b1, s2, b2)
			}
		}
	}
	// signed-in readers meet PocketBase's handler as it is
	for _, actor := range []string{"teacherA1", "editorA", "curator"} {
		target := mxRecords("materials", "perPage", "200", "sort", "-published_at")
		s1, b1 := plGet(fast, target, fixture.Tokens[actor])
		s2, b2 := plGet(plain, target, fixture.Tokens[actor])
		if s1 != 200 || s1 != s2 || b1 != b2 {
			t.Errorf("%s for %s: fast %d, plain %d", target, actor, s1, s2)
		}
	}
}

// plByID is a list answer with its items in the order of their ids.
func plByID(t *testing.T, body string) string {
	var res struct {
		Items                                 []map[string]any
		Page, PerPage, TotalItems, TotalPages int
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	sort.Slice(res.Items, func(i, j int) bool { return res.Items[i]["id"].(string) < res.Items[j]["id"].(string) })
	out, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestListHooksSeeAnonymousLists: hooks of the list request event, in Go
// and in pb_hooks, still see and change anonymous lists, and the API
// cache keeps what they made.
func TestListHooksSeeAnonymousLists(t *testing.T) {
	app := fixture.App(t)
	var rules []string
	app.OnRecordsListRequest("materials").BindFunc(func(e *core.RecordsListRequestEvent) error {
		rules = append(rules, *e.Collection.ListRule)
		for _, r := range e.Records {
			r.Set("title", "GO:"+r.GetString("title"))
		}
		e.Result.PerPage = 77
		return e.Next()
	})
	hooks := t.TempDir()
	js := `onRecordsListRequest((e) => {
		for (const r of e.records) { r.set("summary", "JS:" + e.collection.name) }
		e.next()
	}, "materials", "practices")`
	if err := os.WriteFile(filepath.Join(hooks, "lists.pb.js"), []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := jsvm.Register(app, jsvm.Config{HooksDir: hooks, TypesDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	h, _ := plMuxes(t, app, nil, nil)
	for i := 0; i < 2; i++ { // the second from the cache
		status, body := plGet(h, mxRecords("materials", "sort", "title"), "")
		if status != 200 || !strings.Contains(body, `"title":"GO:`) || !strings.Contains(body, `"summary":"JS:materials"`) || !strings.Contains(body, `"perPage":77`) {
			t.Fatalf("read %d: the hooks did not make the answer: %d %s", i+1, status, body)
		}
	}
	// the one thing a hook sees otherwise: the rule the list was made with
	if len(rules) != 1 || rules[0] != "status = 'published'" {
		t.Errorf("the list was made with the rules %q, want the anonymous rule once (then the cache)", rules)
	}
	status, body := plGet(h, mxRecords("practices"), "")
	if status != 200 || !strings.Contains(body, `"summary":"JS:practices"`) || strings.Contains(body, "GO:") {
		t.Fatalf("practices: %d %s", status, body)
	}
}

// TestKeptListItemsFollowEveryChange: anonymous lists answered from the
// encodings publiclist keeps are, after every kind of change, byte for
// byte what PocketBase's handler answers: a retitle with markup and
// characters JSON escapes, an unpublished item, a deleted one, a new
// one, a field hidden in the collection.
func TestKeptListItemsFollowEveryChange(t *testing.T) {
	app := plUnhooked(t, fixture.App(t))
	fast, plain := plMuxes(t, app, []string{"kopilkaAPICache"}, []string{publiclist.HandlerId})
	author, err := app.FindRecordById("teachers", fixture.IDs["tA1"])
	if err != nil {
		t.Fatal(err)
	}
	queries := [][]string{
		{"sort", "-published_at"},
		{"sort", "title", "perPage", "1", "page", "2", "skipTotal", "1"},
		{"sort", "-created,id", "filter", "title != ''"},
		// a list that follows another collection
		{"sort", "title", "filter", "authors.name != '" + author.GetString("name") + "'"},
	}
	same := func(step string) {
		t.Helper()
		for _, collection := range []string{"materials", "practices"} {
			for _, q := range queries {
				target := mxRecords(collection, q...)
				for read := 1; read <= 2; read++ { // the second from what the first kept
					s1, b1 := plGet(fast, target, "")
					s2, b2 := plGet(plain, target, "")
					if s1 != 200 || s1 != s2 || b1 != b2 {
						t.Fatalf("%s, %s, read %d:\n kept  %d %s\n plain %d %s", step, target, read, s1, b1, s2, b2)
					}
				}
			}
		}
	}
	same("before any change")
	time.Sleep(100 * time.Millisecond) // whole lists asked for twice are read by now
	same("from the whole lists")
	author.Set("name", "Переименованный Автор")
	if err := app.Save(author); err != nil {
		t.Fatal(err)
	}
	same("after an author was renamed")

	m, err := app.FindRecordById("materials", fixture.IDs["matPubA1"])
	if err != nil {
		t.Fatal(err)
	}
	m.Set("title", `</script><b>«Дроби» & "проценты"</b>`+"\u2028")
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	same("after a retitle")
	_, body := plGet(fast, mxRecords("materials", "sort", "-published_at"), "")
	if !strings.Contains(body, `\u003c/script\u003e\u003cb\u003e«Дроби» \u0026 \"проценты\"`) {
		t.Errorf("the new title is not in the list as the handler escapes it: %s", body)
	}

	m.Set("status", "draft")
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	same("after an unpublishing")
	if _, body := plGet(fast, mxRecords("materials", "perPage", "200"), ""); strings.Contains(body, fixture.IDs["matPubA1"]) {
		t.Errorf("an unpublished material is still listed to anonymous readers")
	}

	p, err := app.FindRecordById("practices", fixture.IDs["prPubA1"])
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(p); err != nil {
		t.Fatal(err)
	}
	same("after a deletion")

	other, err := app.FindRecordById("materials", fixture.IDs["matPubB"])
	if err != nil {
		t.Fatal(err)
	}
	twin := core.NewRecord(other.Collection())
	twin.Load(other.FieldsData())
	twin.Id = ""
	twin.Set("slug", "twin-of-b")
	twin.Set("qr_code", "")
	twin.Set("title", "Новая")
	// a moment of its own: items published at the same moment come in
	// whatever order SQLite's plan gives, in PocketBase too
	twin.Set("published_at", other.GetDateTime("published_at").Add(time.Second))
	if err := app.Save(twin); err != nil {
		t.Fatal(err)
	}
	same("after a new material")

	materials, err := app.FindCollectionByNameOrId("materials")
	if err != nil {
		t.Fatal(err)
	}
	materials.Fields.GetByName("summary").SetHidden(true)
	if err := app.Save(materials); err != nil {
		t.Fatal(err)
	}
	same("after a field was hidden")
	if _, body := plGet(fast, mxRecords("materials", "sort", "-published_at"), ""); strings.Contains(body, `"summary"`) {
		t.Errorf("a hidden field is still in anonymous lists: %s", body)
	}
}

// TestARateLimitOnListsStillHolds: a rate limit rule for lists, set in the
// dashboard, limits anonymous lists answered from kept items too.
func TestARateLimitOnListsStillHolds(t *testing.T) {
	app := plUnhooked(t, fixture.App(t))
	s := app.Settings()
	s.RateLimits.Enabled = true
	s.RateLimits.Rules = append(s.RateLimits.Rules, core.RateLimitRule{Label: "materials:list", MaxRequests: 2, Duration: 60})
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	h, _ := plMuxes(t, app, []string{"kopilkaAPICache"}, nil)
	var codes []int
	for i := 0; i < 4; i++ {
		code, _ := plGet(h, mxRecords("materials", "sort", "-published_at", "n", strconv.Itoa(i)), "")
		codes = append(codes, code)
	}
	if codes[0] != 200 || codes[3] != http.StatusTooManyRequests {
		t.Errorf("four lists under a rule of two a minute: %v, want the first 200 and the last 429", codes)
	}
}

// TestListsFromKeptItemsGoIntoTheAPICache: the API cache wraps publiclist,
// so a repeated anonymous list (a poster's QR code) is answered from the
// cache whichever way it was made.
func TestListsFromKeptItemsGoIntoTheAPICache(t *testing.T) {
	app := plUnhooked(t, fixture.App(t))
	h, _ := plMuxes(t, app, nil, nil)
	target := mxRecords("materials", "sort", "-published_at", "filter", "type = 'lesson-plan'")
	var bodies []string
	for i := 0; i < 2; i++ {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if hit := rec.Header().Get("X-Kopilka-Cache") == "hit"; rec.Code != 200 || hit != (i == 1) {
			t.Fatalf("read %d: %d, from the cache %v", i+1, rec.Code, hit)
		}
		bodies = append(bodies, rec.Body.String())
	}
	if bodies[0] != bodies[1] {
		t.Errorf("the cached answer differs:\n%s\n%s", bodies[0], bodies[1])
	}
}
