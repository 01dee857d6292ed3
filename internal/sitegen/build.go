package sitegen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	toml "github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/ru"
)

// Options say where the site's own files come from and where it goes.
type Options struct {
	// Theme holds hugo.toml, layouts/, static/ and content/ (the site's own
	// pages): kopilka's embedded defaults.
	Theme fs.FS
	// Override is a folder with the same layout whose files replace the
	// theme's, so a municipality can restyle its site; "" for none.
	Override string
	// Out is the folder to write; it must not exist yet.
	Out string
	// Log receives Hugo's warnings.
	Log io.Writer
	// Cache is a folder kept between builds for what never changes, such
	// as the QR images of codes; "" for none.
	Cache string
	// PagesPerRun bounds the pages one Hugo run of a full build renders;
	// 0 means DefaultPagesPerRun.
	PagesPerRun int
}

// Stats describe a finished build.
type Stats struct {
	Pages    int
	Duration time.Duration
	// Phases says where the time went, in order, for benchmarks and the
	// curators' status screen.
	Phases []Phase
}

// Phase is one step of a build and how long it took.
type Phase struct {
	Name     string
	Duration time.Duration
}

// timed runs step and records how long it took under name.
func (st *Stats) timed(name string, step func() error) error {
	t := time.Now()
	err := step()
	st.Phases = append(st.Phases, Phase{Name: name, Duration: time.Since(t)})
	return err
}

// Build writes the site s into opts.Out.
func Build(s *Site, opts Options) (Stats, error) {
	started := time.Now()
	if s.Location == nil {
		s.Location = time.UTC
	}
	if s.Now.IsZero() {
		s.Now = time.Now()
	}
	// Hugo resolves a relative publishDir against its working folder
	out, err := filepath.Abs(opts.Out)
	if err != nil {
		return Stats{}, fmt.Errorf("sitegen: output folder: %w", err)
	}
	opts.Out = out
	if _, err := os.Stat(opts.Out); err == nil {
		return Stats{}, fmt.Errorf("sitegen: output folder %s already exists", opts.Out)
	}
	work, err := os.MkdirTemp("", "kopilka-site-*")
	if err != nil {
		return Stats{}, fmt.Errorf("sitegen: %w", err)
	}
	defer os.RemoveAll(work)

	var st Stats
	theme, err := themeTree(opts)
	if err != nil {
		return Stats{}, fmt.Errorf("sitegen: theme: %w", err)
	}
	cal := newCalendar(s)
	packsDir := filepath.Join(work, "packs")
	if opts.Cache != "" {
		packsDir = filepath.Join(opts.Cache, "packs")
	}
	var packs map[string]packInfo
	if err := st.timed("packs", func() (err error) {
		packs, err = (&packer{dir: packsDir}).update(s)
		return err
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: event packs: %w", err)
	}
	var content *tree
	var projects []string
	if err := st.timed("content", func() (err error) {
		if content, err = generate(s, cal, packs, nil); err != nil {
			return err
		}
		projects, err = writeProjects(work, theme, content, opts.PagesPerRun)
		return err
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: content: %w", err)
	}
	var pages int
	if err := st.timed("hugo", func() (err error) {
		pages, err = renderProjects(projects, opts.Out, s, opts, len(content.outputs), func(dir string) { os.RemoveAll(dir) })
		return err
	}); err != nil {
		return Stats{}, err
	}
	// Hugo's library builds pages; copying static/ is the hugo command's job
	if err := theme.writeStatic(opts.Out); err != nil {
		return Stats{}, fmt.Errorf("sitegen: static files: %w", err)
	}
	if err := st.timed("feeds", func() error {
		t := newTree()
		// each event serialized once, not once in each of its feeds
		if err := writeFeeds(t, s, cal, &eventTexts{}, nil); err != nil {
			return fmt.Errorf("calendar feeds: %w", err)
		}
		if err := writeSyndication(t, s, content, theme, nil); err != nil {
			return fmt.Errorf("news feeds and sitemap: %w", err)
		}
		return t.writeTo(opts.Out)
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: %w", err)
	}
	if err := st.timed("search", func() error {
		t := newTree()
		if err := writeSearchIndex(t, s, nil); err != nil {
			return err
		}
		return t.writeTo(opts.Out)
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: search index: %w", err)
	}
	if err := st.timed("qr", func() error {
		return writeQRImages(filepath.Join(opts.Out, "qr"), opts.Cache, s.BaseURL, siteCodes(s), true)
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: qr codes: %w", err)
	}
	if err := st.timed("files", func() error {
		if err := copyAttachments(opts.Out, s); err != nil {
			return err
		}
		return placePacks(opts.Out, packs, map[string]string{}, nil)
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: attachments: %w", err)
	}
	st.Pages, st.Duration = pages, time.Since(started)
	return st, nil
}

// DefaultPagesPerRun is the most content files one Hugo run of a full
// build renders. No page reads another's content, so a site can be rendered in
// parts, each by a Hugo that holds only its part's pages in memory; the
// pages every part has (the home and section pages, which read hidden list
// data) come out the same from each.
const DefaultPagesPerRun = 4000

// writeProjects writes the Hugo projects of a full build into work: each
// has the theme, the content files without pages of their own (hidden list
// data, section settings) and at most perRun of the others. The
// content's bytes are released once written.
func writeProjects(work string, theme, content *tree, perRun int) ([]string, error) {
	if perRun <= 0 {
		perRun = DefaultPagesPerRun
	}
	var shared, pages []string
	for rel := range content.files {
		if len(content.outputs[rel]) == 0 {
			shared = append(shared, rel)
		} else {
			pages = append(pages, rel)
		}
	}
	sort.Strings(pages)
	var projects []string
	for start := 0; start < len(pages) || start == 0; start += perRun {
		dir := filepath.Join(work, fmt.Sprintf("part-%d", len(projects)+1))
		if err := theme.writeTo(dir); err != nil {
			return nil, err
		}
		for _, rel := range append(shared, pages[start:min(start+perRun, len(pages))]...) {
			if err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), content.files[rel]); err != nil {
				return nil, err
			}
		}
		projects = append(projects, dir)
	}
	content.release()
	return projects, nil
}

// renderProjects has Hugo build each project into out, one after another,
// handing each to remove when done, and returns how many pages the site
// has: those of the withAddress content files and the pages every project
// has.
func renderProjects(projects []string, out string, s *Site, opts Options, withAddress int, remove func(dir string)) (int, error) {
	perRun := opts.PagesPerRun
	if perRun <= 0 {
		perRun = DefaultPagesPerRun
	}
	fixed := 0
	for i, dir := range projects {
		sites, err := newHugo(dir, out, s, opts)
		if err != nil {
			return 0, err
		}
		err = sites.build()
		if i == 0 {
			fixed = len(sites.h.Pages())
		}
		sites.close()
		if err != nil {
			return 0, err
		}
		remove(dir)
	}
	if len(projects) > 0 {
		// the first project's pages: its share of those with an address,
		// and the pages every project has
		fixed -= min(withAddress, perRun)
	}
	return fixed + withAddress, nil
}

// BuildPagesOnly prepares the same generated pages and layouts and times
// Hugo alone building them — no content writing, feeds, search index, QR
// images or attachments: the floor a full build is compared with.
func BuildPagesOnly(s *Site, opts Options) (Stats, error) {
	out, err := filepath.Abs(opts.Out)
	if err != nil {
		return Stats{}, err
	}
	opts.Out = out
	if s.Location == nil {
		s.Location = time.UTC
	}
	if s.Now.IsZero() {
		s.Now = time.Now()
	}
	work, err := os.MkdirTemp("", "kopilka-site-*")
	if err != nil {
		return Stats{}, err
	}
	defer os.RemoveAll(work)
	if err := copyTheme(work, opts); err != nil {
		return Stats{}, err
	}
	t, err := generate(s, newCalendar(s), nil, nil)
	if err != nil {
		return Stats{}, err
	}
	if err := t.writeTo(work); err != nil {
		return Stats{}, err
	}
	started := time.Now()
	sites, err := newHugo(work, opts.Out, s, opts)
	if err != nil {
		return Stats{}, err
	}
	defer sites.close()
	err = sites.build()
	return Stats{Pages: len(sites.h.Pages()), Duration: time.Since(started)}, err
}

// WriteHugoProject writes into dir the one Hugo project of all the pages
// a full build renders — the theme with its override, and the generated
// content — for the hugo command to build on its own: the reference a
// full build is measured against. The command must be given what kopilka
// sets itself (HugoCLIArgs, HugoCLIEnv).
func WriteHugoProject(s *Site, opts Options, dir string) error {
	if s.Location == nil {
		s.Location = time.UTC
	}
	if s.Now.IsZero() {
		s.Now = time.Now()
	}
	if err := copyTheme(dir, opts); err != nil {
		return err
	}
	t, err := generate(s, newCalendar(s), nil, nil)
	if err != nil {
		return err
	}
	return t.writeTo(dir)
}

// HugoCLIArgs are the hugo command's arguments that build the project
// WriteHugoProject wrote in dir into out as kopilka would.
func HugoCLIArgs(s *Site, dir, out string) []string {
	return []string{"--source", dir, "--destination", out, "--baseURL", strings.TrimRight(s.BaseURL, "/") + "/",
		"--environment", "production", "--buildFuture", "--buildExpired", "--quiet"}
}

// HugoCLIEnv is the environment that gives the hugo command the site
// settings kopilka passes Hugo as flags.
func HugoCLIEnv(s *Site) []string {
	return []string{"HUGO_TITLE=" + s.Title, "HUGO_PARAMS_MUNICIPALITY=" + s.Municipality}
}

// copyTheme writes the theme into work, each file taken from the override
// folder when it has one.
func copyTheme(work string, opts Options) error {
	t, err := themeTree(opts)
	if err != nil {
		return err
	}
	return t.writeTo(work)
}

// themeTree reads the theme with the override folder's files in place of
// its own, but for the translations: an override i18n/<lang>.toml is
// merged into the theme's key by key, so it may hold only the words a
// municipality renames.
func themeTree(opts Options) (*tree, error) {
	t := newTree()
	err := fs.WalkDir(opts.Theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(opts.Theme, p)
		if err != nil {
			return err
		}
		t.put(p, data, nil)
		return nil
	})
	if err != nil || opts.Override == "" {
		return t, err
	}
	if err := checkOverride(opts.Override); err != nil {
		return nil, err
	}
	for _, top := range []string{"hugo.toml", "layouts", "static", "content", "i18n", "assets"} {
		src := filepath.Join(opts.Override, top)
		if _, err := os.Stat(src); errors.Is(err, os.ErrNotExist) {
			continue
		}
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(opts.Override, p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if theirs, ok := t.files[rel]; ok && top == "i18n" && path.Ext(rel) == ".toml" {
				if data, err = mergeTranslations(p, theirs, data); err != nil {
					return err
				}
			}
			t.put(rel, data, nil)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

// mergeTranslations is the theme's translations with those of the
// override file name in place of the theme's with the same key. An error
// in the override names its file, line and column.
func mergeTranslations(name string, theme, override []byte) ([]byte, error) {
	merged := map[string]any{}
	if err := toml.Unmarshal(theme, &merged); err != nil {
		return nil, fmt.Errorf("the theme's %s: %w", filepath.Base(name), err)
	}
	var own map[string]any
	if err := toml.Unmarshal(override, &own); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, fmt.Errorf("%s:%d:%d: %w", name, row, col, err)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for k, v := range own {
		merged[k] = v
	}
	return toml.Marshal(merged)
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// generate makes the content files of the site, encoding again only what
// differs from the memo m of a live site's last build when m is not nil.
func generate(s *Site, cal *calendar, packs map[string]packInfo, m *memo) (*tree, error) {
	t := newTree()
	if m != nil {
		t = newTreeOf(len(m.pages))
		t.memo = m
	}
	rf := newRefs(s)
	cd, err := newCards(s, rf, cal, m)
	if err != nil {
		return nil, err
	}
	if err := writeContent(t, s, cal, rf, cd, packs); err != nil {
		return nil, err
	}
	packSitemap(t, packs)
	if err := writeData(t, s, cal, cd); err != nil {
		return nil, err
	}
	return t, t.flush()
}

// writeData writes what the home page and the calendar show of many
// records into their own front matter. Not as Hugo data files: a change to
// data would re-render every page that reads any of it.
func writeData(t *tree, s *Site, cal *calendar, cd *cards) error {
	var upcoming []string
	for _, e := range sortedEvents(s.Events) {
		if !eventEnd(e, cal.zone(e)).Before(s.Now) {
			upcoming = append(upcoming, e.Slug)
		}
	}
	feeds := map[string]string{}
	for _, e := range s.Events {
		for _, subj := range e.Subjects {
			feeds[subj] = "/events/subjects/" + subjectSlug(subj) + ".ics"
		}
	}
	months := []MonthLink{}
	for _, m := range cal.months {
		months = append(months, MonthLink{URL: monthURL(m.first()),
			Title: fmt.Sprintf("%s %d", ru.MonthsNominative[m.Month-1], m.Year), Count: len(m.Events)})
	}
	var past []string
	for _, e := range newestEvents(s.Events, -1) {
		if len(past) == 20 {
			break
		}
		if eventEnd(e, cal.zone(e)).Before(s.Now) {
			past = append(past, e.Slug)
		}
	}
	var newest, best, practices []string
	for _, m := range newestMaterials(s.Materials, -1) {
		if len(newest) < 8 {
			newest = append(newest, m.Slug)
		}
		if m.BestPractice && len(best) < 6 {
			best = append(best, m.Slug)
		}
	}
	for _, p := range newestPractices(s.Practices, -1) {
		if len(practices) == 4 {
			break
		}
		practices = append(practices, p.Slug)
	}
	// read by the home page, the calendar and the directories through
	// GetPage; never pages of their own. No section page ranges over its
	// pages, so a page renders the same whether Hugo holds the whole site
	// or only the pages a publish changed.
	if err := writePage(t, "lists/home.md", HomeLists{Build: never,
		Upcoming: of(cd.events, upcoming), IOMText: ru.IOMFigure(s.IOM.Teachers, s.IOM.SchoolYear),
		IOMYear: s.IOM.SchoolYear, IOMTeachers: s.IOM.Teachers,
		Newest: of(cd.materials, newest), Best: of(cd.materials, best), Practices: of(cd.practices, practices),
	}); err != nil {
		return err
	}
	if err := writePage(t, "lists/calendar.md", CalendarLists{
		Build: never, Title: ru.ListEvents, Upcoming: of(cd.events, upcoming), Past: of(cd.events, past),
		SubjectFeeds: feeds, Months: months,
	}); err != nil {
		return err
	}
	orgs := append([]Organization(nil), s.Organizations...)
	orgs = sortedByName(orgs, func(o *Organization) string { return o.Name })
	schools := make([]SchoolRow, 0, len(orgs))
	for _, o := range orgs {
		schools = append(schools, SchoolRow{URL: "/schools/" + o.Slug + "/", Title: o.Name,
			KindLabel: ru.Label(ru.OrganizationKinds, o.Kind), Address: o.Address})
	}
	if err := writePage(t, "lists/schools.md", SchoolsList{Build: never, Schools: schools}); err != nil {
		return err
	}
	people := sortedByName(s.Teachers, func(t *Teacher) string { return t.Name })
	teachers := make([]TeacherRow, 0, len(people))
	short := map[string]string{}
	for _, o := range s.Organizations {
		short[o.Slug] = o.ShortName
		if short[o.Slug] == "" {
			short[o.Slug] = o.Name
		}
	}
	for _, p := range people {
		teachers = append(teachers, TeacherRow{URL: "/teachers/" + p.Slug + "/", Title: p.Name,
			Position: p.Position, OrgShort: short[p.Organization]})
	}
	return writePage(t, "lists/teachers.md", TeachersList{Build: never, Teachers: teachers})
}

// newestFirst returns a copy of the first n items of list (all of them when
// n < 0), the latest by at first and, on the same moment, by slug. A few
// of many are found without sorting the whole list: a feed shows 50 of
// 50,000 materials.
func newestFirst[T any](list []T, n int, at func(*T) time.Time, slug func(*T) string) []T {
	cmp := func(a, b *T) int {
		if c := at(b).Compare(at(a)); c != 0 {
			return c
		}
		return strings.Compare(slug(a), slug(b))
	}
	if n < 0 || n >= len(list) {
		return stableSorted(list, cmp)
	}
	before := func(i, j int) bool { // the earlier position first on a tie, as a stable sort
		c := cmp(&list[i], &list[j])
		return c < 0 || c == 0 && i < j
	}
	top := make([]int, 0, n+1)
	for i := range list {
		if len(top) == n && (n == 0 || !before(i, top[n-1])) {
			continue
		}
		k := sort.Search(len(top), func(x int) bool { return before(i, top[x]) })
		top = slices.Insert(top, k, i)
		if len(top) > n {
			top = top[:n]
		}
	}
	out := make([]T, len(top))
	for k, i := range top {
		out[k] = list[i]
	}
	return out
}

// sortedByName returns a copy of list sorted stably by name in Russian
// alphabetical order. Each name's collation key is made once: comparing
// two names with the collator makes both keys, and sorting 17,000
// teachers that way was a tenth of a publish at 50,000 materials.
func sortedByName[T any](list []T, name func(*T) string) []T {
	col := collate.New(language.Russian)
	var buf collate.Buffer
	keys := make([][]byte, len(list))
	for i := range list {
		keys[i] = col.KeyFromString(&buf, name(&list[i]))
	}
	out := make([]T, len(list))
	for i, k := range stableOrder(keys, func(a, b *[]byte) int { return bytes.Compare(*a, *b) }) {
		out[i] = list[k]
	}
	return out
}

// stableSorted returns a copy of list sorted stably by cmp. It sorts the
// items' positions and copies each item once: a stable sort of the items
// themselves moves records of hundreds of bytes O(n log² n) times, a
// tenth of a publish's time at 10,000 materials.
func stableSorted[T any](list []T, cmp func(a, b *T) int) []T {
	order := stableOrder(list, cmp)
	out := make([]T, len(list))
	for i, k := range order {
		out[i] = list[k]
	}
	return out
}

// stableOrder is the positions of list's items sorted stably by cmp.
// Positions break ties, so the unstable O(n log n) sort keeps equal items
// in their order.
func stableOrder[T any](list []T, cmp func(a, b *T) int) []int32 {
	order := make([]int32, len(list))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		if c := cmp(&list[i], &list[j]); c != 0 {
			return c
		}
		return int(i - j)
	})
	return order
}

// newestMaterials are the first n materials newest first (all when n < 0).
func newestMaterials(list []Material, n int) []Material {
	return newestFirst(list, n, func(m *Material) time.Time { return m.PublishedAt }, func(m *Material) string { return m.Slug })
}

// newestPractices are the first n practices newest first (all when n < 0).
func newestPractices(list []Practice, n int) []Practice {
	return newestFirst(list, n, func(p *Practice) time.Time { return p.PublishedAt }, func(p *Practice) string { return p.Slug })
}

// newestEvents are the first n events, the latest start first (all when
// n < 0).
func newestEvents(list []Event, n int) []Event {
	return newestFirst(list, n, func(e *Event) time.Time { return e.Start }, func(e *Event) string { return e.Slug })
}

// hugoSites is a Hugo project loaded in-process, with the log that tells
// which template and line a failed build broke on.
type hugoSites struct {
	h      *hugolib.HugoSites
	logged *bytes.Buffer
}

// newHugo loads the project in work to build into publishDir. Hugo's
// security policy is pinned closed here, whatever a restyled hugo.toml
// says: no external programs, no environment, no remote fetches.
func newHugo(work, publishDir string, s *Site, opts Options) (*hugoSites, error) {
	return loadHugo(work, publishDir, s, opts, false)
}

// loadHugo is newHugo, with Hugo in watch mode when watch is set: as `hugo
// server` loads it (commands/hugobuilder.go), tracking what each page
// depends on so that the same sites accept more than one Build. Only the
// measurement of that model (hugomodel_bench_test.go) asks for it.
func loadHugo(work, publishDir string, s *Site, opts Options, watch bool) (*hugoSites, error) {
	flags := config.New()
	flags.Set("workingDir", work)
	flags.Set("publishDir", publishDir)
	flags.Set("cacheDir", filepath.Join(work, ".cache"))
	flags.Set("baseURL", strings.TrimRight(s.BaseURL, "/")+"/")
	flags.Set("title", s.Title)
	// every page shows the municipality; as a parameter of the site rather
	// than a data file, so changing data never re-renders every page
	flags.Set("params.municipality", s.Municipality)
	flags.Set("environment", "production")
	flags.Set("buildFuture", true) // events are dated by their start
	flags.Set("buildExpired", true)
	flags.Set("security", map[string]any{
		"enableInlineShortcodes": false,
		"exec":                   map[string]any{"allow": []string{"^$"}, "osEnv": []string{"^$"}},
		"funcs":                  map[string]any{"getenv": []string{"^$"}},
		"http":                   map[string]any{"urls": []string{"^$"}, "methods": []string{"^$"}},
	})
	if watch {
		flags.Set("internal", map[string]any{"watch": true})
	}
	afs := afero.NewOsFs()
	// Hugo reports template errors through its log and returns only a
	// count; the log is kept so the error says which file and line.
	logged := &bytes.Buffer{}
	var logw io.Writer = logged
	if opts.Log != nil {
		logw = io.MultiWriter(logged, opts.Log)
	}
	logger := loggers.New(loggers.Options{StdOut: logw, StdErr: logw, Level: logg.LevelWarn, DistinctLevel: logg.LevelWarn})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Logger:   logger,
		Flags:    flags,
		Fs:       afs,
		Filename: filepath.Join(work, "hugo.toml"),
		Environ:  []string{},
	})
	if err != nil {
		return nil, fmt.Errorf("sitegen: config: %w", err)
	}
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  configs,
		Fs:       hugofs.NewFrom(afs, configs.LoadingInfo.BaseConfig),
		LogLevel: logg.LevelWarn,
		StdOut:   logw,
		StdErr:   logw,
	})
	if err != nil {
		return nil, fmt.Errorf("sitegen: %w", err)
	}
	return &hugoSites{h: sites, logged: logged}, nil
}

// build builds all pages.
func (hs *hugoSites) build() error {
	hs.logged.Reset()
	if err := hs.h.Build(hugolib.BuildCfg{}); err != nil {
		var details []string
		for _, line := range strings.Split(hs.logged.String(), "\n") {
			if strings.HasPrefix(line, "ERROR") {
				details = append(details, strings.TrimSpace(strings.TrimPrefix(line, "ERROR")))
			}
		}
		if len(details) > 0 {
			return fmt.Errorf("sitegen: build: %w:\n%s", err, strings.Join(details, "\n"))
		}
		return fmt.Errorf("sitegen: build: %w", err)
	}
	return nil
}

func (hs *hugoSites) close() { hs.h.Close() }

func copyAttachments(out string, s *Site) error {
	root, err := os.OpenRoot(out)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, a := range siteAttachments(s) {
		if err := copyOne(root, a.rel, a.file.Open); err != nil {
			return fmt.Errorf("%s: %w", a.rel, err)
		}
	}
	return nil
}

// attachment is a file of the site and its path inside the site.
type attachment struct {
	rel  string
	file File
}

// siteAttachments lists the files a site offers: teachers' photos and
// materials' files, each under its record's folder. A name that is not
// one file (the snapshot never gives one, but a model may come from
// elsewhere) is left out rather than written outside that folder.
func siteAttachments(s *Site) []attachment {
	var out []attachment
	add := func(kind, slug string, f File) {
		name := path.Base(f.Name)
		if f.Open == nil || filename.Check(slug) != nil || filename.Check(name) != nil {
			return
		}
		out = append(out, attachment{rel: path.Join("files", kind, slug, name), file: f})
	}
	for _, t := range s.Teachers {
		if t.Photo != nil {
			add("teachers", t.Slug, *t.Photo)
		}
	}
	for _, m := range s.Materials {
		for _, f := range m.Files {
			add("materials", m.Slug, f)
		}
	}
	return out
}

// copyOne writes the file open gives at rel inside root; rel cannot leave
// root, whatever it holds.
func copyOne(root *os.Root, rel string, open func() (io.ReadCloser, error)) error {
	rel = filepath.FromSlash(rel)
	if err := root.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
		return err
	}
	src, err := open()
	if err != nil {
		return err
	}
	defer src.Close()
	f, err := root.Create(rel)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, src); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
