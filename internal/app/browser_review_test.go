package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/schema"
)

// fitsPhone fails the test when the page is wider than a 390 px phone.
func (b *session) fitsPhone(page string) {
	b.t.Helper()
	b.run("phone width "+page, chromedp.EmulateViewport(390, 844))
	width, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		b.t.Fatalf("%s: %v", page, err)
	}
	if width > 390 {
		wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > 390).slice(0, 5).map(e => e.tagName + "." + e.className).join(", ")`))
		b.t.Errorf("%s is %d px wide on a 390 px phone (%s)", page, width, wide)
	}
}

// TestBrowserReviewScreensOnAPhone: the curator's review page, queue, route
// list and scan counts fit a 390 px phone, and are photographed there and
// on a desktop.
func TestBrowserReviewScreensOnAPhone(t *testing.T) {
	chromium(t)
	var m *core.Record
	srv, _, _ := liveServer(t, func(a *tests.TestApp) {
		m, _ = underReview(t, a)
		scanScene(t, a)
		saveRecord(t, a, schema.Routes, map[string]any{"teacher": fixture.IDs["tA2"], "theme": "Формирование читательской грамотности на уроках математики в 5–6 классах",
			"mentor": fixture.IDs["tPrivB"], "status": "completed"})
	})
	b := newSession(t, srv.URL)
	b.login("curator")

	b.open("/app/review/"+m.Id, `input[name=relevance]`)
	if got := b.text("main"); !strings.Contains(got, "ждёт 3 дня") || !strings.Contains(got, "Решение: вернуть на доработку") {
		t.Errorf("the review page:\n%s", got)
	}
	b.fitsPhone("the review page")
	// on the phone every choice of the rubric is a line of its own, at
	// least 44 px tall, and a tap on its words chooses it
	lines, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('.rubric')].every(f => {
		const tops = [...f.querySelectorAll('.choice')].map(l => l.getBoundingClientRect());
		return tops.every((r, i) => r.height >= 44 && (i === 0 || r.top >= tops[i-1].bottom - 1));
	})`))
	if err != nil || !lines {
		t.Errorf("a choice of the rubric shares its line or is under 44 px tall (%v)", err)
	}
	b.run("choose by the words", chromedp.Click(`input[name=quality][value="2"] + span`))
	checked, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector('input[name=quality][value="2"]').checked`))
	if err != nil || !checked {
		t.Errorf("a tap on the meaning of a score does not choose it (%v)", err)
	}
	framed, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!!document.querySelector('details.pdf[open] iframe[src*="/files/"]')`))
	if err != nil || !framed {
		t.Errorf("the PDF is not previewed (%v)", err)
	}
	b.shoot("review-01-review")

	b.open("/app/review", "table.queue")
	b.fitsPhone("the queue")
	b.shoot("review-02-queue")

	b.open("/app/iom", ".routes")
	b.fitsPhone("the route list")
	b.shoot("review-03-routes")

	b.open("/app/scans", ".bars")
	b.fitsPhone("the scans")
	b.shoot("review-04-scans")
}
