package testkit

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kopilka/kopilka/internal/sitegen"
)

// SiteFiles maps every file a built site serves to its content, following
// symbolic links to folders as a web server does.
func SiteFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var walk func(p, rel string)
	walk = func(p, rel string) {
		entries, err := os.ReadDir(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			full, name := filepath.Join(p, e.Name()), path.Join(rel, e.Name())
			info, err := os.Stat(full) // follows links
			if err != nil {
				t.Fatal(err)
			}
			if info.IsDir() {
				walk(full, name)
				continue
			}
			data, err := os.ReadFile(full)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = data
		}
	}
	walk(dir, "")
	return out
}

// SameSite reports, file by file, how the built site got differs from
// want: files missing, differing and extra. The search index is compared
// by what it says of each document (sitegen.SearchIndexDigest), not file
// by file: a live site keeps the numbers its documents had.
func SameSite(t testing.TB, got, want map[string][]byte) {
	t.Helper()
	diffs := sameSearch(got, want)
	got, want = withoutSearch(got), withoutSearch(want)
	for rel, w := range want {
		g, ok := got[rel]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+rel)
		case !bytes.Equal(g, w):
			diffs = append(diffs, "differs "+rel)
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			diffs = append(diffs, "extra "+rel)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("the site differs from the one expected in %d files:\n%s", len(diffs), strings.Join(diffs, "\n"))
	}
}

// sameSearch compares the search indexes of two sites by their digests.
func sameSearch(got, want map[string][]byte) []string {
	_, gotIndex := got["search/manifest.json"]
	_, wantIndex := want["search/manifest.json"]
	switch {
	case !gotIndex && !wantIndex:
		return nil
	case !gotIndex:
		return []string{"missing search/manifest.json"}
	case !wantIndex:
		return []string{"extra search/manifest.json"}
	}
	g, err := sitegen.SearchIndexDigest(asFS(got))
	if err != nil {
		return []string{"search index: " + err.Error()}
	}
	w, err := sitegen.SearchIndexDigest(asFS(want))
	if err != nil {
		return []string{"search index expected: " + err.Error()}
	}
	var diffs []string
	for url, wd := range w {
		if gd, ok := g[url]; !ok {
			diffs = append(diffs, "search index: missing "+url)
		} else if gd != wd {
			diffs = append(diffs, "search index: differs "+url+":\n"+gd+"\nwant\n"+wd)
		}
	}
	for url := range g {
		if _, ok := w[url]; !ok {
			diffs = append(diffs, "search index: extra "+url)
		}
	}
	return diffs
}

func asFS(files map[string][]byte) fstest.MapFS {
	fsys := fstest.MapFS{}
	for rel, data := range files {
		fsys[rel] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// withoutSearch is files without the search index's.
func withoutSearch(files map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for rel, data := range files {
		if !strings.HasPrefix(rel, "search/") {
			out[rel] = data
		}
	}
	return out
}
