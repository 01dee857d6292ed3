package bench

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

// A series is what a curator waits for when she publishes materials one
// after another on a running `kopilka serve`: for each, from her PATCH of
// the material's status over the REST API until its page answers 200 over
// HTTP, and what the server process holds afterwards.
type series struct {
	Materials int
	Times     []time.Duration // each publish → live, in order
	Builds    []string        // serve's own account of each build after the first, when it gives one
	RSSAfter  int64           // resident memory of serve right after the last publish went live
	RSSHeld   int64           // ... once it has been idle for a second (its background work done)
	FileHeld  int64           // of RSSHeld, the pages of files mapped (the binary itself): not the heap
	PeakRSS   int64           // the most it was resident at any time (VmHWM)
	StartTime time.Duration   // from starting serve until its first build answered
}

func (s series) median() time.Duration { return percentile(s.Times, 50) }

func (s series) max() time.Duration { return percentile(s.Times, 100) }

// percentile of v (nearest rank), 0 for none; the median (p = 50) of an
// even number is the mean of the middle two.
func percentile[T time.Duration | int | int64](v []T, p int) T {
	if len(v) == 0 {
		return 0
	}
	sorted := slices.Sorted(slices.Values(v))
	if p >= 100 {
		return sorted[len(sorted)-1]
	}
	if p == 50 && len(sorted)%2 == 0 {
		return (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
	}
	return sorted[len(sorted)*p/100]
}

// seriesItem is a material the series publishes.
type seriesItem struct{ id, slug string }

// seriesAccount is who publishes: a curator of the bench's own.
type seriesAccount struct{ email, password string }

// prepareSeries makes n materials ready for a curator to publish (status
// submitted; those not published first, then published ones taken off the
// site) and adds a curator and a superuser (without one `serve` would
// open its installer). It runs on the data folder before serve starts.
func prepareSeries(a core.App, n int) ([]seriesItem, seriesAccount, error) {
	var items []seriesItem
	var acc seriesAccount
	unpublished, err := a.FindRecordsByFilter(schema.Materials, "status != 'published'", "created", n, 0)
	if err != nil {
		return nil, acc, err
	}
	chosen := unpublished
	if len(chosen) < n {
		more, err := a.FindRecordsByFilter(schema.Materials, "status = 'published'", "-created", n-len(chosen), 0)
		if err != nil {
			return nil, acc, err
		}
		chosen = append(chosen, more...)
	}
	if len(chosen) < n {
		return nil, acc, fmt.Errorf("only %d materials to publish, want %d", len(chosen), n)
	}
	for _, m := range chosen {
		if m.GetString("status") != schema.StatusSubmitted {
			m.Set("status", schema.StatusSubmitted)
			if err := a.Save(m); err != nil {
				return nil, acc, fmt.Errorf("material %s: %w", m.Id, err)
			}
		}
		items = append(items, seriesItem{id: m.Id, slug: m.GetString("slug")})
	}
	orgs, err := a.FindRecordsByFilter(schema.Organizations, "", "created", 1, 0)
	if err != nil || len(orgs) == 0 {
		return nil, acc, fmt.Errorf("no organization for the curator: %v", err)
	}
	secret := make([]byte, 12)
	_, _ = rand.Read(secret)
	acc = seriesAccount{email: "bench-curator@kopilka.example", password: hex.EncodeToString(secret)}
	users, err := a.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		return nil, acc, err
	}
	curator := core.NewRecord(users)
	curator.Set("email", acc.email)
	curator.Set("name", "Куратор бенчмарка")
	curator.Set("role", schema.RoleCurator)
	curator.Set("organization", orgs[0].Id)
	curator.SetPassword(acc.password)
	curator.SetVerified(true)
	if err := a.Save(curator); err != nil {
		return nil, acc, fmt.Errorf("curator: %w", err)
	}
	superusers, err := a.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return nil, acc, err
	}
	su := core.NewRecord(superusers)
	su.SetEmail("bench-admin@kopilka.example")
	su.SetPassword(acc.password)
	if err := a.Save(su); err != nil {
		return nil, acc, fmt.Errorf("superuser: %w", err)
	}
	return items, acc, nil
}

// runSeries starts exe as `kopilka serve` on dataDir and a free port on
// loopback, waits for its first build and for it to fall idle, then
// publishes the items one after another as acc, each as soon as the one
// before is live.
func runSeries(exe, dataDir string, settings sitesettings.Settings, items []seriesItem, acc seriesAccount) (series, error) {
	var s series
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return s, err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"serve", "--dir", dataDir, "--http", addr,
		"--municipality", settings.Municipality, "--base-url", settings.BaseURL, "--timezone", settings.Location.String()}
	cmd := exec.Command(exe, args...)
	// the test binary of internal/app doubles as kopilka with its
	// arguments in KOPILKA_TEST_MAIN (kopilka itself ignores it);
	// KOPILKA_BUILD_LOG has serve log each build's phases
	cmd.Env = append(os.Environ(), "KOPILKA_TEST_MAIN="+strings.Join(args, "\x1f"), "KOPILKA_BUILD_LOG=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return s, err
	}
	var logMu sync.Mutex
	var builds, tail []string
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			logMu.Lock()
			if rest, ok := strings.CutPrefix(line, publish.BuildLogPrefix); ok {
				builds = append(builds, rest)
			}
			tail = append(tail, line)
			if len(tail) > 20 {
				tail = tail[1:]
			}
			logMu.Unlock()
		}
	}()
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return s, fmt.Errorf("serve: %w", err)
	}
	exited := make(chan error, 1)
	go func() { <-logDone; exited <- cmd.Wait() }()
	failed := func(err error) (series, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return s, fmt.Errorf("%w; serve said:\n%s", err, strings.Join(tail, "\n"))
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	pid := cmd.Process.Pid
	base := "http://" + addr
	client := &http.Client{Timeout: 30 * time.Second}
	// the first build is a full one: minutes at 50,000 materials, most of
	// an hour at 200,000
	if err := waitFor(client, base+"/", 2*time.Hour, exited); err != nil {
		return failed(fmt.Errorf("serve's site never came up: %w", err))
	}
	s.StartTime = time.Since(started)
	waitIdle(pid, 5*time.Minute)
	logMu.Lock()
	firstBuilds := len(builds)
	logMu.Unlock()

	token, err := signIn(client, base, acc)
	if err != nil {
		return failed(err)
	}
	for i, it := range items {
		t0 := time.Now()
		if err := patchStatus(client, base, token, it.id, schema.StatusPublished); err != nil {
			return failed(fmt.Errorf("publish %d: %w", i+1, err))
		}
		if err := waitFor(client, base+"/materials/"+it.slug+"/", 10*time.Minute, exited); err != nil {
			return failed(fmt.Errorf("publish %d: the page never went live: %w", i+1, err))
		}
		s.Times = append(s.Times, time.Since(t0))
	}
	s.RSSAfter, _ = procStatus(pid, "VmRSS")
	waitIdle(pid, 5*time.Minute)
	s.RSSHeld, _ = procStatus(pid, "VmRSS")
	s.FileHeld, _ = procStatus(pid, "RssFile")
	s.PeakRSS, _ = procStatus(pid, "VmHWM")
	logMu.Lock()
	s.Builds = append(s.Builds, builds[firstBuilds:]...)
	logMu.Unlock()
	return s, nil
}

// waitFor asks for url every 10 ms until it answers 200.
func waitFor(client *http.Client, url string, limit time.Duration, exited <-chan error) error {
	deadline := time.Now().Add(limit)
	last := ""
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("serve exited: %v", err)
		default:
		}
		res, err := client.Get(url)
		if err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			last = res.Status
		} else {
			last = err.Error()
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("%s: no 200 in %s (last: %s)", url, limit, last)
}

// signIn signs the curator in through the REST API and returns her token.
func signIn(client *http.Client, base string, acc seriesAccount) (string, error) {
	body, _ := json.Marshal(map[string]string{"identity": acc.email, "password": acc.password})
	res, err := client.Post(base+"/api/collections/"+schema.Users+"/auth-with-password", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	defer res.Body.Close()
	var auth struct {
		Token string `json:"token"`
	}
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || json.Unmarshal(data, &auth) != nil || auth.Token == "" {
		return "", fmt.Errorf("sign in: %s %s", res.Status, data)
	}
	return auth.Token, nil
}

// patchStatus sets a material's status through the REST API, as the CMS
// and the JS SDK do.
func patchStatus(client *http.Client, base, token, id, status string) error {
	body, _ := json.Marshal(map[string]string{"status": status})
	req, err := http.NewRequest(http.MethodPatch, base+"/api/collections/"+schema.Materials+"/records/"+id, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("PATCH: %s %s", res.Status, data)
	}
	return nil
}

// procStatus reads a size field of /proc/PID/status (Linux), in bytes.
func procStatus(pid int, field string) (int64, error) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// cpuTicks is the CPU time a process has used, in clock ticks (Linux).
func cpuTicks(pid int) (int64, error) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, err
	}
	// the command name in parentheses may hold spaces
	rest := string(data)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+1:]
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return utime + stime, nil
}

// waitIdle waits until the process has used less than 3 % of a core for
// a second, or limit has passed.
func waitIdle(pid int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	prev, err := cpuTicks(pid)
	if err != nil {
		return
	}
	for time.Now().Before(deadline) {
		time.Sleep(time.Second)
		now, err := cpuTicks(pid)
		if err != nil {
			return
		}
		if now-prev <= 3 { // ticks are 10 ms
			return
		}
		prev = now
	}
}
