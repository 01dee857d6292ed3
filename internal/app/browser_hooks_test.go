package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/tests"
)

// A municipality's pb_hooks script refuses a title; the teacher sees its
// words on the material form, in a real browser, with what she typed kept.
func TestBrowserAHookRefusalShowsOnTheMaterialForm(t *testing.T) {
	chromium(t)
	srv, _, _ := liveServer(t, func(a *tests.TestApp) {
		if err := jsvm.Register(a, jsvm.Config{HooksDir: "testdata/pb_hooks_refuse", TypesDir: t.TempDir()}); err != nil {
			t.Fatal(err)
		}
	})
	b := newSession(t, srv.URL)
	b.login("teacherA1")
	b.open("/app/materials/new", "#title")
	b.run("fill the material",
		chromedp.SendKeys("#title", "Реферат о великих математиках"),
		chromedp.SetValue("#type", "article"),
		chromedp.SendKeys("#summary", "Для 6 класса."),
	)
	b.submit("save", `button[value=save]`)
	if got := b.text("main"); !strings.Contains(got, refusedTitle) {
		t.Fatalf("the hook's message is not on the form:\n%s", got)
	}
	title, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#title").value`))
	if err != nil || title != "Реферат о великих математиках" {
		t.Fatalf("the title typed is lost: %q %v", title, err)
	}
	b.shoot("hook-refusal-on-the-material-form")
}
