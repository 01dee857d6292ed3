// Package publish turns what kopilka stores into the public site: it reads
// exactly what an anonymous API reader may see, renders it with sitegen,
// and keeps the served site current as curators publish.
package publish

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/adoption"
	"github.com/kopilka/kopilka/internal/certificate"
	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/freshness"
	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/markdown"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

// Snapshot reads the public part of app into a sitegen.Site.
func Snapshot(app core.App, st sitesettings.Settings) (*sitegen.Site, error) {
	return snapshot(app, st, nil, nil)
}

// MarkdownCache keeps the HTML of Markdown texts between snapshots, so a
// live site renders again only the texts that changed. It keeps what the
// last snapshot used and nothing more.
type MarkdownCache struct {
	last, used map[string]string
}

func (c *MarkdownCache) render(src string) (string, error) {
	if c == nil {
		return markdown.Render(src)
	}
	if c.used == nil {
		c.used = map[string]string{}
	}
	if h, ok := c.used[src]; ok {
		return h, nil
	}
	h, ok := c.last[src]
	if !ok {
		var err error
		if h, err = markdown.Render(src); err != nil {
			return "", err
		}
	}
	c.used[src] = h
	return h, nil
}

// done ends a snapshot: texts it did not use are forgotten.
func (c *MarkdownCache) done() {
	if c != nil {
		c.last, c.used = c.used, nil
	}
}

func snapshot(app core.App, st sitesettings.Settings, mc *MarkdownCache, rc *RecordCache) (*sitegen.Site, error) {
	site, err := readSite(app, st, mc, rc)
	rc.factsOf().done(err != nil)
	return site, err
}

// readSite is snapshot but for ending what rc keeps of the records.
func readSite(app core.App, st sitesettings.Settings, mc *MarkdownCache, rc *RecordCache) (*sitegen.Site, error) {
	defer mc.done()
	fc := rc.factsOf()
	now := time.Now
	if st.Now != nil {
		now = st.Now
	}
	site := &sitegen.Site{Title: st.Title, Municipality: st.Municipality, BaseURL: st.BaseURL, APIURL: st.APIURL, Location: st.Location, Now: now()}
	adopted, err := adoption.Summaries(app)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	adoptionOf := func(collection, id string) sitegen.Adoption {
		a := adopted[collection+"/"+id]
		out := sitegen.Adoption{Schools: a.Schools}
		for _, c := range a.Comments {
			out.Comments = append(out.Comments, sitegen.AdoptionComment{Text: c.Text, School: c.School, Group: c.Group, Kind: c.Kind})
		}
		return out
	}
	// what the freshness guard last found, read as stored: pages never
	// check links themselves
	notes, err := freshness.Notes(app)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	checkOf := func(collection, id string) sitegen.Check {
		n := notes[freshness.NoteKey(collection, id)]
		return sitegen.Check{Fine: n.Fine, Dead: n.Dead}
	}
	load := map[string][]*core.Record{}
	for _, c := range SiteCollections {
		if c == schema.Materials {
			continue // read apart below, through their facts
		}
		records, err := publicRecords(app, c, rc)
		if err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		load[c] = records
	}
	rows, err := publicMaterials(app, rc)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, fmt.Errorf("snapshot: storage: %w", err)
	}
	// the filesystem stays open while the site is built: Files open lazily
	site.Close = func() error { return fsys.Close() }
	stat := func(key string) (int64, error) {
		attrs, err := fsys.Attributes(key)
		if err != nil {
			return 0, err
		}
		return attrs.Size, nil
	}
	// md renders src, the Markdown text of r named what
	md := func(r model.Slugged, what, src string) (string, error) {
		h, err := mc.render(src)
		if err != nil {
			return "", fmt.Errorf("snapshot: %s/%s %s: %w", r.ProxyRecord().Collection().Name, r.Slug(), what, err)
		}
		return h, nil
	}
	for i := range rows {
		if rows[i].facts == nil {
			mf := readMaterial(model.AsMaterial(rows[i].record), md, fsys, func(key string) (int64, error) { return rc.size(key, stat) })
			mf.stamp, rows[i].facts, rows[i].record = rows[i].stamp, mf, nil
		}
		fc.keepMaterial(rows[i].id, rows[i].facts)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].facts.m.Slug < rows[j].facts.m.Slug })
	// A material whose body or files cannot be described is left off the
	// site before anything links to it, so one bad record never stops a
	// build and no page links to a page that is not there.
	slugs := map[string]map[string]string{} // collection → id → slug, public records only
	materials := rows[:0]
	slugs[schema.Materials] = make(map[string]string, len(rows))
	for _, row := range rows {
		mf := row.facts
		left := sitegen.LeftOut{Collection: schema.Materials, ID: row.id, Slug: mf.m.Slug}
		switch {
		case mf.bodyErr != nil:
			left.Reason, left.Detail = ru.SiteLeftOutBody, mf.bodyErr.Error()
			site.LeftOut = append(site.LeftOut, left)
			continue
		case mf.filesErr != nil:
			left.Reason, left.Detail = ru.SiteLeftOutFiles, mf.filesErr.Error()
			site.LeftOut = append(site.LeftOut, left)
			continue
		}
		materials = append(materials, row)
		slugs[schema.Materials][row.id] = mf.m.Slug
	}
	for c, records := range load {
		slugs[c] = map[string]string{}
		for _, r := range records {
			slugs[c][r.Id] = fc.slug(r)
		}
	}
	refs := func(collection string, ids []string) []string {
		out := []string{}
		for _, id := range ids {
			if s, ok := slugs[collection][id]; ok {
				out = append(out, s)
			}
		}
		return out
	}

	for _, r := range load[schema.Organizations] {
		o := model.AsOrganization(r)
		about, err := md(o, "about", o.About())
		if err != nil {
			return nil, err
		}
		site.Organizations = append(site.Organizations, sitegen.Organization{
			Slug: o.Slug(), Name: o.Name(), ShortName: o.ShortName(),
			Kind: o.Kind(), Address: o.Address(), Website: o.Website(), AboutHTML: about,
		})
	}
	for _, r := range load[schema.Teachers] {
		t := model.AsTeacher(r)
		bio, err := md(t, "bio", t.Bio())
		if err != nil {
			return nil, err
		}
		var photo *sitegen.File
		if name := t.Photo(); name != "" {
			key := t.BaseFilesPath() + "/" + name
			if size, err := rc.size(key, stat); err == nil {
				photo = &sitegen.File{Name: name, Size: size, Key: key, Open: func() (io.ReadCloser, error) { return fsys.GetReader(key) }}
			}
		}
		site.Teachers = append(site.Teachers, sitegen.Teacher{
			Photo: photo,
			Slug:  t.Slug(), Name: t.Name(), Organization: slugs[schema.Organizations][t.Organization()],
			Position: t.Position(), Subjects: t.Subjects(), Category: t.Category(),
			ExperienceYears: t.ExperienceYears(), SelfEducationTheme: t.SelfEducationTheme(),
			Mentor: t.Mentor(), MethodicalActive: t.MethodicalActive(), Expert: t.Expert(),
			Tutor: t.Tutor(), BioHTML: bio,
		})
	}
	for _, row := range materials {
		mf := row.facts
		m := mf.m
		m.Authors = refs(schema.Teachers, mf.authors)
		m.Organization = slugs[schema.Organizations][mf.organization]
		m.Related = refs(schema.Materials, mf.related)
		m.Adoption = adoptionOf(schema.Materials, row.id)
		m.Check = checkOf(schema.Materials, row.id)
		m.Files = withStorage(mf.m.Files, fsys)
		site.Materials = append(site.Materials, m)
	}
	for _, r := range load[schema.Practices] {
		p := model.AsPractice(r)
		body, err := md(p, "body", p.Body())
		if err != nil {
			return nil, err
		}
		results, err := md(p, "results", p.Results())
		if err != nil {
			return nil, err
		}
		site.Practices = append(site.Practices, sitegen.Practice{
			Slug: p.Slug(), Title: p.Title(), Summary: p.Summary(),
			BodyHTML: body, ResultsHTML: results, Organization: slugs[schema.Organizations][p.Organization()],
			Authors: refs(schema.Teachers, p.Authors()), Materials: refs(schema.Materials, p.Materials()),
			Events: refs(schema.Events, p.Events()), QRCode: p.QRCode(), License: p.License(), Adoption: adoptionOf(schema.Practices, p.Id),
			PublishedAt: published(&p.Item), Updated: p.Updated().Time(),
			Check: checkOf(schema.Practices, p.Id),
		})
	}
	for _, r := range load[schema.Events] {
		e := model.AsEvent(r)
		body, err := md(e, "body", e.Body())
		if err != nil {
			return nil, err
		}
		site.Events = append(site.Events, sitegen.Event{
			Slug: e.Slug(), Title: e.Title(), Kind: e.Kind(), Level: e.Level(),
			Start: e.Start().Time(), End: e.End().Time(), AllDay: e.AllDay(),
			TimeZone: e.Timezone(), Location: e.Location(), OnlineURL: e.OnlineURL(),
			Organizer: slugs[schema.Organizations][e.Organizer()], Audience: e.Audience(),
			Subjects: e.Subjects(), RegistrationURL: e.RegistrationURL(),
			Materials: refs(schema.Materials, e.Materials()), Status: e.Status(),
			QRCode: e.QRCode(), BodyHTML: body, Updated: e.Updated().Time(), License: e.License(),
			Check: checkOf(schema.Events, e.Id),
		})
	}
	for _, r := range load[schema.Associations] {
		// a school's editors change its associations without review: one
		// that cannot be described is left out, not the whole site
		if a, left := association(r, slugs, refs, md); left != nil {
			site.LeftOut = append(site.LeftOut, *left)
		} else {
			site.Associations = append(site.Associations, a)
		}
	}
	// the ИОМ are private; only their count reaches the site
	year := iom.SchoolYear(site.Now.In(st.Location))
	if n, err := iom.ActiveCount(app, year); err == nil {
		site.IOM = sitegen.IOMFigure{SchoolYear: fmt.Sprintf("%d/%02d", year.From.Year(), (year.From.Year()+1)%100), Teachers: n}
	}
	certs, err := publicRecords(app, schema.Certificates, rc)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	for _, r := range certs {
		c, err := certificate.Describe(app, r, st.BaseURL, st.Municipality)
		if err != nil {
			continue // the facts no longer describe: no page, so no proof
		}
		site.Certificates = append(site.Certificates, sitegen.Certificate{
			Number: c.Number, Title: c.Title, Issuer: c.Issuer, Teacher: slugs[schema.Teachers][model.AsCertificate(r).Teacher()],
			TeacherName: c.Teacher, Statement: c.Statement, Issued: c.Date,
		})
	}
	return site, nil
}

// SiteCollections are the collections the site shows records of: a change
// to any of their records may change its pages. (Certificates and the
// ИОМ's count reach the site too, read apart.)
var SiteCollections = []string{schema.Organizations, schema.Teachers, schema.Materials, schema.Practices, schema.Events,
	schema.Associations}

// association describes a methodical association for its page, naming
// only the public records it refers to: its head and members only when
// their profiles are public, its materials only when published. One
// without a slug (no address) or whose text cannot be rendered is left
// out, and left says why.
func association(r *core.Record, slugs map[string]map[string]string, refs func(string, []string) []string,
	md func(model.Slugged, string, string) (string, error)) (a sitegen.Association, left *sitegen.LeftOut) {
	s, _ := model.AsSlugged(r)
	if s.Slug() == "" {
		return a, &sitegen.LeftOut{Collection: schema.Associations, ID: r.Id,
			Reason: ru.SiteLeftOutNoSlug, Detail: "association " + r.Id + " has no slug"}
	}
	about, err := md(s, "about", r.GetString("about"))
	if err != nil {
		return a, &sitegen.LeftOut{Collection: schema.Associations, ID: r.Id, Slug: s.Slug(),
			Reason: ru.SiteLeftOutText, Detail: err.Error()}
	}
	return sitegen.Association{
		Slug: s.Slug(), Name: r.GetString("name"), Kind: r.GetString("kind"),
		Organization: slugs[schema.Organizations][r.GetString("organization")],
		Subjects:     r.GetStringSlice("subjects"),
		Head:         slugs[schema.Teachers][r.GetString("head")],
		Members:      refs(schema.Teachers, r.GetStringSlice("members")),
		Year:         r.GetInt("year"), Theme: r.GetString("theme"),
		Materials: refs(schema.Materials, r.GetStringSlice("materials")),
		Events:    refs(schema.Events, r.GetStringSlice("events")),
		AboutHTML: about, Updated: r.GetDateTime("updated").Time(),
	}, nil
}

// readMaterial reads what the site shows of a material from its record
// alone (see materialFacts); a body or files that cannot be described are
// in bodyErr and filesErr.
func readMaterial(m *model.Material, md func(model.Slugged, string, string) (string, error), fsys *filesystem.System,
	size func(key string) (int64, error)) *materialFacts {
	mf := &materialFacts{authors: m.Authors(), related: m.Related(), organization: m.Organization()}
	mf.m.Slug = m.Slug() // named when left out
	body, err := md(m, "body", m.Body())
	if err != nil {
		mf.bodyErr = err
		return mf
	}
	files, err := attachments(fsys, m, size)
	if err != nil {
		mf.filesErr = err
		return mf
	}
	mf.m = sitegen.Material{
		Slug: m.Slug(), Title: m.Title(), Summary: m.Summary(), BodyHTML: body,
		Type: m.Type(), Subjects: m.Subjects(), Levels: m.Levels(), Tags: m.Tags(),
		License: m.License(), BestPractice: m.BestPractice(), QRCode: m.QRCode(),
		Date: m.Date().Time(), PublishedAt: published(&m.Item), Updated: m.Updated().Time(),
		Files: files,
	}
	return mf
}

// published is when item was first published, or created if it never was.
func published(item *model.Item) time.Time {
	if t := item.PublishedAt(); !t.IsZero() {
		return t.Time()
	}
	return item.Created().Time()
}

// attachments lists a material's files under the names their authors gave
// them; two files of the same name keep the stored name for the second.
func attachments(fsys *filesystem.System, m *model.Material, size func(key string) (int64, error)) ([]sitegen.File, error) {
	names, _ := m.FileNames()
	var out []sitegen.File
	seen := map[string]bool{}
	for _, stored := range m.Files() {
		if filename.Check(stored) != nil {
			return nil, fmt.Errorf("snapshot: %s: stored file name %q is not one file", m.Slug(), stored)
		}
		key := m.BaseFilesPath() + "/" + stored
		n, err := size(key)
		if err != nil {
			return nil, fmt.Errorf("snapshot: %s file %s: %w", m.Slug(), stored, err)
		}
		name := filename.Shown(names, stored)
		if seen[name] {
			name = stored
		}
		seen[name] = true
		out = append(out, sitegen.File{
			Name: name, Size: n, Format: strings.ToUpper(strings.TrimPrefix(path.Ext(name), ".")),
			Key:  key,
			Open: func() (io.ReadCloser, error) { return fsys.GetReader(key) },
		})
	}
	return out, nil
}
