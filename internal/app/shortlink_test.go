package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func record(t *testing.T, a *tests.TestApp, collection, key string) *core.Record {
	t.Helper()
	r, err := a.FindRecordById(collection, fixture.IDs[key])
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func scans(t *testing.T, a *tests.TestApp, code string) int {
	t.Helper()
	var n int
	if err := a.DB().Select("COALESCE(SUM(count), 0)").From("qr_scans").Where(dbx.HashExp{"code": code}).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestShortLinksRedirectCountAndForget(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)

	pub := record(t, a, "materials", "matPubA1")
	code := pub.GetString("qr_code")
	before := scans(t, a, code)
	for i, path := range []string{"/q/" + code, "/q/" + strings.ToLower(code), "/q/" + code + "/"} {
		rec := get(h, path, "")
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/materials/"+pub.GetString("slug")+"/" {
			t.Fatalf("%s answered %d → %q", path, rec.Code, rec.Header().Get("Location"))
		}
		if got := scans(t, a, code); got != before+i+1 {
			t.Errorf("after %d scans the count is %d, want %d", i+1, got, before+i+1)
		}
	}
	var days int
	if err := a.DB().Select("count(*)").From("qr_scans").Where(dbx.HashExp{"code": code}).Row(&days); err != nil {
		t.Fatal(err)
	}
	if days != 2 {
		t.Errorf("%d rows for the code, want one per day (the fixture's and today's)", days)
	}

	// a renamed material keeps its code, and the code follows it
	pub.Set("slug", "novoe-imya")
	if err := a.Save(pub); err != nil {
		t.Fatal(err)
	}
	if rec := get(h, "/q/"+code, ""); rec.Header().Get("Location") != "/materials/novoe-imya/" {
		t.Errorf("renamed material: redirect to %q", rec.Header().Get("Location"))
	}

	event := record(t, a, "events", "evM") // cancelled events stay public
	if rec := get(h, "/q/"+event.GetString("qr_code"), ""); rec.Code != http.StatusFound {
		t.Errorf("cancelled event's code answered %d", rec.Code)
	}

	archived := record(t, a, "materials", "matArchA1")
	draft := record(t, a, "materials", "matDraftA1")
	gone := record(t, a, "materials", "matPubB")
	goneCode := gone.GetString("qr_code")
	if err := a.Delete(gone); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, code string
		status     int
		text       string
		title      string
	}{
		{"archived", archived.GetString("qr_code"), http.StatusGone, "больше не публикуется", archived.GetString("title")},
		{"deleted", goneCode, http.StatusGone, "больше не публикуется", gone.GetString("title")},
		{"draft", draft.GetString("qr_code"), http.StatusNotFound, "Такого кода нет", draft.GetString("title")},
		{"unknown", "ZZZZZZ", http.StatusNotFound, "Такого кода нет", ""},
		{"not a code", "hello!", http.StatusNotFound, "Такого кода нет", ""},
	}
	for _, c := range cases {
		rec := get(h, "/q/"+c.code, "")
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.text) {
			t.Errorf("%s: %d %q", c.name, rec.Code, rec.Body.String())
		}
		if c.title != "" && strings.Contains(rec.Body.String(), c.title) {
			t.Errorf("%s: the page names the item", c.name)
		}
		if c.code != "hello!" && scans(t, a, c.code) != 0 {
			t.Errorf("%s: a scan was counted", c.name)
		}
	}
}

func TestScanStatisticsAreForCurators(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	code := record(t, a, "materials", "matPubA1").GetString("qr_code")
	get(h, "/q/"+code, "")
	get(h, "/q/"+code, "")
	for _, actor := range []string{"anonymous", "teacherA1", "editorA"} {
		if rec := get(h, "/api/kopilka/scans", fixture.Tokens[actor]); rec.Code != http.StatusForbidden {
			t.Errorf("%s reads scan statistics: %d", actor, rec.Code)
		}
		rec := get(h, "/api/collections/qr_scans/records", fixture.Tokens[actor])
		if strings.Contains(rec.Body.String(), code) {
			t.Errorf("%s reads scan rows: %s", actor, rec.Body.String())
		}
	}
	tests := []struct {
		query string
		key   string
		label string
		scans int
	}{
		{"by=item", "materials/" + fixture.IDs["matPubA1"], "Материал matPubA1", 5},
		{"by=school", fixture.IDs["orgA"], "МБОУ СОШ № 1", 5},
		{"by=item&from=2026-11-21", "materials/" + fixture.IDs["matPubA1"], "Материал matPubA1", 2},
		{"by=day&to=2026-11-20", "2026-11-20", "2026-11-20", 3},
		{"by=item&school=" + fixture.IDs["orgB"], "", "", 0},
	}
	for _, tt := range tests {
		rec := get(h, "/api/kopilka/scans?"+tt.query, fixture.Tokens["curator"])
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", tt.query, rec.Code, rec.Body.String())
		}
		var rows []struct {
			Key, Label string
			Scans      int
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &rows); err != nil {
			t.Fatal(err)
		}
		if tt.scans == 0 {
			if len(rows) != 0 {
				t.Errorf("%s: %+v, want none", tt.query, rows)
			}
			continue
		}
		if len(rows) != 1 || rows[0].Key != tt.key || rows[0].Label != tt.label || rows[0].Scans != tt.scans {
			t.Errorf("%s: %+v, want %s %q %d", tt.query, rows, tt.key, tt.label, tt.scans)
		}
	}
	if rec := get(h, "/api/kopilka/scans?from=вчера", fixture.Tokens["curator"]); rec.Code != http.StatusBadRequest {
		t.Errorf("a bad period answered %d", rec.Code)
	}
}
