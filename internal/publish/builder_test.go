package publish_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// names lists the entries of dir matching pattern.
func names(t *testing.T, dir, pattern string) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range found {
		out = append(out, filepath.Base(f))
	}
	return out
}

// eventually polls cond for up to limit.
func eventually(limit time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// A replaced build stays as it was while readers may be on it; nothing is
// done to it before the new build is served. Once it has been replaced for
// Keep, with no request on it, it is dealt with without waiting for another
// build: it becomes the spare folder the next build takes, or is removed.
// A series of publishes leaves the live build and one spare.
func TestARetiredBuildGoesAfterTheSwapAndASeriesLeavesOnlyTheFoldersKept(t *testing.T) {
	w := newWorld(t)
	root := t.TempDir()
	keep := 2 * time.Second
	b := &publish.Builder{App: w.app, Settings: w.settings, Theme: kopilka.SiteTheme, Root: root, Keep: keep, Quiet: 2 * keep}
	defer b.Close()
	if err := b.BuildNow(); err != nil {
		t.Fatal(err)
	}
	first := b.Current()
	served := testkit.SiteFiles(t, first)
	firstInfo, err := os.Stat(first)
	if err != nil {
		t.Fatal(err)
	}
	slug := w.slug(t, schema.Materials, "matPubA1")
	edit := func(summary string) {
		t.Helper()
		w.update(t, "matPubA1", schema.Materials, map[string]any{"summary": summary})
		if err := b.BuildNow(); err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join(b.Current(), "materials", slug, "index.html"))
		if err != nil || !strings.Contains(string(page), summary) {
			t.Fatalf("the live site does not show %q: %v", summary, err)
		}
	}
	notShared := func(m map[string][]byte) map[string][]byte {
		out := map[string][]byte{}
		for k, v := range m {
			if !strings.HasPrefix(k, "qr/") && !strings.HasPrefix(k, "q/") {
				out[k] = v
			}
		}
		return out
	}
	work := filepath.Join(root, ".live")
	// the working folder of the live site holds its stage, the shared QR
	// images and short links, a spare only while a build runs, and the
	// files builds replaced until the site is quiet (with trash, those too)
	onlyWork := func(trash bool) bool {
		entries, _ := os.ReadDir(work)
		for _, e := range entries {
			if e.Name() != "stage" && !strings.HasPrefix(e.Name(), "shared-") && !(trash && strings.HasPrefix(e.Name(), "trash-")) {
				return false
			}
		}
		return len(entries) > 0
	}

	swapped := time.Now()
	edit("Первая правка")
	second := b.Current()
	if second == first {
		t.Fatal("the build was not swapped")
	}
	// just after the swap the replaced build is all there, as it was (the
	// QR images and short links are folders every build shares)
	if time.Since(swapped) < keep {
		testkit.SameSite(t, notShared(testkit.SiteFiles(t, first)), notShared(served))
	}
	// once expired, with no build since, it is the spare: the next build
	// takes that folder where it is and brings it up to date
	time.Sleep(keep + 200*time.Millisecond)
	if !onlyWork(true) {
		t.Errorf("a spare was linked though the replaced build could be reused: %v", names(t, work, "*"))
	}
	edit("Вторая правка")
	if now, err := os.Stat(b.Current()); err != nil || !os.SameFile(now, firstInfo) {
		t.Error("the build after the replaced one expired is not its folder brought up to date")
	}
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Error("the replaced build is still there under its name")
	}

	// a series of publishes, each as soon as the last is live
	var series []string
	for i := 0; i < 6; i++ {
		edit(fmt.Sprintf("Правка %d", i))
		series = append(series, filepath.Base(b.Current()))
	}
	live := filepath.Base(b.Current())
	builds := names(t, root, "build-*")
	if !slices.Contains(builds, live) || !slices.Contains(builds, series[len(series)-2]) {
		t.Errorf("right after the series: %v, want the live build and the one it replaced", builds)
	}
	if len(builds) > len(series)+3 {
		t.Errorf("right after the series: %d build folders, more than the series made", len(builds))
	}
	// then, without another build: the live build and one spare
	settled := func() bool {
		builds = names(t, root, "build-*")
		return len(builds) == 2 && slices.Contains(builds, live) && onlyWork(false)
	}
	if !eventually(b.Quiet+10*time.Second, settled) {
		t.Errorf("after the series: builds %v and in the working folder %v, want %s and one spare", builds, names(t, work, "*"), live)
	}
	if b.Current() != filepath.Join(root, live) {
		t.Error("the live build changed without a publish")
	}
	page, err := os.ReadFile(filepath.Join(root, "current", "materials", slug, "index.html"))
	if err != nil || !strings.Contains(string(page), "Правка 5") {
		t.Errorf("Root/current does not serve the last publish: %v", err)
	}
	var spare string
	for _, name := range builds {
		if name != live {
			spare = filepath.Join(root, name)
		}
	}
	spareInfo, err := os.Stat(spare)
	if err != nil {
		t.Fatal(err)
	}
	edit("Последняя правка")
	if now, err := os.Stat(b.Current()); err != nil || !os.SameFile(now, spareInfo) {
		t.Error("the next build is not the spare the series left")
	}
}

// A curator who publishes again as soon as the page is live starts the
// next build before the replaced one expires. It expires while that build
// runs, and the build takes its folder rather than linking a whole site —
// even when a timer for a quiet site's trash, seconds away, was already
// set.
func TestABuildStartedBeforeTheReplacedOneExpiresStillTakesItsFolder(t *testing.T) {
	w := newWorld(t)
	root := t.TempDir()
	// shorter than any build (Hugo alone takes longer), and a quiet far off
	b := &publish.Builder{App: w.app, Settings: w.settings, Theme: kopilka.SiteTheme, Root: root, Keep: 20 * time.Millisecond, Quiet: time.Minute}
	defer b.Close()
	publishAgain := func(summary string) {
		t.Helper()
		w.update(t, "matPubA1", schema.Materials, map[string]any{"summary": summary})
		if err := b.BuildNow(); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.BuildNow(); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		beforeLast, err := os.Stat(b.Current())
		if err != nil {
			t.Fatal(err)
		}
		publishAgain(fmt.Sprintf("Правка %d", i))
		// at once: the build just replaced has not expired yet
		publishAgain(fmt.Sprintf("Правка %d, ещё раз", i))
		if now, err := os.Stat(b.Current()); err != nil || !os.SameFile(now, beforeLast) {
			t.Errorf("publish %d: the build is not the folder of the build before last, brought up to date (%v)", 2*i+2, err)
		}
	}
}
