package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
)

func get(h http.Handler, path, token string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// serve gives the handler of a as `kopilka serve` would have it, with the
// site's builder.
func serve(t *testing.T, a *tests.TestApp, trustedProxies ...netip.Prefix) (http.Handler, *publish.Builder) {
	t.Helper()
	return serveWith(t, a, app.ServeOptions{TrustedProxies: trustedProxies})
}

// serveWith is serve with the options `kopilka serve` takes from its
// settings.
func serveWith(t *testing.T, a *tests.TestApp, opts app.ServeOptions) (http.Handler, *publish.Builder) {
	t.Helper()
	builder := &publish.Builder{App: a, Theme: kopilka.SiteTheme, Root: filepath.Join(t.TempDir(), "pb_public"),
		Debounce: 50 * time.Millisecond, Settings: corpusSettings(t)}
	router, err := apis.NewRouter(a)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler
	err = a.OnServe().Trigger(&core.ServeEvent{App: a, Router: router}, func(e *core.ServeEvent) error {
		if err := app.ServeSiteWith(e, builder, opts); err != nil {
			return err
		}
		m, err := e.Router.BuildMux()
		h = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	builder.Wait()
	t.Cleanup(builder.Close) // runs before the app's own cleanup
	return h, builder
}

func TestPublishingInServeMakesThePageLiveWithoutRestart(t *testing.T) {
	a := fixture.App(t)
	h, builder := serve(t, a)
	if st := builder.Status(); st.Error != "" || st.LastBuild.IsZero() {
		t.Fatalf("first build: %+v", st)
	}
	m, err := a.FindRecordById(schema.Materials, fixture.IDs["matSubA1"])
	if err != nil {
		t.Fatal(err)
	}
	page := "/materials/" + m.GetString("slug") + "/"
	if rec := get(h, page, ""); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Страница не найдена") {
		t.Fatalf("unpublished page answered %d", rec.Code)
	}
	// several changes in a burst coalesce into one build
	for _, body := range []string{`{"status":"published"}`, `{"best_practice":true}`} {
		req := httptest.NewRequest(http.MethodPatch, "/api/collections/materials/records/"+m.Id, strings.NewReader(body))
		req.Header.Set("Authorization", fixture.Tokens["curator"])
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("curator PATCH %s: %d %s", body, rec.Code, rec.Body.String())
		}
	}
	builder.Wait()
	rec := get(h, page, "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Лучшая практика") {
		t.Fatalf("published page answered %d", rec.Code)
	}
	if rec := get(h, "/q/"+m.GetString("qr_code"), ""); rec.Code != http.StatusFound || rec.Header().Get("Location") != page {
		t.Errorf("the short link answered %d → %q", rec.Code, rec.Header().Get("Location"))
	}
	// the API and the dashboard still win over the site
	if rec := get(h, "/api/health", ""); rec.Code != http.StatusOK {
		t.Errorf("/api/health answered %d", rec.Code)
	}
	// the build status is for curators
	for actor, code := range map[string]int{"anonymous": 403, "teacherA1": 403, "editorA": 403, "curator": 200} {
		rec := get(h, "/api/kopilka/site", fixture.Tokens[actor])
		if rec.Code != code {
			t.Errorf("site status for %s answered %d, want %d", actor, rec.Code, code)
		}
		if code == 200 && !strings.Contains(rec.Body.String(), `"pages":`) {
			t.Errorf("site status: %s", rec.Body.String())
		}
	}

	// archiving removes the page on the next build: stale pages disappear
	m, _ = a.FindRecordById(schema.Materials, m.Id)
	m.Set("status", schema.StatusArchived)
	if err := a.Save(m); err != nil {
		t.Fatal(err)
	}
	builder.Wait()
	if rec := get(h, page, ""); rec.Code != http.StatusNotFound {
		t.Errorf("archived material's page answered %d", rec.Code)
	}
}

func TestFailedBuildKeepsTheLastGoodSite(t *testing.T) {
	a := fixture.App(t)
	root := filepath.Join(t.TempDir(), "pb_public")
	override := t.TempDir()
	builder := &publish.Builder{App: a, Theme: kopilka.SiteTheme, Root: root, Override: override, Settings: corpusSettings(t)}
	if err := builder.BuildNow(); err != nil {
		t.Fatal(err)
	}
	good := builder.Current()
	if err := os.MkdirAll(filepath.Join(override, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(override, "layouts", "home.html"), []byte("{{ define \"main\" }}\n\n{{ .Broken.Field }}\n{{ end }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := builder.BuildNow(); err == nil {
		t.Fatal("a broken template built")
	}
	st := builder.Status()
	if !strings.Contains(st.Error, "home.html:3:") {
		t.Errorf("status error %q does not name home.html:3", st.Error)
	}
	if st.LastBuild.IsZero() || builder.Current() != good {
		t.Error("the last good site is no longer served")
	}
	if target, err := os.Readlink(filepath.Join(root, "current")); err != nil || filepath.Join(root, target) != good {
		t.Errorf("current link points to %q (%v), want %s", target, err, good)
	}
	if _, err := os.Stat(filepath.Join(good, "index.html")); err != nil {
		t.Errorf("the last good site lost its home page: %v", err)
	}
}

func TestEverythingServedCarriesSecurityHeaders(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	pub := record(t, a, schema.Materials, "matPubA1")
	page := get(h, "/materials/"+pub.GetString("slug")+"/", "")
	login := get(h, "/app/login", "")
	names := map[string]string{}
	_ = pub.UnmarshalJSONField("file_names", &names)
	file := get(h, "/files/materials/"+pub.GetString("slug")+"/"+names[pub.GetStringSlice("files")[0]], "")
	for name, rec := range map[string]*httptest.ResponseRecorder{"site page": page, "cms page": login, "attachment": file, "404": get(h, "/net-takoj/", "")} {
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Referrer-Policy") == "" {
			t.Errorf("%s lacks security headers: %v", name, rec.Header())
		}
	}
	if cd := file.Header().Get("Content-Disposition"); file.Code != http.StatusOK || !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("the attachment is not a download: %d %q", file.Code, cd)
	}
	if strings.Contains(login.Body.String(), "<style") || strings.Contains(login.Body.String(), "onclick") {
		t.Error("the CMS carries inline styles or handlers the CSP would block")
	}
}
