package bench

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
	"github.com/kopilka/kopilka/internal/synth"
)

// searchQueries are what teachers type, and last the query of
// `kopilka bench`, which the median and maximum leave out.
var searchQueries = []string{"финансовая грамотность", "проектная деятельность", "урок математика", "ИОМ", "робототех", "дроби проценты"}

// searchBudget is the most a two-word query may download at 10,000
// materials.
const searchBudget = 300 << 10

// TestSearchDownloadsAtScale measures what real queries download from the
// site of a synthetic municipality (internal/synth, seed 1), imported and
// built as `kopilka bench` does. It runs only when asked, for the numbers
// of materials given (BENCHMARKS.md has the figures):
//
//	KOPILKA_SEARCH_SIZES=2000,10000 go test ./internal/bench -run TestSearchDownloadsAtScale -v -timeout 30m
func TestSearchDownloadsAtScale(t *testing.T) {
	sizes := os.Getenv("KOPILKA_SEARCH_SIZES")
	if sizes == "" {
		t.Skip("set KOPILKA_SEARCH_SIZES=2000,10000 to measure")
	}
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			t.Fatalf("KOPILKA_SEARCH_SIZES: %v", err)
		}
		out := syntheticMunicipalitySite(t, n)
		var raw, packed []int
		for i, q := range searchQueries {
			res, err := sitegen.Search(os.DirFS(out), q)
			if err != nil {
				t.Fatalf("%d materials, %q: %v", n, q, err)
			}
			var size, gz, chunks, chunkBytes, shards, shardBytes int
			for _, f := range res.Files {
				data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f)))
				if err != nil {
					t.Fatal(err)
				}
				size += len(data)
				gz += gzipped(t, data)
				switch {
				case strings.HasPrefix(f, "search/t/"):
					chunks, chunkBytes = chunks+1, chunkBytes+len(data)
				case strings.HasPrefix(f, "search/docs/"):
					shards, shardBytes = shards+1, shardBytes+len(data)
				}
			}
			if i < len(searchQueries)-1 {
				raw, packed = append(raw, size), append(packed, gz)
			}
			t.Logf("%d materials | %s | %d found, %d with all words | %d chunks %.1f KB, %d shards %.1f KB | %.1f KB | gzipped %.1f KB",
				n, q, res.Total, res.All, chunks, kb(chunkBytes), shards, kb(shardBytes), kb(size), kb(gz))
			if len(res.Words) == 2 && n <= 10000 && size > searchBudget {
				t.Errorf("%d materials: %q downloads %.1f KB, more than %d KB", n, q, kb(size), searchBudget>>10)
			}
		}
		manifest, _ := os.Stat(filepath.Join(out, "search", "manifest.json"))
		t.Logf("%d materials | median %.1f KB, max %.1f KB | gzipped median %.1f KB, max %.1f KB | manifest %.1f KB",
			n, kb(percentile(raw, 50)), kb(slices.Max(raw)), kb(percentile(packed, 50)), kb(slices.Max(packed)), kb(int(manifest.Size())))
	}
}

func kb(n int) float64 { return float64(n) / 1024 }

// gzipped is the size of data as the site serves it to browsers that
// accept gzip.
func gzipped(t *testing.T, data []byte) int {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}

// syntheticMunicipalitySite generates n materials' worth of municipality,
// imports it and builds its site, returning the site's folder.
func syntheticMunicipalitySite(t *testing.T, n int) string {
	t.Helper()
	work := t.TempDir()
	folder := filepath.Join(work, "data")
	if err := synth.Generate(folder, 1, synth.SizesFor(n)); err != nil {
		t.Fatal(err)
	}
	a := core.NewBaseApp(core.BaseAppConfig{DataDir: filepath.Join(work, "pb_data")})
	if err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer a.ResetBootstrapState()
	if err := a.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}
	if err := app.Register(a, app.Config{}); err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := interchange.Import(a, folder, interchange.Options{TimeZone: loc}); err != nil {
		t.Fatal(err)
	}
	settings := sitesettings.Settings{Title: sitesettings.Title, Municipality: "Синтетский округ", BaseURL: "https://kopilka.example", Location: loc}
	site, err := publish.Snapshot(a, settings)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	out := filepath.Join(work, "site")
	stats, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	var index time.Duration
	for _, ph := range stats.Phases {
		if ph.Name == "search" {
			index = ph.Duration
		}
	}
	files, err := filepath.Glob(filepath.Join(out, "search", "t", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d materials: %d documents searched, %d chunks, built in %s (the search index in %s)",
		n, len(site.Materials)+len(site.Practices)+len(site.Events)+len(site.Teachers)+len(site.Associations), len(files),
		stats.Duration.Round(time.Millisecond), index.Round(time.Millisecond))
	return out
}
