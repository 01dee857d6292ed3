package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kopilka/kopilka/internal/schema"
)

// In Chromium, at a phone's width: a deputy director creates a ШМО, adds
// her teachers, attributes a material of the school and sees the quota
// table move; the curator pairs a mentor of school A with a teacher of
// school B. Every screen fits the phone.
func TestBrowserDeputyBuildsAnAssociationAndCuratorPairsAcrossSchools(t *testing.T) {
	chromium(t)
	srv, _, a := liveServer(t)
	b := newSession(t, srv.URL)
	fits := func(what string) {
		t.Helper()
		b.run("phone width", chromedp.EmulateViewport(390, 844))
		width, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || width > 390 {
			t.Errorf("%s is %d px wide at 390 px (%v)", what, width, err)
		}
	}
	b.login("editorA")
	b.run("phone", chromedp.EmulateViewport(390, 844))
	b.open("/app/mo/new", "#name")
	b.run("the association", chromedp.SendKeys("#name", "ШМО учителей начальных классов"),
		chromedp.SetValue("#head", fixture.IDs["tA1"]), chromedp.SendKeys("#theme", "Читательская грамотность"),
		chromedp.Click(`input[name=members][value="`+fixture.IDs["tA2"]+`"]`))
	fits("the new association's form")
	b.shoot("association-new-deputy-director")
	b.submit("save the association", `form[action="/app/mo/new"] button[type=submit]`)
	b.run("saved", visible("#attach-material"))
	mo, err := a.FindFirstRecordByData(schema.Associations, "name", "ШМО учителей начальных классов")
	if err != nil {
		t.Fatal(err)
	}
	if got := mo.GetStringSlice("members"); len(got) != 2 {
		t.Errorf("members %v, want the head and the teacher ticked", got)
	}
	if text := b.text(".quota"); !strings.Contains(text, "0 из 1") || strings.Contains(text, "1 из 1") {
		t.Errorf("a new association's quota:\n%s", text)
	}
	b.run("attribute", chromedp.SetValue("#attach-material", fixture.IDs["matPubA1"]))
	b.submit("attribute the material", `form[action$="/attach"] button[type=submit]`)
	b.run("attributed", visible(".quota-done"))
	if text := b.text("#materials + ul"); !strings.Contains(text, "Материал matPubA1") {
		t.Errorf("the association's materials:\n%s", text)
	}
	if text := b.text(".quota"); !strings.Contains(text, "сдано") || !strings.Contains(text, "1 из 1") {
		t.Errorf("the quota did not move:\n%s", text)
	}
	fits("the association")
	b.shoot("association-deputy-director")
	b.open("/app/mo", ".quota-list")
	if text := b.text(".quota-list"); !strings.Contains(text, "ШМО учителей начальных классов") || !strings.Contains(text, "за год: 1 из 4") {
		t.Errorf("the list of associations:\n%s", text)
	}
	fits("the list of associations")
	b.shoot("associations-deputy-director")
	b.open("/app/plan", "#content")
	fits("the plan")
	b.shoot("plan-deputy-director")
	b.open("/app/courses", "h1")
	fits("the courses")
	b.shoot("courses-deputy-director")
	b.logout()

	b.login("curator")
	b.open("/app/mentorships/new", "#mentor")
	b.run("the pair", chromedp.SetValue("#form", "pair"), chromedp.SetValue("#mentor", fixture.IDs["tA2"]),
		chromedp.Click(`input[name=mentees][value="`+fixture.IDs["tB"]+`"]`), chromedp.SendKeys("#program", "Наставник из школы № 1"))
	fits("the curator's mentorship form")
	b.shoot("mentorship-across-schools-curator")
	b.submit("pair across schools", `form[action="/app/mentorships/new"] button[type=submit]`)
	b.run("paired", visible("#visits"))
	m, err := a.FindFirstRecordByData(schema.Mentorships, "program", "Наставник из школы № 1")
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("mentor") != fixture.IDs["tA2"] || m.GetString("organization") != fixture.IDs["orgB"] || m.GetString("status") == "proposed" {
		t.Errorf("the pair: mentor %s, organization %s, status %q", m.GetString("mentor"), m.GetString("organization"), m.GetString("status"))
	}
	fits("the mentorship with its visits")
	b.shoot("mentorship-visits-curator")
}
