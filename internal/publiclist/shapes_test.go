package publiclist

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// listMuxes are app's REST API with Register's fast lists and without.
func listMuxes(t *testing.T, app core.App, names ...string) (fast, plain http.Handler, kept *items) {
	t.Helper()
	plainRouter, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err = plainRouter.BuildMux(); err != nil {
		t.Fatal(err)
	}
	rules := &ruleCache{}
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	kept = newItems(64 << 20)
	kept.register(app, set)
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	router.BindFunc(func(e *core.RequestEvent) error { return serve(e, set, rules, kept) })
	if fast, err = router.BuildMux(); err != nil {
		t.Fatal(err)
	}
	return fast, plain, kept
}

func get(h http.Handler, target string) (int, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Code, rec.Body.String()
}

// TestDeepPagesAreWhatPocketBaseAnswers: pages cut from a whole list read
// once are byte for byte PocketBase's handler's pages — first and deep,
// with totals or without, past the end, filtered, after a note is added,
// unpublished or retitled — and a list is read again only after a
// change.
func TestDeepPagesAreWhatPocketBaseAnswers(t *testing.T) {
	app, _ := notesApp(t, 1300) // 1,040 published
	fast, plain, kept := listMuxes(t, app, "notes")
	queries := []url.Values{
		{"perPage": {"7"}, "sort": {"-rank,id"}},
		{"perPage": {"7"}, "sort": {"title"}, "skipTotal": {"1"}},
		{"perPage": {"500"}, "sort": {"id"}},
		{"perPage": {"900"}, "sort": {"-created,id"}},
		{"perPage": {"3"}, "sort": {"id"}, "filter": {"rank >= 3"}},
		{"sort": {"id"}, "filter": {"title ~ '1'"}},
		{"perPage": {"0"}, "sort": {"-id"}},
	}
	same := func(step string) {
		t.Helper()
		for _, q := range queries {
			for _, page := range []string{"1", "2", "72", "73", "100", "149", "150", "151", "400", "-3"} {
				q.Set("page", page)
				target := "/api/collections/notes/records?" + q.Encode()
				s1, b1 := get(fast, target)
				s2, b2 := get(plain, target)
				if s1 != s2 || b1 != b2 {
					t.Fatalf("%s, %s:\n fast  %d %.300s\n plain %d %.300s", step, target, s1, b1, s2, b2)
				}
			}
		}
	}
	settle := func() {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !kept.shapes.settled(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the whole lists were still being read after 30 s")
			}
		}
	}
	same("at first")
	settle()
	kept.shapes.mu.Lock()
	read, lists := kept.shapes.byRead, len(kept.shapes.byKey)
	kept.shapes.mu.Unlock()
	if read == 0 || lists == 0 {
		t.Fatalf("%d whole lists were read, %d kept", read, lists)
	}
	same("from the whole lists")
	kept.shapes.mu.Lock()
	again := kept.shapes.byRead
	kept.shapes.mu.Unlock()
	if again != read {
		t.Errorf("the lists were read again without a change: %d reads, then %d", read, again)
	}

	notes, err := app.FindCollectionByNameOrId("notes")
	if err != nil {
		t.Fatal(err)
	}
	added := core.NewRecord(notes)
	added.Set("title", "0 новая")
	added.Set("status", "published")
	if err := app.Save(added); err != nil {
		t.Fatal(err)
	}
	same("after a note was added")
	settle()
	same("from the whole lists after a note was added")
	var first []*core.Record
	if err := app.RecordQuery(notes).OrderBy("id").Limit(40).All(&first); err != nil {
		t.Fatal(err)
	}
	for i, r := range first {
		if i%2 == 0 {
			r.Set("status", "draft")
		} else {
			r.Set("title", "переименована "+strconv.Itoa(i))
		}
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	same("after notes were unpublished and retitled")
	settle()
	same("from the whole lists after notes were unpublished and retitled")
}
