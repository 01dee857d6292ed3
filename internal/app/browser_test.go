package app_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// chromium finds Debian's Chromium. Browser tests fail without it under CI
// (.ci/run installs it) and are skipped on a developer's machine.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is missing; .ci/run installs Debian's chromium")
	}
	t.Skip("Chromium is missing (apt-get install chromium)")
	return ""
}

// liveServer serves the app on a free loopback port, as `kopilka serve`
// would, with the site's base URL pointing at it.
func liveServer(t *testing.T, prepare ...func(*tests.TestApp)) (*httptest.Server, *publish.Builder, core.App) {
	t.Helper()
	a := fixture.App(t)
	for _, p := range prepare {
		p(a) // before the first build
	}
	return liveServerOf(t, a)
}

// liveServerOf is liveServer for the app a.
func liveServerOf(t *testing.T, a *tests.TestApp) (*httptest.Server, *publish.Builder, core.App) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	settings := corpusSettings(t)
	settings.BaseURL = "http://" + ln.Addr().String()
	settings.APIURL = settings.BaseURL
	builder := &publish.Builder{App: a, Theme: kopilka.SiteTheme, Root: filepath.Join(t.TempDir(), "pb_public"),
		Debounce: 50 * time.Millisecond, Settings: settings}
	router, err := apis.NewRouter(a)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler
	err = a.OnServe().Trigger(&core.ServeEvent{App: a, Router: router}, func(e *core.ServeEvent) error {
		if err := app.ServeSite(e, builder); err != nil {
			return err
		}
		m, err := e.Router.BuildMux()
		h = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(builder.Close)
	builder.Wait()
	return srv, builder, a
}

func screenshotDir(t *testing.T) string {
	dir := os.Getenv("KOPILKA_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shoot saves the current page at phone and desktop widths.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := screenshotDir(t)
	for _, size := range []struct {
		label string
		w, h  int64
	}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h)); err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+size.label+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// session drives one Chromium tab through the app, waiting on the page
// itself: chromedp's own waits can stay on a document a form submission has
// already replaced.
type session struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newSession(t *testing.T, base string) *session {
	exe := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelTimeout)
	// start the browser on the test's context: a step's own timeout must
	// not take the browser down with it
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &session{t: t, ctx: ctx, base: base}
}

func (b *session) run(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	stepCtx, cancelStep := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancelStep()
	if err := chromedp.Do(stepCtx, actions...); err != nil {
		html, _ := chromedp.Run(b.ctx, chromedp.OuterHTML("body"))
		b.t.Fatalf("%s: %v\n%s", step, err, html)
	}
}

// visible waits until sel is on a loaded page.
func visible(sel string) chromedp.Action[chromedp.Void] {
	return func(c context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for {
			found, err := chromedp.Evaluate[bool](`!!document.querySelector(`+strconv.Quote(sel)+`) && document.readyState === "complete"`)(c, tg)
			if err == nil && found {
				return chromedp.Void{}, nil
			}
			select {
			case <-c.Done():
				return chromedp.Void{}, fmt.Errorf("waiting for %s: %w", sel, c.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

func (b *session) open(path, sel string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.base+path), visible(sel))
}

// submit clicks a button that submits a form and waits for the next page:
// a marker set on the old document is gone on the new one.
func (b *session) submit(step, sel string) {
	b.t.Helper()
	b.run(step+" (mark)", func(c context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](`window.__kopilkaOld = true`)(c, tg)
		return chromedp.Void{}, err
	})
	b.run(step, func(c context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](`(document.querySelector(`+strconv.Quote(sel)+`).click(), true)`)(c, tg)
		return chromedp.Void{}, err
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		// evaluating during the navigation fails; that is waiting too
		loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.__kopilkaOld === undefined && document.readyState === "complete"`))
		if err == nil && loaded {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: the next page did not load: %v", step, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *session) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(sel)+`).innerText`))
	if err != nil {
		b.t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

func (b *session) login(actor string) {
	b.t.Helper()
	b.open("/app/login", "#email")
	b.run("credentials "+actor, chromedp.SendKeys("#email", actor+"@test.example"), chromedp.SendKeys("#password", testkit.Password))
	b.submit("sign in "+actor, `main button[type=submit]`)
	b.run("signed in", visible(`form[action="/app/logout"]`))
}

func (b *session) logout() {
	b.t.Helper()
	b.submit("logout", `form[action="/app/logout"] button`)
	b.run("signed out", visible("#email"))
}

func (b *session) shoot(name string) { shoot(b.t, b.ctx, name) }

func TestBrowserSubmitReviewPublishLive(t *testing.T) {
	chromium(t)
	srv, builder, a := liveServer(t)
	b := newSession(t, srv.URL)

	pdf := filepath.Join(t.TempDir(), "konspekt-uroka.pdf")
	if err := os.WriteFile(pdf, testkit.MinimalPDF, 0o644); err != nil {
		t.Fatal(err)
	}

	// the teacher writes a material with a PDF and submits it
	b.open("/app/login", "#email")
	b.shoot("01-login")
	b.login("teacherA1")
	b.open("/app/materials/new", "#title")
	b.run("fill the material",
		chromedp.SendKeys("#title", "Дроби на координатном луче"),
		chromedp.SetValue("#type", "lesson-plan"),
		chromedp.SendKeys("#summary", "Урок открытия нового знания."),
		chromedp.SendKeys("#subjects", "математика"),
		chromedp.SendKeys("#body", "## Цель\n\nНаучиться отмечать дроби на луче."),
		chromedp.SetUploadFiles("#files", []string{pdf}),
	)
	b.shoot("02-teacher-new-material")
	b.submit("save", `button[value=save]`)
	if !strings.Contains(b.text("main"), "konspekt-uroka.pdf") {
		t.Fatal("the uploaded PDF is not listed")
	}
	b.submit("submit", `button[value=submit]`)
	if !strings.Contains(b.text(".flash"), "Отправлено на рассмотрение") {
		t.Fatalf("after submit: %s", b.text("main"))
	}
	m, err := a.FindFirstRecordByData(schema.Materials, "title", "Дроби на координатном луче")
	if err != nil {
		t.Fatal(err)
	}
	b.logout()

	// the curator asks for changes
	b.login("curator")
	b.open("/app/review", "table")
	b.shoot("03-curator-queue")
	b.submit("open review", `a[href="/app/review/`+m.Id+`"]`)
	b.run("request changes",
		chromedp.Click(`input[name=relevance][value="3"]`), chromedp.Click(`input[name=quality][value="2"]`),
		chromedp.Click(`input[name=reproducibility][value="2"]`), chromedp.Click(`input[name=presentation][value="3"]`),
		chromedp.SendKeys("#comment", "Добавьте лист самооценки для учеников."),
		chromedp.Click(`input[name=decision][value=changes_requested]`),
	)
	b.shoot("04-curator-review")
	b.submit("send", `form[action="/app/review/`+m.Id+`"] button[type=submit]`)
	b.logout()

	// the teacher reads the comment, fixes and resubmits
	b.login("teacherA1")
	b.open("/app/materials/"+m.Id, "#body")
	if !strings.Contains(b.text("main"), "Добавьте лист самооценки для учеников.") {
		t.Fatal("the teacher does not see the curator's comment")
	}
	b.shoot("05-teacher-changes-requested")
	b.run("fix", chromedp.SendKeys("#body", "\n\n## Лист самооценки\n\n- Я понял, как отмечать дроби."))
	b.submit("resubmit", `button[value=submit]`)
	b.logout()

	// the curator publishes
	b.login("curator")
	b.open("/app/review/"+m.Id, "#comment")
	b.run("publish",
		chromedp.Click(`input[name=relevance][value="3"]`), chromedp.Click(`input[name=quality][value="3"]`),
		chromedp.Click(`input[name=reproducibility][value="3"]`), chromedp.Click(`input[name=presentation][value="3"]`),
		chromedp.Click(`input[name=decision][value=publish]`))
	b.submit("publish it", `form[action="/app/review/`+m.Id+`"] button[type=submit]`)
	builder.Wait()

	// the public page is live with its QR code, and the short link opens it
	m, err = a.FindRecordById(schema.Materials, m.Id)
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("status") != schema.StatusPublished {
		t.Fatalf("status %s", m.GetString("status"))
	}
	b.open("/materials/"+m.GetString("slug")+"/", "h1")
	qrLoaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('.qr img'); return !!i && i.complete && i.naturalWidth > 0 })()`))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.text("h1"); got != "Дроби на координатном луче" {
		t.Errorf("public page h1 %q", got)
	}
	if !strings.Contains(b.text(".body"), "Лист самооценки") || !qrLoaded {
		t.Errorf("the public page lacks the fixed text or its QR image (loaded: %v)", qrLoaded)
	}
	b.shoot("06-public-material")
	b.open("/q/"+m.GetString("qr_code"), "h1")
	landed, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if landed != srv.URL+"/materials/"+m.GetString("slug")+"/" {
		t.Errorf("the short link landed on %s", landed)
	}
	b.open("/", "h1")
	b.shoot("07-public-home")

	// the site's search finds the new material by another form of a word
	b.open("/search/?q="+url.QueryEscape("координатным"), "#search-results .card-title")
	if got := b.text("#search-results"); !strings.Contains(got, "Дроби на координатном луче") {
		t.Errorf("search results: %q", got)
	}
}

// TestBrowserIOMFromDiagnosisToIndicators: a teacher builds an ИОМ from a
// self-diagnosis, follows it and completes it; the curator's indicators
// change accordingly.
func TestBrowserIOMFromDiagnosisToIndicators(t *testing.T) {
	chromium(t)
	srv, _, a := liveServer(t)
	b := newSession(t, srv.URL)
	schoolA := func() string {
		// at a desktop's width, where the table is a table (a phone's stacks it)
		b.run("desktop", chromedp.EmulateViewport(1280, 900))
		b.open("/app/indicators", "#ind-completed table")
		for _, line := range strings.Split(b.text("#ind-completed table"), "\n") {
			if strings.HasPrefix(line, "МБОУ СОШ № 1") {
				return line
			}
		}
		t.Fatalf("no row of school A in:\n%s", b.text("#ind-completed table"))
		return ""
	}
	b.login("curator")
	before := schoolA()
	b.logout()

	b.login("teacherA1")
	b.open("/app/iom/new", "#theme")
	for area, score := range map[string]string{"subject": "3", "methodology": "2", "psych_ped": "3", "functional_literacy": "1", "ict": "4", "soft_skills": "2"} {
		b.run("score "+area, chromedp.Click(`input[name=`+area+`][value="`+score+`"]`))
	}
	b.run("theme", chromedp.SendKeys("#theme", "Смысловое чтение на уроках математики"))
	b.shoot("08-teacher-self-diagnosis")
	b.submit("build the route", `main form button[type=submit]`)
	if text := b.text("main"); !strings.Contains(text, "Методические компетенции") || !strings.Contains(text, "Функциональная грамотность") {
		t.Fatalf("the route does not name the deficits:\n%s", text)
	}
	b.submit("start the route", `button[value=activate]`)
	month := time.Now().Format("2006-01")
	b.run("a step", chromedp.SetValue("#direction", "courses"), chromedp.SendKeys("#step_action", "Курсы «Смысловое чтение»"),
		chromedp.SetValue("#due", month))
	b.submit("add the step", `form[action$="/steps"] button[type=submit]`)
	b.run("reflect", chromedp.SendKeys(`textarea[name=reflection]`, "Освоил приём «чтение с остановками»."))
	b.submit("mark done", `form[enctype="multipart/form-data"] button[type=submit]`)
	b.shoot("09-teacher-route-card")
	// the card of seed 004 on a phone: nine directions, nothing sideways
	b.run("phone width", chromedp.EmulateViewport(390, 844))
	if width, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || width > 390 {
		t.Errorf("the route page is %d px wide at 390 px (%v)", width, err)
	}
	if n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(".iom-direction").length`)); err != nil || n != 9 {
		t.Errorf("the card shows %d directions, want the nine of the seed (%v)", n, err)
	}
	for area, score := range map[string]string{"subject": "3", "methodology": "3", "psych_ped": "3", "functional_literacy": "3", "ict": "4", "soft_skills": "3"} {
		b.run("final "+area, chromedp.Click(`form[action$="/complete"] input[name=`+area+`][value="`+score+`"]`))
	}
	b.run("category", chromedp.SetValue("#category_at_end", "first"))
	b.submit("complete", `form[action$="/complete"] button[type=submit]`)
	if text := b.text("main"); !strings.Contains(text, "Изменение самооценки") || !strings.Contains(text, "Завершён") {
		t.Fatalf("the completed route:\n%s", text)
	}
	b.logout()

	b.login("curator")
	after := schoolA()
	b.shoot("10-curator-indicators")
	// of school A's two teachers who implement an ИОМ or a mentorship, one
	// has completed a route
	if after == before || !strings.Contains(after, "\t1\t2\t50,0") {
		t.Errorf("school A's indicators did not change as expected:\nbefore %q\nafter  %q", before, after)
	}
	routes, err := a.FindRecordsByFilter(schema.Routes, "status = 'completed'", "", 0, 0)
	if err != nil || len(routes) != 1 {
		t.Errorf("%d completed routes (%v)", len(routes), err)
	}
}
