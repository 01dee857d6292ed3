package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/testkit"
)

// authWithPassword signs in through the REST API from address ip.
func authWithPassword(h http.Handler, collection, identity, password, ip string) *httptest.ResponseRecorder {
	body, _ := json.Marshal(map[string]string{"identity": identity, "password": password})
	req := httptest.NewRequest(http.MethodPost, "/api/collections/"+collection+"/auth-with-password", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = ip + ":50000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestSignInIsLimitedOnEveryDoor(t *testing.T) {
	a := fixture.App(t)
	superusers, err := a.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(superusers)
	su.SetEmail("admin@test.example")
	su.SetPassword(testkit.Password)
	if err := a.Save(su); err != nil {
		t.Fatal(err)
	}
	h, _ := serve(t, a)

	t.Run("an account locked in the CMS is locked through the API", func(t *testing.T) {
		b := newBrowser(t, h)
		for i := 0; i < 5; i++ {
			b.get("/app/login")
			b.post("/app/login", url.Values{"_csrf": {b.csrf()}, "email": {"teacherA2@test.example"}, "password": {"wrong"}})
		}
		if rec := authWithPassword(h, "users", "teacherA2@test.example", testkit.Password, "203.0.113.10"); rec.Code != http.StatusTooManyRequests {
			t.Errorf("right password through REST after the CMS lock: %d %s", rec.Code, rec.Body.String())
		}
	})

	for _, door := range []struct{ collection, identity string }{
		{"users", "editorB@test.example"},
		{core.CollectionNameSuperusers, "admin@test.example"},
	} {
		t.Run("guessing through the API locks "+door.collection, func(t *testing.T) {
			// each guess from its own address, as a botnet would: the
			// per-address limit never fires, the per-account one does
			for i := 0; i < 5; i++ {
				ip := "203.0.113." + []string{"21", "22", "23", "24", "25"}[i]
				if rec := authWithPassword(h, door.collection, door.identity, "guess", ip); rec.Code != http.StatusBadRequest {
					t.Fatalf("guess %d: %d %s", i+1, rec.Code, rec.Body.String())
				}
			}
			rec := authWithPassword(h, door.collection, door.identity, testkit.Password, "203.0.113.30")
			if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "Слишком много") {
				t.Errorf("right password after 5 guesses: %d %s", rec.Code, rec.Body.String())
			}
		})
	}

	t.Run("the CMS refuses an account the API locked", func(t *testing.T) {
		for i := 0; i < 5; i++ {
			authWithPassword(h, "users", "teacherB@test.example", "guess", "203.0.113."+[]string{"41", "42", "43", "44", "45"}[i])
		}
		b := newBrowser(t, h)
		b.get("/app/login")
		if rec := b.post("/app/login", url.Values{"_csrf": {b.csrf()}, "email": {"teacherB@test.example"}, "password": {testkit.Password}}); rec.Code != http.StatusTooManyRequests {
			t.Errorf("CMS sign-in after API guesses: %d", rec.Code)
		}
	})

	t.Run("one address is slowed down whatever the accounts", func(t *testing.T) {
		if !a.Settings().RateLimits.Enabled {
			t.Fatal("PocketBase's rate limiter is off")
		}
		codes := []int{}
		for _, who := range []string{"x1", "x2", "x3", "x4", "x5", "x6", "x7"} {
			codes = append(codes, authWithPassword(h, "users", who+"@test.example", "guess", "203.0.113.60").Code)
		}
		if codes[len(codes)-1] != http.StatusTooManyRequests {
			t.Errorf("seven quick sign-ins from one address: %v, want the last refused with 429", codes)
		}
	})
}
