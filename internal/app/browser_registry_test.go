package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/tests"
)

// A deputy director opens the registry, the school's indicators and a
// teacher's facts on a phone: nothing scrolls sideways.
func TestBrowserDeputyDirectorsRegistryAndIndicatorsFitAPhone(t *testing.T) {
	chromium(t)
	srv, _, _ := liveServer(t, func(a *tests.TestApp) {})
	b := newSession(t, srv.URL)
	b.login("editorA")
	for _, p := range []struct{ path, sel, name string }{
		{"/app/registry", ".registry", "registry-deputy-director"},
		{"/app/indicators", "#ind-participation", "indicators-deputy-director"},
		{"/app/teachers/" + fixture.IDs["tA2"], "#contests", "teacher-facts-deputy-director"},
		{"/app/attestation", "h1", "attestation-deputy-director"},
	} {
		b.open(p.path, p.sel)
		b.run("phone width", chromedp.EmulateViewport(390, 844))
		width, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || width > 390 {
			t.Errorf("%s is %d px wide at 390 px (%v)", p.path, width, err)
		}
		if text := b.text("main"); p.sel != "#contests" && !strings.Contains(text, "МБОУ СОШ № 1") {
			t.Errorf("%s does not show the school:\n%s", p.path, text)
		}
		b.shoot(p.name)
	}
}
