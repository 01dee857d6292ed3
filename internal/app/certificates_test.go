package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/schema"
)

func post(h http.Handler, path, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

type issued struct {
	Number, VerifyURL, PDFURL string
}

func issue(t *testing.T, h http.Handler, actor, body string) (int, issued, string) {
	t.Helper()
	rec := post(h, "/api/kopilka/certificates", fixture.Tokens[actor], body)
	var out struct {
		Number    string `json:"number"`
		VerifyURL string `json:"verify_url"`
		PDFURL    string `json:"pdf_url"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, issued{out.Number, out.VerifyURL, out.PDFURL}, rec.Body.String()
}

func TestCertificatesAreIssuedOnlyForRealFacts(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	id := fixture.IDs
	refusals := []struct {
		name, actor, body, want string
	}{
		{"unpublished material", "teacherA1", `{"kind":"publication","material":"` + id["matDraftA1"] + `"}`, "не опубликованы"},
		{"someone else's material", "teacherA1", `{"kind":"publication","material":"` + id["matPubB"] + `"}`, "не указан среди авторов"},
		{"private profile", "teacherA2", `{"kind":"publication","material":"` + id["matDraftA2"] + `"}`, "публичным профилем"},
		{"not presented there", "teacherA1", `{"kind":"presentation","material":"` + id["matPubA1"] + `","event":"` + id["evA"] + `"}`, "не числится"},
		{"no positive review", "teacherA1", `{"kind":"review","material":"` + id["matPubA1"] + `"}`, "нет положительного"},
		{"unknown kind", "teacherA1", `{"kind":"medal","material":"` + id["matPubA1"] + `"}`, "неизвестный вид"},
		{"anonymous", "anonymous", `{"kind":"publication","material":"` + id["matPubA1"] + `"}`, "Войдите"},
	}
	for _, r := range refusals {
		code, _, body := issue(t, h, r.actor, r.body)
		if code == http.StatusOK || !strings.Contains(strings.ToLower(body), strings.ToLower(r.want)) {
			t.Errorf("%s: %d %s", r.name, code, body)
		}
	}

	code, cert, body := issue(t, h, "teacherA1", `{"kind":"publication","material":"`+id["matPubA1"]+`"}`)
	if code != http.StatusOK || cert.Number == "" {
		t.Fatalf("issue: %d %s", code, body)
	}
	if _, again, _ := issue(t, h, "teacherA1", `{"kind":"publication","material":"`+id["matPubA1"]+`"}`); again.Number != cert.Number {
		t.Errorf("the same facts got a second number %s", again.Number)
	}
	// a teacher cannot ask in someone else's name
	if code, other, _ := issue(t, h, "teacherB", `{"kind":"publication","teacher":"`+id["tA1"]+`","material":"`+id["matPubA1"]+`"}`); code == http.StatusOK {
		t.Errorf("teacherB got certificate %s for tA1's material", other.Number)
	}

	for actor, want := range map[string]int{"anonymous": 404, "teacherB": 404, "editorA": 404, "teacherA1": 200, "curator": 200} {
		if rec := get(h, cert.PDFURL, fixture.Tokens[actor]); rec.Code != want {
			t.Errorf("%s downloads the certificate PDF: %d, want %d", actor, rec.Code, want)
		}
	}
	pdf := get(h, cert.PDFURL, fixture.Tokens["teacherA1"]).Body.Bytes()
	pages := qrtest.RasterizePDF(t, pdf, 150)
	if got, err := qrtest.DecodeIn(pages[0]); err != nil || got != cert.VerifyURL {
		t.Errorf("the certificate's QR decodes to %q (%v), want %s", got, err, cert.VerifyURL)
	}
	text := strings.Join(strings.Fields(qrtest.PDFText(t, pdf)), " ")
	for _, want := range []string{"СВИДЕТЕЛЬСТВО О ПУБЛИКАЦИИ", "№ " + cert.Number, "Иванова Анна Петровна", "Материал matPubA1", "Информационно-методический центр"} {
		if !strings.Contains(text, want) {
			t.Errorf("certificate text lacks %q:\n%s", want, text)
		}
	}

	// a positive review makes the review certificate possible
	m := record(t, a, schema.Materials, "matPubA1")
	if code, _, body := issue(t, h, "teacherA1", `{"kind":"review","material":"`+m.Id+`"}`); code == http.StatusOK {
		t.Fatalf("review certificate before a review: %s", body)
	}
	rec := post(h, "/api/collections/reviews/records", fixture.Tokens["curator"], `{"material":"`+m.Id+`","reviewer":"`+id["curator"]+
		`","decision":"publish","relevance":3,"quality":3,"reproducibility":2,"presentation":3}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("review: %d %s", rec.Code, rec.Body.String())
	}
	code, review, body := issue(t, h, "teacherA1", `{"kind":"review","material":"`+m.Id+`"}`)
	if code != http.StatusOK {
		t.Fatalf("review certificate: %s", body)
	}
	if text := qrtest.PDFText(t, get(h, review.PDFURL, fixture.Tokens["teacherA1"]).Body.Bytes()); !strings.Contains(text, "11 из 12") {
		t.Errorf("review certificate lacks the score:\n%s", text)
	}
}

func TestVerificationPageExistsWhileTheFactsHold(t *testing.T) {
	a := fixture.App(t)
	h, builder := serve(t, a)
	_, cert, body := issue(t, h, "teacherA1", `{"kind":"publication","material":"`+fixture.IDs["matPubA1"]+`"}`)
	if cert.Number == "" {
		t.Fatal(body)
	}
	builder.Wait()
	page := "/verify/" + cert.Number + "/"
	rec := get(h, page, "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Свидетельство подтверждено") ||
		!strings.Contains(rec.Body.String(), "Иванова Анна Петровна") || !strings.Contains(rec.Body.String(), "noindex") {
		t.Fatalf("verification page: %d", rec.Code)
	}
	for _, forged := range []string{"/verify/K7M2Q9XB/", "/verify/AAAAAAAA/"} { // a stale fixture certificate, and a made-up one
		if rec := get(h, forged, ""); rec.Code != http.StatusNotFound {
			t.Errorf("%s answered %d", forged, rec.Code)
		}
	}
	if sitemap := get(h, "/sitemap.xml", "").Body.String(); strings.Contains(sitemap, "/verify/") {
		t.Error("verification pages are in the sitemap")
	}

	// archiving the material withdraws the proof on the next build
	m := record(t, a, schema.Materials, "matPubA1")
	m.Set("status", schema.StatusArchived)
	if err := a.Save(m); err != nil {
		t.Fatal(err)
	}
	builder.Wait()
	if rec := get(h, page, ""); rec.Code != http.StatusNotFound {
		t.Errorf("the verification page of an archived material answered %d", rec.Code)
	}
}
