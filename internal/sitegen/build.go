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
	if err := st.timed("content", func() error { return writeContent(work, s, cal) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: content: %w", err)
	}
	if err := writeData(work, s, cal); err != nil {
		return Stats{}, fmt.Errorf("sitegen: data: %w", err)
	}
	var pages int
	if err := st.timed("hugo", func() (err error) { pages, err = runHugo(work, s, opts); return err }); err != nil {
		return Stats{}, err
	}
	// Hugo's library builds pages; copying static/ is the hugo command's job
	if err := copyDir(filepath.Join(work, "static"), opts.Out); err != nil {
		return Stats{}, fmt.Errorf("sitegen: static files: %w", err)
	}
	if err := st.timed("feeds", func() error { return writeFeeds(opts.Out, s, cal) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: calendar feeds: %w", err)
	}
	if err := st.timed("search", func() error { return writeSearchIndex(opts.Out, s) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: search index: %w", err)
	}
	if err := st.timed("qr", func() error { return writeQRImages(opts.Out, opts.Cache, s) }); err != nil {
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
	cal := newCalendar(s)
	if err := writeContent(work, s, cal); err != nil {
		return Stats{}, err
	}
	if err := writeData(work, s, cal); err != nil {
		return Stats{}, err
	}
	started := time.Now()
	pages, err := runHugo(work, s, opts)
	return Stats{Pages: pages, Duration: time.Since(started)}, err
}

// copyTheme writes the theme into work, each file taken from the override
// folder when it has one.
func copyTheme(work string, opts Options) error {
	err := fs.WalkDir(opts.Theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(opts.Theme, p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(work, filepath.FromSlash(p)), data)
	})
	if err != nil {
		return err
	}
	if opts.Override == "" {
		return nil
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
			return writeFile(filepath.Join(work, rel), data)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// writeData writes the site-wide lists templates need as Hugo data files.
func writeData(work string, s *Site, cal *calendar) error {
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
	var months []map[string]any
	for _, m := range cal.months {
		months = append(months, map[string]any{"url": monthURL(m.first()),
			"title": fmt.Sprintf("%s %d", ru.MonthsNominative[m.Month-1], m.Year), "count": len(m.Events)})
	}
	data := map[string]any{
		"upcoming":      nonNil(upcoming),
		"subject_feeds": feeds,
		"months":        months,
		"weekdays":      ru.Weekdays,
		"site": map[string]any{
			"municipality": s.Municipality,
			"now":          s.Now.In(s.Location).Format(time.RFC3339),
			"iom_year":     s.IOM.SchoolYear,
			"iom_teachers": s.IOM.Teachers,
			"iom_text":     ru.IOMFigure(s.IOM.Teachers, s.IOM.SchoolYear),
		},
	}
	if err := os.MkdirAll(filepath.Join(work, "data"), 0o755); err != nil {
		return err
	}
	for name, v := range data {
		if err := writeJSON(filepath.Join(work, "data", name+".json"), v); err != nil {
			return err
		}
	}
	return nil
}

// runHugo builds the project in work into opts.Out. Hugo's security policy
// is pinned closed here, whatever a restyled hugo.toml says: no external
// programs, no environment, no remote fetches.
func runHugo(work string, s *Site, opts Options) (int, error) {
	flags := config.New()
	flags.Set("workingDir", work)
	flags.Set("publishDir", opts.Out)
	flags.Set("cacheDir", filepath.Join(work, ".cache"))
	flags.Set("baseURL", strings.TrimRight(s.BaseURL, "/")+"/")
	flags.Set("title", s.Title)
	flags.Set("environment", "production")
	flags.Set("buildFuture", true) // events are dated by their start
	flags.Set("buildExpired", true)
	flags.Set("security", map[string]any{
		"enableInlineShortcodes": false,
		"exec":                   map[string]any{"allow": []string{"^$"}, "osEnv": []string{"^$"}},
		"funcs":                  map[string]any{"getenv": []string{"^$"}},
		"http":                   map[string]any{"urls": []string{"^$"}, "methods": []string{"^$"}},
	})
	afs := afero.NewOsFs()
	// Hugo reports template errors through its log and returns only a
	// count; the log is kept so the error says which file and line.
	var logged bytes.Buffer
	var logw io.Writer = &logged
	if opts.Log != nil {
		logw = io.MultiWriter(&logged, opts.Log)
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
		return 0, fmt.Errorf("sitegen: config: %w", err)
	}
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  configs,
		Fs:       hugofs.NewFrom(afs, configs.LoadingInfo.BaseConfig),
		LogLevel: logg.LevelWarn,
		StdOut:   logw,
		StdErr:   logw,
	})
	if err != nil {
		return 0, fmt.Errorf("sitegen: %w", err)
	}
	defer sites.Close()
	if err := sites.Build(hugolib.BuildCfg{}); err != nil {
		var details []string
		for _, line := range strings.Split(logged.String(), "\n") {
			if strings.HasPrefix(line, "ERROR") {
				details = append(details, strings.TrimSpace(strings.TrimPrefix(line, "ERROR")))
			}
		}
		if len(details) > 0 {
			return 0, fmt.Errorf("sitegen: build: %w:\n%s", err, strings.Join(details, "\n"))
		}
		return 0, fmt.Errorf("sitegen: build: %w", err)
	}
	return len(sites.Pages()), nil
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
