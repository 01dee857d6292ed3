package publiclist

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	_ "github.com/pocketbase/pocketbase/migrations" // PocketBase's system tables
	"github.com/pocketbase/pocketbase/tools/types"
)

// itemsApp is an app with a collection "notes" whose list rule reads
// «published, or signed in», 104 notes published and 26 drafts, and
// PocketBase's REST API.
func itemsApp(t *testing.T) (core.App, http.Handler) {
	t.Helper()
	return notesApp(t, 130)
}

// notesApp is an app with n notes, every fifth a draft (itemsApp).
func notesApp(t *testing.T, n int) (core.App, http.Handler) {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = app.ResetBootstrapState() })
	if err := app.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}
	notes := core.NewBaseCollection("notes")
	notes.ListRule = types.Pointer("status = 'published' || @request.auth.id != ''")
	notes.Fields.Add(
		&core.TextField{Name: "title"},
		&core.TextField{Name: "status"},
		&core.TextField{Name: "secret", Hidden: true},
		&core.NumberField{Name: "rank"},
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	)
	if err := app.Save(notes); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		r := core.NewRecord(notes)
		r.Set("title", `<b>Заметка</b> & "`+strconv.Itoa(i)+`"`)
		r.Set("secret", "SECRET")
		r.Set("rank", i%7)
		r.Set("status", "published")
		if i%5 == 0 {
			r.Set("status", "draft")
		}
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	mux, err := router.BuildMux()
	if err != nil {
		t.Fatal(err)
	}
	return app, mux
}

// TestWarmKeepsWhatTheHandlerWouldAnswer: warming keeps an encoding of
// every published note, byte for byte the item PocketBase's list handler
// answers an anonymous reader (hidden field left out, markup escaped),
// and none of a draft.
func TestWarmKeepsWhatTheHandlerWouldAnswer(t *testing.T) {
	app, handler := itemsApp(t)
	c := newItems(1 << 20)
	c.warm(context.Background(), app, []string{"notes"}, &ruleCache{})

	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/collections/notes/records?perPage=500", nil))
	var answer struct{ Items []json.RawMessage }
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil || len(answer.Items) != 104 {
		t.Fatalf("the handler listed %d notes (%v): %s", len(answer.Items), err, rec.Body.String())
	}
	notes, err := app.FindCollectionByNameOrId("notes")
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range answer.Items {
		var r struct{ Id, Updated string }
		if err := json.Unmarshal(item, &r); err != nil {
			t.Fatal(err)
		}
		kept, ok := c.get(notes.Id, r.Id, r.Updated)
		if !ok {
			t.Errorf("note %s was not kept", r.Id)
			continue
		}
		if got := mustDecode(t, kept); string(got) != string(item) {
			t.Errorf("note %s kept as\n%s\nthe handler answers\n%s", r.Id, got, item)
		}
	}
	if len(c.byKey) != 104 {
		t.Errorf("%d notes kept, want the 104 published", len(c.byKey))
	}
}

// TestWarmStopsAtItsBudgetAndWhenTold: warming fills no more than the
// budget and stops when its context ends.
func TestWarmStopsAtItsBudgetAndWhenTold(t *testing.T) {
	app, _ := itemsApp(t)
	all := newItems(1 << 20)
	all.warm(context.Background(), app, []string{"notes"}, &ruleCache{})
	small := newItems(all.bytes / 2)
	small.warm(context.Background(), app, []string{"notes"}, &ruleCache{})
	if small.bytes > small.maxBytes || len(small.byKey) < 40 || len(small.byKey) > 64 {
		t.Errorf("a budget of half the 104 notes (%d bytes) kept %d notes in %d bytes", small.maxBytes, len(small.byKey), small.bytes)
	}
	ctx, stop := context.WithCancel(context.Background())
	stop()
	told := newItems(1 << 20)
	told.warm(ctx, app, []string{"notes"}, &ruleCache{})
	if len(told.byKey) != 0 {
		t.Errorf("warming after its context ended kept %d notes", len(told.byKey))
	}
}
