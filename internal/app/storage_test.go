package app_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/config"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// s3Server is an in-process S3-compatible server on loopback with the
// given buckets, and a client to look inside.
func s3Server(t *testing.T, buckets ...string) (string, *minio.Client) {
	t.Helper()
	backend := s3mem.New()
	for _, b := range buckets {
		if err := backend.CreateBucket(b); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	client, err := minio.New(strings.TrimPrefix(srv.URL, "http://"), &minio.Options{Creds: credentials.NewStaticV4("key", "secret", ""), Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	return srv.URL, client
}

func objects(t *testing.T, client *minio.Client, bucket string) []string {
	t.Helper()
	var keys []string
	for obj := range client.ListObjects(context.Background(), bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		keys = append(keys, obj.Key)
	}
	return keys
}

func TestUploadsLandInTheConfiguredBucket(t *testing.T) {
	endpoint, client := s3Server(t, "uploads")
	a := fixture.App(t)
	s3 := config.S3{Endpoint: endpoint, Region: "us-east-1", Bucket: "uploads", AccessKey: "key", Secret: "secret", ForcePathStyle: true}
	if err := config.ApplyS3(a, s3); err != nil {
		t.Fatal(err)
	}
	if !a.Settings().S3.Enabled || !a.Settings().Backups.S3.Enabled {
		t.Fatal("S3 is not on for uploads and backups")
	}
	c, err := a.FindCollectionByNameOrId(schema.Materials)
	if err != nil {
		t.Fatal(err)
	}
	m := core.NewRecord(c)
	file, err := filesystem.NewFileFromBytes(testkit.MinimalPDF, "konspekt.pdf")
	if err != nil {
		t.Fatal(err)
	}
	m.Load(map[string]any{"title": "В облаке", "type": "article", "status": "draft", "organization": fixture.IDs["orgA"], "files": []any{file}})
	if err := a.Save(m); err != nil {
		t.Fatal(err)
	}
	want := m.BaseFilesPath() + "/" + m.GetStringSlice("files")[0]
	found := false
	for _, k := range objects(t, client, "uploads") {
		if k == want {
			found = true
		}
	}
	if !found {
		t.Errorf("%s is not in the bucket: %v", want, objects(t, client, "uploads"))
	}
}

func TestPublishCommandUploadsOnlyWhatChanged(t *testing.T) {
	endpoint, client := s3Server(t, "site")
	data := filepath.Join(t.TempDir(), "pb_data")
	if code, _, stderr := run(t, "import", corpusDir, "--dir", data, "--timezone", "Asia/Sakhalin"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	t.Setenv("KOPILKA_PUBLISH_ENDPOINT", endpoint)
	t.Setenv("KOPILKA_PUBLISH_BUCKET", "site")
	t.Setenv("KOPILKA_PUBLISH_ACCESS_KEY", "key")
	t.Setenv("KOPILKA_PUBLISH_SECRET", "secret")
	code, stdout, stderr := run(t, "publish", "--dir", data, "--timezone", "Asia/Sakhalin")
	if code != 0 || !strings.Contains(stdout, "deleted") {
		t.Fatalf("publish: %d %s %s", code, stdout, stderr)
	}
	keys := objects(t, client, "site")
	has := map[string]bool{}
	for _, k := range keys {
		has[k] = true
	}
	for _, k := range []string{"index.html", "materials/urok-drobi-5-klass/index.html", "events.ics", "q/4BGXV7/index.html", "qr/4BGXV7.svg"} {
		if !has[k] {
			t.Errorf("%s is not in the bucket", k)
		}
	}
	code, stdout, stderr = run(t, "publish", "--dir", data, "--timezone", "Asia/Sakhalin")
	if code != 0 || !strings.Contains(stdout, ": 0 uploaded,") || !strings.Contains(stdout, " 0 deleted") {
		t.Errorf("the second publish of an unchanged site: %d %s %s", code, stdout, stderr)
	}
}
