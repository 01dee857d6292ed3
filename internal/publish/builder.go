package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/memlimit"
	"github.com/kopilka/kopilka/internal/objstore"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
	"github.com/kopilka/kopilka/internal/uploads"
)

// Status is what the curators' screen shows about the site.
type Status struct {
	LastBuild time.Time     // when the last successful build finished
	Duration  time.Duration // how long it took
	Pages     int
	Phases    []sitegen.Phase // where the last build's time went
	Error     string          // the last build's error, "" when it succeeded
	ErrorAt   time.Time
	// LeftOut lists the records the last successful build left off the
	// site, and why.
	LeftOut []sitegen.LeftOut
	// Retry is when a failed build is tried again, zero when none is due.
	Retry time.Time
}

// Builder keeps the served site current. Builds run one at a time; a burst
// of changes coalesces into one build after a quiet Debounce; each build
// goes into a fresh folder and replaces the served one only when complete,
// so readers never see a half-built site and a failed build keeps the last
// good one.
type Builder struct {
	App      core.App
	Settings sitesettings.Settings
	Theme    fs.FS
	Override string // folder of the municipality's own templates, may be ""
	// Root holds the builds; Root/current is a symlink to the live one, for
	// web servers that serve the folder directly.
	Root     string
	Debounce time.Duration
	// RetryDelay is the wait before a failed build is tried again (5 s
	// when zero); it doubles with each failure in a row, up to MaxRetryDelay.
	RetryDelay time.Duration
	Log        io.Writer
	// FullBuilds makes every build a full one in a fresh folder. By
	// default the first build of a run is full and each later one renders
	// only the pages whose content changed (sitegen.Live).
	FullBuilds bool
	// StopWait bounds how long Close waits for a running build; zero
	// waits for it to end.
	StopWait time.Duration
	// Built, when set, is called after each successful build, with the
	// build's memory released to the collector.
	Built func()
	// Keep is how long a replaced build stays as it is (Retention when
	// zero); then it becomes the spare folder the next build brings up to
	// date, or is removed, in the background.
	Keep time.Duration
	// Quiet is how long the site has no build before the files builds
	// replaced are removed (TrashQuiet when zero).
	Quiet time.Duration

	buildMu  sync.Mutex // one build at a time
	mu       sync.Mutex // guards timer and status
	timer    *time.Timer
	status   Status
	failures int  // failed builds in a row
	closed   bool // Close was called: nothing more is scheduled
	current  atomic.Pointer[served]
	builds   sync.WaitGroup
	retired  map[string]retired // old builds
	live     *sitegen.Live      // the site as last built, kept between builds
	liveNow  atomic.Pointer[sitegen.Live]
	md       MarkdownCache
	records  RecordCache

	// Old builds are reused or removed beside the next build, or after
	// they expire when no build comes (tidy); swept is set once the
	// builds an earlier run left are.
	tidies    sync.WaitGroup
	tidyTimer *time.Timer
	tidyAt    time.Time // when tidyTimer fires
	swept     bool
	running   bool      // a build is running
	lastBuilt time.Time // when the last build ended
}

// TrashQuiet is how long the site has had no build before what builds
// replaced is removed (sitegen.Live.TakeTrash): curators publish in runs,
// and a file system that will not reuse an inode it freed lately makes
// every file a build creates within 30 s of a large removal cost more.
// TrashCap is the most it keeps in the meantime (files and folders), at
// 10,000 materials the replaced files of about 30 publishes.
const (
	TrashQuiet = 10 * time.Second
	TrashCap   = 50000
)

// BuildLogPrefix starts the line a build logs when KOPILKA_BUILD_LOG is
// set (`kopilka bench` sets it for the serve it measures): its time and
// where it went.
const BuildLogPrefix = "kopilka: site built "

func describe(st Status) string {
	var phases []string
	for _, p := range st.Phases {
		phases = append(phases, fmt.Sprintf("%s %.3f s", p.Name, p.Duration.Seconds()))
	}
	return fmt.Sprintf("in %.3f s, %d pages: %s", st.Duration.Seconds(), st.Pages, strings.Join(phases, ", "))
}

// served is a build being served, and the requests of serve's reading it.
type served struct {
	dir     string
	readers atomic.Int64
	closing atomic.Bool // being taken away: readers go to the live build
}

// retired is a build replaced by a newer one.
type retired struct {
	at    time.Time // when it stopped being live
	build *served
}

// Retention is how long a replaced build stays as it was unless Keep says
// otherwise. serve's own requests need none of it: each counts itself on
// the build it reads until it ends, and a build is taken only when none
// does (ServeHTTP). It is for other readers of Root/current: nginx serving
// it directly resolves the link within the one call that opens a file,
// and an open file keeps its bytes whatever becomes of the folder (a file
// is never rewritten, only replaced). A tool that resolves the link once
// and reads for longer (a copy from inside the folder) may see a later
// build's files: copy Root/current itself, as `kopilka publish --site`
// does, resolving it for each file. Short, so that the next build reuses
// the folder of the build before last even when a curator publishes
// again as soon as the page is live, instead of linking a whole site.
const Retention = 250 * time.Millisecond

// Current is the folder of the live site, or "" before the first build.
func (b *Builder) Current() string {
	if p := b.current.Load(); p != nil {
		return p.dir
	}
	return ""
}

// Status returns the state of the last build.
func (b *Builder) Status() Status {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.status
}

// Adopt serves an existing build found under Root, so a restart serves the
// last good site at once.
func (b *Builder) Adopt() bool {
	target, err := os.Readlink(filepath.Join(b.Root, "current"))
	if err != nil {
		return false
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(b.Root, target)
	}
	if info, err := os.Stat(target); err != nil || !info.IsDir() {
		return false
	}
	b.current.Store(&served{dir: target})
	return true
}

// Schedule asks for a build after the debounce; calls within it coalesce.
func (b *Builder) Schedule() {
	b.mu.Lock()
	defer b.mu.Unlock()
	d := b.Debounce
	if d <= 0 {
		d = time.Second
	}
	b.scheduleLocked(d)
}

// MaxRetryDelay bounds the wait between tries of a failing build.
const MaxRetryDelay = 5 * time.Minute

// scheduleLocked runs a build after d, replacing any pending one; a build
// that fails is tried again after a delay that doubles with each failure,
// so a passing fault (a full disk, a storage outage) heals by itself
// without the next edit.
func (b *Builder) scheduleLocked(d time.Duration) {
	if b.closed {
		return
	}
	if b.timer != nil && b.timer.Stop() {
		b.builds.Done() // the stopped build will not run
	}
	b.builds.Add(1)
	b.timer = time.AfterFunc(d, func() {
		b.mu.Lock()
		b.timer = nil
		b.mu.Unlock()
		defer b.builds.Done()
		err := b.BuildNow()
		b.mu.Lock()
		defer b.mu.Unlock()
		if err == nil {
			b.failures = 0
			return
		}
		b.failures++
		delay := b.retryDelay()
		if b.Log != nil {
			fmt.Fprintf(b.Log, "kopilka: site build failed, the last good site stays; trying again in %s: %v\n", delay, err)
		}
		if b.timer == nil && !b.closed { // a change during the build has scheduled one already
			b.status.Retry = time.Now().Add(delay)
			b.scheduleLocked(delay)
		}
	})
}

func (b *Builder) retryDelay() time.Duration {
	d := b.RetryDelay
	if d <= 0 {
		d = 5 * time.Second
	}
	for i := 1; i < b.failures && d < MaxRetryDelay; i++ {
		d *= 2
	}
	return min(d, MaxRetryDelay)
}

// Wait blocks until scheduled builds have run.
func (b *Builder) Wait() { b.builds.Wait() }

// Close cancels a pending build and waits for a running one, so nothing
// builds from an app that is shutting down. With StopWait set it waits at
// most that long: a process stopping then leaves a half-written build
// folder, which is never served and which the next start removes.
func (b *Builder) Close() {
	b.mu.Lock()
	b.closed = true
	if b.timer != nil && b.timer.Stop() {
		b.builds.Done()
	}
	b.timer = nil
	if b.tidyTimer != nil && b.tidyTimer.Stop() {
		b.tidies.Done()
	}
	b.tidyTimer = nil
	b.mu.Unlock()
	if b.StopWait > 0 {
		done := make(chan struct{})
		go func() { b.builds.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(b.StopWait):
			if b.Log != nil {
				fmt.Fprintf(b.Log, "kopilka: stopping during a site build; the last good site stays and the next start builds again\n")
			}
			return
		}
	} else {
		b.builds.Wait()
	}
	b.tidies.Wait()
	b.buildMu.Lock()
	defer b.buildMu.Unlock()
	if b.live != nil {
		b.live.Close()
		b.live = nil
		b.liveNow.Store(nil)
	}
}

// BuildNow builds the site and makes it live.
func (b *Builder) BuildNow() error {
	b.buildMu.Lock()
	defer b.buildMu.Unlock()
	started := time.Now()
	b.mu.Lock()
	b.running = true
	b.mu.Unlock()
	// old builds are dealt with while this one runs: the spare folder it
	// will take readied, the rest removed
	tidied := b.tidy(true)
	stats, dir, leftOut, err := b.build()
	b.mu.Lock()
	if err != nil {
		b.status.Error, b.status.ErrorAt = err.Error(), time.Now()
	} else {
		b.status = Status{LastBuild: time.Now(), Duration: time.Since(started), Pages: stats.Pages, Phases: stats.Phases, LeftOut: leftOut}
		b.current.Store(&served{dir: dir})
		if b.Log != nil && os.Getenv("KOPILKA_BUILD_LOG") != "" {
			live, held := memlimit.Held()
			fmt.Fprintf(b.Log, "%s%s; Go heap live %d MB, Go runtime %d MB\n", BuildLogPrefix, describe(b.status), live>>20, held>>20)
		}
		if b.Built != nil {
			b.Built()
		}
	}
	b.mu.Unlock()
	// the new build is served; nothing of this one is left running
	tidied()
	b.mu.Lock()
	b.running, b.lastBuilt = false, time.Now()
	b.tidyLaterLocked()
	b.mu.Unlock()
	return err
}

func (b *Builder) build() (sitegen.Stats, string, []sitegen.LeftOut, error) {
	if err := os.MkdirAll(b.Root, 0o755); err != nil {
		return sitegen.Stats{}, "", nil, fmt.Errorf("site folder: %w", err)
	}
	snapStarted := time.Now()
	site, err := snapshot(b.App, b.Settings, &b.md, &b.records)
	if err != nil {
		return sitegen.Stats{}, "", nil, err
	}
	defer site.Close()
	for _, l := range site.LeftOut {
		if b.Log != nil {
			fmt.Fprintf(b.Log, "kopilka: %s/%s left off the site: %s\n", l.Collection, l.Slug, l.Detail)
		}
	}
	snap := sitegen.Phase{Name: "snapshot", Duration: time.Since(snapStarted)}
	dir := filepath.Join(b.Root, "build-"+time.Now().UTC().Format("20060102T150405.000000000"))
	opts := sitegen.Options{Theme: b.Theme, Override: b.Override, Log: b.Log, Cache: filepath.Join(b.Root, ".cache")}
	var stats sitegen.Stats
	if !b.FullBuilds {
		if b.live == nil {
			// the working copy of a previous run may be stale, so the
			// first build of a run is a full one
			b.live = sitegen.NewLive(filepath.Join(b.Root, ".live"), opts)
			b.liveNow.Store(b.live)
		}
		stats, err = b.live.Build(site, dir)
	} else {
		opts.Out = dir
		stats, err = sitegen.Build(site, opts)
	}
	if err != nil {
		os.RemoveAll(dir)
		return stats, "", nil, err
	}
	swapStarted := time.Now()
	if err := b.swap(dir); err != nil {
		if b.live != nil {
			b.live.Recycle(dir) // the spare of the next build, or gone
		} else {
			os.RemoveAll(dir)
		}
		return stats, "", nil, err
	}
	stats.Phases = append(append([]sitegen.Phase{snap}, stats.Phases...), sitegen.Phase{Name: "swap", Duration: time.Since(swapStarted)})
	return stats, dir, site.LeftOut, nil
}

// swap points Root/current at dir atomically (a rename over the old link)
// and notes when the build it replaces stopped being live. Nothing else is
// done before the new build is served: old builds are recycled or removed
// after it, by tidy.
func (b *Builder) swap(dir string) error {
	link := filepath.Join(b.Root, "current")
	tmp := link + ".new"
	os.Remove(tmp)
	if err := os.Symlink(filepath.Base(dir), tmp); err != nil {
		return fmt.Errorf("swap site: %w", err)
	}
	if err := os.Rename(tmp, link); err != nil {
		return fmt.Errorf("swap site: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.retired == nil {
		b.retired = map[string]retired{}
	}
	if old := b.current.Load(); old != nil && old.dir != dir {
		b.retired[old.dir] = retired{at: time.Now(), build: old}
	}
	return nil
}

// acquire counts a reader on the live build until it calls release;
// nil before the first build.
func (b *Builder) acquire() *served {
	for {
		s := b.current.Load()
		if s == nil {
			return nil
		}
		s.readers.Add(1)
		if !s.closing.Load() {
			return s
		}
		// replaced and being taken away since it was loaded: the live
		// build is another one
		s.readers.Add(-1)
	}
}

// idle reports whether no request of serve's reads the replaced build r,
// and if so keeps new ones off it. (acquire counts a reader before it
// looks at closing, idle sets closing before it looks at the count:
// one of the two sees the other.)
func (r retired) idle() bool {
	r.build.closing.Store(true)
	if r.build.readers.Load() == 0 {
		return true
	}
	r.build.closing.Store(false)
	return false
}

func (b *Builder) quiet() time.Duration {
	if b.Quiet > 0 {
		return b.Quiet
	}
	return TrashQuiet
}

func (b *Builder) keep() time.Duration {
	if b.Keep > 0 {
		return b.Keep
	}
	return Retention
}

// tidyLaterLocked has the builds replaced but kept dealt with once they
// expire, and the trash removed once the site is quiet, should no build
// come first (b.mu is held).
func (b *Builder) tidyLaterLocked() {
	if b.closed {
		return
	}
	var next time.Duration
	due := false
	at := func(left time.Duration) {
		if !due || left < next {
			next, due = left, true
		}
	}
	for _, r := range b.retired {
		left := b.keep() - time.Since(r.at)
		if left <= 0 {
			left = b.keep() // a download is under way on it: look again later
		}
		at(left)
	}
	if live := b.liveNow.Load(); live != nil && live.Trash() > 0 && !b.running {
		at(b.quiet() - time.Since(b.lastBuilt)) // the build running sees to it when it ends
	}
	if !due {
		return
	}
	fires := time.Now().Add(max(next, 0) + 10*time.Millisecond)
	if b.tidyTimer != nil {
		// a timer set for the trash of a quiet site (seconds away) must
		// not hold back a build replaced since, whose folder is the next
		// build's spare a quarter of a second after it is replaced: were
		// it dealt with only then, a curator publishing again at once
		// would wait for a whole site to be linked
		if !b.tidyAt.After(fires) || !b.tidyTimer.Stop() {
			return // due first, or firing now: it sets the next one
		}
		b.tidies.Done()
		b.tidyTimer = nil
	}
	b.tidies.Add(1)
	var t *time.Timer
	t = time.AfterFunc(time.Until(fires), func() {
		defer b.tidies.Done()
		b.mu.Lock()
		if b.tidyTimer != t {
			b.mu.Unlock()
			return
		}
		b.tidyTimer = nil
		quiet := !b.running && time.Since(b.lastBuilt) >= b.quiet()
		b.mu.Unlock()
		b.tidy(false)()
		if live := b.liveNow.Load(); quiet && live != nil {
			if trash := live.TakeTrash(); trash != "" {
				os.RemoveAll(trash)
			}
		}
		b.mu.Lock()
		b.tidyLaterLocked()
		b.mu.Unlock()
	})
	b.tidyTimer, b.tidyAt = t, fires
}

// tidy deals with the builds replaced more than Keep ago that no request
// of serve's is reading (so readers still on a recent one finish
// undisturbed), and with those an earlier run left: the newest becomes the
// spare folder of the live site where it is, and the rest are removed.
// With prepare, for the build about to run, it has a spare linked when
// there is none and none of the replaced builds can become one. It decides at once — so that a build sees the spare it
// will get — and returns a wait for the work it starts in the background.
func (b *Builder) tidy(prepare bool) (wait func()) {
	now, keep := time.Now(), b.keep()
	var expired, remove []string
	b.mu.Lock()
	for dir, r := range b.retired {
		if now.Sub(r.at) >= keep && r.idle() {
			expired = append(expired, dir)
			delete(b.retired, dir)
		}
	}
	if !b.swept {
		// left by an earlier run: nobody reads them any more
		b.swept = true
		entries, _ := os.ReadDir(b.Root)
		for _, e := range entries {
			dir := filepath.Join(b.Root, e.Name())
			if _, kept := b.retired[dir]; e.IsDir() && strings.HasPrefix(e.Name(), "build-") && dir != b.Current() && !kept {
				remove = append(remove, dir)
			}
		}
	}
	b.mu.Unlock()
	sort.Strings(expired) // oldest first: their names are their times
	live := b.liveNow.Load()
	if n := len(expired); n > 0 && live != nil && live.Reuse(expired[n-1]) {
		expired = expired[:n-1]
	}
	remove = append(remove, expired...)
	if prepare && live != nil && live.Trash() > TrashCap {
		remove = append(remove, live.TakeTrash())
	}
	var link func()
	if prepare && live != nil {
		// no spare yet: one of the replaced builds will be one once it
		// expires (after tidyLater), unless none can
		reusable := false
		b.mu.Lock()
		for dir := range b.retired {
			reusable = reusable || live.Reusable(dir)
		}
		b.mu.Unlock()
		if !reusable {
			link = live.PrepareLater()
		}
	}
	if link == nil && len(remove) == 0 {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if link != nil {
			link()
		}
		for _, dir := range remove {
			os.RemoveAll(dir)
		}
	}()
	return func() { <-done }
}

// ServeHTTP serves the live site; a missing page answers 404 with the
// site's own Russian 404 page.
func (b *Builder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	httpsec.SecurityHeaders(w.Header())
	build := b.acquire()
	if build == nil {
		http.Error(w, "Сайт ещё собирается. Обновите страницу через несколько секунд.", http.StatusServiceUnavailable)
		return
	}
	defer build.readers.Add(-1) // the build stays as it is until then
	dir := build.dir
	p := filepath.Clean("/" + r.URL.Path)
	full := filepath.Join(dir, filepath.FromSlash(p))
	info, err := os.Stat(full)
	if err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		full = filepath.Join(full, "index.html")
		_, err = os.Stat(full)
	}
	if errors.Is(err, os.ErrNotExist) || err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if page, err := os.ReadFile(filepath.Join(dir, "404.html")); err == nil {
			_, _ = w.Write(page)
		}
		return
	}
	switch {
	case strings.HasSuffix(full, ".ics"):
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	case strings.HasSuffix(full, ".webmanifest"):
		w.Header().Set("Content-Type", "application/manifest+json")
	case strings.HasPrefix(p, "/packs/") && strings.HasSuffix(full, ".zip"):
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", httpsec.AttachmentDisposition(filepath.Base(full)))
	}
	// the same lifetimes as a bucket `kopilka publish` fills
	if rel, err := filepath.Rel(dir, full); err == nil {
		w.Header().Set("Cache-Control", objstore.CacheControl(filepath.ToSlash(rel)))
	}
	// attachments are downloads, never pages the browser renders: typed by
	// the allowlist of uploads (application/octet-stream for anything not on
	// it, whatever an old record left), never sniffed, and sandboxed by a
	// second policy (a browser enforces both) should one open all the same
	if strings.HasPrefix(p, "/files/") {
		w.Header().Set("Content-Disposition", httpsec.AttachmentDisposition(filepath.Base(full)))
		w.Header().Set("Content-Type", uploads.ServedType(full))
		w.Header().Add("Content-Security-Policy", "default-src 'none'; sandbox")
	}
	http.ServeFile(w, r, full)
}
