package sitegen

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/hugolib"

	kopilka "github.com/kopilka/kopilka"
)

// TestHugoModel measures whether Hugo's own incremental model could replace
// kopilka's design of full builds in parts and live builds of the changed
// pages only. The long-lived model keeps one *hugolib.HugoSites of the
// whole site in memory, in watch mode as `hugo server` runs it, and has it
// rebuild from file events; today's design is sitegen.Build (Hugo runs of
// DefaultPagesPerRun content files each) and Live.Build (a fresh Hugo for
// the changed pages, nothing kept between builds). Both get the same
// synthetic site, the same generated content and the same layouts.
//
// For each size it reports:
//
//   - full build: sitegen.Build against one Hugo run of a project of all
//     the content files (the long-lived model's first build);
//   - publish → rendered: one material's title and update time change, until
//     its page's HTML is written. Both times include generating every
//     content file and finding those that differ (the "content" step, the
//     same code in both); then Live.Build's Hugo step, or writing the
//     changed files into the project and HugoSites.Build with a Write event
//     for each (commands/hugobuilder.go, rebuildSites). Live.Build's whole
//     time, with feeds, search index and publishing the build folder, is
//     reported beside it; the long-lived model would need those steps too;
//   - heap held: HeapInuse and HeapAlloc after runtime.GC with the
//     long-lived HugoSites still referenced, less the same after it is
//     closed and dropped; for Live, that less the heap before any build.
//
// It also counts the files each rebuild of the long-lived model wrote, and
// compares every file it wrote with the same file of Live's last build.
//
// Hugo v0.165.0 re-reads only the first changed file of a folder in one
// Build (hugolib/pages_capture.go, collectDir dedupes on the folder; fixed
// upstream by gohugoio/hugo#15331): `hugo server`'s single Build with all
// the events leaves the other pages with their old content, and a publish
// changes several files of content/materials/ (the related materials'
// cards). By default the events are therefore given in as many Builds as
// the most changed files of one folder, each with at most one file a
// folder; KOPILKA_HUGO_MODEL_BATCH=one gives them all to one Build, as
// `hugo server` does, and counts the stale pages that leaves.
//
// Builds are interleaved, A B then B A, because the machine is shared. It
// is skipped unless KOPILKA_HUGO_MODEL is set ("1" for 1,000 and 10,000
// materials, or a list of sizes):
//
//	KOPILKA_HUGO_MODEL=1 go test ./internal/sitegen -run TestHugoModel -v -timeout 60m
//
// KOPILKA_HUGO_MODEL_PUBLISHES sets the publishes per model (9) and
// KOPILKA_HUGO_MODEL_FULL the full builds per model (3). Figures are in
// BENCHMARKS.md.
func TestHugoModel(t *testing.T) {
	spec := os.Getenv("KOPILKA_HUGO_MODEL")
	if spec == "" {
		t.Skip("set KOPILKA_HUGO_MODEL=1 (or a list of sizes) to measure Hugo's own incremental model")
	}
	sizes := []int{1000, 10000}
	if spec != "1" {
		sizes = nil
		for _, f := range strings.Split(spec, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 10 {
				t.Fatalf("KOPILKA_HUGO_MODEL: bad size %q", f)
			}
			sizes = append(sizes, n)
		}
	}
	publishes, fulls := envInt(t, "KOPILKA_HUGO_MODEL_PUBLISHES", 9), envInt(t, "KOPILKA_HUGO_MODEL_FULL", 3)
	oneBuild := false
	switch b := os.Getenv("KOPILKA_HUGO_MODEL_BATCH"); b {
	case "", "folder":
	case "one":
		oneBuild = true
	default:
		t.Fatalf("KOPILKA_HUGO_MODEL_BATCH: %q is neither folder nor one", b)
	}
	if os.Getenv("HUGO_MEMORYLIMIT") == "" {
		t.Setenv("HUGO_MEMORYLIMIT", "0.5") // as serve tells Hugo (internal/app/memlimit.go)
	}
	var rows []string
	for _, n := range sizes {
		rows = append(rows, measureHugoModel(t, n, publishes, fulls, oneBuild)...)
	}
	fmt.Printf("\n| materials | model | full build: whole (Hugo) median | max | publish → rendered median | max | of it Hugo median | max | whole publish median | Builds a publish | files written a publish | stale: publishes, files | heap held: in use (alloc) |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Println(r)
	}
	fmt.Printf("\n%d CPUs, %s/%s, %s; %d publishes and %d full builds per model, interleaved; HUGO_MEMORYLIMIT=%s\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), publishes, fulls, os.Getenv("HUGO_MEMORYLIMIT"))
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s: bad number %q", name, v)
	}
	return n
}

// measureHugoModel runs both models at n materials and returns their rows
// of the table.
func measureHugoModel(t *testing.T, n, publishes, fulls int, oneBuild bool) []string {
	root := t.TempDir()
	opts := Options{Theme: kopilka.SiteTheme}
	s := modelSite(t, n)
	baseInuse, baseAlloc := heldHeap()

	// full builds, interleaved; the long-lived model keeps its last
	var partsWhole, partsHugo, oneWhole, oneHugo []time.Duration
	var model *hugoModel
	for r := 0; r < fulls; r++ {
		parts := func() {
			out := filepath.Join(root, fmt.Sprintf("full-%d", r))
			st, err := Build(s, Options{Theme: kopilka.SiteTheme, Out: out})
			if err != nil {
				t.Fatal(err)
			}
			partsWhole, partsHugo = append(partsWhole, st.Duration), append(partsHugo, phase(st, "hugo"))
			os.RemoveAll(out)
		}
		one := func() {
			if model != nil {
				model.close()
			}
			var err error
			var content, hugo time.Duration
			model, content, hugo, err = newHugoModel(filepath.Join(root, fmt.Sprintf("model-%d", r)), s, opts)
			if err != nil {
				t.Fatal(err)
			}
			model.oneBuild = oneBuild
			oneWhole, oneHugo = append(oneWhole, content+hugo), append(oneHugo, hugo)
		}
		if r%2 == 0 {
			parts()
			one()
		} else {
			one()
			parts()
		}
		t.Logf("%d materials, full build %d: parts %v (Hugo %v), one run %v (Hugo %v)", n, r+1,
			partsWhole[r].Round(time.Millisecond), partsHugo[r].Round(time.Millisecond),
			oneWhole[r].Round(time.Millisecond), oneHugo[r].Round(time.Millisecond))
	}
	defer func() {
		if model != nil {
			model.close()
		}
	}()
	if !model.hs.h.Conf.Watching() {
		t.Fatal("the long-lived Hugo is not in watch mode")
	}
	modelInuse, modelAlloc := heldHeap()
	t.Logf("%d materials: heap with the long-lived Hugo after its first build: %d MB in use, %d MB allocated (before builds %d, %d)",
		n, modelInuse>>20, modelAlloc>>20, baseInuse>>20, baseAlloc>>20)

	live := NewLive(filepath.Join(root, "live"), opts)
	defer live.Close()
	if _, err := live.Build(s, filepath.Join(root, "b0")); err != nil {
		t.Fatal(err)
	}

	var liveRendered, liveHugo, liveWhole, modelRendered, modelHugo []time.Duration
	var written, builds []int
	stalePublishes := 0
	for i := 0; i < publishes; i++ {
		k := (i*7919 + 13) % n
		m := &s.Materials[k]
		m.Title = fmt.Sprintf("Урок %d: новая редакция %d", k, i)
		m.Updated = s.Now.Add(time.Duration(i+1) * time.Minute)
		pagePath := filepath.Join("materials", m.Slug, "index.html")
		a := func() {
			if i > 0 {
				live.Recycle(filepath.Join(root, fmt.Sprintf("b%d", i-1))) // as serve does a minute later
			}
			out := filepath.Join(root, fmt.Sprintf("b%d", i+1))
			st, err := live.Build(s, out)
			if err != nil {
				t.Fatal(err)
			}
			mustShow(t, filepath.Join(out, pagePath), m.Title)
			liveRendered = append(liveRendered, phase(st, "content")+phase(st, "hugo"))
			liveHugo, liveWhole = append(liveHugo, phase(st, "hugo")), append(liveWhole, st.Duration)
		}
		b := func() {
			content, hugo, files, err := model.publish(s)
			if err != nil {
				t.Fatal(err)
			}
			if data, err := os.ReadFile(filepath.Join(model.out, pagePath)); err != nil || !bytes.Contains(data, []byte(m.Title)) {
				stalePublishes++
				t.Errorf("%d materials, publish %d: the long-lived model's %s does not show %q", n, i+1, pagePath, m.Title)
			}
			modelRendered, modelHugo, written = append(modelRendered, content+hugo), append(modelHugo, hugo), append(written, files)
			builds = append(builds, model.lastBuilds)
		}
		if i%2 == 0 {
			a()
			b()
		} else {
			b()
			a()
		}
		t.Logf("%d materials, publish %d: live %v (content+Hugo %v, Hugo %v); long-lived %v (Hugo %v in %d Builds, %d files written, %d content files changed)",
			n, i+1, liveWhole[i].Round(time.Millisecond), liveRendered[i].Round(time.Millisecond), liveHugo[i].Round(time.Millisecond),
			modelRendered[i].Round(time.Millisecond), modelHugo[i].Round(time.Millisecond), builds[i], written[i], model.lastChanged)
	}
	same, differ := sameOutputs(t, model.out, filepath.Join(root, fmt.Sprintf("b%d", publishes)))
	t.Logf("%d materials: of the %d files the long-lived Hugo wrote, %d differ from Live's last build", n, same+differ, differ)
	if differ > 0 {
		t.Errorf("%d materials: the long-lived model's site differs from Live's in %d files", n, differ)
	}
	name := "one long-lived HugoSites, watch mode, one Build a folder's file"
	if oneBuild {
		name = "one long-lived HugoSites, watch mode, one Build (as hugo server)"
	}

	bothInuse, bothAlloc := heldHeap()
	model.close()
	model = nil
	liveInuse, liveAlloc := heldHeap()
	t.Logf("%d materials: heap with both %d MB in use (%d allocated); Live only %d (%d); before builds %d (%d)",
		n, bothInuse>>20, bothAlloc>>20, liveInuse>>20, liveAlloc>>20, baseInuse>>20, baseAlloc>>20)

	held := func(a, b uint64) string {
		if a < b {
			return "0"
		}
		return strconv.FormatUint((a-b)>>20, 10)
	}
	return []string{
		fmt.Sprintf("| %d | parts + changed pages (today) | %s (%s) | %s (%s) | %s | %s | %s | %s | %s | 1 | — | reference | %s MB (%s MB) |", n,
			ms(median(partsWhole)), ms(median(partsHugo)), ms(slices.Max(partsWhole)), ms(slices.Max(partsHugo)),
			ms(median(liveRendered)), ms(slices.Max(liveRendered)), ms(median(liveHugo)), ms(slices.Max(liveHugo)),
			ms(median(liveWhole)), held(liveInuse, baseInuse), held(liveAlloc, baseAlloc)),
		fmt.Sprintf("| %d | %s | %s (%s) | %s (%s) | %s | %s | %s | %s | — | %d–%d | %d–%d | %d of %d, %d | %s MB (%s MB) |", n, name,
			ms(median(oneWhole)), ms(median(oneHugo)), ms(slices.Max(oneWhole)), ms(slices.Max(oneHugo)),
			ms(median(modelRendered)), ms(slices.Max(modelRendered)), ms(median(modelHugo)), ms(slices.Max(modelHugo)),
			slices.Min(builds), slices.Max(builds), slices.Min(written), slices.Max(written),
			stalePublishes, publishes, differ, held(bothInuse, liveInuse), held(bothAlloc, liveAlloc)),
	}
}

// hugoModel is the long-lived model: one Hugo project of the whole site on
// disk and its HugoSites in memory, rebuilt from file events.
type hugoModel struct {
	project, out string
	hs           *hugoSites
	sums         map[string][32]byte  // content files in the project
	mtimes       map[string]time.Time // files Hugo wrote → when
	oneBuild     bool                 // all events in one Build, as hugo server gives them
	lastChanged  int                  // content files the last publish changed
	lastBuilds   int                  // Builds it took
}

// newHugoModel writes a project of all the site's content files into dir
// and builds it once, returning how long generating and writing the
// content took and how long Hugo took.
func newHugoModel(dir string, s *Site, opts Options) (*hugoModel, time.Duration, time.Duration, error) {
	started := time.Now()
	theme, err := themeTree(opts)
	if err != nil {
		return nil, 0, 0, err
	}
	content, err := generate(s, newCalendar(s), nil, nil)
	if err != nil {
		return nil, 0, 0, err
	}
	sums := make(map[string][32]byte, len(content.files))
	for rel := range content.files {
		sums[rel] = content.sum(rel)
	}
	projects, err := writeProjects(dir, theme, content, len(content.files)+1)
	if err != nil {
		return nil, 0, 0, err
	}
	if len(projects) != 1 {
		return nil, 0, 0, fmt.Errorf("%d projects, want one", len(projects))
	}
	contentTime := time.Since(started)
	started = time.Now()
	m := &hugoModel{project: projects[0], out: filepath.Join(dir, "out"), sums: sums}
	if m.hs, err = loadHugo(m.project, m.out, s, opts, true); err != nil {
		return nil, 0, 0, err
	}
	if err := m.hs.build(); err != nil {
		m.close()
		return nil, 0, 0, err
	}
	hugoTime := time.Since(started)
	if _, err := m.snapshot(); err != nil {
		m.close()
		return nil, 0, 0, err
	}
	return m, contentTime, hugoTime, nil
}

func (m *hugoModel) close() { m.hs.close() }

// publish brings the project up to date with s — the content files that
// differ written, those gone removed — and has Hugo rebuild from the file
// events, as `hugo server` does. It returns the time of the first step,
// that of Hugo's and the number of files Hugo wrote.
func (m *hugoModel) publish(s *Site) (time.Duration, time.Duration, int, error) {
	started := time.Now()
	content, err := generate(s, newCalendar(s), nil, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	var events []fsnotify.Event
	for rel := range content.files {
		sum := content.sum(rel)
		old, had := m.sums[rel]
		if had && old == sum {
			continue
		}
		p := filepath.Join(m.project, filepath.FromSlash(rel))
		if err := writeFile(p, content.files[rel]); err != nil {
			return 0, 0, 0, err
		}
		m.sums[rel] = sum
		op := fsnotify.Write
		if !had {
			op = fsnotify.Create
		}
		events = append(events, fsnotify.Event{Name: p, Op: op})
	}
	for rel := range m.sums {
		if _, ok := content.files[rel]; !ok {
			p := filepath.Join(m.project, filepath.FromSlash(rel))
			os.Remove(p)
			delete(m.sums, rel)
			events = append(events, fsnotify.Event{Name: p, Op: fsnotify.Remove})
		}
	}
	m.lastChanged = len(events)
	contentTime := time.Since(started)
	started = time.Now()
	batches := [][]fsnotify.Event{events}
	if !m.oneBuild {
		batches = oneAFolder(events)
	}
	m.lastBuilds = len(batches)
	for _, batch := range batches {
		m.hs.logged.Reset()
		if err := m.hs.h.Build(hugolib.BuildCfg{}, batch...); err != nil {
			return 0, 0, 0, fmt.Errorf("rebuild: %w\n%s", err, m.hs.logged.String())
		}
	}
	hugoTime := time.Since(started)
	written, err := m.snapshot()
	return contentTime, hugoTime, written, err
}

// oneAFolder splits events into batches with at most one file of a folder
// each: Hugo v0.165.0 re-reads only the first changed file of a folder in
// one Build.
func oneAFolder(events []fsnotify.Event) [][]fsnotify.Event {
	var batches [][]fsnotify.Event
	seen := map[string]int{}
	for _, ev := range events {
		dir := filepath.Dir(ev.Name)
		i := seen[dir]
		seen[dir] = i + 1
		if i == len(batches) {
			batches = append(batches, nil)
		}
		batches[i] = append(batches[i], ev)
	}
	return batches
}

// snapshot records the modification time of every file Hugo has written
// and returns how many are new or changed since the last snapshot.
func (m *hugoModel) snapshot() (int, error) {
	if m.mtimes == nil {
		m.mtimes = map[string]time.Time{}
	}
	written := 0
	err := filepath.WalkDir(m.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if old, ok := m.mtimes[p]; !ok || !old.Equal(info.ModTime()) {
			m.mtimes[p] = info.ModTime()
			written++
		}
		return nil
	})
	return written, err
}

// sameOutputs compares every file under a with the file at the same path
// under b.
func sameOutputs(t *testing.T, a, b string) (same, differ int) {
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		mine, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		theirs, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(mine, theirs) {
			if differ < 5 {
				t.Logf("differs: %s (%v)", rel, err)
			}
			differ++
			return nil
		}
		same++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return same, differ
}

func mustShow(t *testing.T, page, title string) {
	t.Helper()
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(title)) {
		t.Fatalf("%s does not show %q", page, title)
	}
}

// heldHeap is the heap in use and allocated after a collection.
func heldHeap() (inuse, alloc uint64) {
	runtime.GC()
	runtime.GC()
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	return stats.HeapInuse, stats.HeapAlloc
}

func phase(st Stats, name string) time.Duration {
	for _, p := range st.Phases {
		if p.Name == name {
			return p.Duration
		}
	}
	return 0
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// modelSite is bench_test.go's syntheticSite (package sitegen_test): a
// municipality with n materials and proportional schools, teachers,
// practices and events, on the clock and settings of its fixtureSite.
func modelSite(t testing.TB, n int) *Site {
	loc, err := time.LoadLocation("Asia/Sakhalin")
	if err != nil {
		t.Fatal(err)
	}
	s := &Site{Title: "Методическая копилка", Municipality: "Тестовый городской округ",
		BaseURL: "https://kopilka.example", Location: loc, Now: time.Date(2026, 11, 23, 9, 0, 0, 0, loc)}
	subjects := []string{"математика", "русский язык", "литература", "физика", "химия", "биология", "история", "информатика", "английский язык", "начальные классы"}
	types := []string{"lesson-plan", "methodical-guide", "article", "report", "presentation", "master-class"}
	body := "<h2>Ход урока</h2><p>" + strings.Repeat("Учащиеся сравнивают дроби на моделях и формулируют правило. ", 30) + "</p>"
	schools := n/50 + 2
	for i := 0; i < schools; i++ {
		s.Organizations = append(s.Organizations, Organization{Slug: fmt.Sprintf("sosh-%d", i), Name: fmt.Sprintf("МБОУ СОШ № %d", i), Kind: "school"})
	}
	teachers := n / 3
	for i := 0; i < teachers; i++ {
		s.Teachers = append(s.Teachers, Teacher{Slug: fmt.Sprintf("teacher-%d", i), Name: fmt.Sprintf("Педагог %d", i), Organization: fmt.Sprintf("sosh-%d", i%schools)})
	}
	start := time.Date(2023, 9, 1, 10, 0, 0, 0, s.Location)
	for i := 0; i < n; i++ {
		s.Materials = append(s.Materials, Material{
			Slug: fmt.Sprintf("material-%d", i), Title: fmt.Sprintf("Урок %d: дроби и проценты", i), Summary: "Краткое описание урока.",
			BodyHTML: body, Type: types[i%len(types)], Subjects: []string{subjects[i%len(subjects)]}, Levels: []string{"ooo"},
			Tags: []string{fmt.Sprintf("тема %d", i%40)}, Authors: []string{fmt.Sprintf("teacher-%d", i%teachers)},
			Organization: fmt.Sprintf("sosh-%d", i%schools), BestPractice: i%50 == 0, QRCode: fmt.Sprintf("%06d", i),
			PublishedAt: start.Add(time.Duration(i) * time.Hour), Updated: start,
		})
	}
	for i := 0; i < n/10; i++ {
		s.Events = append(s.Events, Event{Slug: fmt.Sprintf("event-%d", i), Title: fmt.Sprintf("Семинар %d", i), Kind: "seminar",
			Level: "municipal", Start: start.Add(time.Duration(i) * 26 * time.Hour), Organizer: fmt.Sprintf("sosh-%d", i%schools),
			Subjects: []string{subjects[i%len(subjects)]}, Materials: []string{fmt.Sprintf("material-%d", i)}, Status: "done"})
	}
	for i := 0; i < n/20; i++ {
		s.Practices = append(s.Practices, Practice{Slug: fmt.Sprintf("practice-%d", i), Title: fmt.Sprintf("Практика %d", i),
			Organization: fmt.Sprintf("sosh-%d", i%schools), Materials: []string{fmt.Sprintf("material-%d", i)}, PublishedAt: start})
	}
	return s
}
