package sitegen

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/kopilka/kopilka/internal/ru"
)

func TestSitemapPastItsSizeBecomesAnIndexOfParts(t *testing.T) {
	var entries []sitemapEntry
	for i := 0; i < 5; i++ {
		entries = append(entries, sitemapEntry{URL: fmt.Sprintf("/materials/m%d/", i)})
	}
	tests := []struct {
		name  string
		size  int
		files map[string][]string // file → addresses it must list
	}{
		{"fits", 5, map[string][]string{"sitemap.xml": {"<urlset", "/materials/m0/", "/materials/m4/"}}},
		{"split", 2, map[string][]string{
			"sitemap.xml":   {"<sitemapindex", "<loc>https://k.example/sitemap-1.xml</loc>", "<loc>https://k.example/sitemap-3.xml</loc>"},
			"sitemap-1.xml": {"<urlset", "/materials/m0/", "/materials/m1/"},
			"sitemap-2.xml": {"<urlset", "/materials/m2/", "/materials/m3/"},
			"sitemap-3.xml": {"<urlset", "/materials/m4/"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := newTree()
			if err := writeSitemap(out, "https://k.example", entries, tt.size, nil); err != nil {
				t.Fatal(err)
			}
			if len(out.files) != len(tt.files) {
				t.Errorf("%d files written, want %d", len(out.files), len(tt.files))
			}
			for name, want := range tt.files {
				got := string(out.files[name])
				for _, w := range want {
					if !strings.Contains(got, w) {
						t.Errorf("%s lacks %q:\n%s", name, w, got)
					}
				}
			}
			if tt.size == 2 && strings.Contains(string(out.files["sitemap-1.xml"]), "/materials/m2/") {
				t.Error("sitemap-1.xml holds more than its size")
			}
		})
	}
}

func TestContentURLIsWhereHugoPutsAPageWithoutOne(t *testing.T) {
	tests := map[string]string{
		"about.md":            "/about/",
		"events/_index.md":    "/events/",
		"_index.md":           "/",
		"guides/one/index.md": "/guides/one/",
	}
	for rel, want := range tests {
		if got := contentURL(rel); got != want {
			t.Errorf("contentURL(%q) = %q, want %q", rel, got, want)
		}
	}
}

func TestEncodePageWritesWhatJSONMarshalWrites(t *testing.T) {
	cards := []card{card(`{"title":"Дроби \u003c5","url":"/materials/a/"}`), card(`{"title":"Б","url":"/materials/b/"}`)}
	tests := []page{
		{},
		{"title": "Урок <b>&</b>", "url": "/materials/a/", "n": 3, "ok": true, "none": nil},
		{"card": cards[0], "related": cards, "empty": []card{}, "nested": map[string]any{"b": 1, "a": []string{"x"}}},
	}
	for _, p := range tests {
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodePage(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("encodePage:\n%s\njson.Marshal:\n%s", got, want)
		}
	}
}

// hostile are texts a teacher might type that break a feed escaped once
// too few or too many times.
var hostile = []string{
	`alert('x') & "кавычки"`,
	`</script><script>alert("t")</script><b>жирный</b>`,
	`]]> &amp; &lt;b&gt; <![CDATA[x]]>`,
}

// feedSite is a site whose titles and summaries are hostile.
func feedSite(t *testing.T) *Site {
	t.Helper()
	at := time.Date(2025, 10, 10, 10, 0, 0, 0, time.UTC)
	s := &Site{Title: "Методическая копилка", Municipality: "Тестовый округ", BaseURL: "https://k.example/", Location: time.UTC, Now: at}
	for i, h := range hostile {
		slug := fmt.Sprintf("m%d", i)
		s.Materials = append(s.Materials, Material{Slug: slug, Title: h, Summary: h, PublishedAt: at.Add(time.Duration(i) * time.Hour)})
		s.Practices = append(s.Practices, Practice{Slug: "p" + slug, Title: h, Summary: h, PublishedAt: at.Add(time.Duration(i) * time.Minute)})
		s.Events = append(s.Events, Event{Slug: "e" + slug, Title: h, Kind: "seminar", Audience: h,
			Start: at.Add(time.Duration(i) * 24 * time.Hour), Status: "planned"})
	}
	return s
}

// parseFeed parses a written feed strictly as XML and then with gofeed,
// as a feed reader would.
func parseFeed(t *testing.T, out *tree, rel string) *gofeed.Feed {
	t.Helper()
	data, ok := out.files[rel]
	if !ok {
		t.Fatalf("%s is not written", rel)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", rel, err)
		}
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s does not parse as a feed: %v", rel, err)
	}
	return f
}

func TestFeedsGiveReadersTheLiteralTexts(t *testing.T) {
	s := feedSite(t)
	out := newTree()
	if err := writeSyndication(out, s, newTree(), newTree(), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rel, feedType, description string
		items                      int
	}{
		{"index.xml", "rss", ru.FeedDescription, 6},
		{"materials/index.xml", "rss", ru.FeedMaterialsDescription, 3},
		{"practices/index.xml", "rss", ru.FeedPracticesDescription, 3},
		{"events/index.xml", "rss", ru.FeedEventsDescription, 3},
		{"atom.xml", "atom", ru.FeedDescription, 6},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			f := parseFeed(t, out, tt.rel)
			if f.FeedType != tt.feedType {
				t.Errorf("feed type %q, want %q", f.FeedType, tt.feedType)
			}
			if want := "https://k.example/" + tt.rel; f.FeedLink != want {
				t.Errorf("rel=self link %q, want %q", f.FeedLink, want)
			}
			if want := tt.description + " — Тестовый округ"; f.Description != want {
				t.Errorf("description %q, want %q", f.Description, want)
			}
			if f.Language != "ru" {
				t.Errorf("language %q, want ru", f.Language)
			}
			if len(f.Items) != tt.items {
				t.Fatalf("%d items, want %d", len(f.Items), tt.items)
			}
			for _, it := range f.Items {
				if !slices.Contains(hostile, it.Title) {
					t.Errorf("title comes back as %q, not as typed", it.Title)
				}
				summary := it.Description
				if tt.feedType == "rss" {
					// an RSS description is HTML: it must hold no markup and
					// unescape to the plain text
					if strings.ContainsAny(summary, "<>") {
						t.Errorf("description %q reaches readers as markup", summary)
					}
					summary = html.UnescapeString(summary)
				}
				if strings.HasPrefix(tt.rel, "events/") {
					if !strings.HasPrefix(summary, "Семинар, ") || !slices.ContainsFunc(hostile, func(h string) bool { return strings.HasSuffix(summary, ". "+h) }) {
						t.Errorf("event summary comes back as %q", summary)
					}
				} else if !slices.Contains(hostile, summary) {
					t.Errorf("summary comes back as %q, not as typed", summary)
				}
			}
		})
	}
	atom := parseFeed(t, out, "atom.xml")
	if len(atom.Authors) != 1 || atom.Authors[0].Name != s.Title {
		t.Errorf("atom authors %v, want the site, %q", atom.Authors, s.Title)
	}
	if atom.Link != "https://k.example/" {
		t.Errorf("atom alternate link %q", atom.Link)
	}
	if !bytes.Contains(out.files["atom.xml"], []byte(`<summary type="text">`)) {
		t.Error("atom summaries are not declared plain text")
	}
}

func TestFeedsOfTheSameDataAreTheSameBytes(t *testing.T) {
	a, b := newTree(), newTree()
	for _, out := range []*tree{a, b} {
		if err := writeSyndication(out, feedSite(t), newTree(), newTree(), nil); err != nil {
			t.Fatal(err)
		}
	}
	for rel, data := range a.files {
		if !bytes.Equal(data, b.files[rel]) {
			t.Errorf("%s differs between two builds of the same data", rel)
		}
	}
}

// sameAsFresh checks a live tree of extras against a fresh one: each file
// with bytes is the fresh file, each kept without them has the fresh
// file's sum. It returns the files written with bytes, sorted.
func sameAsFresh(t *testing.T, live, fresh *tree) []string {
	t.Helper()
	if len(live.files) != len(fresh.files) {
		t.Errorf("%d files, a fresh build has %d", len(live.files), len(fresh.files))
	}
	var written []string
	for rel, want := range fresh.files {
		got, ok := live.files[rel]
		switch {
		case !ok:
			t.Errorf("%s is missing", rel)
		case got == nil && live.sum(rel) != sha256.Sum256(want):
			t.Errorf("%s is kept from the last build but differs from a fresh one", rel)
		case got != nil && !bytes.Equal(got, want):
			t.Errorf("%s differs from a fresh one", rel)
		case got != nil:
			written = append(written, rel)
		}
	}
	slices.Sort(written)
	return written
}

// A live site encodes again only the sitemap parts whose addresses changed
// and the calendars whose events did; what it keeps is what a fresh build
// writes.
func TestOnlyTheSitemapPartsAndCalendarsOfAChangeAreEncodedAgain(t *testing.T) {
	loc := time.FixedZone("+11", 11*3600)
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, loc)
	s := &Site{Title: "Копилка", Municipality: "Округ", BaseURL: "https://k.example", Location: loc, Now: start}
	for i := range 6 {
		s.Events = append(s.Events, Event{Slug: fmt.Sprintf("e%d", i), Title: fmt.Sprintf("Семинар %d", i), Kind: "seminar",
			Organizer: fmt.Sprintf("sosh-%d", i%2), Subjects: []string{"математика"}, Start: start.AddDate(0, 0, i), Status: "planned"})
	}
	var entries []sitemapEntry
	for i := range 5 {
		entries = append(entries, sitemapEntry{URL: fmt.Sprintf("/materials/m%d/", i)})
	}
	texts, feeds, parts := &eventTexts{}, &feedFiles{}, &sitemapParts{}
	build := func() []string {
		t.Helper()
		live, fresh := newTree(), newTree()
		if err := writeFeeds(live, s, newCalendar(s), texts, feeds); err != nil {
			t.Fatal(err)
		}
		if err := writeSitemap(live, s.BaseURL, entries, 2, parts); err != nil {
			t.Fatal(err)
		}
		if err := writeFeeds(fresh, s, newCalendar(s), nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := writeSitemap(fresh, s.BaseURL, entries, 2, nil); err != nil {
			t.Fatal(err)
		}
		return sameAsFresh(t, live, fresh)
	}
	if got := build(); len(got) != 6+1+2+1+4 {
		t.Errorf("the first build wrote %d files, want all 14: %v", len(got), got)
	}
	s.Events[3].Title = "Семинар 3 (перенесён)"
	entries[3].Lastmod = "2026-03-05"
	want := []string{"events.ics", "events/e3/event.ics", "events/subjects/matematika.ics", "schools/sosh-1/events.ics",
		"sitemap-2.xml", "sitemap.xml"}
	if got := build(); !slices.Equal(got, want) {
		t.Errorf("after one event and one address changed, encoded: %v, want %v", got, want)
	}
	if got := build(); !slices.Equal(got, []string{"sitemap.xml"}) {
		t.Errorf("with nothing changed, encoded: %v, want only the sitemap's index", got)
	}
}
