package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
)

func TestTheNextImportRemovesFilesAnInterruptedOneLeft(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	a := fixture.App(t)
	materials, err := a.FindCollectionByNameOrId(schema.Materials)
	if err != nil {
		t.Fatal(err)
	}
	pub := record(t, a, schema.Materials, "matPubA1")
	data := copyDataDir(t, fixture.Dir)
	storage := filepath.Join(data, "storage", materials.Id)
	kept := filepath.Join(storage, pub.Id, pub.GetStringSlice("files")[0])
	// what a killed import leaves: files of a record that never committed,
	// and a new file beside a record's own that its update never named
	planted := []string{
		filepath.Join(storage, "neverc0mmitted1", "urok_abc123.pdf"),
		filepath.Join(storage, "neverc0mmitted1", "thumbs_cover_abc.png", "640x360_cover_abc.png"),
		filepath.Join(storage, pub.Id, "novyj_fajl_xyz789.pdf"),
	}
	for _, p := range planted {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("%PDF-1.4 orphan"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := kopilkaCmd("import", corpusDir, "--dir", data, "--timezone", "Asia/Sakhalin").CombinedOutput()
	if err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	if !strings.Contains(string(out), "removed 3 stored file(s)") {
		t.Errorf("the import does not say what it removed:\n%s", out)
	}
	for _, p := range planted {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still in storage", p)
		}
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("a file its record names was removed: %v", err)
	}
}
