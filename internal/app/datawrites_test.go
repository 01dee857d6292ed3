package app_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/datawatch"
	"github.com/kopilka/kopilka/internal/schema"
)

func TestTheServerTellsItsOwnWritesFromOtherProcesses(t *testing.T) {
	a := fixture.App(t)
	w := datawatch.For(a)
	calls := 0
	w.OnChange(func() { calls++ })
	if _, err := w.Poll(); err != nil {
		t.Fatal(err)
	}
	m := record(t, a, schema.Materials, "matDraftA1")
	m.Set("title", "Своя правка")
	if err := a.Save(m); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Poll(); err != nil || changed {
		t.Errorf("the server's own save counted as a foreign write: %v %v", changed, err)
	}
	other, err := core.DefaultDBConnect(filepath.Join(a.DataDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.NewQuery("UPDATE teachers SET public = 0 WHERE id = {:id}").Bind(dbx.Params{"id": fixture.IDs["tA1"]}).Execute(); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Poll(); err != nil || !changed || calls != 1 {
		t.Errorf("a write by another connection: changed %v, listeners called %d times, %v", changed, calls, err)
	}
}

// startServe runs `kopilka serve` on data and returns its address.
func startServe(t *testing.T, data string) string {
	t.Helper()
	base, _ := startServeCmd(t, data)
	return base
}

// startServeCmd runs `kopilka serve` on data until the test ends and
// returns its address and process.
func startServeCmd(t *testing.T, data string) (string, *exec.Cmd) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := kopilkaCmd("serve", "--http", addr, "--dir", data)
	cmd.Dir = filepath.Dir(data)
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	base := "http://" + addr
	for i := 0; i < 300; i++ {
		if res, err := http.Get(base + "/api/health"); err == nil {
			res.Body.Close()
			return base, cmd
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("serve did not start: %s", logs.String())
	return "", nil
}

func copyDataDir(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "pb_data")
	if out, err := exec.Command("cp", "-a", from, to).CombinedOutput(); err != nil {
		t.Fatalf("copy data: %v %s", err, out)
	}
	return to
}

func publicTeacherNames(t *testing.T, base string) string {
	t.Helper()
	res, err := http.Get(base + "/api/collections/teachers/records?perPage=200")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var list struct {
		Items []struct {
			Name string `json:"name"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	var names []string
	for _, it := range list.Items {
		names = append(names, it.Name)
	}
	return strings.Join(names, "; ")
}

func TestNoStaleDataIsServedAfterAnotherProcessWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	data := copyDataDir(t, fixture.Dir)
	base := startServe(t, data)
	if names := publicTeacherNames(t, base); !strings.Contains(names, "Иванова") {
		t.Fatalf("public teachers before: %s", names)
	}
	publicTeacherNames(t, base) // now answered from the API cache

	// an import beside the running server is refused, and says why
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "teachers"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := kopilkaCmd("import", dir, "--dir", data).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "kopilka serve (process") || !strings.Contains(string(out), "stop the server first") {
		t.Errorf("import beside serve: %v\n%s", err, out)
	}

	// any other writer is noticed: the teacher withdraws consent
	other, err := core.DefaultDBConnect(filepath.Join(data, "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.NewQuery("UPDATE teachers SET public = 0 WHERE id = {:id}").Bind(dbx.Params{"id": fixture.IDs["tA1"]}).Execute(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(publicTeacherNames(t, base), "Иванова") {
		if time.Now().After(deadline) {
			t.Fatal("the API still serves a profile whose consent was withdrawn 10 s ago")
		}
		time.Sleep(100 * time.Millisecond)
	}
	slug := record(t, fixture.App(t), schema.Teachers, "tA1").GetString("slug")
	for {
		res, err := http.Get(base + "/teachers/" + slug + "/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusNotFound {
			break
		}
		if time.Now().After(deadline.Add(20 * time.Second)) {
			t.Fatalf("the site still shows the private teacher's page: %d", res.StatusCode)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
