package objstore_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/objstore"
)

// sent records the Cache-Control of every upload: gofakes3 keeps Content-Type
// but not Cache-Control, which real S3 stores and serves.
type sent struct {
	sync.Mutex
	cache     map[string]string
	puts      int
	failAfter int // when > 0, uploads after this many fail: a broken connection
}

// fakeS3 is an in-process S3-compatible server over real HTTP on loopback.
func fakeS3(t *testing.T) (objstore.Target, *minio.Client, *sent) {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("site"); err != nil {
		t.Fatal(err)
	}
	rec := &sent{cache: map[string]string{}}
	fake := gofakes3.New(backend).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			rec.Lock()
			rec.puts++
			broken := rec.failAfter > 0 && rec.puts > rec.failAfter
			rec.cache[strings.TrimPrefix(r.URL.Path, "/site/")] = r.Header.Get("Cache-Control")
			rec.Unlock()
			if broken {
				http.Error(w, "connection lost", http.StatusServiceUnavailable)
				return
			}
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	target := objstore.Target{Endpoint: u.Host, Region: "us-east-1", Bucket: "site", AccessKey: "key", SecretKey: "secret"}
	client, err := minio.New(u.Host, &minio.Options{Creds: credentials.NewStaticV4("key", "secret", ""), Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	return target, client, rec
}

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestPublishIsIncrementalTypedAndDeletesStaleLast(t *testing.T) {
	target, client, rec := fakeS3(t)
	ctx := context.Background()
	site := map[string]string{
		"index.html": "<h1>Копилка</h1>", "materials/a/index.html": "<h1>A</h1>", "css/site.css": "body{}",
		"events.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "qr/ABC123.png": "\x89PNG fake", "old/index.html": "<h1>old</h1>",
	}
	rep, err := objstore.Publish(ctx, writeSite(t, site), target)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Uploaded != 6 || rep.Unchanged != 0 {
		t.Fatalf("first publish: %+v", rep)
	}
	again, err := objstore.Publish(ctx, writeSite(t, site), target)
	if err != nil || again.Uploaded != 0 || again.Unchanged != 6 || again.Deleted != 0 {
		t.Fatalf("an unchanged site uploaded something: %+v %v", again, err)
	}
	for key, want := range map[string][2]string{
		"index.html":    {"text/html; charset=utf-8", "public, max-age=300"},
		"css/site.css":  {"text/css; charset=utf-8", "public, max-age=86400"},
		"events.ics":    {"text/calendar; charset=utf-8", "public, max-age=300"},
		"qr/ABC123.png": {"image/png", "public, max-age=31536000, immutable"},
	} {
		info, err := client.StatObject(ctx, "site", key, minio.StatObjectOptions{})
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		rec.Lock()
		cache := rec.cache[key]
		rec.Unlock()
		if info.ContentType != want[0] || cache != want[1] {
			t.Errorf("%s: %q / %q, want %q / %q", key, info.ContentType, cache, want[0], want[1])
		}
	}
	// one page changes, one disappears
	delete(site, "old/index.html")
	site["materials/a/index.html"] = "<h1>A, исправлено</h1>"
	rep, err = objstore.Publish(ctx, writeSite(t, site), target)
	if err != nil || rep.Uploaded != 1 || rep.Deleted != 1 || rep.Unchanged != 4 {
		t.Fatalf("third publish: %+v %v", rep, err)
	}
	obj, err := client.GetObject(ctx, "site", "materials/a/index.html", minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(obj)
	if !strings.Contains(string(body), "исправлено") {
		t.Errorf("the changed page is %q", body)
	}
	if _, err := client.StatObject(ctx, "site", "old/index.html", minio.StatObjectOptions{}); err == nil {
		t.Error("a stale page is still in the bucket")
	}
}

func TestAnInterruptedPublishResumes(t *testing.T) {
	target, _, rec := fakeS3(t)
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("materials/m%d/index.html", i)] = strings.Repeat("страница ", 50+i)
	}
	dir := writeSite(t, files)
	rec.failAfter = 15
	if _, err := objstore.Publish(context.Background(), dir, target); err == nil {
		t.Fatal("the broken publish reported success")
	}
	rec.Lock()
	rec.failAfter = 0
	rec.Unlock()
	rep, err := objstore.Publish(context.Background(), dir, target)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged < 10 || rep.Uploaded+rep.Unchanged != 40 {
		t.Fatalf("the resumed publish did not keep what was done: %+v", rep)
	}
	final, err := objstore.Publish(context.Background(), dir, target)
	if err != nil || final.Uploaded != 0 || final.Unchanged != 40 {
		t.Errorf("a publish after the resumed one: %+v %v", final, err)
	}
}

func TestPublishFollowsTheLinksOfAServedSite(t *testing.T) {
	target, client, _ := fakeS3(t)
	ctx := context.Background()
	// pb_public/current → build-2, whose qr/ links to the shared QR folder
	root := t.TempDir()
	build := writeSite(t, map[string]string{"index.html": "<h1>Копилка</h1>"})
	shared := writeSite(t, map[string]string{"ABC123.png": "\x89PNG fake", "ABC123.svg": "<svg/>"})
	if err := os.Symlink(shared, filepath.Join(build, "qr")); err != nil {
		t.Fatal(err)
	}
	current := filepath.Join(root, "current")
	if err := os.Symlink(build, current); err != nil {
		t.Fatal(err)
	}
	rep, err := objstore.Publish(ctx, current, target)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Uploaded != 3 {
		t.Errorf("uploaded %d files, want 3: %+v", rep.Uploaded, rep)
	}
	for _, key := range []string{"index.html", "qr/ABC123.png", "qr/ABC123.svg"} {
		if _, err := client.StatObject(ctx, "site", key, minio.StatObjectOptions{}); err != nil {
			t.Errorf("%s is not in the bucket: %v", key, err)
		}
	}
}

// fetch reads key from the bucket as a browser reads the public site: a
// plain GET, no signature.
func fetch(t *testing.T, target objstore.Target, key string) *http.Response {
	t.Helper()
	resp, err := http.Get("http://" + target.Endpoint + "/" + target.Bucket + "/" + (&url.URL{Path: key}).EscapedPath())
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", key, resp.Status)
	}
	return resp
}

func TestAttachmentsAreDownloadsTypedByTheAllowlist(t *testing.T) {
	target, _, _ := fakeS3(t)
	site := map[string]string{
		"index.html": "<h1>Копилка</h1>",
		// as an old record could have left them: never pages of the site
		"files/materials/x/evil.html":  "<script>alert(document.cookie)</script>",
		"files/materials/x/evil.svg":   `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`,
		"files/materials/x/evil.xhtml": `<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>`,
		"files/materials/x/notes":      "<script>alert(1)</script>",
		// real attachments keep their types
		"files/materials/x/Конспект урока.pdf": "%PDF-1.4\n",
		"files/materials/x/urok.docx":          "PK\x03\x04",
		"files/teachers/t/foto.jpg":            "\xFF\xD8\xFF\xE0",
	}
	if _, err := objstore.Publish(context.Background(), writeSite(t, site), target); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"files/materials/x/evil.html":          "application/octet-stream",
		"files/materials/x/evil.svg":           "application/octet-stream",
		"files/materials/x/evil.xhtml":         "application/octet-stream",
		"files/materials/x/notes":              "application/octet-stream",
		"files/materials/x/Конспект урока.pdf": "application/pdf",
		"files/materials/x/urok.docx":          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"files/teachers/t/foto.jpg":            "image/jpeg",
	} {
		resp := fetch(t, target, key)
		name := path.Base(key)
		if got := resp.Header.Get("Content-Type"); got != want {
			t.Errorf("%s is served as %q, want %q", key, got, want)
		}
		if got := resp.Header.Get("Content-Disposition"); got != httpsec.AttachmentDisposition(name) {
			t.Errorf("%s: Content-Disposition %q, want a download of %s", key, got, name)
		}
	}
	// the site's own pages stay pages
	home := fetch(t, target, "index.html")
	if home.Header.Get("Content-Type") != "text/html; charset=utf-8" || home.Header.Get("Content-Disposition") != "" {
		t.Errorf("the home page: %q, %q", home.Header.Get("Content-Type"), home.Header.Get("Content-Disposition"))
	}
}

func TestAPublishFixesTheHeadersOfAttachmentsAnOlderOneUploaded(t *testing.T) {
	target, client, _ := fakeS3(t)
	ctx := context.Background()
	site := map[string]string{
		"index.html":                  "<h1>Копилка</h1>",
		"materials/x/index.html":      "<h1>X</h1>",
		"files/materials/x/evil.html": "<script>alert(1)</script>",
		"files/materials/x/plan.pdf":  "%PDF-1.4\n",
	}
	// the bucket as a publish before the allowlist left it: the same
	// content, typed by extension alone, no Content-Disposition
	for key, content := range site {
		_, err := client.PutObject(ctx, "site", key, strings.NewReader(content), int64(len(content)),
			minio.PutObjectOptions{ContentType: map[string]string{".html": "text/html; charset=utf-8", ".pdf": "application/pdf"}[path.Ext(key)]})
		if err != nil {
			t.Fatal(err)
		}
	}
	dir := writeSite(t, site)
	rep, err := objstore.Publish(ctx, dir, target)
	if err != nil {
		t.Fatal(err)
	}
	// the attachments and the home page (which records that they are done)
	if rep.Uploaded != 3 || rep.Unchanged != 1 {
		t.Errorf("publish over an older one: %+v, want the 2 attachments and the home page uploaded again", rep)
	}
	evil := fetch(t, target, "files/materials/x/evil.html")
	if evil.Header.Get("Content-Type") != "application/octet-stream" || !strings.HasPrefix(evil.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("evil.html after the publish: %q, %q", evil.Header.Get("Content-Type"), evil.Header.Get("Content-Disposition"))
	}
	if !strings.HasPrefix(fetch(t, target, "files/materials/x/plan.pdf").Header.Get("Content-Disposition"), "attachment;") {
		t.Error("plan.pdf is not a download")
	}
	again, err := objstore.Publish(ctx, dir, target)
	if err != nil || again.Uploaded != 0 || again.Unchanged != 4 {
		t.Errorf("the next publish: %+v %v, want nothing uploaded", again, err)
	}
}

func TestLifetimesOfThePacksAndTheServiceWorker(t *testing.T) {
	for key, want := range map[string]string{
		"sw.js":                "no-cache", // a new worker reaches browsers at once
		"packs/seminar.zip":    "public, max-age=300",
		"manifest.webmanifest": "public, max-age=300",
		"js/search.js":         "public, max-age=86400",
	} {
		if got := objstore.CacheControl(key); got != want {
			t.Errorf("CacheControl(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestHeadersOfSiteFilesAndAttachments(t *testing.T) {
	tests := []struct{ key, typ, disposition string }{
		{"index.html", "text/html; charset=utf-8", ""},
		{"qr/ABC123.svg", "image/svg+xml", ""},
		{"files/materials/x/evil.html", "application/octet-stream", `attachment; filename="evil.html"; filename*=UTF-8''evil.html`},
		{"files/materials/x/evil.SVG", "application/octet-stream", `attachment; filename="evil.SVG"; filename*=UTF-8''evil.SVG`},
		{"files/materials/x/План.PDF", "application/pdf", `attachment; filename="____.PDF"; filename*=UTF-8''%D0%9F%D0%BB%D0%B0%D0%BD.PDF`},
		{"files/materials/x/tablica.ods", "application/vnd.oasis.opendocument.spreadsheet", `attachment; filename="tablica.ods"; filename*=UTF-8''tablica.ods`},
		// an event's pack is a download; the manifest is typed for browsers
		{"packs/seminar.zip", "application/zip", `attachment; filename="seminar.zip"; filename*=UTF-8''seminar.zip`},
		{"manifest.webmanifest", "application/manifest+json", ""},
	}
	for _, tt := range tests {
		if got := objstore.ContentType(tt.key); got != tt.typ {
			t.Errorf("ContentType(%q) = %q, want %q", tt.key, got, tt.typ)
		}
		if got := objstore.ContentDisposition(tt.key); got != tt.disposition {
			t.Errorf("ContentDisposition(%q) = %q, want %q", tt.key, got, tt.disposition)
		}
	}
}
