package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/testkit"
)

// Helpers of the access matrix (matrix_test.go). Everything here is
// prefixed "mx" to stay out of the way of the package's other tests.

// mxWant is what one request must answer.
type mxWant struct {
	status  int
	content []string // must appear in the body
	not     []string // must not appear in the body
}

// Markers written by the matrix's create and update requests.
const (
	mxCreated = "CREATED-MARK"
	mxUpdated = "UPDATED-MARK"
)

// How PocketBase v0.39 answers (apis/record_crud.go):
//   - a rule that is null (superusers only): 403 for every verb;
//   - a view, update or delete whose rule does not match the record: 404;
//   - a create whose rule does not match the submitted data: 400
//     "Failed to create record." with empty data (a validation failure
//     carries field errors in data, a hook of ours a Russian message);
//   - a delete the rule allows but a required relation elsewhere refuses:
//     400 "... not part of a required relation reference".
var (
	mxNotFound     = mxWant{status: 404, content: []string{`"message":"The requested resource wasn't found."`}}
	mxSuperOnly    = mxWant{status: 403, content: []string{`"message":"Only superusers can perform this action."`}}
	mxCreateDenied = mxWant{status: 400, content: []string{`"data":{}`, `"message":"Failed to create record."`}}
	mxDeleted      = mxWant{status: 204}
	mxDelBlocked   = mxWant{status: 400, content: []string{"required relation reference"}}
	mxCreatedOK    = mxWant{status: 200, content: []string{mxCreated}}
	mxUpdatedOK    = mxWant{status: 200, content: []string{mxUpdated}}
)

// mxOrgOf is the organization of each actor (anonymous has none; the
// matrix uses school A where a body needs one).
var mxOrgOf = map[string]string{
	"anonymous": "orgA",
	"teacherA1": "orgA", "teacherA2": "orgA", "teacherB": "orgB",
	"editorA": "orgA", "editorB": "orgB", "curator": "orgM",
}

// mxSpareIDs are records the fixture does not have, added by
// mxSpareFactory with fixed ids: fixture organizations and teachers are
// all held by required relations, so a delete the rule allows answers 400
// for them; the spares show the same rule lets a delete through to 204.
var mxSpareIDs = map[string]string{
	"orgSpare": "mxorgspare00001",
	"tSpareA":  "mxtsparea000001",
	"tSpareB":  "mxtspareb000001",
}

// mxID is the record id of a fixture key or a spare.
func mxID(t testing.TB, key string) string {
	if id, ok := mxSpareIDs[key]; ok {
		return id
	}
	id, ok := fixture.IDs[key]
	if !ok || id == "" {
		t.Fatalf("matrix: no fixture record %q", key)
	}
	return id
}

// mxFreshApp is a factory giving every scenario its own clone.
func mxFreshApp(tb testing.TB) *tests.TestApp { return fixture.App(tb) }

// mxSpareFactory clones the fixture and adds the spare records.
func mxSpareFactory(tb testing.TB) *tests.TestApp {
	app := fixture.App(tb)
	save := func(collection, id string, fields map[string]any) {
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			tb.Fatal(err)
		}
		r := core.NewRecord(c)
		r.Id = id
		r.Load(fields)
		if err := app.Save(r); err != nil {
			tb.Fatalf("spare %s: %v", id, err)
		}
	}
	save("organizations", mxSpareIDs["orgSpare"], map[string]any{"name": "Запасная школа", "kind": "school"})
	save("teachers", mxSpareIDs["tSpareA"], map[string]any{"name": "Запасной Учитель А", "organization": fixture.IDs["orgA"]})
	save("teachers", mxSpareIDs["tSpareB"], map[string]any{"name": "Запасной Учитель Б", "organization": fixture.IDs["orgB"]})
	return app
}

// mxWithoutProfileOf is a factory of a clone where the actor's account
// has no teacher profile (its profile, if any, is unlinked).
func mxWithoutProfileOf(actor string) func(testing.TB) *tests.TestApp {
	return func(tb testing.TB) *tests.TestApp {
		app := fixture.App(tb)
		if id := fixture.IDs[actor]; id != "" {
			if r, err := app.FindFirstRecordByData("teachers", "user", id); err == nil {
				r.Set("user", "")
				if err := app.Save(r); err != nil {
					tb.Fatal(err)
				}
			}
		}
		return app
	}
}

// mxShared is one app for many read-only requests. tests.ApiScenario
// cannot reuse an app: each run binds PocketBase's serve hooks again and
// the second run panics on a duplicate route. So the router is built
// once here, and run checks what ApiScenario checks.
type mxShared struct {
	app *tests.TestApp
	h   http.Handler
}

func mxNewShared(t *testing.T) *mxShared {
	t.Helper()
	app := fixture.App(t)
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return &mxShared{app: app, h: mux}
}

// run sends the scenario's request to the shared app and checks the
// status and the (compacted) body as tests.ApiScenario does.
func (sh *mxShared) run(t *testing.T, s tests.ApiScenario) {
	t.Run(s.Name, func(t *testing.T) {
		req := httptest.NewRequest(s.Method, s.URL, s.Body)
		req.Header.Set("content-type", "application/json")
		for k, v := range s.Headers {
			req.Header.Set(k, strings.TrimSpace(v))
		}
		rec := httptest.NewRecorder()
		sh.h.ServeHTTP(rec, req)
		if rec.Code != s.ExpectedStatus {
			t.Errorf("Expected status code %d, got %d", s.ExpectedStatus, rec.Code)
		}
		body := rec.Body.String()
		var buf bytes.Buffer
		if json.Compact(&buf, rec.Body.Bytes()) == nil {
			body = buf.String()
		}
		for _, item := range s.ExpectedContent {
			if !strings.Contains(body, item) {
				t.Errorf("Cannot find %v in response body \n%v", item, body)
				break
			}
		}
		for _, item := range s.NotExpectedContent {
			if strings.Contains(body, item) {
				t.Errorf("Didn't expect %v in response body \n%v", item, body)
				break
			}
		}
	})
}

// mxScenario builds one request of actor with its expectation.
// factory is nil for scenarios run by mxShared.run.
func mxScenario(name, actor, method, url, body string, w mxWant, factory func(testing.TB) *tests.TestApp) tests.ApiScenario {
	s := tests.ApiScenario{
		Name:               name,
		Method:             method,
		URL:                url,
		Headers:            map[string]string{"Authorization": fixture.Tokens[actor]},
		ExpectedStatus:     w.status,
		ExpectedContent:    w.content,
		NotExpectedContent: w.not,
		TestAppFactory:     factory,
	}
	if body != "" {
		s.Body = strings.NewReader(body)
	}
	if method == http.MethodGet && len(w.content) == 0 && len(w.not) == 0 {
		// a GET always has a body; make the kit look at it
		s.NotExpectedContent = []string{"\x00"}
	}
	return s
}

// mxRecords is the records URL of a collection, with an optional query.
func mxRecords(collection string, query ...string) string {
	u := "/api/collections/" + collection + "/records"
	if len(query) > 0 {
		u += "?" + mxQuery(query...)
	}
	return u
}

// mxRecord is the URL of one record, with an optional query.
func mxRecord(collection, id string, query ...string) string {
	u := "/api/collections/" + collection + "/records/" + id
	if len(query) > 0 {
		u += "?" + mxQuery(query...)
	}
	return u
}

// mxQuery encodes key, value pairs.
func mxQuery(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v.Encode()
}

// mxIDIs is how a record's own id appears in a compacted JSON answer (a
// relation field holding the id looks different).
func mxIDIs(id string) string { return `"id":"` + id + `"` }

// mxActors is every actor of the matrix.
var mxActors = testkit.Actors

func mxContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
