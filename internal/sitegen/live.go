package sitegen

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Live keeps a site between builds — its Hugo project, Hugo's model of the
// pages and a working output folder — so that a build after a change writes
// and renders only the pages whose content changed. Each build is then
// published as a complete folder of its own whose unchanged files are hard
// links into the working folder, so the folder that is being served never
// changes. Builds must not run concurrently.
type Live struct {
	opts  Options
	root  string // holds work/ and stage/
	work  string // the Hugo project
	stage string // Hugo's output, kept between builds

	hugo   *hugoSites
	theme  [32]byte            // of the theme and override files the project was made with
	files  map[string][32]byte // generated content and data files
	pages  map[string][]string // content file → the addresses of its page
	extras map[string][32]byte // feeds and the search index, by path in the output
	copied map[string]string   // attachment path in the output → the stored file it came from
	search *searchCache
}

// NewLive prepares a live site working in root, a folder of its own that
// is kept between builds of this process only.
func NewLive(root string, opts Options) *Live {
	return &Live{opts: opts, root: root}
}

// Close releases Hugo's model of the pages; the next build is a full one.
func (l *Live) Close() {
	if l.hugo != nil {
		l.hugo.close()
		l.hugo = nil
	}
}

// reset forgets everything, so the next build starts from nothing.
func (l *Live) reset() error {
	l.Close()
	l.files, l.pages, l.extras, l.copied = nil, nil, nil, nil
	if l.search == nil {
		l.search = newSearchCache()
	}
	if err := os.RemoveAll(l.root); err != nil {
		return err
	}
	// Hugo resolves a relative project folder against its own idea of the
	// working folder, and then finds no layouts and builds no pages
	root, err := filepath.Abs(l.root)
	if err != nil {
		return err
	}
	l.work, l.stage = filepath.Join(root, "work"), filepath.Join(root, "stage")
	for _, d := range []string{l.work, l.stage} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
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
			l.Close() // Hugo's model may be half-updated: start over next time
			os.RemoveAll(out)
		}
	}()
	theme, sum, err := themeFiles(l.opts)
	if err != nil {
		return Stats{}, fmt.Errorf("sitegen: theme: %w", err)
	}
	full := l.hugo == nil || sum != l.theme
	if full {
		if err := st.timed("theme", func() error {
			if err := l.reset(); err != nil {
				return err
			}
			l.theme = sum
			return theme.writeTo(l.work)
		}); err != nil {
			return Stats{}, fmt.Errorf("sitegen: theme: %w", err)
		}
	}
	cal := newCalendar(s)
	var events []fsnotify.Event
	if err := st.timed("content", func() (err error) {
		events, err = l.writeChanges(s, cal)
		return err
	}); err != nil {
		return Stats{}, fmt.Errorf("sitegen: content: %w", err)
	}
	if err := st.timed("hugo", func() error {
		if full {
			h, err := newHugo(l.work, l.stage, s, l.opts, true)
			if err != nil {
				return err
			}
			l.hugo = h
			if err := copyDir(filepath.Join(l.work, "static"), l.stage); err != nil {
				return err
			}
			return h.build()
		}
		if len(events) == 0 {
			return nil
		}
		// Hugo writes a page's aliases on its first build only
		if err := l.writeAliases(s, events); err != nil {
			return err
		}
		return l.hugo.build(events...)
	}); err != nil {
		return Stats{}, err
	}
	if err := st.timed("extras", func() error { return l.writeExtras(s, cal) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: %w", err)
	}
	if err := st.timed("publish", func() error { return linkTree(l.stage, out) }); err != nil {
		return Stats{}, fmt.Errorf("sitegen: publish: %w", err)
	}
	st.Pages, st.Duration = len(l.hugo.h.Pages()), time.Since(started)
	return st, nil
}

// themeFiles reads the theme with the override applied, and a sum of it.
func themeFiles(opts Options) (*tree, [32]byte, error) {
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
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(t.files[n]))
		h.Write(t.files[n])
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return t, sum, nil
}

// writeChanges writes the content and data files that differ from the last
// build, removes those that are gone together with their pages' output, and
// returns the changes as Hugo's file events.
func (l *Live) writeChanges(s *Site, cal *calendar) ([]fsnotify.Event, error) {
	t, err := generate(s, cal)
	if err != nil {
		return nil, err
	}
	first := l.files == nil
	if first {
		l.files, l.pages = map[string][32]byte{}, map[string][]string{}
	}
	var events []fsnotify.Event
	for rel, data := range t.files {
		sum := sha256.Sum256(data)
		old, had := l.files[rel]
		if had && old == sum {
			continue
		}
		full := filepath.Join(l.work, filepath.FromSlash(rel))
		if err := writeFile(full, data); err != nil {
			return nil, err
		}
		l.files[rel] = sum
		op := fsnotify.Write
		if !had {
			op = fsnotify.Create
		}
		events = append(events, fsnotify.Event{Name: full, Op: op})
	}
	for rel := range l.files {
		if _, ok := t.files[rel]; ok {
			continue
		}
		full := filepath.Join(l.work, filepath.FromSlash(rel))
		if err := os.Remove(full); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		delete(l.files, rel)
		events = append(events, fsnotify.Event{Name: full, Op: fsnotify.Remove})
		// Hugo forgets a removed page but leaves its files: they go here,
		// or a withdrawn profile would stay online
		removeOutputs(l.stage, l.pages[rel])
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
			removeOutputs(l.stage, gone)
		}
		l.pages[rel] = outs
	}
	for rel := range l.pages {
		if _, ok := t.outputs[rel]; !ok {
			delete(l.pages, rel)
		}
	}
	if first {
		return nil, nil // a full build reads everything anyway
	}
	return events, nil
}

// writeAliases writes the redirect pages of the changed pages' aliases with
// the theme's alias.html, which gets the page's .Permalink as on Hugo's
// first build.
func (l *Live) writeAliases(s *Site, events []fsnotify.Event) error {
	var tmpl *template.Template
	for _, ev := range events {
		if ev.Op == fsnotify.Remove {
			continue
		}
		rel, err := filepath.Rel(l.work, ev.Name)
		if err != nil {
			continue
		}
		outs := l.pages[filepath.ToSlash(rel)]
		if len(outs) < 2 {
			continue
		}
		if tmpl == nil {
			src, err := os.ReadFile(filepath.Join(l.work, "layouts", "alias.html"))
			if err != nil {
				return fmt.Errorf("alias.html: %w", err)
			}
			if tmpl, err = template.New("alias.html").Parse(string(src)); err != nil {
				return fmt.Errorf("alias.html: %w", err)
			}
		}
		permalink := strings.TrimRight(s.BaseURL, "/") + outs[0]
		var b bytes.Buffer
		if err := tmpl.Execute(&b, map[string]string{"Permalink": permalink}); err != nil {
			return fmt.Errorf("alias.html: %w", err)
		}
		for _, a := range outs[1:] {
			if err := replaceFile(filepath.Join(l.stage, filepath.FromSlash(a), "index.html"), b.Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeExtras brings the files kopilka writes beside Hugo's up to date:
// calendar feeds and the search index (written afresh, then only the
// differing files replaced), QR images and attachments (placed when
// missing); whatever is no longer part of the site is removed.
func (l *Live) writeExtras(s *Site, cal *calendar) error {
	t := newTree()
	if err := writeFeeds(t, s, cal); err != nil {
		return fmt.Errorf("calendar feeds: %w", err)
	}
	if err := writeSearchIndex(t, s, l.search); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	fresh := make(map[string][32]byte, len(t.files))
	for rel, data := range t.files {
		sum := sha256.Sum256(data)
		fresh[rel] = sum
		if old, ok := l.extras[rel]; ok && old == sum {
			continue
		}
		if err := replaceFile(filepath.Join(l.stage, filepath.FromSlash(rel)), data); err != nil {
			return err
		}
	}
	for rel := range l.extras {
		if _, ok := fresh[rel]; !ok {
			os.Remove(filepath.Join(l.stage, filepath.FromSlash(rel)))
		}
	}
	l.extras = fresh
	if err := l.placeQR(s); err != nil {
		return fmt.Errorf("qr codes: %w", err)
	}
	if err := l.placeAttachments(s); err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	return nil
}

// placeQR draws the images of new codes and removes those of codes no
// longer on the site.
func (l *Live) placeQR(s *Site) error {
	dir := filepath.Join(l.stage, "qr")
	want := map[string]bool{}
	var missing []string
	for _, code := range siteCodes(s) {
		want[code+".svg"], want[code+".png"] = true, true
		if _, err := os.Stat(filepath.Join(dir, code+".png")); err != nil {
			missing = append(missing, code)
		}
	}
	if len(missing) > 0 {
		if err := writeQRImages(l.stage, l.opts.Cache, s.BaseURL, missing); err != nil {
			return err
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !want[e.Name()] {
			os.Remove(filepath.Join(dir, e.Name()))
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
	for _, t := range s.Teachers {
		if t.Photo != nil && t.Photo.Open != nil {
			add(path.Join("files", "teachers", t.Slug, path.Base(t.Photo.Name)), *t.Photo)
		}
	}
	for _, m := range s.Materials {
		for _, f := range m.Files {
			if f.Open != nil {
				add(path.Join("files", "materials", m.Slug, path.Base(f.Name)), f)
			}
		}
	}
	if l.copied == nil {
		l.copied = map[string]string{}
	}
	for rel, key := range want {
		if l.copied[rel] == key {
			continue
		}
		dst := filepath.Join(l.stage, filepath.FromSlash(rel))
		os.Remove(dst) // never write into a file an earlier build shares
		if err := copyOne(dst, open[rel].Open); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		l.copied[rel] = key
	}
	for rel := range l.copied {
		if _, ok := want[rel]; !ok {
			removeFileAndEmptyDirs(l.stage, filepath.Join(l.stage, filepath.FromSlash(rel)))
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

// linkTree makes dst a copy of src made of hard links (copies where the
// file system has none).
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if err := os.Link(p, target); err == nil {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
