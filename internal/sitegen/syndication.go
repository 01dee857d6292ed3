package sitegen

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/adrg/frontmatter"

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

// feedItem is one entry of a news feed. Its title and summary are plain
// text: each feed format escapes them as it declares them.
type feedItem struct {
	title, url, summary string
	published, updated  time.Time
}

// feedChannel is one news feed: where it is written, what it is called
// and says of itself, the page it is the feed of, and its items.
type feedChannel struct {
	rel, title, description, page string
	items                         []feedItem
}

// writeSyndication writes the news feeds (RSS 2.0 of the home page and of
// the materials, practices and events, Atom of the home page) and the
// sitemap. kopilka writes them, not Hugo: they list every page, and Hugo
// would have to hold the whole site to render them after each publish.
func writeSyndication(out *tree, s *Site, content, theme *tree, parts *sitemapParts) error {
	base := strings.TrimRight(s.BaseURL, "/")
	zones := &calendar{municipality: s.Location, zones: map[string]*time.Location{}}
	var materials, practices, events, newest []feedItem
	// each feed shows the newest feedSize items: only they are sorted
	for _, m := range newestMaterials(s.Materials, feedSize) {
		materials = append(materials, feedItem{ru.Shorten(m.Title, feedTitle), "/materials/" + m.Slug + "/", m.Summary, m.PublishedAt, m.Updated})
	}
	for _, p := range newestPractices(s.Practices, feedSize) {
		practices = append(practices, feedItem{ru.Shorten(p.Title, feedTitle), "/practices/" + p.Slug + "/", p.Summary, p.PublishedAt, p.Updated})
	}
	for _, e := range newestEvents(s.Events, feedSize) {
		events = append(events, feedItem{ru.Shorten(e.Title, feedTitle), "/events/" + e.Slug + "/", eventSummary(e, zones.zone(e), s.Location), e.Start, e.Updated})
	}
	newest = append(append(newest, first(materials, feedSize)...), first(practices, feedSize)...)
	sort.SliceStable(newest, func(i, j int) bool { return newest[i].published.After(newest[j].published) })
	newest = first(newest, feedSize)

	home := feedChannel{"index.xml", s.Title + ": " + ru.FeedNewest, ru.FeedDescription + " — " + s.Municipality, "/", newest}
	channels := []feedChannel{
		home,
		{"materials/index.xml", s.Title + ": " + ru.ListMaterials, ru.FeedMaterialsDescription + " — " + s.Municipality, "/materials/", first(materials, feedSize)},
		{"practices/index.xml", s.Title + ": " + ru.ListPractices, ru.FeedPracticesDescription + " — " + s.Municipality, "/practices/", first(practices, feedSize)},
		{"events/index.xml", s.Title + ": " + ru.ListEvents, ru.FeedEventsDescription + " — " + s.Municipality, "/events/", first(events, feedSize)},
	}
	for _, c := range channels {
		if err := putXML(out, c.rel, rssOf(base, c)); err != nil {
			return err
		}
	}
	atom := atomOf(base, feedChannel{"atom.xml", home.title, home.description, home.page, home.items}, s.Title)
	if err := putXML(out, "atom.xml", atom); err != nil {
		return err
	}
	if err := writeManifest(out, s); err != nil {
		return err
	}
	entries, err := sitemapEntries(content, theme)
	if err != nil {
		return err
	}
	return writeSitemap(out, base, entries, sitemapSize, parts)
}

// sitemapParts keeps the parts of a live site's sitemap by what they list.
type sitemapParts = keptFiles[sitemapPart]

// sitemapPart is what a part of the sitemap is made of.
type sitemapPart struct {
	base    string
	entries []sitemapEntry
}

// eventSummary is what the events feed says of an event: its kind, when
// it takes place and who it is for.
func eventSummary(e Event, loc, municipality *time.Location) string {
	text := ru.Label(ru.EventKinds, e.Kind) + ", " + whenText(e, loc, municipality)
	if e.Status == "cancelled" {
		text += ". " + ru.Label(ru.EventStatuses, e.Status)
	}
	if e.Audience != "" {
		text += ". " + e.Audience
	}
	return text
}

func first(items []feedItem, n int) []feedItem {
	if len(items) > n {
		return items[:n]
	}
	return items
}

// atomNS is the namespace of Atom (RFC 4287), also used in RSS for the
// feed's link to itself.
const atomNS = "http://www.w3.org/2005/Atom"

// rssDoc is an RSS 2.0 feed. An item's description is HTML by RSS
// custom, so a plain-text summary is escaped as HTML before XML escapes
// it again: a reader shows «<b>» as those three characters.
type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Self          rssLink   `xml:"atom:link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Items         []rssItem `xml:"item"`
}

// rssLink is an atom:link inside RSS: the feed's own address.
type rssLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	Description string  `xml:"description,omitempty"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
}

type rssGUID struct {
	ID          string `xml:",chardata"`
	IsPermaLink string `xml:"isPermaLink,attr"`
}

// atomFeed is an Atom feed (RFC 4287). Its texts are declared plain text
// (type="text", Atom's default), so XML escapes them once and no more.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	Title    atomText    `xml:"title"`
	Subtitle atomText    `xml:"subtitle"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	Title     atomText   `xml:"title"`
	Links     []atomLink `xml:"link"`
	ID        string     `xml:"id"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Summary   *atomText  `xml:"summary"`
}

// itemUpdated is when an item last changed, never before it was published.
func itemUpdated(it feedItem) time.Time {
	if it.updated.IsZero() || it.updated.Before(it.published) {
		return it.published
	}
	return it.updated
}

// feedUpdated is when a feed last changed: the latest of its items, so
// that a build of the same data writes the same bytes.
func feedUpdated(items []feedItem) time.Time {
	var t time.Time
	for _, it := range items {
		if u := itemUpdated(it); u.After(t) {
			t = u
		}
	}
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// rssOf is channel c as RSS 2.0, with a link to itself.
func rssOf(base string, c feedChannel) rssDoc {
	ch := rssChannel{
		Title: c.title, Link: base + c.page, Description: c.description, Language: "ru",
		Self:          rssLink{Href: base + "/" + c.rel, Rel: "self", Type: "application/rss+xml"},
		LastBuildDate: feedUpdated(c.items).UTC().Format(time.RFC1123Z),
	}
	for _, it := range c.items {
		ch.Items = append(ch.Items, rssItem{
			Title: it.title, Link: base + it.url, Description: html.EscapeString(it.summary),
			GUID:    rssGUID{ID: base + it.url, IsPermaLink: "true"},
			PubDate: it.published.UTC().Format(time.RFC1123Z),
		})
	}
	return rssDoc{Version: "2.0", AtomNS: atomNS, Channel: ch}
}

// atomOf is channel c as Atom, its author the site itself.
func atomOf(base string, c feedChannel, author string) atomFeed {
	f := atomFeed{
		Lang: "ru", Title: atomText{"text", c.title}, Subtitle: atomText{"text", c.description},
		ID: base + c.page, Updated: feedUpdated(c.items).UTC().Format(time.RFC3339),
		Links: []atomLink{
			{Href: base + "/" + c.rel, Rel: "self", Type: "application/atom+xml"},
			{Href: base + c.page, Rel: "alternate", Type: "text/html"},
		},
		Author: atomPerson{Name: author, URI: base + "/"},
	}
	for _, it := range c.items {
		e := atomEntry{
			Title: atomText{"text", it.title}, ID: base + it.url,
			Links:     []atomLink{{Href: base + it.url, Rel: "alternate", Type: "text/html"}},
			Published: it.published.UTC().Format(time.RFC3339), Updated: itemUpdated(it).UTC().Format(time.RFC3339),
		}
		if it.summary != "" {
			e.Summary = &atomText{"text", it.summary}
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}

// putXML writes v as an XML document at rel.
func putXML(out *tree, rel string, v any) error {
	data, err := xml.MarshalIndent(v, "", "  ")
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
func writeSitemap(out *tree, base string, entries []sitemapEntry, size int, parts *sitemapParts) error {
	defer parts.done()
	set := func(list []sitemapEntry) urlSet {
		u := urlSet{URLs: make([]sitemapURL, 0, len(list))}
		for _, e := range list {
			u.URLs = append(u.URLs, sitemapURL{Loc: base + e.URL, Lastmod: e.Lastmod, ChangeFreq: "weekly"})
		}
		return u
	}
	encode := func(rel string, v any) ([]byte, error) {
		data, err := xml.MarshalIndent(v, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		return append([]byte(xml.Header), append(data, '\n')...), nil
	}
	put := func(rel string, list []sitemapEntry) error {
		// a copy: the memo must not see the caller's later changes
		return putKept(parts, out, rel, sitemapPart{base, slices.Clone(list)}, func() ([]byte, error) { return encode(rel, set(list)) })
	}
	if len(entries) <= size {
		return put("sitemap.xml", entries)
	}
	var index sitemapIndex
	for i := 0; i*size < len(entries); i++ {
		part := entries[i*size : min((i+1)*size, len(entries))]
		rel := fmt.Sprintf("sitemap-%d.xml", i+1)
		if err := put(rel, part); err != nil {
			return err
		}
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: base + "/" + rel})
	}
	data, err := encode("sitemap.xml", index)
	if err != nil {
		return err
	}
	out.put("sitemap.xml", data, nil)
	return nil
}
