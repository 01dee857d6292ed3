package app_test

import (
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// searchMaterials are published before the site is first built: each is
// found by the abbreviation or word its key names.
var searchMaterials = []struct{ key, title, body string }{
	{"poisk-iom", "Маршрут молодого педагога", "Индивидуальный образовательный маршрут (ИОМ) по итогам самодиагностики."},
	{"poisk-fgos", "Обновлённый стандарт", "Требования ФГОС к рабочим программам."},
	{"poisk-oge", "Подготовка к экзамену", "Задания ОГЭ по математике."},
	{"poisk-vpr", "Проверочные работы", "Итоги ВПР в четвёртых классах."},
	{"poisk-shmo", "Заседание объединения", "Протокол ШМО учителей начальных классов."},
	{"poisk-rmo", "Объединение историков", "На РМО обсудили новые учебники."},
	{"poisk-kpk", "Курсы повышения квалификации", "Педагоги прошли КПК по функциональной грамотности."},
	{"poisk-robo", "Кружок конструирования", "Робототехника на уроках технологии."},
	{"poisk-finansy", "Финансовая грамотность в 7 классе", "Игра «Семейный бюджет»."},
}

// searchState waits until the search page has said how its search went.
const searchState = `#search-status[data-state=found], #search-status[data-state=none], #search-status[data-state=failed]`

// TestBrowserSearchFindsWhatTeachersType types teachers' queries into the
// site's search page: abbreviations, the start of a word, two words, a
// word that is nowhere and hostile text. The page shows what sitegen.Search
// works out for the same query, loads only files that exist (none but the
// manifest for a word with no chunk) and moves nothing on the screen when
// its results arrive.
func TestBrowserSearchFindsWhatTeachersType(t *testing.T) {
	chromium(t)
	address := map[string]string{} // of each material, by its key
	srv, builder, _ := liveServer(t, func(a *tests.TestApp) {
		c, err := a.FindCollectionByNameOrId(schema.Materials)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range searchMaterials {
			r := core.NewRecord(c)
			r.Load(map[string]any{"title": m.title, "type": "article", "status": schema.StatusPublished,
				"summary": "Материал для проверки поиска.", "body": m.body,
				"authors": []string{fixture.IDs["tA1"]}, "organization": fixture.IDs["orgA"]})
			if err := a.Save(r); err != nil {
				t.Fatal(err)
			}
			address[m.key] = "/materials/" + r.GetString("slug") + "/"
		}
	})
	site := os.DirFS(builder.Current())
	b := newSession(t, srv.URL)
	// a phone, where the results start close to the top of the screen
	b.run("phone", chromedp.EmulateViewport(390, 844))

	for _, c := range []struct {
		query string
		want  string // a material among the results, or "" for none
	}{
		{"ИОМ", "poisk-iom"}, {"ФГОС", "poisk-fgos"}, {"ОГЭ", "poisk-oge"}, {"ВПР", "poisk-vpr"},
		{"ШМО", "poisk-shmo"}, {"РМО", "poisk-rmo"}, {"КПК", "poisk-kpk"}, {"кпк", "poisk-kpk"},
		{"робо", "poisk-robo"}, {"робототех", "poisk-robo"}, {"финансовая грамотность", "poisk-finansy"},
		{"щщщщ", ""}, {`<img src=x onerror="window.__hacked=1"><script>window.__hacked=2</script>`, ""},
		{`.*+?^${}()|[]\ (?=x) \u0000`, ""}, {"constructor __proto__ toString", ""},
	} {
		b.open("/search/", "#q")
		b.run("type "+c.query, chromedp.SendKeys("#q", c.query))
		b.submit("search "+c.query, `form.search button[type=submit]`)
		b.run("results of "+c.query, visible(searchState))
		checkSearchPage(t, b, srv.URL, site, c.query)
		got := searchURLs(t, b)
		if c.want != "" && !slices.Contains(got, address[c.want]) {
			t.Errorf("%q shows %v, want %s among them", c.query, got, address[c.want])
		}
		if c.want == "" && len(got) > 0 {
			t.Errorf("%q shows %v, want nothing", c.query, got)
		}
		if c.want == "" && b.text("#search-status") != "Ничего не найдено. Попробуйте другое слово или откройте банк материалов." {
			t.Errorf("%q: the status says %q", c.query, b.text("#search-status"))
		}
		if c.query == "ФГОС" {
			b.shoot("site-search-fgos")
		}
	}
	// a very long query by its address: read up to its limit, no more
	long := strings.Repeat("дроби ", 1000) + "ИОМ"
	b.open("/search/?q="+url.QueryEscape(long), searchState)
	checkSearchPage(t, b, srv.URL, site, long)
	if hacked, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.__hacked !== undefined`)); err != nil || hacked {
		t.Errorf("a query ran as code (%v)", err)
	}
}

// checkSearchPage compares the search page on screen with sitegen.Search:
// the same results in the same order and the same index files loaded,
// each answered 200 (and again when asked from Go); nothing moved on the
// screen.
func checkSearchPage(t *testing.T, b *session, base string, site fs.FS, query string) {
	t.Helper()
	want, err := sitegen.Search(site, query)
	if err != nil {
		t.Fatalf("%.40q: %v", query, err)
	}
	if got := searchURLs(t, b); !slices.Equal(got, want.URLs) {
		t.Errorf("%.40q: the page shows %v, sitegen.Search %v", query, got, want.URLs)
	}
	type resource struct {
		Path   string `json:"path"`
		Status int    `json:"status"`
	}
	loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]resource](`performance.getEntriesByType("resource")
		.map(e => ({path: new URL(e.name).pathname, status: e.responseStatus}))
		.filter(e => e.path.startsWith("/search/"))`))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range loaded {
		paths = append(paths, strings.TrimPrefix(r.Path, "/"))
		if r.Status != http.StatusOK {
			t.Errorf("%.40q: %s answered %d", query, r.Path, r.Status)
		}
		res, err := http.Get(base + r.Path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%.40q: %s answers %d", query, r.Path, res.StatusCode)
		}
	}
	slices.Sort(paths)
	if !slices.Equal(paths, want.Files) {
		t.Errorf("%.40q: the page loaded %v, sitegen.Search %v", query, paths, want.Files)
	}
	shifts, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`new Promise(done => {
		let total = 0, moved = [];
		new PerformanceObserver(list => list.getEntries().forEach(e => {
			total += e.value;
			e.sources.forEach(s => moved.push(s.node ? s.node.nodeName + "#" + s.node.id + "." + s.node.className : "?"));
		})).observe({type: "layout-shift", buffered: true});
		setTimeout(() => done(total ? total + " " + moved.join(", ") : ""), 200);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if shifts != "" {
		t.Errorf("%.40q: layout shifted by %s", query, shifts)
	}
}

// searchURLs are the addresses of the results on the search page, in order.
func searchURLs(t *testing.T, b *session) []string {
	t.Helper()
	urls, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#search-results .card-title")).map(a => a.getAttribute("href"))`))
	if err != nil {
		t.Fatal(err)
	}
	return urls
}
