package sitegen

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/gorilla/feeds"

	"github.com/kopilka/kopilka/internal/ru"
)

// feedSize is how many of the newest items a news feed carries.
const feedSize = 50

// sitemapSize is the most addresses one sitemap file may hold
// (sitemaps.org); a bigger site gets a sitemap index.
const sitemapSize = 50000

// sitemapEntry is one address of the sitemap.
type sitemapEntry struct {
	URL     string // site-relative, "/materials/x/"
	Lastmod string // RFC 3339, or ""
}

// feedItem is one entry of a news feed.
type feedItem struct {
	title, url, summary string
	published, updated  time.Time
}

// writeSyndication writes the news feeds (RSS 2.0 of the home page and of
// the materials, practices and events, Atom of the home page) and the
// sitemap. kopilka writes them, not Hugo: they list every page, and Hugo
// would have to hold the whole site to render them after each publish.
func writeSyndication(out *tree, s *Site, content, theme *tree) error {
	base := strings.TrimRight(s.BaseURL, "/")
	var materials, practices, events, newest []feedItem
	for _, m := range newestMaterials(s.Materials) {
		materials = append(materials, feedItem{m.Title, "/materials/" + m.Slug + "/", m.Summary, m.PublishedAt, m.Updated})
	}
	for _, p := range newestPractices(s.Practices) {
		practices = append(practices, feedItem{p.Title, "/practices/" + p.Slug + "/", p.Summary, p.PublishedAt, p.Updated})
	}
	for _, e := range newestEvents(s.Events) {
		events = append(events, feedItem{e.Title, "/events/" + e.Slug + "/", ru.Label(ru.EventKinds, e.Kind), e.Start, e.Updated})
	}
	newest = append(append(newest, first(materials, feedSize)...), first(practices, feedSize)...)
	sort.SliceStable(newest, func(i, j int) bool { return newest[i].published.After(newest[j].published) })
	newest = first(newest, feedSize)

	channels := []struct {
		rel, title, page string
		items            []feedItem
	}{
		{"index.xml", s.Title + ": " + ru.FeedNewest, "/", newest},
		{"materials/index.xml", s.Title + ": " + ru.ListMaterials, "/materials/", first(materials, feedSize)},
		{"practices/index.xml", s.Title + ": " + ru.ListPractices, "/practices/", first(practices, feedSize)},
		{"events/index.xml", s.Title + ": " + ru.ListEvents, "/events/", first(events, feedSize)},
	}
	for _, c := range channels {
		f := newsFeed(base, c.title, c.page, s.Municipality, c.items)
		rss := (&feeds.Rss{Feed: f}).RssFeed()
		rss.Language = "ru"
		if err := putXML(out, c.rel, rss); err != nil {
			return err
		}
	}
	atom := (&feeds.Atom{Feed: newsFeed(base, s.Title+": "+ru.FeedNewest, "/", s.Municipality, newest)}).AtomFeed()
	atom.Link = &feeds.AtomLink{Href: base + "/", Rel: "alternate"}
	if err := putXML(out, "atom.xml", atom); err != nil {
		return err
	}
	entries, err := sitemapEntries(content, theme)
	if err != nil {
		return err
	}
	return writeSitemap(out, base, entries, sitemapSize)
}

func first(items []feedItem, n int) []feedItem {
	if len(items) > n {
		return items[:n]
	}
	return items
}

// newsFeed makes a feed whose dates come from its items only, so that a
// build of the same data writes the same bytes.
func newsFeed(base, title, page, municipality string, items []feedItem) *feeds.Feed {
	f := &feeds.Feed{Title: title, Link: &feeds.Link{Href: base + page}, Id: base + page,
		Description: ru.FeedDescription + " — " + municipality}
	for _, it := range items {
		updated := it.updated
		if updated.IsZero() || updated.Before(it.published) {
			updated = it.published
		}
		if updated.After(f.Updated) {
			f.Updated = updated
		}
		f.Items = append(f.Items, &feeds.Item{Title: it.title, Link: &feeds.Link{Href: base + it.url}, Id: base + it.url,
			Description: it.summary, Created: it.published, Updated: updated})
	}
	if f.Updated.IsZero() {
		f.Updated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return f
}

func putXML(out *tree, rel string, feed feeds.XmlFeed) error {
	data, err := xml.MarshalIndent(feed.FeedXml(), "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	out.put(rel, append([]byte(xml.Header), append(data, '\n')...), nil)
	return nil
}

// sitemapEntries are the addresses of the pages Hugo renders from the
// generated content and from the theme's own pages, without those a page
// keeps out of the sitemap.
func sitemapEntries(content, theme *tree) ([]sitemapEntry, error) {
	entries := []sitemapEntry{{URL: "/"}}
	for _, e := range content.sitemap {
		entries = append(entries, e)
	}
	for rel, data := range theme.files {
		if !strings.HasPrefix(rel, "content/") || !strings.HasSuffix(rel, ".md") {
			continue
		}
		var fm struct {
			URL     string `yaml:"url" toml:"url" json:"url"`
			Draft   bool   `yaml:"draft" toml:"draft" json:"draft"`
			Noindex bool   `yaml:"noindex" toml:"noindex" json:"noindex"`
			Sitemap struct {
				Disable bool `yaml:"disable" toml:"disable" json:"disable"`
			} `yaml:"sitemap" toml:"sitemap" json:"sitemap"`
			Build struct {
				Render string `yaml:"render" toml:"render" json:"render"`
			} `yaml:"build" toml:"build" json:"build"`
		}
		if _, err := frontmatter.Parse(bytes.NewReader(data), &fm); err != nil {
			return nil, fmt.Errorf("%s: front matter: %w", rel, err)
		}
		if fm.Draft || fm.Noindex || fm.Sitemap.Disable || fm.Build.Render == "never" {
			continue
		}
		u := fm.URL
		if u == "" {
			u = contentURL(strings.TrimPrefix(rel, "content/"))
		}
		if u != "/" {
			entries = append(entries, sitemapEntry{URL: u})
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].URL < entries[j].URL })
	return entries, nil
}

// contentURL is the address Hugo gives a content file without a url of
// its own: about.md → /about/, events/_index.md → /events/.
func contentURL(rel string) string {
	rel = strings.TrimSuffix(rel, ".md")
	rel = strings.TrimSuffix(strings.TrimSuffix(rel, "_index"), "index")
	rel = strings.Trim(rel, "/")
	if rel == "" {
		return "/"
	}
	return "/" + rel + "/"
}

type sitemapURL struct {
	Loc        string `xml:"loc"`
	Lastmod    string `xml:"lastmod,omitempty"`
	ChangeFreq string `xml:"changefreq,omitempty"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// writeSitemap writes sitemap.xml, or, past size addresses, a sitemap
// index with sitemap-1.xml, sitemap-2.xml… beside it.
func writeSitemap(out *tree, base string, entries []sitemapEntry, size int) error {
	set := func(list []sitemapEntry) urlSet {
		u := urlSet{URLs: make([]sitemapURL, 0, len(list))}
		for _, e := range list {
			u.URLs = append(u.URLs, sitemapURL{Loc: base + e.URL, Lastmod: e.Lastmod, ChangeFreq: "weekly"})
		}
		return u
	}
	put := func(rel string, v any) error {
		data, err := xml.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		out.put(rel, append([]byte(xml.Header), append(data, '\n')...), nil)
		return nil
	}
	if len(entries) <= size {
		return put("sitemap.xml", set(entries))
	}
	var index sitemapIndex
	for i := 0; i*size < len(entries); i++ {
		part := entries[i*size : min((i+1)*size, len(entries))]
		rel := fmt.Sprintf("sitemap-%d.xml", i+1)
		if err := put(rel, set(part)); err != nil {
			return err
		}
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: base + "/" + rel})
	}
	return put("sitemap.xml", index)
}
