package app_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// send makes a request with a body and an Authorization token.
func send(h http.Handler, method, path, token, contentType string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestAFileNameWrittenThroughTheAPIIsOneFileNeverAPath(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	draft := record(t, a, schema.Materials, "matDraftA1")
	stored := draft.GetStringSlice("files")[0]
	before := draft.GetString("file_names")
	for _, hostile := range []string{
		"../../../pb_hooks/evil.pb.js",
		"..",
		".",
		"/etc/cron.d/evil",
		`..\..\evil.pb.js`,
		"urok/../../../evil.pb.js",
		"evil\x00.pdf",
		"fdp.\u202Eexe",
		strings.Repeat("я", 300) + ".pdf",
	} {
		body, _ := json.Marshal(map[string]any{"file_names": map[string]string{stored: hostile}})
		rec := send(h, http.MethodPatch, "/api/collections/materials/records/"+draft.Id, fixture.Tokens["teacherA1"], "application/json", body)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"file_names"`) || !strings.Contains(rec.Body.String(), "недопустимое имя файла") {
			t.Errorf("file name %q: %d %s, want 400 naming file_names", hostile, rec.Code, rec.Body.String())
		}
	}
	after := record(t, a, schema.Materials, "matDraftA1")
	if after.GetString("file_names") != before {
		t.Errorf("file_names changed to %s", after.GetString("file_names"))
	}
	// a name of one file is the author's to choose
	body, _ := json.Marshal(map[string]any{"file_names": map[string]string{stored: "Конспект (итог).pdf", "not-attached.pdf": "x.pdf"}})
	if rec := send(h, http.MethodPatch, "/api/collections/materials/records/"+draft.Id, fixture.Tokens["teacherA1"], "application/json", body); rec.Code != http.StatusOK {
		t.Fatalf("a plain new name: %d %s", rec.Code, rec.Body.String())
	}
	names := map[string]string{}
	_ = record(t, a, schema.Materials, "matDraftA1").UnmarshalJSONField("file_names", &names)
	if len(names) != 1 || names[stored] != "Конспект (итог).pdf" {
		t.Errorf("file_names = %v, want only the attached file renamed", names)
	}
}

func TestAFileUploadedThroughTheAPIKeepsItsOriginalName(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"title": "Загружено через API", "type": "lesson-plan", "status": "draft",
		"organization": fixture.IDs["orgA"], "authors": fixture.IDs["tA1"]} {
		_ = mw.WriteField(k, v)
	}
	for _, name := range []string{"План урока.pdf", `C:\Документы\Итог\..\Приложение 1.pdf`} {
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = fw.Write(testkit.MinimalPDF)
	}
	_ = mw.Close()
	rec := send(h, http.MethodPost, "/api/collections/materials/records", fixture.Tokens["teacherA1"], mw.FormDataContentType(), body.Bytes())
	if rec.Code != http.StatusOK {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body.String())
	}
	var created struct {
		ID        string            `json:"id"`
		Files     []string          `json:"files"`
		FileNames map[string]string `json:"file_names"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil {
		t.Fatal(err)
	}
	if len(created.Files) != 2 || created.FileNames[created.Files[0]] != "План урока.pdf" || created.FileNames[created.Files[1]] != "Приложение 1.pdf" {
		t.Fatalf("files %v named %v, want the names the client sent", created.Files, created.FileNames)
	}
	// the API's download offers the same name
	dl := get(h, "/api/files/materials/"+created.ID+"/"+created.Files[0], fixture.Tokens["teacherA1"])
	if cd := dl.Header().Get("Content-Disposition"); dl.Code != http.StatusOK || !strings.Contains(cd, url.PathEscape("План урока.pdf")) {
		t.Errorf("API download: %d %q, want the author's name", dl.Code, cd)
	}
	// the author sees those names in the CMS, as downloads
	b := newBrowser(t, h)
	b.login("teacherA1")
	page := b.get("/app/materials/" + created.ID).Body.String()
	for _, want := range []string{"План урока.pdf", "Приложение 1.pdf"} {
		if !strings.Contains(page, want) {
			t.Errorf("the CMS page does not offer %q", want)
		}
	}
}

// legacyNames stores names on a published material as a database older
// than the checks could hold them.
func legacyNames(t *testing.T, a *tests.TestApp, key string, name func(stored string) string) *core.Record {
	t.Helper()
	m := record(t, a, schema.Materials, key)
	names := map[string]string{}
	for _, f := range m.GetStringSlice("files") {
		names[f] = name(f)
	}
	m.Set("file_names", names)
	if err := a.SaveNoValidate(m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestExportAndBuildWriteOnlyInsideTheirFolderWhateverTheDatabaseSays(t *testing.T) {
	for _, hostile := range []string{"../../../escaped.pb.js", "..", "/tmp/absolute.pdf", "a/\u202Efdp.exe"} {
		t.Run(hostile, func(t *testing.T) {
			a := fixture.App(t)
			m := legacyNames(t, a, "matPubA1", func(string) string { return hostile })
			stored := m.GetStringSlice("files")[0]
			parent := t.TempDir()
			out := filepath.Join(parent, "a", "b", "export")
			if err := interchange.Export(a, out, interchange.Options{TimeZone: time.UTC}); err != nil {
				t.Fatalf("export: %v", err)
			}
			want := filepath.Join(out, "files", m.GetString("slug"), stored)
			if got, err := os.ReadFile(want); err != nil || !bytes.Equal(got, testkit.MinimalPDF) {
				t.Errorf("export filed the attachment elsewhere than %s: %v", want, err)
			}
			assertOnlyInside(t, parent, filepath.Join(parent, "a"))

			site := filepath.Join(parent, "site")
			builder := &publish.Builder{App: a, Theme: kopilka.SiteTheme, Root: site, Settings: corpusSettings(t), FullBuilds: true}
			if err := builder.BuildNow(); err != nil {
				t.Fatalf("one bad name stopped the build: %v", err)
			}
			if _, err := os.Stat(filepath.Join(builder.Current(), "files", "materials", m.GetString("slug"), stored)); err != nil {
				t.Errorf("the site does not offer the file under its stored name: %v", err)
			}
			assertOnlyInside(t, parent, filepath.Join(parent, "a"), site)
		})
	}
}

// assertOnlyInside fails when dir holds anything but the given folders.
func assertOnlyInside(t *testing.T, dir string, allowed ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		ok := false
		for _, a := range allowed {
			ok = ok || p == a
		}
		if !ok {
			t.Errorf("%s was written outside the output folder", p)
		}
	}
	if _, err := os.Stat("/tmp/absolute.pdf"); err == nil {
		t.Error("/tmp/absolute.pdf was written")
	}
}

func TestAMaterialWhoseFilesAreGoneIsLeftOffAndTheRestIsPublished(t *testing.T) {
	a := fixture.App(t)
	m := record(t, a, schema.Materials, "matPubA1")
	fsys, err := a.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	if err := fsys.Delete(m.BaseFilesPath() + "/" + m.GetStringSlice("files")[0]); err != nil {
		t.Fatal(err)
	}
	fsys.Close()
	h, builder := serve(t, a) // builds the site
	if st := builder.Status(); st.Error != "" || st.LastBuild.IsZero() {
		t.Fatalf("one material without its file stopped the build: %q", st.Error)
	}
	other := record(t, a, schema.Materials, "matPubB")
	if rec := get(h, "/materials/"+other.GetString("slug")+"/", ""); rec.Code != http.StatusOK {
		t.Errorf("the other material's page: %d", rec.Code)
	}
	if rec := get(h, "/materials/"+m.GetString("slug")+"/", ""); rec.Code != http.StatusNotFound {
		t.Errorf("the broken material's page: %d, want 404", rec.Code)
	}
	st := builder.Status()
	if len(st.LeftOut) != 1 || st.LeftOut[0].Slug != m.GetString("slug") {
		t.Fatalf("status lists left out %v", st.LeftOut)
	}
	b := newBrowser(t, h)
	b.login("curator")
	page := b.get("/app/site").Body.String()
	if !strings.Contains(page, "Не попали на сайт") || !strings.Contains(page, m.GetString("slug")) {
		t.Errorf("the curators' site screen does not show the left-out material:\n%s", page)
	}
}
