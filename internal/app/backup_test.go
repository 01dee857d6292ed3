package app_test

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/backup"
)

func manifestOf(t *testing.T, dataDir string) backup.Manifest {
	t.Helper()
	a := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer a.ResetBootstrapState()
	m, err := backup.Take(a)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestBackupAndVerifiedRestore(t *testing.T) {
	data := filepath.Join(t.TempDir(), "pb_data")
	if code, _, stderr := run(t, "import", corpusDir, "--dir", data, "--timezone", "Asia/Sakhalin"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	original := manifestOf(t, data)
	code, stdout, stderr := run(t, "backup", "--name", "before.zip", "--dir", data)
	if code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	archive := strings.TrimSpace(strings.TrimPrefix(stdout, "backup written to "))
	if _, err := os.Stat(archive); err != nil {
		t.Fatalf("no archive at %q: %v", archive, err)
	}
	saved := filepath.Join(t.TempDir(), "before.zip")
	copyFile(t, archive, saved)

	// the data changes after the backup
	if code, _, stderr := run(t, "import", "../demo/data", "--dir", data); code != 0 {
		t.Fatalf("second import: %s", stderr)
	}
	if len(backup.Diff(original, manifestOf(t, data))) == 0 {
		t.Fatal("the second import changed nothing")
	}

	// a tampered archive is refused and the data stays as it is
	tampered := filepath.Join(t.TempDir(), "tampered.zip")
	tamper(t, saved, tampered)
	changed := manifestOf(t, data)
	code, _, stderr = run(t, "restore", tampered, "--dir", data)
	if code != 1 || !strings.Contains(stderr, "does not match its manifest") {
		t.Errorf("tampered restore: exit %d, %s", code, stderr)
	}
	if d := backup.Diff(changed, manifestOf(t, data)); len(d) != 0 {
		t.Errorf("a refused restore changed the data: %v", d)
	}

	code, stdout, stderr = run(t, "restore", saved, "--dir", data)
	if code != 0 || !strings.Contains(stdout, "restored and verified") {
		t.Fatalf("restore: exit %d, %s %s", code, stdout, stderr)
	}
	if d := backup.Diff(original, manifestOf(t, data)); len(d) != 0 {
		t.Errorf("the restored data differs from the backup: %v", d)
	}
	if original.Records["materials"] != 16 || len(original.Files) < 7 {
		t.Errorf("the manifest is thin: %+v", original.Records)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tamper rewrites one stored file inside the archive.
func tamper(t *testing.T, from, to string) {
	t.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	done := false
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !done && strings.HasPrefix(f.Name, "storage/") && strings.HasSuffix(f.Name, ".pdf") {
			_, _ = w.Write([]byte("%PDF-1.4 forged"))
			done = true
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(w, r)
		r.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	if !done {
		t.Fatal("no stored PDF to tamper with")
	}
}

func TestBackupsAreScheduledFromInstall(t *testing.T) {
	a := fixture.App(t)
	if s := a.Settings().Backups; s.Cron != "0 3 * * *" || s.CronMaxKeep != 7 {
		t.Errorf("backup schedule %q keep %d, want nightly with 7 kept", s.Cron, s.CronMaxKeep)
	}
}
