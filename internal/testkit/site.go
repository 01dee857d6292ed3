package testkit

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
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
// want: files missing, differing and extra.
func SameSite(t testing.TB, got, want map[string][]byte) {
	t.Helper()
	var diffs []string
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
