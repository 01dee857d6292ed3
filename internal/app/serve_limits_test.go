package app_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/memlimit"
	"github.com/kopilka/kopilka/internal/synth"
)

// peakRSS reads a process's peak resident memory from /proc.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM")
	return 0
}

func TestServeAtFiveThousandMaterialsStaysUnderItsMemoryLimitAndStopsPromptly(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 5,000 materials and runs serve")
	}
	work := t.TempDir()
	folder := filepath.Join(work, "bank")
	if err := synth.Generate(folder, 5, synth.SizesFor(5000)); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(work, "pb_data")
	if out, err := kopilkaCmd("import", folder, "--dir", data).CombinedOutput(); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	base, cmd := startServeCmd(t, data)
	deadline := time.Now().Add(3 * time.Minute)
	for {
		res, err := http.Get(base + "/materials/")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the first build of 5,000 materials never went live")
		}
		time.Sleep(200 * time.Millisecond)
	}
	// a change from outside starts a new build, and the stop comes during it
	db, err := core.DefaultDBConnect(filepath.Join(data, "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewQuery("UPDATE organizations SET name = name || ' (обновлено)' WHERE rowid = 1").Execute(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	time.Sleep(1500 * time.Millisecond) // the server notices within a second
	peak := peakRSS(t, cmd.Process.Pid)
	t.Logf("serve at 5,000 materials: peak RSS %d MiB (limit %d MiB)", peak>>20, int64(memlimit.DefaultMemoryLimit)>>20)
	if peak > memlimit.DefaultMemoryLimit {
		t.Errorf("serve's peak RSS %d MiB is over its memory limit of %d MiB", peak>>20, int64(memlimit.DefaultMemoryLimit)>>20)
	}
	stopped := make(chan error, 1)
	started := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go func() { stopped <- cmd.Wait() }()
	select {
	case <-stopped:
		t.Logf("stopped %v after SIGTERM", time.Since(started).Round(time.Millisecond))
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop within 5 s of SIGTERM")
	}
}
