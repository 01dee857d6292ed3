package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// Hostile attachments: a page with a script is never accepted, whatever it
// is named, and whatever an older database holds is served as a download.

// hostileUploads are files a teacher could send to plant a script on the
// public site's origin. The first two pass for plain text by content, so
// only their names give them away.
var hostileUploads = []struct{ name, content string }{
	{"evil.html", "<img src=x onerror=alert(document.cookie)>"},
	{"Урок.htm", "Конспект урока <script>alert(document.cookie)</script>"},
	{"evil.html", "<script>alert(1)</script>"},
	{"notes.txt", "<script>alert(1)</script>"},
	{"схема.svg", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`},
	{"конспект.pdf", "<!DOCTYPE html><script>alert(1)</script>"},
}

// apiUpload creates a draft material through the REST API as the teacher,
// with one file.
func apiUpload(t *testing.T, h http.Handler, title, name, content string) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"title": title, "type": "lesson-plan", "status": "draft",
		"organization": fixture.IDs["orgA"], "authors": fixture.IDs["tA1"]} {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("files", name)
	_, _ = fw.Write([]byte(content))
	_ = mw.Close()
	return send(h, http.MethodPost, "/api/collections/materials/records", fixture.Tokens["teacherA1"], mw.FormDataContentType(), body.Bytes())
}

func TestAPageWithAScriptIsRefusedThroughTheAPI(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	for i, f := range hostileUploads {
		title := "Атака через API " + string(rune('A'+i))
		rec := apiUpload(t, h, title, f.name, f.content)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"files"`) {
			t.Errorf("%s holding %q: %d %s, want 400 for the files", f.name, f.content, rec.Code, rec.Body.String())
		}
		if _, err := a.FindFirstRecordByData(schema.Materials, "title", title); err == nil {
			t.Errorf("%s holding %q: the material was saved", f.name, f.content)
		}
	}
	// the same door takes plain text named as such
	rec := apiUpload(t, h, "Заметки через API", "заметки.txt", "<img src=x> в тексте — просто текст")
	if rec.Code != http.StatusOK {
		t.Fatalf("a plain text file: %d %s", rec.Code, rec.Body.String())
	}
	var created struct {
		ID    string   `json:"id"`
		Files []string `json:"files"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil || len(created.Files) != 1 {
		t.Fatalf("%v %s", err, rec.Body.String())
	}
	// …and does not let it be offered on the site as a page by renaming it
	for _, name := range []string{"evil.html", "evil.txt.svg", "заметки.HTM"} {
		body, _ := json.Marshal(map[string]any{"file_names": map[string]string{created.Files[0]: name}})
		rec := send(h, http.MethodPatch, "/api/collections/materials/records/"+created.ID, fixture.Tokens["teacherA1"], "application/json", body)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"file_names"`) || !strings.Contains(rec.Body.String(), "расширение") {
			t.Errorf("renamed to %s: %d %s, want 400 naming file_names", name, rec.Code, rec.Body.String())
		}
	}
	m, err := a.FindRecordById(schema.Materials, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if names := m.GetString("file_names"); !strings.Contains(names, "заметки.txt") || strings.Contains(names, "evil") {
		t.Errorf("file_names = %s", names)
	}
	// a new name with the file's own extension is still the author's choice
	body, _ := json.Marshal(map[string]any{"file_names": map[string]string{created.Files[0]: "Заметки к уроку.TXT"}})
	if rec := send(h, http.MethodPatch, "/api/collections/materials/records/"+created.ID, fixture.Tokens["teacherA1"], "application/json", body); rec.Code != http.StatusOK {
		t.Errorf("a new name with the same extension: %d %s", rec.Code, rec.Body.String())
	}
}

func TestAPageWithAScriptIsRefusedThroughTheCMS(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	b := newBrowser(t, h)
	b.login("teacherA1")
	for i, f := range hostileUploads {
		title := "Атака через форму " + string(rune('A'+i))
		b.get("/app/materials/new")
		rec := b.postMultipart("/app/materials/new", url.Values{"_csrf": {b.csrf()}, "title": {title}, "type": {"article"}, "action": {"save"}},
			"files", f.name, []byte(f.content))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s holding %q: %d, want the form again with a refusal", f.name, f.content, rec.Code)
		}
		if _, err := a.FindFirstRecordByData(schema.Materials, "title", title); err == nil {
			t.Errorf("%s holding %q: the material was saved", f.name, f.content)
		}
	}
	// tables as CSV, whichever separator Excel used, are on the allowlist
	for sep, table := range map[string]string{"comma": "ученик,оценка\nИванов,5\nПетрова,4\n", "semicolon": "ученик;оценка\nИванов;5\nПетрова;4\n"} {
		title := "Оценки, разделитель " + sep
		b.get("/app/materials/new")
		rec := b.postMultipart("/app/materials/new", url.Values{"_csrf": {b.csrf()}, "title": {title}, "type": {"article"}, "action": {"save"}},
			"files", "оценки.csv", []byte(table))
		if rec.Code != http.StatusSeeOther {
			t.Errorf("a CSV table (%s): %d, want it saved", sep, rec.Code)
		}
	}
	// the refusal by name says which file and why, in Russian
	b.get("/app/materials/new")
	rec := b.postMultipart("/app/materials/new", url.Values{"_csrf": {b.csrf()}, "title": {"Страница"}, "type": {"article"}, "action": {"save"}},
		"files", "evil.html", []byte(hostileUploads[0].content))
	if body := rec.Body.String(); !strings.Contains(body, "evil.html: файлы с расширением «.html» не принимаются") {
		t.Errorf("the form does not explain the refusal:\n%s", body)
	}
}

// legacyAttachment gives the published material key a file as a database
// from before the allowlist could hold it, and returns the material and
// the stored name.
func legacyAttachment(t *testing.T, a *tests.TestApp, key, name, content string) (*core.Record, string) {
	t.Helper()
	m := record(t, a, schema.Materials, key)
	f, err := filesystem.NewFileFromBytes([]byte(content), name)
	if err != nil {
		t.Fatal(err)
	}
	m.Set("files+", f)
	if err := a.SaveNoValidate(m); err != nil {
		t.Fatal(err)
	}
	return m, f.Name
}

// assertDownload fails unless a response is a download of the given type
// that no browser sniffs.
func assertDownload(t *testing.T, what string, h http.Header, contentType string) {
	t.Helper()
	if got := h.Get("Content-Type"); got != contentType {
		t.Errorf("%s: Content-Type %q, want %q", what, got, contentType)
	}
	if got := h.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment;") {
		t.Errorf("%s: Content-Disposition %q, want an attachment", what, got)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, got)
	}
}

func TestAnOldHTMLAttachmentIsServedAsADownload(t *testing.T) {
	a := fixture.App(t)
	m, stored := legacyAttachment(t, a, "matPubA1", "evil.html", "<script>alert(document.cookie)</script>")
	h, builder := serve(t, a) // builds the site with it
	if st := builder.Status(); st.Error != "" {
		t.Fatal(st.Error)
	}
	pdf := m.GetStringSlice("files")[0]
	// PocketBase's own file URLs, as the CMS links them and without ?download
	for _, c := range []struct{ name, contentType string }{{stored, "application/octet-stream"}, {pdf, "application/pdf"}} {
		rec := get(h, "/api/files/materials/"+m.Id+"/"+c.name, "")
		if rec.Code != http.StatusOK {
			t.Fatalf("/api/files/…/%s: %d", c.name, rec.Code)
		}
		assertDownload(t, "/api/files/…/"+c.name, rec.Header(), c.contentType)
	}
	// the public site as kopilka serves it, under the name the file came with
	m = record(t, a, schema.Materials, "matPubA1")
	names := map[string]string{}
	_ = m.UnmarshalJSONField("file_names", &names)
	shown := names[stored]
	if shown == "" {
		shown = stored
	}
	page := "/files/materials/" + m.GetString("slug") + "/" + shown
	rec := get(h, page, "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<script>") {
		t.Fatalf("%s: %d", page, rec.Code)
	}
	assertDownload(t, page, rec.Header(), "application/octet-stream")
	// the site's policy and a sandbox: a browser enforces both
	if csp := rec.Header().Values("Content-Security-Policy"); !strings.Contains(strings.Join(csp, ", "), "sandbox") ||
		!strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("%s: CSP %q, want the site's and a sandbox", page, csp)
	}
}

func TestPublishedToABucketAnHTMLAttachmentIsADownload(t *testing.T) {
	endpoint, _ := s3Server(t, "site")
	site := t.TempDir()
	for name, content := range map[string]string{
		"index.html": "<h1>Копилка</h1>",
		// as an old record could have left it in a build
		"files/materials/x/evil.html": "<script>alert(document.cookie)</script>",
		"files/materials/x/plan.pdf":  string(testkit.MinimalPDF),
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("KOPILKA_PUBLISH_ENDPOINT", endpoint)
	t.Setenv("KOPILKA_PUBLISH_BUCKET", "site")
	t.Setenv("KOPILKA_PUBLISH_ACCESS_KEY", "key")
	t.Setenv("KOPILKA_PUBLISH_SECRET", "secret")
	if code, stdout, stderr := run(t, "publish", "--site", site, "--dir", filepath.Join(t.TempDir(), "pb_data")); code != 0 {
		t.Fatalf("publish: %d %s %s", code, stdout, stderr)
	}
	// a reader's browser asks the bucket (behind the CDN) directly
	for key, want := range map[string]string{"files/materials/x/evil.html": "application/octet-stream", "files/materials/x/plan.pdf": "application/pdf"} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, endpoint+"/site/"+key, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", key, resp.Status)
		}
		if got := resp.Header.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", key, got, want)
		}
		if got := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment;") {
			t.Errorf("%s: Content-Disposition %q, want an attachment", key, got)
		}
	}
}
