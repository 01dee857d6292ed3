package app_test

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/publish"
)

var kopilkaTheme = kopilka.SiteTheme

// kopilkaCmd starts this test binary as the kopilka command.
func kopilkaCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KOPILKA_TEST_MAIN="+strings.Join(args, "\x1f"))
	return cmd
}

func countIn(t *testing.T, dataDir, collection string) int {
	t.Helper()
	a := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer a.ResetBootstrapState()
	if err := a.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}
	n, err := a.CountRecords(collection)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestKilledImportIsAllOrNothing kills `kopilka import` at different
// moments; each time the database holds either nothing of the folder or
// all of it.
func TestKilledImportIsAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	outcomes := map[int]int{}
	for i, after := range []time.Duration{30, 60, 90, 120, 150, 180, 250, 400} {
		data := filepath.Join(t.TempDir(), "pb_data")
		// migrate first, so the kill lands in the import itself
		if out, err := kopilkaCmd("migrate", "up", "--dir", data).CombinedOutput(); err != nil {
			t.Fatalf("migrate: %v %s", err, out)
		}
		cmd := kopilkaCmd("import", corpusDir, "--dir", data, "--timezone", "Asia/Sakhalin")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		materials, teachers := countIn(t, data, "materials"), countIn(t, data, "teachers")
		switch {
		case materials == 0 && teachers == 0:
		case materials == 16 && teachers == 10:
		default:
			t.Errorf("kill %d after %v: a partial import: %d materials, %d teachers", i, after*time.Millisecond, materials, teachers)
		}
		outcomes[materials]++
	}
	t.Logf("outcomes by materials count: %v", outcomes)
}

// TestACrashedBuildLeavesTheLiveSiteAndIsCleanedUp: a build killed midway
// leaves a half-written folder; after a restart the last good site is
// served at once, and the next build removes the remains.
func TestACrashedBuildLeavesTheLiveSiteAndIsCleanedUp(t *testing.T) {
	a := fixture.App(t)
	root := filepath.Join(t.TempDir(), "pb_public")
	first := &publish.Builder{App: a, Theme: kopilkaTheme, Root: root, Settings: corpusSettings(t)}
	if err := first.BuildNow(); err != nil {
		t.Fatal(err)
	}
	good := first.Current()
	// the crash: a build folder with half a site and no swap
	half := filepath.Join(root, "build-99991231T235959.000000000")
	if err := os.MkdirAll(filepath.Join(half, "materials"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(half, "index.html"), []byte("<html>половина"), 0o644); err != nil {
		t.Fatal(err)
	}
	restarted := &publish.Builder{App: a, Theme: kopilkaTheme, Root: root, Settings: corpusSettings(t)}
	if !restarted.Adopt() || restarted.Current() != good {
		t.Fatalf("after the restart the live site is %q, want the last good %q", restarted.Current(), good)
	}
	if err := restarted.BuildNow(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(half); !os.IsNotExist(err) {
		t.Error("the half-written build is still there")
	}
}

// TestTheSiteCatchesUpAfterARestart: data changed while the server was
// down (a publish whose build never ran) shows once it starts again.
func TestTheSiteCatchesUpAfterARestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "pb_data")
	if out, err := kopilkaCmd("import", corpusDir, "--dir", data, "--timezone", "Asia/Sakhalin").CombinedOutput(); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	serveOnce := func(check func(base string)) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		cmd := kopilkaCmd("serve", "--http", addr, "--dir", data, "--timezone", "Asia/Sakhalin")
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
		check("http://" + addr)
	}
	waitFor := func(url string) bool {
		for i := 0; i < 200; i++ { // at most 20 s
			if res, err := http.Get(url); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return true
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		return false
	}
	serveOnce(func(base string) {
		if !waitFor(base + "/materials/urok-drobi-5-klass/") {
			t.Fatal("the first site never came up")
		}
	})
	// while the server is down, the bank gains the demo municipality
	if out, err := kopilkaCmd("import", "../demo/data", "--dir", data).CombinedOutput(); err != nil {
		t.Fatalf("import while down: %v %s", err, out)
	}
	serveOnce(func(base string) {
		if !waitFor(base + "/materials/urok-procenty-6-klass/") {
			t.Error("the site did not catch up with data changed while it was down")
		}
		if res, err := http.Get(base + "/materials/urok-drobi-5-klass/"); err != nil || res.StatusCode != http.StatusOK {
			t.Error("the old pages went missing")
		}
	})
}
