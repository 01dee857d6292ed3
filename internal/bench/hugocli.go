package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

// cliRun is one run of a command: its wall time, CPU times and peak
// resident memory, as the kernel counts them.
type cliRun struct {
	Wall, User, Sys time.Duration
	RSS             int64
}

// runTimed runs cmd to its end and measures it. The peak memory is the
// child's own high-water mark (VmHWM), read while it runs: the rusage of
// a child started by vfork, as Go starts it, counts the parent's resident
// memory from before the exec.
func runTimed(cmd *exec.Cmd) (cliRun, error) {
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return cliRun{}, err
	}
	var peak atomic.Int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
		for {
			if hwm := vmHWM(status); hwm > peak.Load() {
				peak.Store(hwm)
			}
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	<-sampled
	if err != nil {
		return cliRun{}, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, tail(out.String(), 2000))
	}
	r := cliRun{Wall: wall, RSS: peak.Load()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.User = time.Duration(ru.Utime.Nano())
		r.Sys = time.Duration(ru.Stime.Nano())
	}
	return r, nil
}

// vmHWM reads the peak resident memory of a process from its status
// file; 0 once it is gone.
func vmHWM(status string) int64 {
	data, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// cliSeries is the runs of one command.
type cliSeries []cliRun

func (s cliSeries) wall() []time.Duration {
	var out []time.Duration
	for _, r := range s {
		out = append(out, r.Wall)
	}
	return out
}

func (s cliSeries) medianWall() time.Duration { return percentile(s.wall(), 50) }
func (s cliSeries) maxWall() time.Duration    { return percentile(s.wall(), 100) }
func (s cliSeries) maxRSS() int64 {
	var m int64
	for _, r := range s {
		m = max(m, r.RSS)
	}
	return m
}
func (s cliSeries) medianUser() time.Duration {
	var ds []time.Duration
	for _, r := range s {
		ds = append(ds, r.User)
	}
	return percentile(ds, 50)
}
func (s cliSeries) medianSys() time.Duration {
	var ds []time.Duration
	for _, r := range s {
		ds = append(ds, r.Sys)
	}
	return percentile(ds, 50)
}

// hugoComparison is the full build as `kopilka build` runs it beside the
// hugo command building the same pages, each a process of its own.
type hugoComparison struct {
	Materials, Pages int
	Kopilka, Hugo    cliSeries
}

// compareWithHugo runs `kopilka build` on dataDir and the hugo command on
// the project of the same pages (sitegen.WriteHugoProject), alternately (A B A B …, so that the
// machine's drift falls on both), runs times each. The hugo command runs
// as its users run it: its own process, no memory limit, a fresh cache
// folder and destination each time. kopilka build runs as its users run
// it again and again: its first run draws the QR images and makes the
// event packs, the later ones find them in the installation's cache.
func compareWithHugo(kopilkaBin, hugoBin, dataDir string, settings sitesettings.Settings, site *sitegen.Site, project, work string, runs int) (hugoComparison, error) {
	var c hugoComparison
	// What a run wrote is removed after the last run: this file system
	// skips the inodes freed in the last 30 s when it creates files, so
	// removing a site right before the next run slows that run down
	var written []string
	defer func() {
		for _, d := range written {
			os.RemoveAll(d)
		}
	}()
	for i := 0; i < runs; i++ {
		out := filepath.Join(work, fmt.Sprintf("kopilka-build-%d", i))
		k := exec.Command(kopilkaBin, "build", "--dir", dataDir, "--out", out,
			"--municipality", settings.Municipality, "--base-url", settings.BaseURL, "--timezone", settings.Location.String())
		k.Env = os.Environ()
		kr, err := runTimed(k)
		written = append(written, out)
		if err != nil {
			return c, err
		}
		c.Kopilka = append(c.Kopilka, kr)

		out = filepath.Join(work, fmt.Sprintf("hugo-build-%d", i))
		cache := filepath.Join(work, fmt.Sprintf("hugo-cache-%d", i))
		h := exec.Command(hugoBin, append(sitegen.HugoCLIArgs(site, project, out), "--cacheDir", cache)...)
		h.Env = append(os.Environ(), sitegen.HugoCLIEnv(site)...)
		hr, err := runTimed(h)
		written = append(written, out, cache)
		if err != nil {
			return c, err
		}
		if i == 0 {
			c.Pages = countPages(out)
		}
		c.Hugo = append(c.Hugo, hr)
		fmt.Fprintf(os.Stderr, "run %d: kopilka build %s (user %s, sys %s, %s); hugo %s (user %s, sys %s, %s)\n", i+1,
			dur(kr.Wall), dur(kr.User), dur(kr.Sys), mb(uint64(kr.RSS)), dur(hr.Wall), dur(hr.User), dur(hr.Sys), mb(uint64(hr.RSS)))
	}
	return c, nil
}

// countPages counts the HTML pages of a built site.
func countPages(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			n++
		}
		return nil
	})
	return n
}

// printHugoComparison writes the table of the comparisons.
func printHugoComparison(w io.Writer, rows []hugoComparison) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "| full build beside the hugo command | runs | HTML pages | kopilka build first (cold) | median | max | user | sys | peak RSS | hugo median | max | user | sys | peak RSS | ratio of medians |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(w, "| %d materials | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f× |\n",
			r.Materials, len(r.Kopilka), r.Pages, dur(r.Kopilka[0].Wall),
			dur(r.Kopilka.medianWall()), dur(r.Kopilka.maxWall()), dur(r.Kopilka.medianUser()), dur(r.Kopilka.medianSys()), mb(uint64(r.Kopilka.maxRSS())),
			dur(r.Hugo.medianWall()), dur(r.Hugo.maxWall()), dur(r.Hugo.medianUser()), dur(r.Hugo.medianSys()), mb(uint64(r.Hugo.maxRSS())),
			r.Kopilka.medianWall().Seconds()/r.Hugo.medianWall().Seconds())
	}
}
