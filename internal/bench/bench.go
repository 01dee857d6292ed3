// Package bench measures kopilka on synthetic municipalities: import, full
// builds beside Hugo alone, publish → live, the API under load, page
// weight and search downloads; `kopilka bench` prints its table.
package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/memlimit"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
	"github.com/kopilka/kopilka/internal/synth"
)

// Options say what to measure.
type Options struct {
	Sizes      []int         // numbers of materials, each a synthetic municipality
	Seed       uint64        // of the synthetic data
	APITime    time.Duration // of load per API endpoint
	CPUProfile string        // a file for a CPU profile of the whole run, or ""
	APIOf      string        // measure only the API of this existing data folder, or ""
}

// Run measures what o asks for and prints a Markdown table to stdout;
// notes on where the time goes go to stderr.
func Run(o Options, stdout io.Writer) error {
	ns := append([]int(nil), o.Sizes...)
	sort.Ints(ns)
	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if o.APIOf != "" {
		return APIOf(o.APIOf, o.APITime, stdout)
	}
	fmt.Fprintf(stdout, "| materials | pages | import | full build | Hugo alone | ratio | peak heap | peak RSS | publish → live | API list req/s | API list p99 | API view req/s | API view p99 | material page | search download |\n")
	fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, n := range ns {
		row, err := benchOne(n, o.Seed, o.APITime)
		if err != nil {
			return fmt.Errorf("bench %d: %w", n, err)
		}
		fmt.Fprintln(stdout, row)
	}
	fmt.Fprintf(stdout, "\n%d CPUs, %s/%s, %s\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	return nil
}

// peakRSS reads the process's peak resident set size (Linux).
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "VmHWM:"), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// heapSampler records the largest heap in use while it runs.
func heapSampler() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); return peak.Load() }
}

func mb(n uint64) string { return fmt.Sprintf("%d MB", n>>20) }

func dur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func benchOne(n int, seed uint64, apiTime time.Duration) (string, error) {
	work, err := os.MkdirTemp("", "kopilka-bench-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	folder := filepath.Join(work, "data")
	if err := synth.Generate(folder, seed, synth.SizesFor(n)); err != nil {
		return "", err
	}
	a := core.NewBaseApp(core.BaseAppConfig{DataDir: filepath.Join(work, "pb_data")})
	if err := a.Bootstrap(); err != nil {
		return "", err
	}
	defer a.ResetBootstrapState()
	if err := a.RunAllMigrations(); err != nil {
		return "", err
	}
	if err := app.Register(a, app.Config{}); err != nil {
		return "", err
	}
	loc, _ := time.LoadLocation("Europe/Moscow")

	t0 := time.Now()
	if _, err := interchange.Import(a, folder, interchange.Options{TimeZone: loc}); err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	importTime := time.Since(t0)

	settings := sitesettings.Settings{Title: sitesettings.Title, Municipality: "Синтетский округ", BaseURL: "https://kopilka.example", Location: loc}
	runtime.GC()
	// the full build runs as `kopilka build` runs it
	previousLimit := debug.SetMemoryLimit(-1)
	memlimit.Apply()
	stopHeap := heapSampler()
	site, err := publish.Snapshot(a, settings)
	if err != nil {
		return "", err
	}
	out := filepath.Join(work, "site")
	stats, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: out})
	site.Close()
	peakHeap := stopHeap()
	buildRSS := peakRSS() // the import before it used less
	if err != nil {
		return "", err
	}
	fullTime := stats.Duration

	site, err = publish.Snapshot(a, settings)
	if err != nil {
		return "", err
	}
	floor, err := sitegen.BuildPagesOnly(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: filepath.Join(work, "floor")})
	site.Close()
	if err != nil {
		return "", err
	}

	// publish one material and time until its page is live
	builder := &publish.Builder{App: a, Theme: kopilka.SiteTheme, Root: filepath.Join(work, "pb_public"), Settings: settings, Built: memlimit.Fit}
	if err := builder.BuildNow(); err != nil {
		return "", err
	}
	drafts, err := a.FindRecordsByFilter(schema.Materials, "status = 'submitted' || status = 'draft'", "", 1, 0)
	if err != nil || len(drafts) == 0 {
		return "", fmt.Errorf("no draft to publish")
	}
	m := drafts[0]
	m.Set("status", schema.StatusPublished)
	t1 := time.Now()
	if err := a.Save(m); err != nil {
		return "", err
	}
	if err := builder.BuildNow(); err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(builder.Current(), "materials", m.GetString("slug"), "index.html")); err != nil {
		return "", fmt.Errorf("the published page is not live")
	}
	publishTime := time.Since(t1)
	// what serve holds between publishes: the live site's records, sums
	// and search terms, with no model of the pages
	runtime.GC()
	var held runtime.MemStats
	runtime.ReadMemStats(&held)
	debug.SetMemoryLimit(previousLimit)
	var phases []string
	for _, p := range builder.Status().Phases {
		phases = append(phases, p.Name+" "+dur(p.Duration))
	}
	fmt.Fprintf(os.Stderr, "%d materials: publish → live %s: %s; heap held after it %s\n", n, dur(publishTime), strings.Join(phases, ", "), mb(held.HeapAlloc))
	var fullPhases []string
	for _, p := range stats.Phases {
		fullPhases = append(fullPhases, p.Name+" "+dur(p.Duration))
	}
	fmt.Fprintf(os.Stderr, "%d materials: full build %s: %s\n", n, dur(fullTime), strings.Join(fullPhases, ", "))

	listRate, listP99, viewRate, viewP99, err := benchAPI(a, apiTime)
	if err != nil {
		return "", err
	}

	live := builder.Current()
	page := fileSize(filepath.Join(live, "materials", m.GetString("slug"), "index.html")) + fileSize(filepath.Join(live, "css", "site.css")) + fileSize(filepath.Join(live, "js", "site.js"))
	search := searchDownload(live, "дроби проценты")

	return fmt.Sprintf("| %d | %d | %s | %s | %s | %.2f× | %s | %s | %s | %.0f | %s | %.0f | %s | %d KB | %d KB |",
		n, stats.Pages, dur(importTime), dur(fullTime), dur(floor.Duration), fullTime.Seconds()/floor.Duration.Seconds(),
		mb(peakHeap), mb(uint64(buildRSS)), dur(publishTime), listRate, dur(listP99), viewRate, dur(viewP99), page>>10, search>>10), nil
}

func fileSize(p string) int64 {
	info, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return info.Size()
}

// benchAPI loads the REST API on loopback: a filtered, sorted list page
// and a single view, anonymous as a teacher opening the bank.
func benchAPI(a core.App, d time.Duration) (listRate float64, listP99 time.Duration, viewRate float64, viewP99 time.Duration, err error) {
	router, err := apis.NewRouter(a)
	if err != nil {
		return
	}
	var h http.Handler
	err = a.OnServe().Trigger(&core.ServeEvent{App: a, Router: router}, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		h = mux
		return err
	})
	if err != nil {
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Shutdown(context.Background())
	base := "http://" + ln.Addr().String()
	one, err := a.FindRecordsByFilter(schema.Materials, "status = 'published'", "", 1, 0)
	if err != nil || len(one) == 0 {
		return 0, 0, 0, 0, fmt.Errorf("no published material")
	}
	list := base + "/api/collections/materials/records?filter=" + url.QueryEscape("(status='published' && type='lesson-plan')") + "&sort=-published_at&perPage=20&skipTotal=1"
	view := base + "/api/collections/materials/records/" + one[0].Id
	listRate, listP99 = load(func(int) string { return list }, d)
	viewRate, viewP99 = load(func(int) string { return view }, d)
	// every request a URL of its own: what the cache cannot answer
	uncachedRate, uncachedP99 := load(func(i int) string { return list + "&n=" + strconv.Itoa(i) }, d)
	fmt.Fprintf(os.Stderr, "API list without the cache: %.0f req/s, p99 %s\n", uncachedRate, dur(uncachedP99))
	return
}

// APIOf measures the API of an existing data folder, without generating,
// importing or building anything.
func APIOf(dataDir string, d time.Duration, stdout io.Writer) error {
	a := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := a.Bootstrap(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer a.ResetBootstrapState()
	if err := app.Register(a, app.Config{}); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	n, err := a.CountRecords(schema.Materials)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	listRate, listP99, viewRate, viewP99, err := benchAPI(a, d)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(stdout, "| materials | API list req/s | API list p99 | API view req/s | API view p99 |\n|---|---|---|---|---|\n| %d | %.0f | %s | %.0f | %s |\n",
		n, listRate, dur(listP99), viewRate, dur(viewP99))
	return nil
}

// load sends requests from 32 workers for d, the i-th to target(i), and
// returns the rate and p99.
func load(target func(int) string, d time.Duration) (float64, time.Duration) {
	var sent atomic.Int64
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var lat []time.Duration
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t := time.Now()
				res, err := client.Get(target(int(sent.Add(1))))
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					mine = append(mine, time.Since(t))
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(lat) == 0 {
		return 0, 0
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return float64(len(lat)) / d.Seconds(), lat[len(lat)*99/100]
}

// searchDownload is what the browser's search loads for a query: the
// manifest, the chunks of its words and the document shards of the
// results it shows, as sitegen.Search works them out.
func searchDownload(site, query string) int64 {
	res, err := sitegen.Search(os.DirFS(site), query)
	if err != nil {
		return 0
	}
	var total int64
	for _, f := range res.Files {
		total += fileSize(filepath.Join(site, filepath.FromSlash(f)))
	}
	return total
}
