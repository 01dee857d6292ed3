package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/schema"
)

// report posts a «Я применил(а)» form as a page of the site would.
func report(h http.Handler, origin string, body map[string]string) *httptest.ResponseRecorder {
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPost, "/api/kopilka/adoptions", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// A teacher who scanned a poster reports «Я применил(а)» without an
// account: the report is kept with its comment waiting for the author;
// bad values are refused with the field at fault; a robot's form is
// thanked and forgotten; the eleventh report from one address is refused.
func TestATeacherReportsUsingAMaterialWithoutAnAccount(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	origin := strings.TrimRight(corpusSettings(t).BaseURL, "/")
	ok := map[string]string{"collection": "materials", "slug": "material-matpuba1", "school": "school-a", "group": "6 класс",
		"kind": "adapted", "comment": "<script>alert(1)</script> Сработало на уроке"}
	rec := report(h, origin, ok)
	if rec.Code != http.StatusCreated || rec.Header().Get("Access-Control-Allow-Origin") != origin {
		t.Fatalf("report: %d %s %v", rec.Code, rec.Body.String(), rec.Header())
	}
	var answer struct {
		Schools int    `json:"schools"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil || answer.Schools != 2 {
		t.Errorf("the answer counts %d schools (school B before, school A now): %s", answer.Schools, rec.Body.String())
	}
	stored, err := a.FindFirstRecordByData(schema.Adoptions, "group", "6 класс")
	if err != nil {
		t.Fatal(err)
	}
	if stored.GetString("comment_status") != "pending" || stored.GetString("school") != fixture.IDs["orgA"] || stored.GetString("material") != fixture.IDs["matPubA1"] {
		t.Errorf("stored: %v", stored.PublicExport())
	}
	for _, bad := range []struct {
		change map[string]string
		field  string
	}{
		{map[string]string{"slug": "material-matdrafta1"}, "slug"},
		{map[string]string{"collection": "teachers"}, "collection"},
		{map[string]string{"school": "imc"}, "school"},
		{map[string]string{"school": "../../etc"}, "school"},
		{map[string]string{"kind": "liked"}, "kind"},
		{map[string]string{"comment": strings.Repeat("я", 501)}, "comment"},
		{map[string]string{"group": strings.Repeat("5", 101)}, "group"},
	} {
		body := map[string]string{}
		for k, v := range ok {
			body[k] = v
		}
		for k, v := range bad.change {
			body[k] = v
		}
		rec := report(h, origin, body)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"field":"`+bad.field+`"`) {
			t.Errorf("%v: %d %s", bad.change, rec.Code, rec.Body.String())
		}
	}
	before, _ := a.CountRecords(schema.Adoptions)
	robot := map[string]string{"collection": "materials", "slug": "material-matpuba1", "school": "school-a", "kind": "lesson", "website": "http://spam.example"}
	if rec := report(h, origin, robot); rec.Code != http.StatusCreated {
		t.Errorf("the robot is told %d", rec.Code)
	}
	if after, _ := a.CountRecords(schema.Adoptions); after != before {
		t.Error("a robot's report was kept")
	}
	// one has been counted from this address; nine more, then no more
	plain := map[string]string{"collection": "materials", "slug": "material-matpubb", "school": "other", "kind": "fragment"}
	for i := 0; i < 9; i++ {
		if rec := report(h, origin, plain); rec.Code != http.StatusCreated {
			t.Fatalf("report %d: %d %s", i+2, rec.Code, rec.Body.String())
		}
	}
	if rec := report(h, origin, plain); rec.Code != http.StatusTooManyRequests {
		t.Errorf("the eleventh report from one address: %d", rec.Code)
	}
}

// Only the site's own origin may post from a copy of the site elsewhere.
func TestAdoptionsAnswerTheSitesOriginOnly(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	origin := strings.TrimRight(corpusSettings(t).BaseURL, "/")
	preflight := func(o string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodOptions, "/api/kopilka/adoptions", nil)
		req.Header.Set("Origin", o)
		req.Header.Set("Access-Control-Request-Method", "POST")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := preflight(origin); rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != origin {
		t.Errorf("the site's preflight: %d %v", rec.Code, rec.Header())
	}
	if rec := preflight("https://evil.example"); rec.Code == http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin's preflight: %d %v", rec.Code, rec.Header())
	}
	// the page asks for the schools to choose from: the municipality's, not the methodical service
	req := httptest.NewRequest(http.MethodGet, "/api/kopilka/adoptions", nil)
	req.Header.Set("Origin", origin)
	list := httptest.NewRecorder()
	h.ServeHTTP(list, req)
	if list.Code != http.StatusOK || !strings.Contains(list.Body.String(), `"slug":"school-a"`) || strings.Contains(list.Body.String(), `"slug":"imc"`) {
		t.Errorf("the schools: %d %s", list.Code, list.Body.String())
	}
	rec := report(h, "https://evil.example", map[string]string{"collection": "materials", "slug": "material-matpuba1", "school": "school-a", "kind": "lesson"})
	if rec.Code != http.StatusForbidden {
		t.Errorf("a post from another origin: %d", rec.Code)
	}
	// an author hides a comment but cannot rewrite it
	res := send(h, http.MethodPatch, "/api/collections/adoptions/records/"+fixture.IDs["adA1"], fixture.Tokens["teacherA1"], "application/json",
		[]byte(`{"comment":"переписано автором"}`))
	if res.Code == http.StatusOK {
		t.Error("an author rewrote a teacher's comment")
	}
}

// The author sees the reports on her material and lets a comment show;
// another teacher cannot; the curator sees them beside the scans of the
// QR code, downloads the totals, sets how many schools make a certificate
// «о распространении опыта», and the author then gets one.
func TestAuthorsAndCuratorsSeeTheReportsOfUse(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	author := newBrowser(t, h)
	author.login("teacherA1")
	page := author.get("/app/adoptions?from=2026-01-01&to=2030-12-31").Body.String()
	if !strings.Contains(page, "BODY-adA1") || !strings.Contains(page, "ждёт проверки") || strings.Contains(page, "BODY-adB") {
		t.Fatalf("the author's reports:\n%s", page)
	}
	other := newBrowser(t, h)
	other.login("teacherB")
	if rec := other.post("/app/adoptions/"+fixture.IDs["adA1"], url.Values{"_csrf": {token(other)}, "comment_status": {"shown"}}); rec.Code != http.StatusForbidden {
		t.Errorf("another school's teacher moderates the comment: %d", rec.Code)
	}
	if rec := author.post("/app/adoptions/"+fixture.IDs["adA1"], url.Values{"_csrf": {token(author)}, "comment_status": {"shown"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("the author shows the comment: %d", rec.Code)
	}
	if ad, _ := a.FindRecordById(schema.Adoptions, fixture.IDs["adA1"]); ad.GetString("comment_status") != "shown" || ad.GetString("comment") != "BODY-adA1" {
		t.Errorf("after moderation: %v", ad.PublicExport())
	}
	curator := newBrowser(t, h)
	curator.login("curator")
	page = curator.get("/app/adoptions?from=2026-01-01&to=2030-12-31").Body.String()
	if !strings.Contains(page, "сканирований QR: 3") || !strings.Contains(page, "BODY-adB") {
		t.Errorf("the curator's view lacks the scans or a report:\n%s", page)
	}
	csv := curator.get("/app/adoptions.csv?from=2026-01-01&to=2030-12-31").Body.String()
	if !strings.Contains(csv, "Материал matPubA1;3;1;1") && !strings.Contains(csv, "Материал matPubA1,3,1,1") {
		t.Errorf("the CSV:\n%s", csv)
	}
	if rec := author.post("/app/adoptions/threshold", url.Values{"_csrf": {token(author)}, "schools": {"1"}}); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher sets the threshold: %d", rec.Code)
	}
	// three schools are needed at first: one has applied it
	rec := author.post("/app/materials/"+fixture.IDs["matPubA1"]+"/certificate", url.Values{"_csrf": {token(author)}, "kind": {"dissemination"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "нужно не меньше 3") {
		t.Errorf("a certificate with too few schools: %d", rec.Code)
	}
	if rec := curator.post("/app/adoptions/threshold", url.Values{"_csrf": {token(curator)}, "schools": {"1"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("the curator sets the threshold: %d", rec.Code)
	}
	rec = author.post("/app/materials/"+fixture.IDs["matPubA1"]+"/certificate", url.Values{"_csrf": {token(author)}, "kind": {"dissemination"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("the certificate: %d %s", rec.Code, rec.Body.String())
	}
	pdf := author.get(rec.Header().Get("Location"))
	if pdf.Code != http.StatusOK {
		t.Fatalf("the certificate PDF: %d %s", pdf.Code, pdf.Body.String())
	}
	if text := qrtest.PDFText(t, pdf.Body.Bytes()); !strings.Contains(strings.Join(strings.Fields(text), " "), "СЕРТИФИКАТ О РАСПРОСТРАНЕНИИ ОПЫТА") {
		t.Errorf("the certificate's PDF:\n%s", text)
	}
}
