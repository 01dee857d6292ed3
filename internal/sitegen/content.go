package sitegen

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/slug"
)

// A generated content file is JSON front matter and no body, so nothing a
// teacher wrote is ever read by Hugo as Markdown or shortcodes; bodies
// arrive as sanitized HTML in parameters. Its front matter is a page
// kind's struct (pagedata.go).

// page is free-form front matter: the settings of a section, which has no
// address and is no page kind.
type page map[string]any

func (page) published() published { return published{} }

// leafFile is the content file of the page name in the folder dir: a
// plain file, not a folder of its own, which would cost a folder a page on
// every full build. "index" would make dir a bundle, so it gets a suffix
// no slug can have.
func leafFile(dir, name string) string {
	if name == "index" {
		name = "index_"
	}
	return dir + "/" + name + ".md"
}

// writePage adds a content file with the front matter fm at rel; the
// front matter is encoded when the tree is flushed.
func writePage(dir *tree, rel string, fm frontMatter) error {
	pub := fm.published()
	var outputs []string
	if pub.url != "" {
		outputs = append(outputs, pub.url)
	}
	outputs = append(outputs, pub.aliases...)
	if len(outputs) > 0 {
		dir.outputs["content/"+rel] = outputs
	}
	dir.pending = append(dir.pending, pendingPage{"content/" + rel, fm})
	if e, ok := sitemapOf(pub); ok {
		dir.sitemap["content/"+rel] = e
	}
	return nil
}

// sitemapOf is the sitemap entry of a page that has an address of its own
// and is meant to be found.
func sitemapOf(pub published) (sitemapEntry, bool) {
	if pub.url == "" || pub.unlisted {
		return sitemapEntry{}, false
	}
	e := sitemapEntry{URL: pub.url}
	if lm := pub.lastmod; lm != "" && !strings.HasPrefix(lm, "0001-") {
		e.Lastmod = lm
	}
	return e, true
}

func fileParams(prefix string, files []File) []FileLink {
	out := make([]FileLink, 0, len(files))
	for _, f := range files {
		out = append(out, FileLink{Name: f.Name, URL: prefix + f.Name, Size: humanSize(f.Size), Format: f.Format})
	}
	return out
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f МБ", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d КБ", (n+512)>>10)
	}
	return fmt.Sprintf("%d Б", n)
}

func aliases(code string) []string {
	if code == "" {
		return nil
	}
	return []string{"/q/" + code + "/"}
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// index holds the cross references pages show, computed once: templates
// that filtered all pages for each page made a build quadratic.
type index struct {
	byOrg       map[string]map[string][]string // org → section → slugs
	byAuthor    map[string]map[string][]string // teacher → section → slugs
	related     map[string][]string            // material → slugs
	presentedAt map[string][]string            // material → event slugs
}

func newIndex(s *Site) *index {
	ix := &index{byOrg: map[string]map[string][]string{}, byAuthor: map[string]map[string][]string{},
		related: map[string][]string{}, presentedAt: map[string][]string{}}
	add := func(m map[string]map[string][]string, key, section, slug string) {
		if m[key] == nil {
			m[key] = map[string][]string{}
		}
		m[key][section] = append(m[key][section], slug)
	}
	// positions, not copies: a copy of 50,000 materials while the
	// collector runs moves every pointer they hold through its barrier
	for _, k := range stableOrder(s.Materials, func(a, b *Material) int { return b.PublishedAt.Compare(a.PublishedAt) }) {
		m := &s.Materials[k]
		add(ix.byOrg, m.Organization, "materials", m.Slug)
		for _, a := range m.Authors {
			add(ix.byAuthor, a, "materials", m.Slug)
		}
	}
	// each subject's materials, oldest first, and where each material is
	bySubject := map[string][]string{}
	chrono := stableOrder(s.Materials, func(a, b *Material) int {
		if c := a.PublishedAt.Compare(b.PublishedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	at := map[string]map[string]int{} // subject → slug → position
	for _, k := range chrono {
		m := &s.Materials[k]
		for _, subj := range m.Subjects {
			if at[subj] == nil {
				at[subj] = map[string]int{}
			}
			at[subj][m.Slug] = len(bySubject[subj])
			bySubject[subj] = append(bySubject[subj], m.Slug)
		}
	}
	for _, m := range s.Materials {
		if len(m.Related) > 0 {
			ix.related[m.Slug] = m.Related
			continue
		}
		ix.related[m.Slug] = neighbours(m, bySubject, at, 4)
	}
	for _, p := range s.Practices {
		add(ix.byOrg, p.Organization, "practices", p.Slug)
		for _, a := range p.Authors {
			add(ix.byAuthor, a, "practices", p.Slug)
		}
	}
	for _, e := range sortedEvents(s.Events) {
		add(ix.byOrg, e.Organizer, "events", e.Slug)
		for _, m := range e.Materials {
			ix.presentedAt[m] = append(ix.presentedAt[m], e.Slug)
		}
	}
	teachers := stableSorted(s.Teachers, func(a, b *Teacher) int { return strings.Compare(a.Name, b.Name) })
	for _, t := range teachers {
		add(ix.byOrg, t.Organization, "teachers", t.Slug)
	}
	return ix
}

// neighbours are the related materials of m: those published nearest to it
// in time in its subjects, alternately before and after it. Nearest rather
// than newest, so publishing a material changes the related lists of a
// few pages, not of every page of its subject.
func neighbours(m Material, bySubject map[string][]string, at map[string]map[string]int, want int) []string {
	var rel []string
	seen := map[string]bool{m.Slug: true}
	for d := 1; len(rel) < want; d++ {
		found := false
		for _, subj := range m.Subjects {
			list, i := bySubject[subj], at[subj][m.Slug]
			for _, j := range []int{i - d, i + d} {
				if j < 0 || j >= len(list) {
					continue
				}
				found = true
				if !seen[list[j]] && len(rel) < want {
					seen[list[j]] = true
					rel = append(rel, list[j])
				}
			}
		}
		if !found {
			break
		}
	}
	return rel
}

// refs are what pages show of the schools and teachers they mention, kept
// in each page's own front matter: a page that looked them up would depend
// on the school's or teacher's page, which changes with every material
// they publish, and would be rendered again each time.
type refs struct {
	orgs     map[string]*OrgRef
	teachers map[string]Link
}

func newRefs(s *Site) *refs {
	r := &refs{orgs: map[string]*OrgRef{}, teachers: map[string]Link{}}
	for _, o := range s.Organizations {
		short := o.ShortName
		if short == "" {
			short = o.Name
		}
		r.orgs[o.Slug] = &OrgRef{Name: o.Name, Short: short, URL: "/schools/" + o.Slug + "/"}
	}
	for _, t := range s.Teachers {
		r.teachers[t.Slug] = Link{Name: t.Name, URL: "/teachers/" + t.Slug + "/"}
	}
	return r
}

// org is the school's name, short name and page; nil when it has no
// public page.
func (r *refs) org(slug string) *OrgRef { return r.orgs[slug] }

// people are the public authors among slugs; the others are never named.
func (r *refs) people(slugs []string) []Link {
	out := []Link{}
	for _, a := range slugs {
		if t, ok := r.teachers[a]; ok {
			out = append(out, t)
		}
	}
	return out
}

// writeContent writes one content file per record and per month of events.
func writeContent(dir *tree, s *Site, cal *calendar, rf *refs, cd *cards, packs map[string]packInfo) error {
	ix := newIndex(s)
	tm := newTerms(s)
	as := newAssociations(s, rf)
	if err := writeLists(dir, s, tm, cd); err != nil {
		return err
	}
	for _, o := range s.Organizations {
		err := writePage(dir, leafFile("schools", o.Slug), SchoolPage{
			Title: o.Name, URL: "/schools/" + o.Slug + "/",
			ShortName: o.ShortName, Kind: o.Kind, KindLabel: ru.Label(ru.OrganizationKinds, o.Kind),
			Address: o.Address, Website: o.Website, AboutHTML: o.AboutHTML,
			EventsICS:    "/schools/" + o.Slug + "/events.ics",
			OrgMaterials: of(cd.materials, ix.byOrg[o.Slug]["materials"]), OrgPractices: of(cd.practices, ix.byOrg[o.Slug]["practices"]),
			OrgEvents: of(cd.events, ix.byOrg[o.Slug]["events"]), OrgTeachers: of(cd.teachers, ix.byOrg[o.Slug]["teachers"]),
			OrgAssociations: as.ofOrg(o.Slug),
		})
		if err != nil {
			return err
		}
	}
	for _, t := range s.Teachers {
		photo := ""
		if t.Photo != nil {
			photo = "/files/teachers/" + t.Slug + "/" + t.Photo.Name
		}
		err := writePage(dir, leafFile("teachers", t.Slug), TeacherPage{
			Photo: photo,
			Title: t.Name, URL: "/teachers/" + t.Slug + "/",
			Organization: t.Organization, Org: rf.org(t.Organization), Position: t.Position, TeacherSubjects: nonNil(t.Subjects),
			CategoryLabel: categoryLabel(t.Category), ExperienceYears: t.ExperienceYears,
			SelfEducationTheme: t.SelfEducationTheme, Mentor: t.Mentor,
			MethodicalActive: t.MethodicalActive, Expert: t.Expert, Tutor: t.Tutor,
			BioHTML:      t.BioHTML,
			OwnMaterials: of(cd.materials, ix.byAuthor[t.Slug]["materials"]), OwnPractices: of(cd.practices, ix.byAuthor[t.Slug]["practices"]),
		})
		if err != nil {
			return err
		}
	}
	for _, m := range s.Materials {
		levels := make([]string, len(m.Levels))
		copy(levels, m.Levels)
		checked, checkedISO := checkedDate(m.Check, s.Location)
		err := writePage(dir, leafFile("materials", m.Slug), MaterialPage{
			Title: m.Title, LinkTitle: tabTitle(m.Title), URL: "/materials/" + m.Slug + "/",
			Date: m.PublishedAt.Format(time.RFC3339), Lastmod: m.Updated.Format(time.RFC3339),
			Summary: m.Summary, Description: m.Summary,
			Types: []string{m.Type}, TypeLabel: ru.Label(ru.MaterialTypes, m.Type),
			Subjects: nonNil(m.Subjects), Levels: nonNil(levels), Tags: nonNil(m.Tags),
			LevelLabels: labels(ru.Levels, m.Levels),
			Authors:     nonNil(m.Authors), Organization: m.Organization, License: m.License,
			LicenseName: licenseOf(m.License).Name, LicenseURL: licenseOf(m.License).Page, LicenseLegal: licenseOf(m.License).LegalURL,
			Org: rf.org(m.Organization), People: rf.people(m.Authors),
			SubjectLinks: linksOf(tm.bySubject, m.Subjects, tm.subjectSlug), LevelLinks: linksOf(tm.byLevel, m.Levels, same),
			TagLinks:     linksOf(tm.byTag, m.Tags, tm.tagSlug),
			BestPractice: m.BestPractice, QR: m.QRCode, Aliases: aliases(m.QRCode),
			MaterialDate: dateText(m.Date), Files: fileParams("/files/materials/"+m.Slug+"/", m.Files),
			Related: of(cd.materials, ix.related[m.Slug]), PresentedAt: of(cd.events, ix.presentedAt[m.Slug]),
			Associations: as.ofMaterial(m.Slug),
			Card:         cd.materials[m.Slug],
			Adopt:        adoptForm(s, "materials", m.Slug, m.Adoption),
			BodyHTML:     m.BodyHTML,
			Checked:      checked, CheckedISO: checkedISO, LinksDead: m.Check.Dead,
		})
		if err != nil {
			return err
		}
	}
	bySlug := make(map[string]*Material, len(s.Materials))
	for i := range s.Materials {
		bySlug[s.Materials[i].Slug] = &s.Materials[i]
	}
	for _, p := range s.Practices {
		subjects, levels := practiceTerms(p, bySlug)
		checked, checkedISO := checkedDate(p.Check, s.Location)
		err := writePage(dir, leafFile("practices", p.Slug), PracticePage{
			Title: p.Title, LinkTitle: tabTitle(p.Title), URL: "/practices/" + p.Slug + "/",
			Date: p.PublishedAt.Format(time.RFC3339), Lastmod: p.Updated.Format(time.RFC3339),
			Summary: p.Summary, Description: p.Summary, Organization: p.Organization,
			Org: rf.org(p.Organization), People: rf.people(p.Authors),
			Subjects: subjects, LevelLabels: labels(ru.Levels, levels),
			Authors: nonNil(p.Authors), Materials: of(cd.materials, p.Materials), Events: of(cd.events, p.Events),
			Card:  cd.practices[p.Slug],
			Adopt: adoptForm(s, "practices", p.Slug, p.Adoption),
			QR:    p.QRCode, Aliases: aliases(p.QRCode),
			BodyHTML: p.BodyHTML, ResultsHTML: p.ResultsHTML,
			License: p.License, LicenseName: licenseOf(p.License).Name, LicenseURL: licenseOf(p.License).Page, LicenseLegal: licenseOf(p.License).LegalURL,
			Checked: checked, CheckedISO: checkedISO, LinksDead: p.Check.Dead,
		})
		if err != nil {
			return err
		}
	}
	for _, e := range s.Events {
		loc := cal.zone(e)
		checked, checkedISO := checkedDate(e.Check, s.Location)
		var pack struct{ url, size string }
		if p, ok := packs[e.Slug]; ok {
			pack.url, pack.size = packURL(e.Slug), ru.FileSize(p.size)
		}
		err := writePage(dir, leafFile("events", e.Slug), EventPage{
			Title: e.Title, LinkTitle: tabTitle(e.Title), URL: "/events/" + e.Slug + "/",
			Date: e.Start.Format(time.RFC3339), Lastmod: e.Updated.Format(time.RFC3339),
			KindLabel: ru.Label(ru.EventKinds, e.Kind), LevelLabel: ru.Label(ru.EventLevels, e.Level),
			Status: e.Status, StatusLabel: ru.Label(ru.EventStatuses, e.Status),
			When: whenText(e, loc, s.Location), StartISO: isoStart(e, loc), EndISO: isoEnd(e, loc),
			AllDay: e.AllDay, Location: e.Location, OnlineURL: e.OnlineURL,
			Organizer: e.Organizer, OrganizerOrg: rf.org(e.Organizer), Audience: e.Audience, EventSubjects: nonNil(e.Subjects),
			RegistrationURL: e.RegistrationURL, Materials: of(cd.materials, e.Materials),
			Card:     cd.events[e.Slug],
			Upcoming: !eventEnd(e, loc).Before(s.Now), MonthURL: monthURL(e.Start.In(loc)),
			QR: e.QRCode, Aliases: aliases(e.QRCode), ICS: "/events/" + e.Slug + "/event.ics",
			BodyHTML: e.BodyHTML,
			License:  e.License, LicenseName: licenseOf(e.License).Name, LicenseURL: licenseOf(e.License).Page, LicenseLegal: licenseOf(e.License).LegalURL,
			Checked: checked, CheckedISO: checkedISO, LinksDead: e.Check.Dead,
			Pack: pack.url, PackSize: pack.size,
		})
		if err != nil {
			return err
		}
	}
	for _, m := range cal.months {
		err := writePage(dir, leafFile("months", fmt.Sprintf("%04d-%02d", m.Year, m.Month)), MonthPage{
			Title: fmt.Sprintf("%s %d", ru.MonthsNominative[m.Month-1], m.Year), URL: monthURL(m.first()),
			Weeks: calendarWeeks(m.Weeks), Weekdays: ru.Weekdays[:], PrevURL: m.PrevURL, NextURL: m.NextURL,
			MonthEvents: of(cd.events, m.Events),
		})
		if err != nil {
			return err
		}
	}
	if err := writeAssociations(dir, s, cal, rf, cd, as); err != nil {
		return err
	}
	for _, c := range s.Certificates {
		err := writePage(dir, leafFile("verify", c.Number), VerifyPage{
			Title: c.Title + " № " + c.Number, URL: "/verify/" + c.Number + "/",
			Sitemap: SitemapOptions{Disable: true}, Noindex: true,
			CertTitle: c.Title, Number: c.Number, Issuer: c.Issuer, Teacher: c.Teacher,
			TeacherName: c.TeacherName, TeacherURL: rf.teachers[c.Teacher].URL, Statement: c.Statement, Issued: c.Issued,
		})
		if err != nil {
			return err
		}
	}
	if err := writePage(dir, "verify/_index.md", sectionSettings); err != nil {
		return err
	}
	if err := writePage(dir, "months/_index.md", sectionSettings); err != nil {
		return err
	}
	return nil
}

// tabTitle is a title shortened for the browser's tab; "" when it fits,
// and Hugo's .LinkTitle is the title itself.
func tabTitle(title string) string {
	if short := ru.Shorten(title, pageTitle); short != title {
		return short
	}
	return ""
}

// adoptForm is the form «Я применил(а) у себя» of an item; nothing when
// the site takes no forms.
func adoptForm(s *Site, collection, slug string, a Adoption) *AdoptForm {
	if s.APIURL == "" {
		return nil
	}
	comments := a.Comments
	if comments == nil {
		comments = []AdoptionComment{}
	}
	f := &AdoptForm{URL: s.APIURL + "/api/kopilka/adoptions", Collection: collection, Slug: slug,
		Count: a.Schools, Comments: comments}
	if a.Schools > 0 {
		f.CountText = ru.AdoptedIn(a.Schools)
	}
	return f
}

// licenseOf is the licence of an SPDX identifier; none when it is empty.
func licenseOf(spdx string) ru.License {
	if spdx == "" {
		return ru.License{}
	}
	return ru.LicenseOf(spdx)
}

// calendarWeeks are a month's weeks as its page shows them.
func calendarWeeks(weeks [][]calDay) [][]CalendarDay {
	if weeks == nil {
		return nil
	}
	out := make([][]CalendarDay, len(weeks))
	for i, w := range weeks {
		if w == nil {
			continue
		}
		out[i] = make([]CalendarDay, len(w))
		for j, d := range w {
			var evs []DayEvent
			if d.Events != nil {
				evs = make([]DayEvent, len(d.Events))
				for k, e := range d.Events {
					evs[k] = DayEvent{Slug: e.Slug, Title: e.Title, Time: e.Time, Cancelled: e.Cancelled}
				}
			}
			out[i][j] = CalendarDay{Day: d.Day, Date: d.Date, Events: evs}
		}
	}
	return out
}

// practiceTerms are the subjects and the education levels' codes of a
// practice's published materials, each once, in the order they name them.
func practiceTerms(p Practice, materials map[string]*Material) (subjects, levels []string) {
	subjects, levels = []string{}, []string{}
	for _, slug := range p.Materials {
		m, ok := materials[slug]
		if !ok {
			continue
		}
		for _, v := range m.Subjects {
			if !slices.Contains(subjects, v) {
				subjects = append(subjects, v)
			}
		}
		for _, v := range m.Levels {
			if !slices.Contains(levels, v) {
				levels = append(levels, v)
			}
		}
	}
	return subjects, levels
}

func labels(m map[string]string, codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, ru.Label(m, c))
	}
	return out
}

func categoryLabel(code string) string {
	if code == "" || code == "none" {
		return ""
	}
	return ru.Label(ru.Categories, code)
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return ru.Date(t)
}

// subjectSlug is the URL segment of a subject's feed.
func subjectSlug(subject string) string {
	s := slug.Make(subject)
	if s == "" {
		s = "predmet"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// checkedDate is the day a check last found an item fine, in the
// municipality's time zone: as the page shows it (12.03.2026) and for a
// time element (2026-03-12); empty when no check has, or when the last
// one found a dead link (the page says so instead).
func checkedDate(c Check, loc *time.Location) (text, iso string) {
	if c.Fine.IsZero() || c.Dead {
		return "", ""
	}
	if loc != nil {
		c.Fine = c.Fine.In(loc)
	}
	return c.Fine.Format("02.01.2006"), c.Fine.Format("2006-01-02")
}
