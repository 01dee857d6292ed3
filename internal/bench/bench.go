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

	"github.com/pocketbase/dbx"
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
	// Publishes is the length of the series of publishes through a
	// running `kopilka serve` (10 when zero).
	Publishes int
	// ServeBinary is the kopilka that serves the series: this one
	// (os.Executable) when "", another build of it to compare with.
	ServeBinary string
	// PublishOnly skips everything but the series: generate, import,
	// serve and publish.
	PublishOnly bool
	// HugoCLI is a hugo command (v0.165.0, built from the module proxy)
	// to run beside `kopilka build` on the same pages, CLIRuns times each
	// (3 when zero); "" to leave the comparison out.
	HugoCLI string
	CLIRuns int
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
	if o.Publishes <= 0 {
		o.Publishes = 10
	}
	if o.ServeBinary == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		o.ServeBinary = exe
	}
	var all []series
	var apiRows []uncachedRow
	var cliRows []hugoComparison
	if !o.PublishOnly {
		fmt.Fprintf(stdout, "| materials | pages | import | full build | Hugo alone | ratio | peak heap | peak RSS | publish → live | API list req/s | API list p99 | API view req/s | API view p99 | material page | search download, median / max of 5 queries |\n")
		fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	}
	for _, n := range ns {
		row, s, err := benchOne(n, o, &apiRows, &cliRows)
		if err != nil {
			return fmt.Errorf("bench %d: %w", n, err)
		}
		if row != "" {
			fmt.Fprintln(stdout, row)
		}
		all = append(all, s)
	}
	if !o.PublishOnly {
		fmt.Fprintln(stdout)
		printUncached(stdout, apiRows)
		fmt.Fprintln(stdout)
	}
	if len(cliRows) > 0 {
		printHugoComparison(stdout, cliRows)
		fmt.Fprintln(stdout)
	}
	// the rows of this table must not start as the first table's do
	fmt.Fprintf(stdout, "| publish → live through serve | publishes | median | max | first | serve RSS after | serve RSS idle (of it files mapped) | serve peak RSS |\n")
	fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|\n")
	for _, s := range all {
		fmt.Fprintf(stdout, "| %d materials | %d | %s | %s | %s | %s | %s (%s) | %s |\n", s.Materials, len(s.Times),
			dur(s.median()), dur(s.max()), dur(s.Times[0]), mb(uint64(s.RSSAfter)), mb(uint64(s.RSSHeld)), mb(uint64(s.FileHeld)), mb(uint64(s.PeakRSS)))
	}
	fmt.Fprintf(stdout, "\n%d CPUs, %s/%s, %s; serve: %s\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), o.ServeBinary)
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

// benchOne measures a municipality of n materials: the row of the first
// table (none with PublishOnly) and the series of publishes through serve.
func benchOne(n int, o Options, apiRows *[]uncachedRow, cliRows *[]hugoComparison) (string, series, error) {
	var s series
	work, err := os.MkdirTemp("", "kopilka-bench-*")
	if err != nil {
		return "", s, err
	}
	defer os.RemoveAll(work)
	folder := filepath.Join(work, "data")
	if err := synth.Generate(folder, o.Seed, synth.SizesFor(n)); err != nil {
		return "", s, err
	}
	dataDir := filepath.Join(work, "pb_data")
	a := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := a.Bootstrap(); err != nil {
		return "", s, err
	}
	closed := false
	defer func() {
		if !closed {
			a.ResetBootstrapState()
		}
	}()
	if err := a.RunAllMigrations(); err != nil {
		return "", s, err
	}
	if err := app.Register(a, app.Config{}); err != nil {
		return "", s, err
	}
	loc, _ := time.LoadLocation("Europe/Moscow")

	t0 := time.Now()
	if _, err := interchange.Import(a, folder, interchange.Options{TimeZone: loc}); err != nil {
		return "", s, fmt.Errorf("import: %w", err)
	}
	importTime := time.Since(t0)
	fmt.Fprintf(os.Stderr, "%d materials: imported in %s (the bench's peak RSS so far %s)\n", n, dur(importTime), mb(uint64(peakRSS())))
	settings := sitesettings.Settings{Title: sitesettings.Title, Municipality: "Синтетский округ", BaseURL: "https://kopilka.example", Location: loc}

	var row func(publish time.Duration) string
	if !o.PublishOnly {
		if row, err = inProcess(a, work, n, settings, importTime, o.APITime, apiRows); err != nil {
			return "", s, err
		}
	}

	// publish → live as a curator waits for it: through a running serve
	items, acc, err := prepareSeries(a, o.Publishes)
	if err != nil {
		return "", s, fmt.Errorf("series: %w", err)
	}
	var cliSite *sitegen.Site
	project := filepath.Join(work, "hugo-project")
	if o.HugoCLI != "" {
		if cliSite, err = publish.Snapshot(a, settings); err != nil {
			return "", s, err
		}
		err = sitegen.WriteHugoProject(cliSite, sitegen.Options{Theme: kopilka.SiteTheme}, project)
		cliSite.Close()
		if err != nil {
			return "", s, fmt.Errorf("hugo project: %w", err)
		}
	}
	a.ResetBootstrapState() // serve opens the data folder now
	closed = true
	if o.HugoCLI != "" {
		runs := o.CLIRuns
		if runs <= 0 {
			runs = 3
		}
		cmp, err := compareWithHugo(o.ServeBinary, o.HugoCLI, dataDir, settings, cliSite, project, work, runs)
		if err != nil {
			return "", s, fmt.Errorf("beside the hugo command: %w", err)
		}
		cmp.Materials = n
		*cliRows = append(*cliRows, cmp)
		os.RemoveAll(project)
	}
	s, err = runSeries(o.ServeBinary, dataDir, settings, items, acc)
	if err != nil {
		return "", s, fmt.Errorf("series: %w", err)
	}
	s.Materials = n
	var times []string
	for _, t := range s.Times {
		times = append(times, dur(t))
	}
	fmt.Fprintf(os.Stderr, "%d materials: serve up in %s; %d publishes → live: %s (median %s, max %s); serve resident %s after, %s idle, peak %s\n",
		n, dur(s.StartTime), len(s.Times), strings.Join(times, ", "), dur(s.median()), dur(s.max()), mb(uint64(s.RSSAfter)), mb(uint64(s.RSSHeld)), mb(uint64(s.PeakRSS)))
	for i, b := range s.Builds {
		fmt.Fprintf(os.Stderr, "%d materials: serve's build %d after the first: %s\n", n, i+1, b)
	}
	if row == nil {
		return "", s, nil
	}
	return row(s.median()), s, nil
}

// inProcess measures the full build, Hugo alone, the API, page weight and
// search in this process, and returns the first table's row but for the
// publish → live the series measures.
func inProcess(a core.App, work string, n int, settings sitesettings.Settings, importTime, apiTime time.Duration, apiRows *[]uncachedRow) (func(time.Duration) string, error) {
	runtime.GC()
	// the full build runs as `kopilka build` runs it
	previousLimit := debug.SetMemoryLimit(-1)
	memlimit.Apply()
	stopHeap := heapSampler()
	site, err := publish.Snapshot(a, settings)
	if err != nil {
		return nil, err
	}
	out := filepath.Join(work, "site")
	stats, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: out})
	site.Close()
	peakHeap := stopHeap()
	buildRSS := peakRSS() // the import before it used less
	if err != nil {
		return nil, err
	}
	fullTime := stats.Duration

	site, err = publish.Snapshot(a, settings)
	if err != nil {
		return nil, err
	}
	floor, err := sitegen.BuildPagesOnly(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: filepath.Join(work, "floor")})
	site.Close()
	debug.SetMemoryLimit(previousLimit)
	if err != nil {
		return nil, err
	}
	os.RemoveAll(filepath.Join(work, "floor"))
	var fullPhases []string
	for _, p := range stats.Phases {
		fullPhases = append(fullPhases, p.Name+" "+dur(p.Duration))
	}
	fmt.Fprintf(os.Stderr, "%d materials: full build %s: %s\n", n, dur(fullTime), strings.Join(fullPhases, ", "))

	list, view, uncached, err := benchAPI(a, apiTime)
	if err != nil {
		return nil, err
	}
	*apiRows = append(*apiRows, uncachedRow{n, uncached})

	one, err := a.FindRecordsByFilter(schema.Materials, "status = 'published'", "created", 1, 0)
	if err != nil || len(one) == 0 {
		return nil, fmt.Errorf("no published material")
	}
	page := fileSize(filepath.Join(out, "materials", one[0].GetString("slug"), "index.html")) + fileSize(filepath.Join(out, "css", "site.css")) + fileSize(filepath.Join(out, "js", "site.js"))
	var searches []int64
	for _, q := range teacherQueries {
		searches = append(searches, searchDownload(out, q))
	}
	search := fmt.Sprintf("%d / %d KB", percentile(searches, 50)>>10, percentile(searches, 100)>>10)
	os.RemoveAll(out)

	return func(publishTime time.Duration) string {
		return fmt.Sprintf("| %d | %d | %s | %s | %s | %.2f× | %s | %s | %s | %.0f | %s | %.0f | %s | %d KB | %s |",
			n, stats.Pages, dur(importTime), dur(fullTime), dur(floor.Duration), fullTime.Seconds()/floor.Duration.Seconds(),
			mb(peakHeap), mb(uint64(buildRSS)), dur(publishTime), list.Rate, dur(list.P99), view.Rate, dur(view.P99), page>>10, search)
	}, nil
}

func fileSize(p string) int64 {
	info, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return info.Size()
}

// benchAPI loads the REST API on loopback: a filtered, sorted list page
// and a single view, anonymous as a teacher opening the bank, then the
// uncached series (apiSeries).
func benchAPI(a core.App, d time.Duration) (list, view loadStats, uncached []seriesStats, err error) {
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
	// as in a server that has been up a while: serve keeps the encodings
	// of the public items, made in the background once it starts
	warming := time.Now()
	waitIdle(os.Getpid(), 5*time.Minute)
	fmt.Fprintf(os.Stderr, "API: the public items were kept in %s\n", time.Since(warming).Round(time.Second))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return
	}
	// a series starts when the server has finished the requests of the
	// one before, those its clients gave up on included
	var busy atomic.Int64
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		busy.Add(1)
		defer busy.Add(-1)
		h.ServeHTTP(w, r)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Shutdown(context.Background())
	settle := func() {
		for t := time.Now(); busy.Load() > 0 && time.Since(t) < time.Minute; {
			time.Sleep(10 * time.Millisecond)
		}
	}
	base := "http://" + ln.Addr().String()
	one, err := a.FindRecordsByFilter(schema.Materials, "status = 'published'", "", 1, 0)
	if err != nil || len(one) == 0 {
		err = fmt.Errorf("no published material")
		return
	}
	listURL := base + "/api/collections/materials/records?filter=" + url.QueryEscape("(status='published' && type='lesson-plan')") + "&sort=-published_at&perPage=20&skipTotal=1"
	viewURL := base + "/api/collections/materials/records/" + one[0].Id
	list = load(func(int) string { return listURL }, d)
	settle()
	view = load(func(int) string { return viewURL }, d)
	series, err := apiSeries(a)
	if err != nil {
		return
	}
	for _, s := range series {
		settle()
		st := seriesStats{Name: s.name, loadStats: load(func(i int) string {
			// every request a URL of its own: what the cache cannot answer
			return base + s.target(i) + "&n=" + strconv.Itoa(i)
		}, d)}
		fmt.Fprintf(os.Stderr, "API uncached, %s: %.0f req/s, median %s, p99 %s", st.Name, st.Rate, ms(st.Median), ms(st.P99))
		if st.Failed > 0 {
			fmt.Fprintf(os.Stderr, " (%d answers not 200)", st.Failed)
		}
		fmt.Fprintln(os.Stderr)
		uncached = append(uncached, st)
	}
	return
}

// apiCall is one series of anonymous list requests: target(i) is the
// path and query of the i-th.
type apiCall struct {
	name   string
	target func(i int) string
}

// apiSeries are the anonymous lists readers and other sites ask for, as
// the site would ask (20 a page, newest first, no totals): paging through
// the whole list of materials and of practices, a page after another, and
// the first page of materials filtered by type, subject, level, school and
// combinations of them, a filter after another.
func apiSeries(a core.App) ([]apiCall, error) {
	const perPage = 20
	const common = "&perPage=20&sort=-published_at&skipTotal=1"
	pages := func(collection string) (int, error) {
		n, err := a.CountRecords(collection, dbx.HashExp{"status": "published"})
		return max(1, int((n+perPage-1)/perPage)), err
	}
	// the values readers pick from are those the published materials have:
	// a filter that finds nothing is throttled by PocketBase (up to 0.5 s,
	// against timing attacks), which measures nothing of the server
	var subjects, levels, orgs []string
	err := a.DB().NewQuery("SELECT DISTINCT j.value FROM materials m, json_each(m.subjects) j WHERE m.status = 'published' ORDER BY 1").Column(&subjects)
	if err != nil {
		return nil, err
	}
	err = a.DB().NewQuery("SELECT DISTINCT j.value FROM materials m, json_each(m.levels) j WHERE m.status = 'published' ORDER BY 1").Column(&levels)
	if err != nil {
		return nil, err
	}
	err = a.DB().NewQuery("SELECT organization FROM materials WHERE status = 'published' GROUP BY organization ORDER BY count(*) DESC, organization LIMIT 20").Column(&orgs)
	if err != nil {
		return nil, err
	}
	// combinations of what one published material has, sixty of them
	var combos []struct {
		Type         string `db:"type"`
		Organization string `db:"organization"`
		Subject      string `db:"subject"`
		Level        string `db:"level"`
	}
	err = a.DB().NewQuery("SELECT type, organization, json_extract(subjects, '$[0]') AS subject, json_extract(levels, '$[0]') AS level FROM materials " +
		"WHERE status = 'published' AND json_array_length(subjects) > 0 AND json_array_length(levels) > 0 ORDER BY id LIMIT 60").All(&combos)
	if err != nil {
		return nil, err
	}
	if len(subjects) == 0 || len(levels) == 0 || len(orgs) == 0 || len(combos) == 0 {
		return nil, fmt.Errorf("no published material with a subject, a level and a school")
	}
	types := schema.MaterialTypes
	filtered := func(name string, filter func(i int) string) apiCall {
		return apiCall{name: name, target: func(i int) string {
			return "/api/collections/materials/records?page=1" + common + "&filter=" + url.QueryEscape(filter(i))
		}}
	}
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }
	var calls []apiCall
	for _, c := range []string{schema.Materials, schema.Practices} {
		n, err := pages(c)
		if err != nil {
			return nil, err
		}
		path := "/api/collections/" + c + "/records?page="
		calls = append(calls, apiCall{name: c + " paged (" + strconv.Itoa(n) + " pages)", target: func(i int) string {
			return path + strconv.Itoa(1+i%n) + common
		}})
	}
	calls = append(calls,
		filtered("materials by type", func(i int) string { return "type=" + q(types[i%len(types)]) }),
		filtered("materials by subject", func(i int) string { return "subjects~" + q(subjects[i%len(subjects)]) }),
		filtered("materials by level", func(i int) string { return "levels~" + q(levels[i%len(levels)]) }),
		filtered("materials by school", func(i int) string { return "organization=" + q(orgs[i%len(orgs)]) }),
		filtered("materials by combinations", func(i int) string {
			c := combos[i/3%len(combos)]
			switch i % 3 {
			case 0:
				return "type=" + q(c.Type) + " && subjects~" + q(c.Subject)
			case 1:
				return "levels~" + q(c.Level) + " && subjects~" + q(c.Subject)
			default:
				return "organization=" + q(c.Organization) + " && type=" + q(c.Type)
			}
		}),
	)
	return calls, nil
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
	list, view, uncached, err := benchAPI(a, d)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(stdout, "| materials | API list req/s | API list p99 | API view req/s | API view p99 |\n|---|---|---|---|---|\n| %d | %.0f | %s | %.0f | %s |\n\n",
		n, list.Rate, dur(list.P99), view.Rate, dur(view.P99))
	printUncached(stdout, []uncachedRow{{int(n), uncached}})
	return nil
}

// uncachedRow is the uncached series of one municipality.
type uncachedRow struct {
	materials int
	series    []seriesStats
}

// printUncached prints the table of the uncached series.
func printUncached(w io.Writer, rows []uncachedRow) {
	fmt.Fprintf(w, "| API uncached, anonymous | materials | req/s | median | p99 |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		for _, s := range r.series {
			fmt.Fprintf(w, "| %s | %d | %.0f | %s | %s |\n", s.Name, r.materials, s.Rate, ms(s.Median), ms(s.P99))
		}
	}
}

// ms prints a latency to a tenth of a millisecond.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// loadStats is what load measured: answers 200 a second, their median and
// p99 latency, and how many answers were not 200.
type loadStats struct {
	Rate        float64
	Median, P99 time.Duration
	Failed      int
}

// seriesStats is a named loadStats.
type seriesStats struct {
	Name string
	loadStats
}

// load sends requests from 32 workers for d, the i-th to target(i); the
// rate counts the time until the last answer came.
func load(target func(int) string, d time.Duration) loadStats {
	var sent atomic.Int64
	var failed atomic.Int64
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var lat []time.Duration
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t := time.Now()
				res, err := client.Get(target(int(sent.Add(1) - 1)))
				if err != nil {
					failed.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					mine = append(mine, time.Since(t))
				} else {
					failed.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	st := loadStats{Failed: int(failed.Load())}
	if len(lat) == 0 {
		return st
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	st.Rate = float64(len(lat)) / elapsed.Seconds()
	st.Median, st.P99 = lat[len(lat)/2], lat[len(lat)*99/100]
	return st
}

// teacherQueries are what teachers type: common subject words and
// two-word phrases that find documents in the synthetic municipality.
var teacherQueries = []string{"финансовая грамотность", "проектная деятельность", "урок математика", "ИОМ", "дроби проценты"}

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
