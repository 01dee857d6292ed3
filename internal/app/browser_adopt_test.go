package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kopilka/kopilka/internal/schema"
)

// At a phone's width a teacher scans a poster's code, opens the page,
// says «Я применил(а) у себя»; the count changes once the site is built
// again, the author reads the report in the CMS, and the eleventh report
// from one address is refused.
func TestBrowserATeacherSaysSheAppliedAMaterialFromAScannedPage(t *testing.T) {
	chromium(t)
	srv, builder, a := liveServer(t)
	code, err := a.FindFirstRecordByData(schema.QRCodes, "target_id", fixture.IDs["matPubA1"])
	if err != nil {
		t.Fatal(err)
	}
	b := newSession(t, srv.URL)
	b.run("phone", chromedp.EmulateViewport(390, 844))
	b.open("/q/"+code.GetString("code"), "[data-adopt-count]")
	if text := b.text("[data-adopt-count]"); !strings.Contains(text, "Применили в 1 школе") {
		t.Errorf("before: %q", text)
	}
	b.run("the form shows", visible("[data-adopt]:not([hidden])"))
	b.run("fill", chromedp.Click("[data-adopt] summary"), chromedp.SetValue("#adopt-school", "school-a"),
		chromedp.SendKeys("#adopt-group", "6 класс"), chromedp.Click(`input[name=kind][value=adapted]`),
		chromedp.SendKeys("#adopt-comment", "Взяла задачи для работы в парах"))
	b.run("send", chromedp.Click(`[data-adopt] button[type=submit]`))
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(b.text("[data-adopt-status]"), "Спасибо") {
		if time.Now().After(deadline) {
			t.Fatalf("no thanks: %q", b.text("[data-adopt-status]"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if text := b.text("[data-adopt-count]"); !strings.Contains(text, "Применили в 2 школах") {
		t.Errorf("the count shown at once: %q", text)
	}
	b.shoot("adopt-sent")
	builder.Wait()
	// a page stays five minutes in the browser's cache: ask past it
	b.open("/materials/material-matpuba1/?after-build", "[data-adopt-count]")
	if text := b.text("[data-adopt-count]"); !strings.Contains(text, "Применили в 2 школах") {
		t.Errorf("after the next build: %q", text)
	}
	// nine more from this address; the eleventh is refused
	body, _ := json.Marshal(map[string]string{"collection": "materials", "slug": "material-matpubb", "school": "other", "kind": "lesson"})
	for i := 0; i < 9; i++ {
		res, err := http.Post(srv.URL+"/api/kopilka/adoptions", "application/json", bytes.NewReader(body))
		if err != nil || res.StatusCode != http.StatusCreated {
			t.Fatalf("report %d: %v %v", i+2, res, err)
		}
		res.Body.Close()
	}
	b.run("again", chromedp.Click("[data-adopt] summary"), chromedp.SetValue("#adopt-school", "school-b"), chromedp.Click(`input[name=kind][value=lesson]`),
		chromedp.Click(`[data-adopt] button[type=submit]`))
	deadline = time.Now().Add(10 * time.Second)
	for !strings.Contains(b.text("[data-adopt-status]"), "Слишком много") {
		if time.Now().After(deadline) {
			t.Fatalf("the eleventh report: %q", b.text("[data-adopt-status]"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.run("phone again", chromedp.EmulateViewport(390, 844))
	width, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil || width > 390 {
		t.Errorf("the page is %d px wide at 390 px", width)
	}
	b.shoot("adopt-refused")
	b.login("teacherA1")
	b.open("/app/adoptions?from=2026-01-01&to=2030-12-31", "main")
	if text := b.text("main"); !strings.Contains(text, "Взяла задачи для работы в парах") || !strings.Contains(text, "адаптировал(а)") {
		t.Errorf("the author's CMS:\n%s", text)
	}
	b.shoot("adopt-author-cms")
}
