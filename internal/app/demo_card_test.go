package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/demo"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/methodwork"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// The card PDF of a demo route completed this year shows the nine
// directions of seed 004 with what was done in each, and the demo's
// curator sees every indicator and the registry filled.
func TestTheCardOfADemoRouteShowsTheNineDirectionsWithWhatWasDone(t *testing.T) {
	a, h := demoServer(t)
	curator := demoLogin(t, h, "metodist@kopilka.example")
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
		m := regexp.MustCompile(`(?s)id="summary-` + code + `">.*?</th><td[^>]*>([0-9,]+)</td>`).FindStringSubmatch(ind)
		if m == nil || m[1] == "0,0" {
			t.Errorf("the demo's indicator %s is empty: %v", code, m)
		}
	}
	if reg := curator.get("/app/registry").Body.String(); strings.Count(reg, `class="card"`) < 10 {
		t.Errorf("the demo's registry has %d entries", strings.Count(reg, `class="card"`))
	}
}

// demoApp is the demo's data, seeded as `kopilka demo` seeds it.
func demoApp(t *testing.T) *tests.TestApp {
	t.Helper()
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
	return a
}

// demoServer is the demo's data served.
func demoServer(t *testing.T) (*tests.TestApp, http.Handler) {
	t.Helper()
	a := demoApp(t)
	h, _ := serve(t, a)
	return a, h
}

// demoLogin signs in with one of the demo's accounts.
func demoLogin(t *testing.T, h http.Handler, email string) *browser {
	t.Helper()
	b := newBrowser(t, h)
	b.get("/app/login")
	if rec := b.post("/app/login", url.Values{"_csrf": {b.csrf()}, "email": {email}, "password": {demo.Password}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("demo login %s: %d", email, rec.Code)
	}
	return b
}

// The printed plan of the demo's school shows every month of the school
// year, September to May, each with what is planned, who answers for it
// and what it should give; the school's ШМО have their quota table and the
// schedule of courses names the overdue.
func TestTheDemoSchoolsPrintedPlanShowsEveryMonth(t *testing.T) {
	_, h := demoServer(t)
	deputy := demoLogin(t, h, "zavuch@kopilka.example")
	loc, _ := time.LoadLocation("Europe/Moscow")
	year := methodwork.SchoolYearOf(time.Now().In(loc))
	page := deputy.get("/app/plan").Body.String()
	months := []string{}
	for i := 0; i < 9; i++ {
		m := time.Month((i+8)%12 + 1)
		y := year
		if m < time.September {
			y++
		}
		months = append(months, fmt.Sprintf("%s %d", ru.MonthsNominative[m-1], y))
	}
	for _, m := range months {
		i := strings.Index(page, "<h2>"+m+"</h2>")
		if i < 0 {
			t.Errorf("the plan has no %s", m)
			continue
		}
		section := page[i:]
		section = section[:strings.Index(section, "</section>")]
		if !strings.Contains(section, "Ответственный: ") || !strings.Contains(section, "Прогнозируемый результат: ") {
			t.Errorf("%s lacks an item with its responsible and expected result:\n%s", m, section)
		}
	}
	rec := deputy.get("/app/plan.pdf")
	if rec.Code != http.StatusOK {
		t.Fatalf("the printed plan: %d", rec.Code)
	}
	text := strings.Join(strings.Fields(qrtest.PDFText(t, rec.Body.Bytes())), " ")
	for _, want := range append(months, "В течение года", "Заместитель директора по УВР", "Руководители ШМО",
		"Перспективный план курсовой переподготовки", "Неделя математики", "Прогнозируемый результат") {
		if !strings.Contains(text, want) {
			t.Errorf("the printed plan lacks %q", want)
		}
	}
	mo := deputy.get("/app/mo").Body.String()
	if !strings.Contains(mo, "ШМО учителей естественно-математического цикла") || !strings.Contains(mo, "quota-done") {
		t.Error("the demo school's ШМО show no material handed in")
	}
	if courses := deputy.get("/app/courses").Body.String(); !strings.Contains(courses, "Нет курсов больше трёх лет") || !strings.Contains(courses, "Следующие — не позднее") {
		t.Error("the demo's schedule of courses has no overdue teacher or none in time")
	}
}
