package sitegen

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/sync/errgroup"

	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/ru"
)

// An event's offline pack is one ZIP a participant downloads before a
// seminar in a school with a weak network: the printable programme with
// a QR code of every material, the materials' files under the names
// their authors gave them, and an index.html that opens from the archive
// on a phone or a school computer without a network. Only events with
// published materials get one.

// packFormat changes whenever what a pack holds changes, so that packs
// made by an earlier kopilka are made again.
const packFormat = "kopilka-pack-1"

// packFolder is where the packs are in the site: /packs/<event>.zip.
const packFolder = "packs"

// packURL is the address of an event's pack.
func packURL(slug string) string { return "/" + packFolder + "/" + slug + ".zip" }

// packInfo is a pack made: its sign (everything it is made from, hashed),
// its size and the file that holds it.
type packInfo struct {
	sign string
	size int64
	file string
	at   time.Time // the newest change of what it holds
}

// packSource is an event with what its pack is made from.
type packSource struct {
	event     Event
	materials []*Material
	authors   map[string]string // teacher slug → name
	orgs      map[string]string // organization slug → name
	when      string
	sign      string
	at        time.Time
}

// packSources lists the events that get a pack, with their signs.
func packSources(s *Site) []packSource {
	bySlug := make(map[string]*Material, len(s.Materials))
	for i := range s.Materials {
		bySlug[s.Materials[i].Slug] = &s.Materials[i]
	}
	teachers := make(map[string]string, len(s.Teachers))
	for _, t := range s.Teachers {
		teachers[t.Slug] = t.Name
	}
	orgs := make(map[string]string, len(s.Organizations))
	for _, o := range s.Organizations {
		orgs[o.Slug] = o.Name
	}
	zones := &calendar{municipality: s.Location, zones: map[string]*time.Location{}}
	var out []packSource
	for _, e := range s.Events {
		if filename.Check(e.Slug) != nil {
			continue
		}
		var mats []*Material
		seen := map[string]bool{}
		for _, slug := range e.Materials {
			if m := bySlug[slug]; m != nil && !seen[slug] {
				seen[slug] = true
				mats = append(mats, m)
			}
		}
		if len(mats) == 0 {
			continue
		}
		src := packSource{event: e, materials: mats, authors: teachers, orgs: orgs,
			when: whenText(e, zones.zone(e), s.Location), at: e.Updated}
		for _, m := range mats {
			if m.Updated.After(src.at) {
				src.at = m.Updated
			}
		}
		src.sign = packSign(s, &src)
		out = append(out, src)
	}
	return out
}

// packSign hashes everything a pack is made from: the same sign, the same
// bytes.
func packSign(s *Site, src *packSource) string {
	type file struct {
		Name, Format, Key string
		Size              int64
	}
	type material struct {
		Slug, Title, Summary, Body, Type, Org, QR string
		Authors                                   []string
		Files                                     []file
	}
	e := src.event
	sign := struct {
		Format, Base, Title, Municipality                 string
		Slug, EventTitle, Kind, When, Location, OnlineURL string
		Organizer, Audience, QR, Body                     string
		At                                                time.Time
		Materials                                         []material
	}{packFormat, s.BaseURL, s.Title, s.Municipality,
		e.Slug, e.Title, e.Kind, src.when, e.Location, e.OnlineURL,
		src.orgs[e.Organizer], e.Audience, e.QRCode, e.BodyHTML, src.at.UTC(), nil}
	for _, m := range src.materials {
		mm := material{Slug: m.Slug, Title: m.Title, Summary: m.Summary, Body: m.BodyHTML, Type: m.Type,
			Org: src.orgs[m.Organization], QR: m.QRCode}
		for _, a := range m.Authors {
			mm.Authors = append(mm.Authors, src.authors[a])
		}
		for _, f := range m.Files {
			mm.Files = append(mm.Files, file{f.Name, f.Format, f.Key, f.Size})
		}
		sign.Materials = append(sign.Materials, mm)
	}
	data, _ := json.Marshal(sign) // plain strings, times and slices: cannot fail
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// packer makes the packs of a site into a folder of its own, one file per
// sign, and keeps them there: a pack is made again only when something it
// is made from changes.
type packer struct {
	dir string
}

// update makes the packs s needs that dir does not hold yet, on all
// cores, and removes the packs of dir no longer needed. It returns the
// packs by event slug.
func (p *packer) update(s *Site) (map[string]packInfo, error) {
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return nil, err
	}
	sources := packSources(s)
	infos := make([]packInfo, len(sources))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range sources {
		g.Go(func() error {
			src := &sources[i]
			file := filepath.Join(p.dir, src.sign+".zip")
			fi, err := os.Stat(file)
			if err != nil {
				if err := writePack(s, src, file); err != nil {
					return fmt.Errorf("event %s: %w", src.event.Slug, err)
				}
				if fi, err = os.Stat(file); err != nil {
					return err
				}
			}
			infos[i] = packInfo{sign: src.sign, size: fi.Size(), file: file, at: src.at}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make(map[string]packInfo, len(sources))
	keep := map[string]bool{}
	for i, src := range sources {
		out[src.event.Slug] = infos[i]
		keep[src.sign+".zip"] = true
	}
	entries, _ := os.ReadDir(p.dir)
	for _, e := range entries {
		// the site's folders hold links of their own to the packs they publish
		if !keep[e.Name()] {
			os.Remove(filepath.Join(p.dir, e.Name()))
		}
	}
	return out, nil
}

// writePack writes the pack of src to file, whole or not at all.
func writePack(s *Site, src *packSource, file string) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), ".pack-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := packInto(tmp, s, src); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

// packMaterialsFolder is the pack's folder of materials, one folder each.
const packMaterialsFolder = "Материалы"

// packMaterial is a material as the pack's page shows it.
type packMaterial struct {
	Title, TypeLabel, Summary, Org, PageURL, ShortURL string
	Authors                                           string
	Body                                              template.HTML
	Files                                             []packFile
}

// packFile is a material's file in the pack.
type packFile struct {
	Name, Href, Format, Size string
	zipPath                  string
	open                     func() (io.ReadCloser, error)
}

// packInto writes the ZIP of src to w.
func packInto(w io.Writer, s *Site, src *packSource) error {
	e := src.event
	base := strings.TrimRight(s.BaseURL, "/")
	root := e.Slug + "/"
	var mats []packMaterial
	var items []printout.Item
	for _, m := range src.materials {
		pm := packMaterial{Title: m.Title, TypeLabel: ru.Label(ru.MaterialTypes, m.Type), Summary: m.Summary,
			Org: src.orgs[m.Organization], PageURL: base + "/materials/" + m.Slug + "/",
			Body: template.HTML(absoluteLinks(m.BodyHTML, base))}
		var names []string
		for _, a := range m.Authors {
			if n := src.authors[a]; n != "" {
				names = append(names, n)
			}
		}
		pm.Authors = strings.Join(names, ", ")
		pm.ShortURL = pm.PageURL
		if m.QRCode != "" {
			pm.ShortURL = ShortURL(s.BaseURL, m.QRCode)
		}
		for _, f := range m.Files {
			name := path.Base(f.Name)
			if f.Open == nil || filename.Check(m.Slug) != nil || filename.Check(name) != nil {
				continue
			}
			rel := packMaterialsFolder + "/" + m.Slug + "/" + name
			pm.Files = append(pm.Files, packFile{Name: name, Format: f.Format, Size: ru.FileSize(f.Size),
				Href: hrefOf(rel), zipPath: root + rel, open: f.Open})
		}
		mats = append(mats, pm)
		items = append(items, printout.Item{Kind: pm.TypeLabel, Title: m.Title, ShortURL: pm.ShortURL})
	}
	eventURL := base + "/events/" + e.Slug + "/"
	short := eventURL
	if e.QRCode != "" {
		short = ShortURL(s.BaseURL, e.QRCode)
	}
	programme, err := printout.ProgrammePDF(printout.Programme{
		Municipality: s.Municipality, Kind: ru.Label(ru.EventKinds, e.Kind), Title: e.Title,
		When: src.when, Where: e.Location, Online: e.OnlineURL, Organizer: src.orgs[e.Organizer], Audience: e.Audience,
		ShortURL: short, Agenda: paragraphs(e.BodyHTML), Materials: items,
	})
	if err != nil {
		return fmt.Errorf("programme: %w", err)
	}
	var page bytes.Buffer
	err = packPage.Execute(&page, map[string]any{
		"Site": s.Title, "Municipality": s.Municipality, "Title": e.Title, "Kind": ru.Label(ru.EventKinds, e.Kind),
		"When": src.when, "Where": e.Location, "Online": e.OnlineURL, "Organizer": src.orgs[e.Organizer],
		"Audience": e.Audience, "Body": template.HTML(absoluteLinks(e.BodyHTML, base)),
		// a description that opens with a heading of its own («Программа») needs no other
		"BodyHeaded": strings.HasPrefix(strings.TrimSpace(e.BodyHTML), "<h"),
		"EventURL":   eventURL, "Programme": hrefOf(ru.PackProgrammeFile), "Materials": mats,
		"L": packLabels,
	})
	if err != nil {
		return fmt.Errorf("index.html: %w", err)
	}

	at := src.at.UTC()
	if at.IsZero() || at.Year() < 1980 {
		at = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the earliest a ZIP can say
	}
	zw := zip.NewWriter(w)
	put := func(name string, method uint16, r io.Reader) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: at})
		if err != nil {
			return err
		}
		_, err = io.Copy(fw, r)
		return err
	}
	if err := put(root+"index.html", zip.Deflate, &page); err != nil {
		return err
	}
	// PDFs, office documents and pictures are compressed already
	if err := put(root+ru.PackProgrammeFile, zip.Store, bytes.NewReader(programme)); err != nil {
		return err
	}
	for _, m := range mats {
		for _, f := range m.Files {
			r, err := f.open()
			if err != nil {
				return fmt.Errorf("%s: %w", f.zipPath, err)
			}
			err = put(f.zipPath, methodOf(f.Name), r)
			r.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", f.zipPath, err)
			}
		}
	}
	return zw.Close()
}

// methodOf is how a file is put into a pack: formats that are compressed
// already are stored as they are.
func methodOf(name string) uint16 {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf", ".docx", ".pptx", ".xlsx", ".odt", ".odp", ".ods", ".zip", ".jpg", ".jpeg", ".png",
		".gif", ".webp", ".mp3", ".mp4", ".m4a", ".webm", ".epub", ".djvu", ".7z", ".rar":
		return zip.Store
	}
	return zip.Deflate
}

// hrefOf is the relative address of a file of the pack from its index.html.
func hrefOf(rel string) string {
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// absoluteLinks points the site-relative addresses of sanitized HTML at
// the site, so that they open from a pack too.
func absoluteLinks(htmlText, base string) string {
	if base == "" {
		return htmlText
	}
	r := strings.NewReplacer(`href="/`, `href="`+base+`/`, `src="/`, `src="`+base+`/`)
	return r.Replace(htmlText)
}

// paragraphs is sanitized HTML as paragraphs of plain text for print:
// each block and list item a paragraph, the items of a numbered list with
// their numbers and the others with a bullet.
func paragraphs(htmlText string) []string {
	doc, err := html.Parse(strings.NewReader(htmlText))
	if err != nil {
		return nil
	}
	var out []string
	var cur strings.Builder
	end := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "ul", "ol", "table":
				end()
				defer end()
			case "br":
				end()
			case "li":
				end()
				defer end()
				if n.Parent != nil && n.Parent.Data == "ol" {
					i := 1
					for sib := n.PrevSibling; sib != nil; sib = sib.PrevSibling {
						if sib.Type == html.ElementNode && sib.Data == "li" {
							i++
						}
					}
					fmt.Fprintf(&cur, "%d. ", i)
				} else {
					cur.WriteString("• ")
				}
			case "td", "th":
				cur.WriteString(" ")
				defer cur.WriteString(" ")
			case "script", "style":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	end()
	return out
}

// packLabels are the words of the pack's page.
var packLabels = map[string]string{
	"Intro": ru.PackIntro, "PrintProgramme": ru.PackPrintProgramme, "When": ru.PackWhen, "Where": ru.PackWhere,
	"Online": ru.PackOnline, "Organizer": ru.PackOrganizer, "Audience": ru.PackAudience, "Agenda": ru.PackAgenda,
	"Materials": ru.PackMaterialsHeading, "Files": ru.PackFilesOf, "NoFiles": ru.PackNoFiles, "OnSite": ru.PackOnSite,
	"Description": ru.PackDescription, "Authors": ru.PackAuthors, "MadeAt": ru.PackMadeAt,
}

// packPage is the pack's index.html: one file with its style inside, no
// script, nothing loaded from a network.
var packPage = template.Must(template.New("index.html").Parse(`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2430;background:#f6f7f9}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:2rem 0 .75rem;border-bottom:2px solid #0b5cad;padding-bottom:.25rem}
h3{font-size:1.1rem;margin:0 0 .25rem;overflow-wrap:anywhere}
a{color:#0b5cad}
.kicker,.meta{color:#5a6473;font-size:.9rem;margin:0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
.button{display:inline-block;padding:.75rem 1rem;min-height:44px;background:#0b5cad;color:#fff;border-radius:.5rem;text-decoration:none}
article{background:#fff;border:1px solid #d9dee5;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
ul.files{list-style:none;padding:0;margin:.5rem 0}
ul.files li{margin:.25rem 0}
ul.files a{display:inline-block;min-height:44px;padding:.6rem 0;overflow-wrap:anywhere}
details{margin:.5rem 0}summary{cursor:pointer;min-height:44px;padding:.6rem 0}
.body{overflow-wrap:anywhere}.body img{max-width:100%;height:auto}
.body table{display:block;overflow-x:auto}
footer{color:#5a6473;font-size:.85rem;margin:2rem 0 1rem}
@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
</style>
</head>
<body>
<main>
<p class="kicker">{{ .Kind }}{{ with .Municipality }} · {{ . }}{{ end }}</p>
<h1>{{ .Title }}</h1>
<p class="meta">{{ .L.Intro }}</p>
<dl>
<dt>{{ .L.When }}</dt><dd>{{ .When }}</dd>
{{ with .Where }}<dt>{{ $.L.Where }}</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Online }}<dt>{{ $.L.Online }}</dt><dd><a href="{{ . }}" rel="nofollow">{{ . }}</a></dd>{{ end }}
{{ with .Organizer }}<dt>{{ $.L.Organizer }}</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Audience }}<dt>{{ $.L.Audience }}</dt><dd>{{ . }}</dd>{{ end }}
</dl>
<p><a class="button" href="{{ .Programme }}">{{ .L.PrintProgramme }}</a></p>
{{ if .Body }}{{ if not .BodyHeaded }}<h2>{{ .L.Agenda }}</h2>
{{ end }}<div class="body">{{ .Body }}</div>{{ end }}
<h2>{{ .L.Materials }}</h2>
{{ range .Materials }}<article>
<p class="kicker">{{ .TypeLabel }}</p>
<h3>{{ .Title }}</h3>
{{ with .Authors }}<p class="meta">{{ $.L.Authors }} {{ . }}</p>{{ end }}
{{ with .Org }}<p class="meta">{{ . }}</p>{{ end }}
{{ with .Summary }}<p>{{ . }}</p>{{ end }}
{{ if .Files }}<p class="meta">{{ $.L.Files }}</p>
<ul class="files">{{ range .Files }}<li><a href="{{ .Href }}">{{ .Name }}</a> <span class="meta">{{ .Format }}{{ if .Format }}, {{ end }}{{ .Size }}</span></li>{{ end }}</ul>
{{ else }}<p class="meta">{{ $.L.NoFiles }}</p>{{ end }}
{{ if .Body }}<details><summary>{{ $.L.Description }}</summary><div class="body">{{ .Body }}</div></details>{{ end }}
<p><a href="{{ .PageURL }}">{{ $.L.OnSite }}</a></p>
</article>
{{ end }}
<footer>{{ .L.MadeAt }} «{{ .Site }}»: <a href="{{ .EventURL }}">{{ .EventURL }}</a></footer>
</main>
</body>
</html>
`))

// placePacks puts each pack at packs/<event>.zip in the folder root as a
// link to the packer's file (a copy where links cannot be made), and
// removes the packs of root no longer in packs. placed says which pack is
// where already; it is brought up to date, and touch is told of each
// file changed.
func placePacks(rootDir string, packs map[string]packInfo, placed map[string]string, touch func(rel string)) error {
	for slug, p := range packs {
		rel := packFolder + "/" + slug + ".zip"
		if placed[rel] == p.sign {
			continue
		}
		dst := filepath.Join(rootDir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		os.Remove(dst) // never write into a file an earlier build shares
		if err := os.Link(p.file, dst); err != nil {
			// another file system: a copy
			if err := copyTo(rootDir, rel, p.file); err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
		}
		placed[rel] = p.sign
		if touch != nil {
			touch(rel)
		}
	}
	for rel := range placed {
		slug := strings.TrimSuffix(strings.TrimPrefix(rel, packFolder+"/"), ".zip")
		if _, ok := packs[slug]; !ok {
			os.Remove(filepath.Join(rootDir, filepath.FromSlash(rel)))
			delete(placed, rel)
			if touch != nil {
				touch(rel)
			}
		}
	}
	return nil
}

// copyTo copies the file src to rel inside the folder dir.
func copyTo(dir, rel, src string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	return copyOne(root, rel, func() (io.ReadCloser, error) { return os.Open(src) })
}

// packSitemap adds the packs to the sitemap of content.
func packSitemap(content *tree, packs map[string]packInfo) {
	slugs := make([]string, 0, len(packs))
	for slug := range packs {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	for _, slug := range slugs {
		e := sitemapEntry{URL: packURL(slug)}
		if at := packs[slug].at; !at.IsZero() && at.Year() > 1 {
			e.Lastmod = at.UTC().Format(time.RFC3339)
		}
		content.sitemap[packFolder+"/"+slug] = e
	}
}
