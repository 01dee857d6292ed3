package app_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/recordapi"
)

// The access matrix again, through internal/recordapi — the door the CMS
// uses — instead of HTTP: every cell must come out as the REST API's
// does (allowed where the REST API answers 200 or 204, refused where it
// answers anything else, and the same records listed). Writes run in a
// transaction rolled back at the end, so one app serves every cell.

var errRollback = errors.New("roll back the matrix cell")

// mxEvent is a request of actor to app, as the CMS makes it for the
// person signed in.
func mxEvent(t testing.TB, app core.App, actor string) *core.RequestEvent {
	t.Helper()
	e := new(core.RequestEvent)
	e.App = app
	e.Request = httptest.NewRequest(http.MethodPost, "/app/", nil)
	e.Response = httptest.NewRecorder()
	if token := fixture.Tokens[actor]; token != "" {
		u, err := app.FindAuthRecordByToken(token, core.TokenTypeAuth)
		if err != nil {
			t.Fatalf("token of %s: %v", actor, err)
		}
		e.Auth = u
	}
	return e
}

// mxInRollback runs fn as actor in a transaction of app that is undone.
func mxInRollback(t *testing.T, app core.App, actor string, fn func(e *core.RequestEvent) error) error {
	var got error
	err := app.RunInTransaction(func(tx core.App) error {
		got = fn(mxEvent(t, tx, actor))
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("transaction: %v", err)
	}
	return got
}

func mxAllowed(w mxWant) bool { return w.status == http.StatusOK || w.status == http.StatusNoContent }

func TestMatrixThroughRecordAPIReads(t *testing.T) {
	app := fixture.App(t)
	for _, c := range mxMatrix() {
		for _, actor := range mxActors {
			e := mxEvent(t, app, actor)
			_, listed, err := recordapi.List(e, c.name, nil, "", recordapi.Page{})
			if c.superuserOnly {
				if !errors.Is(err, recordapi.ErrForbidden) {
					t.Errorf("%s/list/%s: %v, want forbidden", c.name, actor, err)
				}
			} else if err != nil {
				t.Errorf("%s/list/%s: %v", c.name, actor, err)
			} else {
				var got, want []string
				for _, r := range listed {
					got = append(got, r.Id)
				}
				for _, k := range c.records {
					if mxContains(c.read[actor], k) {
						want = append(want, fixture.IDs[k])
					}
				}
				for _, id := range want {
					if !slices.Contains(got, id) {
						t.Errorf("%s/list/%s: %s missing", c.name, actor, id)
					}
				}
				for _, k := range c.records {
					if !mxContains(c.read[actor], k) && slices.Contains(got, fixture.IDs[k]) {
						t.Errorf("%s/list/%s: lists %s, which the API hides", c.name, actor, k)
					}
				}
			}
			for _, k := range c.records {
				_, err := recordapi.View(mxEvent(t, app, actor), c.name, fixture.IDs[k])
				if want := mxAllowed(c.wantRead(actor, k)); want != (err == nil) {
					t.Errorf("%s/view/%s/%s: allowed %v, the API's %v (%v)", c.name, k, actor, err == nil, want, err)
				}
			}
		}
	}
}

func TestMatrixThroughRecordAPIWrites(t *testing.T) {
	shared := fixture.App(t)
	spares := mxSpareFactory(t)
	for _, c := range mxMatrix() {
		for _, cr := range c.creates {
			for _, actor := range mxActors {
				app := shared
				if cr.factory != nil {
					app = cr.factory(actor)(t)
				}
				var data map[string]any
				if err := json.Unmarshal([]byte(cr.body(actor)), &data); err != nil {
					t.Fatalf("%s/create/%s body: %v", c.name, cr.variant, err)
				}
				err := mxInRollback(t, app, actor, func(e *core.RequestEvent) error {
					_, err := recordapi.Create(e, c.name, data)
					return err
				})
				if want := mxAllowed(cr.wantFor(actor)); want != (err == nil) {
					t.Errorf("%s/create/%s/%s: allowed %v, the API's %v (%v)", c.name, cr.variant, actor, err == nil, want, err)
				}
			}
		}
		for _, k := range c.records {
			var data map[string]any
			if err := json.Unmarshal([]byte(c.updateBody), &data); err != nil {
				t.Fatalf("%s update body: %v", c.name, err)
			}
			for _, actor := range mxActors {
				err := mxInRollback(t, shared, actor, func(e *core.RequestEvent) error {
					_, err := recordapi.Update(e, c.name, fixture.IDs[k], data)
					return err
				})
				if want := mxAllowed(c.wantUpdate(actor, k)); want != (err == nil) {
					t.Errorf("%s/update/%s/%s: allowed %v, the API's %v (%v)", c.name, k, actor, err == nil, want, err)
				}
			}
		}
		for _, k := range mxJoin(c.records, c.spares) {
			app := shared
			if mxContains(c.spares, k) {
				app = spares
			}
			for _, actor := range mxActors {
				err := mxInRollback(t, app, actor, func(e *core.RequestEvent) error {
					return recordapi.Delete(e, c.name, mxID(t, k))
				})
				if want := mxAllowed(c.wantDelete(actor, k)); want != (err == nil) {
					t.Errorf("%s/delete/%s/%s: allowed %v, the API's %v (%v)", c.name, k, actor, err == nil, want, err)
				}
			}
		}
	}
}
