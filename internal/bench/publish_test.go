package bench

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/memlimit"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitesettings"
	"github.com/kopilka/kopilka/internal/synth"
)

// TestPublishSeriesInProcess runs the series of `kopilka bench` — ten
// materials published one after another, each as soon as the last is
// live — on the builder as serve runs it, in this process, so that a CPU
// profile shows where a publish's time goes: that of the series alone
// (with the builder's background work beside it) goes to
// KOPILKA_PUBLISH_PROFILE, and the heap it holds after the series to
// KOPILKA_PUBLISH_HEAP. It runs only when asked:
//
//	KOPILKA_PUBLISH_SIZES=10000 KOPILKA_PUBLISH_PROFILE=/tmp/publish.pprof go test ./internal/bench -run TestPublishSeriesInProcess -v -timeout 30m
//	go tool pprof -top /tmp/publish.pprof
func TestPublishSeriesInProcess(t *testing.T) {
	sizes := os.Getenv("KOPILKA_PUBLISH_SIZES")
	if sizes == "" {
		t.Skip("set KOPILKA_PUBLISH_SIZES=10000 to measure")
	}
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			t.Fatalf("KOPILKA_PUBLISH_SIZES: %v", err)
		}
		publishSeriesInProcess(t, n, 10)
	}
}

func publishSeriesInProcess(t *testing.T, n, publishes int) {
	work := t.TempDir()
	folder := filepath.Join(work, "data")
	if err := synth.Generate(folder, 1, synth.SizesFor(n)); err != nil {
		t.Fatal(err)
	}
	a := core.NewBaseApp(core.BaseAppConfig{DataDir: filepath.Join(work, "pb_data")})
	if err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer a.ResetBootstrapState()
	if err := a.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}
	if err := app.Register(a, app.Config{}); err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := interchange.Import(a, folder, interchange.Options{TimeZone: loc}); err != nil {
		t.Fatal(err)
	}
	items, _, err := prepareSeries(a, publishes)
	if err != nil {
		t.Fatal(err)
	}
	settings := sitesettings.Settings{Title: sitesettings.Title, Municipality: "Синтетский округ", BaseURL: "https://kopilka.example", Location: loc}
	memlimit.Apply() // as serve does
	root := filepath.Join(work, "pb_public")
	b := &publish.Builder{App: a, Theme: kopilka.SiteTheme, Root: root, Settings: settings, Built: (&memlimit.Fitter{}).Fit}
	defer b.Close()
	if err := b.BuildNow(); err != nil {
		t.Fatal(err)
	}
	if f := profileFile(t, "KOPILKA_PUBLISH_PROFILE"); f != nil {
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	var times []time.Duration
	phases := map[string][]time.Duration{}
	var order []string
	for i, it := range items {
		t0 := time.Now()
		r, err := a.FindRecordById(schema.Materials, it.id)
		if err != nil {
			t.Fatal(err)
		}
		r.Set("status", schema.StatusPublished)
		if err := a.Save(r); err != nil {
			t.Fatal(err)
		}
		if err := b.BuildNow(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(b.Current(), "materials", it.slug, "index.html")); err != nil {
			t.Fatalf("publish %d: the page is not live", i+1)
		}
		times = append(times, time.Since(t0))
		for _, ph := range b.Status().Phases {
			if _, ok := phases[ph.Name]; !ok {
				order = append(order, ph.Name)
			}
			phases[ph.Name] = append(phases[ph.Name], ph.Duration)
		}
	}
	if f := profileFile(t, "KOPILKA_PUBLISH_HEAP"); f != nil {
		// what the live site holds between publishes, as serve does
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			t.Fatal(err)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var each []string
	for _, d := range times {
		each = append(each, dur(d))
	}
	t.Logf("%d materials: %d publishes in process: %s; median %s, max %s", n, len(times), strings.Join(each, ", "), dur(percentile(times, 50)), dur(percentile(times, 100)))
	var parts []string
	for _, name := range order {
		parts = append(parts, name+" "+dur(percentile(phases[name], 50))+" (max "+dur(percentile(phases[name], 100))+")")
	}
	t.Logf("%d materials: phases, median (max): %s; heap in use %d MB", n, strings.Join(parts, ", "), ms.HeapInuse>>20)
}

// profileFile creates the file the environment variable env names, closed
// when t ends; nil when env names none.
func profileFile(t *testing.T, env string) *os.File {
	p := os.Getenv(env)
	if p == "" {
		return nil
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
