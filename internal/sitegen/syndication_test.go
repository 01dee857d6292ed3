package sitegen

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
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
			if err := writeSitemap(out, "https://k.example", entries, tt.size); err != nil {
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
