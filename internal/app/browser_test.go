package app_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
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
func liveServer(t *testing.T) (*httptest.Server, *publish.Builder, core.App) {
	t.Helper()
	a := fixture.App(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	settings := corpusSettings(t)
	settings.BaseURL = "http://" + ln.Addr().String()
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

func TestBrowserSubmitReviewPublishLive(t *testing.T) {
	exe := chromium(t)
	srv, builder, a := liveServer(t)
	base := srv.URL

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelTimeout()
	// start the browser on the test's context: a step's own timeout must
	// not take the browser down with it
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}

	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		stepCtx, cancelStep := context.WithTimeout(ctx, 20*time.Second)
		defer cancelStep()
		if err := chromedp.Do(stepCtx, actions...); err != nil {
			html, _ := chromedp.Run(ctx, chromedp.OuterHTML("body"))
			t.Fatalf("%s: %v\n%s", step, err, html)
		}
	}
	// visible is waitFor as a step
	visible := func(sel string) chromedp.Action[chromedp.Void] {
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
	// waitFor polls the page for sel: chromedp's own waits can stay on a
	// document a form submission has already replaced
	waitFor := func(sel string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector(`+strconv.Quote(sel)+`) && document.readyState === "complete"`))
			if err == nil && found {
				return
			}
			if time.Now().After(deadline) {
				html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.outerHTML : ""`))
				t.Fatalf("waiting for %s: %v\n%s", sel, err, html)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// submit clicks a button that submits a form and waits for the next
	// page to load: a marker set on the old document is gone on the new one
	submit := func(step, sel string) {
		t.Helper()
		run(step+" (mark)", chromedp.Action[chromedp.Void](func(c context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[bool](`window.__kopilkaOld = true`)(c, tg)
			return chromedp.Void{}, err
		}))
		run(step, chromedp.Action[chromedp.Void](func(c context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[bool](`(document.querySelector(`+strconv.Quote(sel)+`).click(), true)`)(c, tg)
			return chromedp.Void{}, err
		}))
		deadline := time.Now().Add(20 * time.Second)
		for {
			// evaluating during the navigation fails; that is waiting too
			loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__kopilkaOld === undefined && document.readyState === "complete"`))
			if err == nil && loaded {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the next page did not load: %v", step, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	login := func(actor string) {
		run("login "+actor,
			chromedp.Navigate(base+"/app/login"),
			visible("#email"),
			chromedp.SendKeys("#email", actor+"@test.example"),
			chromedp.SendKeys("#password", testkit.Password),
		)
		submit("sign in "+actor, `main button[type=submit]`)
		waitFor(`form[action="/app/logout"]`)
	}
	logout := func() {
		submit("logout", `form[action="/app/logout"] button`)
		waitFor("#email")
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(sel)+`).innerText`))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}

	pdf := filepath.Join(t.TempDir(), "konspekt-uroka.pdf")
	if err := os.WriteFile(pdf, testkit.MinimalPDF, 0o644); err != nil {
		t.Fatal(err)
	}

	// the teacher writes a material with a PDF and submits it
	run("login page", chromedp.Navigate(base+"/app/login"), visible("#email"))
	shoot(t, ctx, "01-login")
	login("teacherA1")
	run("new material",
		chromedp.Navigate(base+"/app/materials/new"),
		visible("#title"),
		chromedp.SendKeys("#title", "Дроби на координатном луче"),
		chromedp.SetValue("#type", "lesson-plan"),
		chromedp.SendKeys("#summary", "Урок открытия нового знания."),
		chromedp.SendKeys("#subjects", "математика"),
		chromedp.SendKeys("#body", "## Цель\n\nНаучиться отмечать дроби на луче."),
		chromedp.SetUploadFiles("#files", []string{pdf}),
	)
	shoot(t, ctx, "02-teacher-new-material")
	submit("save", `button[value=save]`)
	if !strings.Contains(text("main"), "konspekt-uroka.pdf") {
		t.Fatal("the uploaded PDF is not listed")
	}
	submit("submit", `button[value=submit]`)
	if !strings.Contains(text(".flash"), "Отправлено на рассмотрение") {
		t.Fatalf("after submit: %s", text("main"))
	}
	m, err := a.FindFirstRecordByData(schema.Materials, "title", "Дроби на координатном луче")
	if err != nil {
		t.Fatal(err)
	}
	logout()

	// the curator asks for changes
	login("curator")
	run("queue", chromedp.Navigate(base+"/app/review"), visible("table"))
	shoot(t, ctx, "03-curator-queue")
	submit("open review", `a[href="/app/review/`+m.Id+`"]`)
	run("request changes",
		chromedp.Click(`input[name=relevance][value="3"]`), chromedp.Click(`input[name=quality][value="2"]`),
		chromedp.Click(`input[name=reproducibility][value="2"]`), chromedp.Click(`input[name=presentation][value="3"]`),
		chromedp.SendKeys("#comment", "Добавьте лист самооценки для учеников."),
		chromedp.Click(`input[name=decision][value=changes_requested]`),
	)
	shoot(t, ctx, "04-curator-review")
	submit("send", `form[action="/app/review/`+m.Id+`"] button[type=submit]`)
	logout()

	// the teacher reads the comment, fixes and resubmits
	login("teacherA1")
	run("open own material", chromedp.Navigate(base+"/app/materials/"+m.Id), visible("#body"))
	if !strings.Contains(text("main"), "Добавьте лист самооценки для учеников.") {
		t.Fatal("the teacher does not see the curator's comment")
	}
	shoot(t, ctx, "05-teacher-changes-requested")
	run("fix", chromedp.SendKeys("#body", "\n\n## Лист самооценки\n\n- Я понял, как отмечать дроби."))
	submit("resubmit", `button[value=submit]`)
	logout()

	// the curator publishes
	login("curator")
	run("publish",
		chromedp.Navigate(base+"/app/review/"+m.Id), visible("#comment"),
		chromedp.Click(`input[name=relevance][value="3"]`), chromedp.Click(`input[name=quality][value="3"]`),
		chromedp.Click(`input[name=reproducibility][value="3"]`), chromedp.Click(`input[name=presentation][value="3"]`),
		chromedp.Click(`input[name=decision][value=publish]`))
	submit("publish it", `form[action="/app/review/`+m.Id+`"] button[type=submit]`)
	builder.Wait()

	// the public page is live with its QR code, and the short link opens it
	m, err = a.FindRecordById(schema.Materials, m.Id)
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("status") != schema.StatusPublished {
		t.Fatalf("status %s", m.GetString("status"))
	}
	run("public page", chromedp.Navigate(base+"/materials/"+m.GetString("slug")+"/"), visible("h1"))
	qrLoaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('.qr img'); return !!i && i.complete && i.naturalWidth > 0 })()`))
	if err != nil {
		t.Fatal(err)
	}
	if got := text("h1"); got != "Дроби на координатном луче" {
		t.Errorf("public page h1 %q", got)
	}
	if !strings.Contains(text(".body"), "Лист самооценки") || !qrLoaded {
		t.Errorf("the public page lacks the fixed text or its QR image (loaded: %v)", qrLoaded)
	}
	shoot(t, ctx, "06-public-material")
	run("short link", chromedp.Navigate(base+"/q/"+m.GetString("qr_code")))
	waitFor("h1")
	landed, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if landed != base+"/materials/"+m.GetString("slug")+"/" {
		t.Errorf("the short link landed on %s", landed)
	}
	run("home", chromedp.Navigate(base+"/"), visible("h1"))
	shoot(t, ctx, "07-public-home")
}
