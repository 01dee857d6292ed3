package sitegen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Live keeps a site between builds — its output folder and what it was
// generated from — so that a build after a change renders only the pages
// whose content files changed: Hugo builds a project of just those pages
// and the few that read hidden list data (the home page, the section
// pages), and their files replace the old ones. No page reads another
// page's content (cards and names are copied into each page's own front
// matter), so a page renders the same alone as in the whole site. Each
// build is then published as a complete folder of its own whose unchanged
// files are hard links into the working folder, so the folder that is
// being served never changes — except /qr/ and /q/: the QR images and
// the redirects of the short links, most of a site's files and each of
// which never changes (both depend only on a code and the site's address),
// are in folders all builds link to by symbolic links, and those of codes
// no longer on the site are removed as a build runs. Builds must not run
// concurrently; Reuse, Recycle and PrepareLater (and the linking it
// returns) may run beside a build.
//
// So a build's last step is quick: it takes a spare folder — an earlier
// build's folder nobody reads any more (Reuse), or a copy of links of the
// last build made while this one ran (PrepareLater) — and brings it up to
// date by relinking only the files changed since its version.
type Live struct {
	opts   Options
	root   string // holds work/, stage/, partial/, spare-*/ and shared-*/
	stage  string // the site as last built but /qr/ and /q/, kept between builds
	shared string // /qr/ and /q/ of the site as last built

	built  bool                // stage holds a complete build of the theme below
	theme  *tree               // the theme and override files
	sum    [32]byte            // of the theme and the site settings Hugo is given
	files  map[string][32]byte // generated content files
	pages  map[string][]string // content file → the addresses of its page
	extras map[string][32]byte // feeds, sitemap and search index, by path in the output
	copied map[string]string   // attachment path in the output → the stored file it came from
	packed map[string]string   // event pack path in the output → its sign
	qr     map[string]bool     // codes whose images are in the shared QR folder
	search *searchCache
	memo   *memo       // the front matter and cards of the last build
	feeds  *eventTexts // the events of the last build's calendar feeds
	// the last build's calendar feeds and sitemap parts, by what they
	// were made of; emptied with the stage
	feedFiles *feedFiles
	sitemap   *sitemapParts

	// Publishing a build as a new folder of links costs a folder and a
	// link for each page: seconds at 10,000 materials. A build folder
	// nobody reads any more (Recycle) is instead brought up to date by
	// relinking only the stage files changed since its version.
	version int            // of the last build
	touched map[string]int // stage file (slash path) → version that last wrote or removed it
	// fixedPages is how many pages the last full build had besides those
	// of generated content files with an address
	fixedPages int

	// Folders are readied beside builds (Reuse, PrepareLater): mu guards
	// what both sides read; the linking of a spare holds folders, which a
	// full build's reset of root waits for.
	folders   sync.Mutex
	mu        sync.Mutex
	fullAt    int            // version of the last full build: older folders are of another stage
	builds    map[string]int // published folders → their version
	spares    map[string]int // a folder (one at most) ready to be brought up to date → its version
	preparing chan struct{}  // closed when the spare being prepared is ready; nil when none is
	seq       int            // names spare and trash folders
	trash     string         // folder of what builds replaced, "" when none
	trashed   int            // entries in it
}

// NewLive prepares a live site working in root, a folder of its own that
// is kept between builds of this process only.
func NewLive(root string, opts Options) *Live {
	return &Live{opts: opts, root: root}
}

// Close makes the next build a full one.
func (l *Live) Close() { l.built = false }

// reset forgets everything, so the next build starts from nothing but the
// QR images of baseURL, which the served site may be showing.
func (l *Live) reset(baseURL string) error {
	l.built = false
	// no folder work in l.root while it is emptied
	l.folders.Lock()
	defer l.folders.Unlock()
	l.files, l.pages, l.extras, l.copied, l.qr, l.packed = nil, nil, nil, nil, nil, nil
	l.memo = &memo{} // a full build encodes every page: Hugo is given them all
	l.mu.Lock()
	spares := l.spares
	l.touched, l.builds, l.spares = map[string]int{}, map[string]int{}, map[string]int{}
	l.trash, l.trashed = "", 0 // removed with the rest of root below
	l.mu.Unlock()
	for spare := range spares {
		os.RemoveAll(spare) // one reused where it was may be outside root
	}
	if l.search == nil {
		l.search = newSearchCache()
	}
	// the stage is emptied: the index, the feeds and the sitemap are
	// written whole
	l.search.files = nil
	l.feedFiles, l.sitemap = &feedFiles{}, &sitemapParts{}
	// Hugo resolves a relative project folder against its own idea of the
	// working folder, and then finds no layouts and builds no pages
	root, err := filepath.Abs(l.root)
	if err != nil {
		return err
	}
	l.root, l.stage = root, filepath.Join(root, "stage")
	entries, err := os.ReadDir(root)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	l.shared = filepath.Join(root, sharedFolder(baseURL))
	for _, e := range entries {
		if e.Name() != filepath.Base(l.shared) {
			if err := os.RemoveAll(filepath.Join(root, e.Name())); err != nil {
				return err
			}
		}
	}
	for _, d := range []string{l.stage, filepath.Join(l.shared, "qr"), filepath.Join(l.shared, "q")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	return nil
}

// sharedFolder names the folder of a site's QR images and short link
// redirects: both depend on its address.
func sharedFolder(baseURL string) string {
	sum := sha256.Sum256([]byte(baseURL))
	return "shared-" + hex.EncodeToString(sum[:6])
}

// place is where the file of the site at rel (slash or native path) is
// kept: the short links' redirects in the shared folder, the rest on the
// stage.
func (l *Live) place(rel string) string {
	rel = filepath.FromSlash(rel)
	if strings.HasPrefix(rel, "q"+string(filepath.Separator)) {
		return filepath.Join(l.shared, rel)
	}
	return filepath.Join(l.stage, rel)
}

// removeOutputs removes what Hugo published for a page at the addresses
// given.
func (l *Live) removeOutputs(addresses []string) {
	for _, a := range addresses {
		if strings.HasPrefix(a, "/q/") {
			removeOutputs(l.shared, []string{a})
			continue
		}
		removeOutputs(l.stage, []string{a})
		for _, name := range []string{"index.html", "index.xml"} {
			l.touch(path.Join(strings.Trim(a, "/"), name))
		}
	}
}

// touch records that the build being made wrote or removed the stage file
// at rel.
func (l *Live) touch(rel string) {
	l.touched[filepath.ToSlash(rel)] = l.version + 1
}

// Reuse takes the folder of an earlier build that nobody reads any more,
// where it is, as the spare folder the next build brings up to date
// (relinking only the files changed since) instead of linking a folder of
// its own — when there is no spare and none is being prepared, and the
// folder is of the live site's current stage. It reports whether it took
// it; a folder it does not take is the caller's to remove. It touches no
// file, and may run beside a build.
func (l *Live) Reuse(dir string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, spare := l.spares[dir]; spare {
		return true
	}
	v, ok := l.builds[dir]
	delete(l.builds, dir)
	if !ok || v < l.fullAt || len(l.spares) > 0 || l.preparing != nil {
		return false
	}
	l.spares[dir] = v
	return true
}

// discard moves the file or folder p out of the way into the trash rather
// than removing it: where the file system reuses no inode it freed lately
// (ext4 without a journal skips those freed in the last 30 s, scanning
// past each), a publish that frees the 1,500 files the one before replaced
// makes each file it creates cost a scan. The trash is removed when the
// site is quiet (TakeTrash).
func (l *Live) discard(p string) {
	l.mu.Lock()
	defer l.mu.Unlock() // not while TakeTrash takes the folder
	if l.trash == "" {
		l.seq++
		l.trash = filepath.Join(l.root, fmt.Sprintf("trash-%d", l.seq))
		if err := os.Mkdir(l.trash, 0o755); err != nil {
			l.trash = ""
			os.RemoveAll(p)
			return
		}
	}
	l.seq++
	if err := os.Rename(p, filepath.Join(l.trash, strconv.Itoa(l.seq))); err != nil {
		os.RemoveAll(p)
		return
	}
	l.trashed++
}

// Trash is how many files and folders builds have replaced since the
// last TakeTrash.
func (l *Live) Trash() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.trashed
}

// TakeTrash returns the folder of what builds replaced, for the caller to
// remove when no build needs the file system's time; "" when there is none.
func (l *Live) TakeTrash() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	dir := l.trash
	l.trash, l.trashed = "", 0
	return dir
}

// Reusable reports whether Reuse could take dir, a spare being needed:
// it is a folder of a build of the current stage.
func (l *Live) Reusable(dir string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.builds[dir]
	return ok && v >= l.fullAt
}

// Recycle is Reuse, removing the folder when it is not taken. Removing a
// folder takes about as long as linking one: callers run it off a
// reader's path.
func (l *Live) Recycle(dir string) {
	if !l.Reuse(dir) {
		os.RemoveAll(dir)
	}
}

// PrepareLater readies the making of a spare folder when there is none and
// none is being made: a copy of links of the newest build published (which
// never changes), so that the next build only relinks the files changed
// since. It notes at once that a spare is coming — a build that needs one
// waits for it rather than linking a folder of its own — and returns the
// linking to run, in the background (a whole site takes a second at
// 10,000 materials); nil when there is nothing to do.
func (l *Live) PrepareLater() func() {
	l.mu.Lock()
	defer l.mu.Unlock()
	src, v := "", -1
	for dir, dv := range l.builds {
		if dv > v && dv >= l.fullAt {
			src, v = dir, dv
		}
	}
	if src == "" || len(l.spares) > 0 || l.preparing != nil {
		return nil
	}
	done := make(chan struct{})
	l.preparing = done
	l.seq++
	spare := filepath.Join(l.root, fmt.Sprintf("spare-%d", l.seq))
	return func() {
		defer close(done)
		// not while a full build empties the working folder
		l.folders.Lock()
		defer l.folders.Unlock()
		l.mu.Lock()
		_, still := l.builds[src] // not of a stage since replaced
		l.mu.Unlock()
		err := fmt.Errorf("sitegen: %s is no longer a build", src)
		tmp := spare + ".part"
		if still {
			if err = linkTreeExcept(src, tmp, "qr", "q"); err == nil {
				err = os.Rename(tmp, spare)
			}
			if err != nil {
				os.RemoveAll(tmp)
			}
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		l.preparing = nil
		if err == nil {
			l.spares[spare] = v
		}
	}
}

// Prepare is PrepareLater done now.
func (l *Live) Prepare() {
	if prepare := l.PrepareLater(); prepare != nil {
		prepare()
	}
}

// takeSpare takes the newest spare folder, waiting for one being prepared;
// "" when there is none.
func (l *Live) takeSpare() (string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		spare, from := "", -1
		for dir, v := range l.spares {
			if v > from && v >= l.fullAt {
				spare, from = dir, v
			}
		}
		if spare != "" {
			delete(l.spares, spare)
			return spare, from
		}
		wait := l.preparing
		if wait == nil {
			return "", -1
		}
		// nearly ready, or at worst as long as linking a folder here
		l.mu.Unlock()
		<-wait
		l.mu.Lock()
	}
}

// publish makes out the site as on the stage: a spare folder brought up
// to date when there is one, else a new folder of links.
func (l *Live) publish(out string) error {
	spare, from := l.takeSpare()
	if spare == "" {
		return linkTree(l.stage, out)
	}
	if err := os.Rename(spare, out); err != nil {
		os.RemoveAll(spare)
		return linkTree(l.stage, out)
	}
	for rel, v := range l.touched {
		if v <= from {
			continue
		}
		src, dst := filepath.Join(l.stage, filepath.FromSlash(rel)), filepath.Join(out, filepath.FromSlash(rel))
		if _, err := os.Lstat(dst); err == nil {
			l.discard(dst) // perhaps the last link of an old version
		}
		if _, err := os.Lstat(src); err != nil {
			removeFileAndEmptyDirs(out, dst)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := linkFile(src, dst); err != nil {
			return err
		}
	}
	// the links to the shared folders are remade: the folder has moved
	for _, name := range []string{"qr", "q"} {
		os.Remove(filepath.Join(out, name))
	}
	return nil
}

// Build brings the site up to date with s and publishes it into out, a
// folder that must not exist yet. A failed build leaves out absent and the
// next build a full one.
func (l *Live) Build(s *Site, out string) (st Stats, err error) {
	started := time.Now()
	if s.Location == nil {
		s.Location = time.UTC
	}
	if s.Now.IsZero() {
		s.Now = time.Now()
	}
	if out, err = filepath.Abs(out); err != nil {
		return Stats{}, fmt.Errorf("sitegen: output folder: %w", err)
	}
	if _, err := os.Stat(out); err == nil {
		return Stats{}, fmt.Errorf("sitegen: output folder %s already exists", out)
	}
	defer func() {
		if err != nil {
			l.built = false // the stage may be half-updated: start over next time
			os.RemoveAll(out)
		}
	}()
	theme, sum, err := themeFiles(l.opts, s)
	if err != nil {
		return Stats{}, fmt.Errorf("sitegen: theme: %w", err)
	}
	full := !l.built || sum != l.sum || l.shared != filepath.Join(l.root, sharedFolder(s.BaseURL))
	if full {
		if err := st.timed("theme", func() error { return l.reset(s.BaseURL) }); err != nil {
			return Stats{}, fmt.Errorf("sitegen: theme: %w", err)
		}
		l.theme, l.sum = theme, sum
	}
	cal := newCalendar(s)
	// the packs come first: an event's page shows its pack's size
	var packs map[string]packInfo
	if err := st.timed("packs", func() (err error) {
		packs, err = (&packer{dir: filepath.Join(l.shared, "packs")}).update(s)
		return err
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: event packs: %w", err)
	}
	var content *tree
	var changed []string
	if err := st.timed("content", func() (err error) {
		content, changed, err = l.compare(s, cal, packs)
		return err
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: content: %w", err)
	}
	if err := st.timed("hugo", func() error {
		if full {
			return l.renderAll(s, content)
		}
		if len(changed) == 0 {
			return nil
		}
		return l.renderChanged(s, content, changed)
	}); err != nil {
		return Stats{}, err
	}
	if err := st.timed("extras", func() error { return l.writeExtras(s, cal, content, packs) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: %w", err)
	}
	var spare string
	if err := st.timed("publish", func() error {
		if full {
			// and beside it a spare for the first publish, which would
			// otherwise link one as it runs: a full build is not waited
			// for as a publish is, and the file system has just freed
			// the build's working files, which makes a folder cost more
			// to make for a while
			l.mu.Lock()
			l.seq++
			spare = filepath.Join(l.root, fmt.Sprintf("spare-%d", l.seq))
			l.mu.Unlock()
			linked := make(chan error, 1)
			go func() { linked <- linkTree(l.stage, spare) }()
			defer func() {
				if <-linked != nil {
					os.RemoveAll(spare)
					spare = ""
				}
			}()
		}
		if err := l.publish(out); err != nil {
			return err
		}
		if err := linkDir(filepath.Join(l.shared, "qr"), filepath.Join(out, "qr")); err != nil {
			return err
		}
		return linkDir(filepath.Join(l.shared, "q"), filepath.Join(out, "q"))
	}); err != nil {
		os.RemoveAll(spare)
		return Stats{}, fmt.Errorf("sitegen: publish: %w", err)
	}
	l.built = true
	l.version++
	l.mu.Lock()
	l.builds[out] = l.version
	if spare != "" {
		l.spares[spare] = l.version
	}
	l.mu.Unlock()
	st.Pages, st.Duration = l.fixedPages+len(content.outputs), time.Since(started)
	return st, nil
}

// themeFiles reads the theme with the override applied, and a sum of it
// and of the site settings every page shows.
func themeFiles(opts Options, s *Site) (*tree, [32]byte, error) {
	t, err := themeTree(opts)
	if err != nil {
		return nil, [32]byte{}, err
	}
	names := make([]string, 0, len(t.files))
	for n := range t.files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", s.BaseURL, s.Title, s.Municipality)
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(t.files[n]))
		h.Write(t.files[n])
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return t, sum, nil
}

// compare generates the content files, returns those that differ from the
// last build, and removes the output of pages that are gone.
func (l *Live) compare(s *Site, cal *calendar, packs map[string]packInfo) (*tree, []string, error) {
	t, err := generate(s, cal, packs, l.memo)
	if err != nil {
		l.memo = &memo{} // perhaps half-updated
		return nil, nil, err
	}
	if l.files == nil {
		l.files, l.pages = map[string][32]byte{}, map[string][]string{}
	}
	var changed []string
	for rel, data := range t.files {
		sum := t.sum(rel)
		if old, had := l.files[rel]; had && old == sum {
			continue
		}
		if data == nil {
			// the memo and the stage disagree: a build the memo does not
			// know of, which only a full build puts right
			return nil, nil, fmt.Errorf("sitegen: content file %s differs from the last build but was not encoded", rel)
		}
		l.files[rel] = sum
		changed = append(changed, rel)
	}
	for rel := range l.files {
		if _, ok := t.files[rel]; ok {
			continue
		}
		delete(l.files, rel)
		// a withdrawn profile must not stay online
		l.removeOutputs(l.pages[rel])
	}
	for rel, outs := range t.outputs {
		if old := l.pages[rel]; len(old) > 0 {
			// an address a page no longer has (a changed alias) goes too
			var gone []string
			for _, a := range old {
				if !slices.Contains(outs, a) {
					gone = append(gone, a)
				}
			}
			l.removeOutputs(gone)
		}
		l.pages[rel] = outs
	}
	for rel := range l.pages {
		if _, ok := t.outputs[rel]; !ok {
			delete(l.pages, rel)
		}
	}
	sort.Strings(changed)
	return t, changed, nil
}

// renderAll builds the whole site into the stage.
func (l *Live) renderAll(s *Site, content *tree) error {
	work := filepath.Join(l.root, "work")
	defer os.RemoveAll(work)
	projects, err := writeProjects(work, l.theme, content, l.opts.PagesPerRun)
	if err != nil {
		return err
	}
	if err := l.theme.writeStatic(l.stage); err != nil {
		return err
	}
	// the projects' files go to the trash: freed now, they would slow the
	// file creation of the publishes that follow (see discard)
	pages, err := renderProjects(projects, l.stage, s, l.opts, len(content.outputs), l.discard)
	if err != nil {
		return err
	}
	l.fixedPages = pages - len(content.outputs)
	l.mu.Lock()
	l.fullAt, l.touched = l.version+1, map[string]int{}
	l.mu.Unlock()
	// the short links' redirects go to the shared folder, which the
	// served site may be reading: only the files that differ are replaced
	aliases := filepath.Join(l.stage, "q")
	keep := map[string]bool{}
	err = filepath.WalkDir(aliases, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, os.ErrNotExist) && p == aliases {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(l.stage, p)
		keep[rel] = true
		_, err = replaceIfDiffers(p, l.place(rel))
		return err
	})
	if err != nil {
		return err
	}
	err = filepath.WalkDir(filepath.Join(l.shared, "q"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if rel, _ := filepath.Rel(l.shared, p); !keep[rel] {
			removeFileAndEmptyDirs(filepath.Join(l.shared, "q"), p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return os.RemoveAll(aliases)
}

// replaceIfDiffers puts the file src at dst unless dst has the same
// bytes, and says whether it did.
func replaceIfDiffers(src, dst string) (bool, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return false, err
	}
	if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	return true, replaceFile(dst, data)
}

// renderChanged has Hugo build a project of the changed content files and
// the files without pages of their own (hidden list data and section
// settings) into a folder of its own, then puts the files that differ
// from the stage's in place.
func (l *Live) renderChanged(s *Site, content *tree, changed []string) error {
	dir := filepath.Join(l.root, "partial")
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	defer l.discard(dir)
	project, out := filepath.Join(dir, "project"), filepath.Join(dir, "out")
	if err := l.theme.writeTo(project); err != nil {
		return err
	}
	part := newTree()
	for rel, data := range content.files {
		if len(content.outputs[rel]) == 0 {
			part.files[rel] = data
		}
	}
	for _, rel := range changed {
		part.files[rel] = content.files[rel]
	}
	if err := part.writeTo(project); err != nil {
		return err
	}
	h, err := newHugo(project, out, s, l.opts)
	if err != nil {
		return err
	}
	defer h.close()
	if err := h.build(); err != nil {
		return err
	}
	return filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		dst := l.place(rel)
		wrote, err := replaceIfDiffers(p, dst)
		if wrote && strings.HasPrefix(dst, l.stage+string(filepath.Separator)) {
			l.touch(rel)
		}
		return err
	})
}

// writeExtras brings the files kopilka writes beside Hugo's up to date:
// calendar feeds and the search index (written afresh, then only the
// differing files replaced), QR images and attachments (placed when
// missing); whatever is no longer part of the site is removed.
func (l *Live) writeExtras(s *Site, cal *calendar, content *tree, packs map[string]packInfo) error {
	t := newTree()
	if l.feeds == nil {
		l.feeds = &eventTexts{}
	}
	if err := writeFeeds(t, s, cal, l.feeds, l.feedFiles); err != nil {
		return fmt.Errorf("calendar feeds: %w", err)
	}
	if err := writeSyndication(t, s, content, l.theme, l.sitemap); err != nil {
		return fmt.Errorf("news feeds and sitemap: %w", err)
	}
	if err := writeSearchIndex(t, s, l.search); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	fresh := make(map[string][32]byte, len(t.files))
	for rel, data := range t.files {
		sum := t.sum(rel)
		fresh[rel] = sum
		if old, ok := l.extras[rel]; ok && old == sum {
			continue
		}
		if data == nil {
			// kept from the last build by its maker, which the stage
			// does not hold: only a full build puts that right
			return fmt.Errorf("%s differs from the last build but was not made again", rel)
		}
		if err := replaceFile(filepath.Join(l.stage, filepath.FromSlash(rel)), data); err != nil {
			return err
		}
		l.touch(rel)
	}
	for rel := range l.extras {
		if _, ok := fresh[rel]; !ok {
			os.Remove(filepath.Join(l.stage, filepath.FromSlash(rel)))
			l.touch(rel)
		}
	}
	l.extras = fresh
	if err := l.placeQR(s); err != nil {
		return fmt.Errorf("qr codes: %w", err)
	}
	if err := l.placeAttachments(s); err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	if l.packed == nil {
		l.packed = map[string]string{}
	}
	if err := placePacks(l.stage, packs, l.packed, l.touch); err != nil {
		return fmt.Errorf("event packs: %w", err)
	}
	return nil
}

// placeQR draws the images of new codes into the shared QR folder and
// removes those of codes no longer on the site.
func (l *Live) placeQR(s *Site) error {
	dir := filepath.Join(l.shared, "qr")
	if l.qr == nil {
		// what an earlier run left: images are written whole or not at all
		l.qr = map[string]bool{}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if code, ok := strings.CutSuffix(e.Name(), ".png"); ok {
				if _, err := os.Stat(filepath.Join(dir, code+".svg")); err == nil {
					l.qr[code] = true
				}
			}
		}
	}
	want := map[string]bool{}
	var missing []string
	for _, code := range siteCodes(s) {
		want[code] = true
		if !l.qr[code] {
			missing = append(missing, code)
		}
	}
	if err := writeQRImages(dir, l.opts.Cache, s.BaseURL, missing, false); err != nil {
		return err
	}
	for _, code := range missing {
		l.qr[code] = true
	}
	for code := range l.qr {
		if !want[code] {
			os.Remove(filepath.Join(dir, code+".svg"))
			os.Remove(filepath.Join(dir, code+".png"))
			delete(l.qr, code)
		}
	}
	return nil
}

func siteCodes(s *Site) []string {
	var codes []string
	for _, m := range s.Materials {
		codes = append(codes, m.QRCode)
	}
	for _, p := range s.Practices {
		codes = append(codes, p.QRCode)
	}
	for _, e := range s.Events {
		codes = append(codes, e.QRCode)
	}
	out := codes[:0]
	for _, c := range codes {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// placeAttachments copies the files that are new or replaced and removes
// those no longer public (a withdrawn photo, an archived material's files).
func (l *Live) placeAttachments(s *Site) error {
	want := map[string]string{}
	open := map[string]File{}
	add := func(rel string, f File) {
		want[rel] = f.Key + "\x00" + fmt.Sprint(f.Size)
		open[rel] = f
	}
	for _, a := range siteAttachments(s) {
		add(a.rel, a.file)
	}
	if l.copied == nil {
		l.copied = map[string]string{}
	}
	root, err := os.OpenRoot(l.stage)
	if err != nil {
		return err
	}
	defer root.Close()
	for rel, key := range want {
		if l.copied[rel] == key {
			continue
		}
		root.Remove(filepath.FromSlash(rel)) // never write into a file an earlier build shares
		if err := copyOne(root, rel, open[rel].Open); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		l.touch(rel)
		l.copied[rel] = key
	}
	for rel := range l.copied {
		if _, ok := want[rel]; !ok {
			removeFileAndEmptyDirs(l.stage, filepath.Join(l.stage, filepath.FromSlash(rel)))
			l.touch(rel)
			delete(l.copied, rel)
		}
	}
	return nil
}

// replaceFile writes data at p as a new file, leaving any file an earlier
// build links to untouched.
func replaceFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	os.Remove(p)
	return os.WriteFile(p, data, 0o644)
}

// linkDir makes link a symbolic link to the folder dir, relative when it
// can be, so that the build folder can be moved with its parent.
func linkDir(dir, link string) error {
	target, err := filepath.Rel(filepath.Dir(link), dir)
	if err != nil {
		target = dir
	}
	return os.Symlink(target, link)
}

// linkTree makes dst a copy of src made of hard links (copies where the
// file system has none). It reads each folder once and makes each entry
// with one call: at 10,000 materials a build has some 40,000 of them.
func linkTree(src, dst string) error { return linkTreeExcept(src, dst) }

// linkTreeExcept is linkTree without the entries of src's top folder
// named skip.
func linkTreeExcept(src, dst string, skip ...string) error {
	if err := os.Mkdir(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if slices.Contains(skip, e.Name()) {
			continue
		}
		from, to := filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())
		if e.IsDir() {
			if err := linkTree(from, to); err != nil {
				return err
			}
			continue
		}
		if err := linkFile(from, to); err != nil {
			return err
		}
	}
	return nil
}

// linkFile makes dst a hard link to src, or a copy where the file system
// has none.
func linkFile(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
