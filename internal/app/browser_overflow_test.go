package app_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kopilka/kopilka/internal/demo"
)

// routeShape is the route a path belongs to: a page of the public site
// by its section (/materials/{slug}/ is /materials/*), of the CMS by its
// first two segments, a star for a record's own pages (/app/iom/{id}/…)
// but not for a new record's form.
func routeShape(p string) string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case parts[0] != "app" && len(parts) > 1:
		parts = []string{parts[0], "*"}
	case parts[0] == "app" && len(parts) > 2 && parts[2] != "new":
		parts = []string{parts[0], parts[1], "*"}
	}
	return "/" + strings.Join(parts, "/")
}

// skipped are addresses that are not pages: downloads, feeds, files.
var skipped = regexp.MustCompile(`\.(pdf|csv|xlsx|ics|xml|json|png|svg|zip|docx?|pptx?)$|^/files/|^/qr/|^/_/|^/api/|/logout$|^/q/`)

// crawl opens start and every page of the site linked from the pages it
// opens, one of each route, at a phone's width, and reports those wider
// than the phone; it saves a screenshot of each.
func crawl(t *testing.T, b *session, role string, starts ...string) {
	t.Helper()
	b.run("phone", chromedp.EmulateViewport(390, 844))
	seen := map[string]int{} // pages opened of each route
	visited := map[string]bool{}
	queue := append([]string(nil), starts...)
	opened := 0
	for len(queue) > 0 && opened < 200 {
		p := queue[0]
		queue = queue[1:]
		shape := routeShape(p)
		// three records of a route: their texts differ in length
		if visited[p] || seen[shape] >= map[bool]int{true: 3, false: 1}[strings.HasSuffix(shape, "*")] {
			continue
		}
		seen[shape]++
		visited[p] = true
		b.open(p, "body")
		opened++
		width, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || width > 390 {
			wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391).slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')`))
			t.Errorf("%s as %s is %d px wide at 390 px (%v): %s", p, role, width, err, wide)
		}
		// nothing the page asks for is missing
		missing, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').filter(e => e.responseStatus >= 400).map(e => e.responseStatus + ' ' + e.name)`))
		if err != nil || len(missing) > 0 {
			t.Errorf("%s as %s asks for what is not there (%v): %s", p, role, err, strings.Join(missing, ", "))
		}
		// every checkbox and radio inside its label, a finger's height,
		// alone on its line (a 1–4 scale excepted: four squares in a row)
		bad, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('input[type=checkbox],input[type=radio]')]
			.filter(i => i.offsetParent !== null)
			.map(i => {
				const l = i.closest('label');
				if (!l) return 'no label around ' + i.name;
				const r = l.getBoundingClientRect();
				if (r.height < 43.5) return i.name + ' is ' + Math.round(r.height) + ' px tall';
				if (l.classList.contains('scale')) return '';
				for (const o of l.parentElement.children) {
					if (o !== l && o.tagName === 'LABEL' && o.querySelector('input') && Math.abs(o.getBoundingClientRect().top - r.top) < 1) return i.name + ' shares its line';
				}
				return '';
			}).filter(Boolean)`))
		if err != nil || len(bad) > 0 {
			t.Errorf("%s as %s: choices a finger misses (%v): %s", p, role, err, strings.Join(bad, "; "))
		}
		name := "overflow-" + role + "-" + strings.NewReplacer("/", "-", "*", fmt.Sprint(seen[shape])).Replace(strings.Trim(shape, "/"))
		if shape == "/" {
			name = "overflow-" + role + "-home"
		}
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err == nil {
			saveScreenshot(t, name+".png", png)
		}
		for _, l := range b.links() {
			u, err := url.Parse(l)
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || skipped.MatchString(u.Path) {
				continue
			}
			// signed in, the CMS; the site is the anonymous reader's
			if role != "anonymous" && !strings.HasPrefix(u.Path, "/app/") {
				continue
			}
			if !visited[u.Path] {
				queue = append(queue, u.Path)
			}
		}
	}
	shapes := make([]string, 0, len(seen))
	for s := range seen {
		shapes = append(shapes, s)
	}
	sort.Strings(shapes)
	t.Logf("%s: %d routes at 390 px: %s", role, len(shapes), strings.Join(shapes, " "))
}

// Every public and CMS page of the demo, as each role, fits a phone of
// 390 px: nothing scrolls sideways, and nothing a page asks for answers 404.
func TestBrowserEveryPageOfTheDemoFitsAPhone(t *testing.T) {
	chromium(t)
	srv, _, _ := liveServerOf(t, demoApp(t))
	b := newSession(t, srv.URL)
	crawl(t, b, "anonymous", "/", "/materials/", "/events/", "/practices/", "/schools/", "/mo/", "/search/", "/net-takoj-stranicy/")
	for _, who := range []struct{ role, email string }{
		{"teacher", "uchitel@kopilka.example"}, {"deputy", "zavuch@kopilka.example"}, {"curator", "metodist@kopilka.example"},
	} {
		b.open("/app/login", "#email")
		b.run("credentials "+who.role, chromedp.SendKeys("#email", who.email), chromedp.SendKeys("#password", demo.Password))
		b.submit("sign in "+who.role, `main button[type=submit]`)
		b.run("signed in", visible(`form[action="/app/logout"]`))
		crawl(t, b, who.role, "/app/")
		b.open("/app/", `form[action="/app/logout"]`)
		b.logout()
	}
}

// saveScreenshot writes a screenshot into the screenshots folder.
func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(screenshotDir(t), name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
