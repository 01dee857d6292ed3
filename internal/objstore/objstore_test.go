package objstore_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

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
