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
	"strings"
	"time"

	"github.com/bep/logg"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"

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
	if err := st.timed("theme", func() error { return copyTheme(work, opts) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: theme: %w", err)
	}
	cal := newCalendar(s)
	if err := st.timed("content", func() error {
		t, err := generate(s, cal)
		if err != nil {
			return err
		}
		return t.writeTo(work)
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: content: %w", err)
	}
	var pages int
	if err := st.timed("hugo", func() error {
		sites, err := newHugo(work, opts.Out, s, opts, false)
		if err != nil {
			return err
		}
		defer sites.close()
		if err := sites.build(); err != nil {
			return err
		}
		pages = len(sites.h.Pages())
		return nil
	}); err != nil {
		return Stats{}, err
	}
	// Hugo's library builds pages; copying static/ is the hugo command's job
	if err := copyDir(filepath.Join(work, "static"), opts.Out); err != nil {
		return Stats{}, fmt.Errorf("sitegen: static files: %w", err)
	}
	if err := st.timed("feeds", func() error {
		t := newTree()
		if err := writeFeeds(t, s, cal); err != nil {
			return err
		}
		return t.writeTo(opts.Out)
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: calendar feeds: %w", err)
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
	if err := st.timed("qr", func() error { return writeQRImages(opts.Out, opts.Cache, s.BaseURL, siteCodes(s)) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: qr codes: %w", err)
	}
	if err := st.timed("files", func() error { return copyAttachments(opts.Out, s) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: attachments: %w", err)
	}
	st.Pages, st.Duration = pages, time.Since(started)
	return st, nil
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
	t, err := generate(s, newCalendar(s))
	if err != nil {
		return Stats{}, err
	}
	if err := t.writeTo(work); err != nil {
		return Stats{}, err
	}
	started := time.Now()
	sites, err := newHugo(work, opts.Out, s, opts, false)
	if err != nil {
		return Stats{}, err
	}
	defer sites.close()
	err = sites.build()
	return Stats{Pages: len(sites.h.Pages()), Duration: time.Since(started)}, err
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
// its own.
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
			t.put(filepath.ToSlash(rel), data, nil)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// generate makes the content files of the site.
func generate(s *Site, cal *calendar) (*tree, error) {
	t := newTree()
	rf := newRefs(s)
	cd, err := newCards(s, rf, cal)
	if err != nil {
		return nil, err
	}
	if err := writeContent(t, s, cal, rf, cd); err != nil {
		return nil, err
	}
	if err := writeData(t, s, cal, cd); err != nil {
		return nil, err
	}
	return t, nil
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
	months := []map[string]any{}
	for _, m := range cal.months {
		months = append(months, map[string]any{"url": monthURL(m.first()),
			"title": fmt.Sprintf("%s %d", ru.MonthsNominative[m.Month-1], m.Year), "count": len(m.Events)})
	}
	// read by the home page and the calendar through GetPage; never pages
	// of their own
	hidden := map[string]any{"render": "never", "list": "never"}
	if err := writePage(t, "lists/home/index.md", page{"build": hidden,
		"upcoming": of(cd.events, upcoming), "iom_text": ru.IOMFigure(s.IOM.Teachers, s.IOM.SchoolYear),
		"iom_year": s.IOM.SchoolYear, "iom_teachers": s.IOM.Teachers,
	}); err != nil {
		return err
	}
	return writePage(t, "lists/calendar/index.md", page{
		"build": hidden, "title": ru.ListEvents, "upcoming": of(cd.events, upcoming), "subject_feeds": feeds, "months": months,
	})
}

// hugoSites is a Hugo project loaded in-process, with the log that tells
// which template and line a failed build broke on.
type hugoSites struct {
	h      *hugolib.HugoSites
	logged *bytes.Buffer
}

// newHugo loads the project in work to build into publishDir. Hugo's
// security policy is pinned closed here, whatever a restyled hugo.toml
// says: no external programs, no environment, no remote fetches. watch
// keeps what Hugo needs to rebuild only the pages a change touches.
func newHugo(work, publishDir string, s *Site, opts Options, watch bool) (*hugoSites, error) {
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
	flags.Set("internal", map[string]any{"watch": watch})
	flags.Set("security", map[string]any{
		"enableInlineShortcodes": false,
		"exec":                   map[string]any{"allow": []string{"^$"}, "osEnv": []string{"^$"}},
		"funcs":                  map[string]any{"getenv": []string{"^$"}},
		"http":                   map[string]any{"urls": []string{"^$"}, "methods": []string{"^$"}},
	})
	var afs afero.Fs = afero.NewOsFs()
	if watch {
		afs = unlinkingFs{afs}
	}
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

// build builds all pages, or with events only those the changed files
// touch.
func (hs *hugoSites) build(events ...fsnotify.Event) error {
	hs.logged.Reset()
	if err := hs.h.Build(hugolib.BuildCfg{}, events...); err != nil {
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

// unlinkingFs replaces files instead of rewriting them in place: the
// published builds of a live site share unchanged files with its working
// folder by hard links, and must never change under their readers.
type unlinkingFs struct{ afero.Fs }

func (f unlinkingFs) Create(name string) (afero.File, error) {
	os.Remove(name)
	return f.Fs.Create(name)
}

func (f unlinkingFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&os.O_TRUNC != 0 {
		os.Remove(name)
	}
	return f.Fs.OpenFile(name, flag, perm)
}

func copyAttachments(out string, s *Site) error {
	for _, t := range s.Teachers {
		if t.Photo == nil || t.Photo.Open == nil {
			continue
		}
		if err := copyOne(filepath.Join(out, "files", "teachers", t.Slug, path.Base(t.Photo.Name)), t.Photo.Open); err != nil {
			return fmt.Errorf("photo of %s: %w", t.Slug, err)
		}
	}
	for _, m := range s.Materials {
		for _, f := range m.Files {
			if f.Open == nil {
				continue
			}
			name := path.Base(f.Name)
			if err := copyOne(filepath.Join(out, "files", "materials", m.Slug, name), f.Open); err != nil {
				return fmt.Errorf("%s/%s: %w", m.Slug, name, err)
			}
		}
	}
	return nil
}

func copyOne(dst string, open func() (io.ReadCloser, error)) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	src, err := open()
	if err != nil {
		return err
	}
	defer src.Close()
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, src); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, os.ErrNotExist) && p == src {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dst, rel), data)
	})
}
