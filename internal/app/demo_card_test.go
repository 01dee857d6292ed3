package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/demo"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// The card PDF of a demo route completed this year shows the nine
// directions of seed 004 with what was done in each, and the demo's
// curator sees every indicator and the registry filled.
func TestTheCardOfADemoRouteShowsTheNineDirectionsWithWhatWasDone(t *testing.T) {
	f, err := testkit.BuildEmpty(app.RegisterDefault)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	a := f.App(t)
	loc, _ := time.LoadLocation("Europe/Moscow")
	if _, err := demo.Seed(a, interchange.Options{TimeZone: loc}); err != nil {
		t.Fatal(err)
	}
	h, _ := serve(t, a)
	curator := newBrowser(t, h)
	curator.get("/app/login")
	if rec := curator.post("/app/login", url.Values{"_csrf": {curator.csrf()}, "email": {"metodist@kopilka.example"}, "password": {demo.Password}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("demo curator login: %d", rec.Code)
	}
	routes, err := a.FindRecordsByFilter(schema.Routes, "status = 'completed'", "", 1, 0)
	if err != nil || len(routes) == 0 {
		t.Fatalf("no completed demo route: %v", err)
	}
	rec := curator.get("/app/iom/" + routes[0].Id + "/card.pdf")
	if rec.Code != http.StatusOK {
		t.Fatalf("card PDF: %d", rec.Code)
	}
	text := strings.Join(strings.Fields(qrtest.PDFText(t, rec.Body.Bytes())), " ")
	for _, d := range schema.StepDirections[:9] {
		// the label may wrap inside its cell: its first two words suffice
		words := strings.Fields(ru.StepDirections[d])
		if want := strings.Join(words[:min(2, len(words))], " "); !strings.Contains(text, want) {
			t.Errorf("the card lacks the direction %q", ru.StepDirections[d])
		}
	}
	for _, want := range []string{"сделано:", "удостоверение", "Мастер-класс"} {
		if !strings.Contains(text, want) {
			t.Errorf("the card lacks %q:\n%s", want, text)
		}
	}
	ind := curator.get("/app/indicators").Body.String()
	for _, code := range []string{"contests", "category", "participation", "completed", "competence", "dynamics"} {
		m := regexp.MustCompile(`(?s)id="summary-` + code + `">.*?</th><td>([0-9,]+)</td>`).FindStringSubmatch(ind)
		if m == nil || m[1] == "0,0" {
			t.Errorf("the demo's indicator %s is empty: %v", code, m)
		}
	}
	if reg := curator.get("/app/registry").Body.String(); strings.Count(reg, `class="card"`) < 10 {
		t.Errorf("the demo's registry has %d entries", strings.Count(reg, `class="card"`))
	}
}
