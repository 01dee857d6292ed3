package sitegen

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/slug"
)

// page is one generated content file: JSON front matter and no body, so
// nothing a teacher wrote is ever read by Hugo as Markdown or shortcodes;
// bodies arrive as sanitized HTML in parameters.
type page map[string]any

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

// writePage adds a content file for p at rel; its front matter is encoded
// when the tree is flushed.
func writePage(dir *tree, rel string, p page) error {
	var outputs []string
	if u, ok := p["url"].(string); ok {
		outputs = append(outputs, u)
	}
	if a, ok := p["aliases"].([]string); ok {
		outputs = append(outputs, a...)
	}
	if len(outputs) > 0 {
		dir.outputs["content/"+rel] = outputs
	}
	dir.pending = append(dir.pending, pendingPage{"content/" + rel, p})
	if e, ok := sitemapOf(p); ok {
		dir.sitemap["content/"+rel] = e
	}
	return nil
}

// sitemapOf is the sitemap entry of a page that has an address of its own
// and is meant to be found.
func sitemapOf(p page) (sitemapEntry, bool) {
	u, _ := p["url"].(string)
	if u == "" || p["noindex"] == true {
		return sitemapEntry{}, false
	}
	if sm, ok := p["sitemap"].(map[string]any); ok && sm["disable"] == true {
		return sitemapEntry{}, false
	}
	if b, ok := p["build"].(map[string]any); ok && b["render"] == "never" {
		return sitemapEntry{}, false
	}
	e := sitemapEntry{URL: u}
	if lm, _ := p["lastmod"].(string); lm != "" && !strings.HasPrefix(lm, "0001-") {
		e.Lastmod = lm
	}
	return e, true
}

func fileParams(prefix string, files []File) []map[string]any {
	out := make([]map[string]any, 0, len(files))
	for _, f := range files {
		out = append(out, map[string]any{
			"name":   f.Name,
			"url":    prefix + f.Name,
			"size":   humanSize(f.Size),
			"format": f.Format,
		})
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
	materials := append([]Material(nil), s.Materials...)
	sort.SliceStable(materials, func(i, j int) bool { return materials[i].PublishedAt.After(materials[j].PublishedAt) })
	for _, m := range materials {
		add(ix.byOrg, m.Organization, "materials", m.Slug)
		for _, a := range m.Authors {
			add(ix.byAuthor, a, "materials", m.Slug)
		}
	}
	// each subject's materials, oldest first, and where each material is
	bySubject := map[string][]string{}
	chrono := append([]Material(nil), s.Materials...)
	sort.SliceStable(chrono, func(i, j int) bool {
		if !chrono[i].PublishedAt.Equal(chrono[j].PublishedAt) {
			return chrono[i].PublishedAt.Before(chrono[j].PublishedAt)
		}
		return chrono[i].Slug < chrono[j].Slug
	})
	at := map[string]map[string]int{} // subject → slug → position
	for _, m := range chrono {
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
	teachers := append([]Teacher(nil), s.Teachers...)
	sort.SliceStable(teachers, func(i, j int) bool { return teachers[i].Name < teachers[j].Name })
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
	orgs     map[string]map[string]string
	teachers map[string]link
}

func newRefs(s *Site) *refs {
	r := &refs{orgs: map[string]map[string]string{}, teachers: map[string]link{}}
	for _, o := range s.Organizations {
		short := o.ShortName
		if short == "" {
			short = o.Name
		}
		r.orgs[o.Slug] = map[string]string{"name": o.Name, "short": short, "url": "/schools/" + o.Slug + "/"}
	}
	for _, t := range s.Teachers {
		r.teachers[t.Slug] = link{Name: t.Name, URL: "/teachers/" + t.Slug + "/"}
	}
	return r
}

// org is the school's name, short name and page; nil when it has no
// public page.
func (r *refs) org(slug string) map[string]string { return r.orgs[slug] }

// people are the public authors among slugs; the others are never named.
func (r *refs) people(slugs []string) []link {
	out := []link{}
	for _, a := range slugs {
		if t, ok := r.teachers[a]; ok {
			out = append(out, t)
		}
	}
	return out
}

// writeContent writes one content file per record and per month of events.
func writeContent(dir *tree, s *Site, cal *calendar, rf *refs, cd *cards) error {
	ix := newIndex(s)
	tm := newTerms(s)
	if err := writeLists(dir, s, tm, cd); err != nil {
		return err
	}
	for _, o := range s.Organizations {
		err := writePage(dir, leafFile("schools", o.Slug), page{
			"title": o.Name, "url": "/schools/" + o.Slug + "/",
			"short_name": o.ShortName, "kind": o.Kind, "kind_label": ru.Label(ru.OrganizationKinds, o.Kind),
			"address": o.Address, "website": o.Website, "about_html": o.AboutHTML,
			"events_ics":    "/schools/" + o.Slug + "/events.ics",
			"org_materials": of(cd.materials, ix.byOrg[o.Slug]["materials"]), "org_practices": of(cd.practices, ix.byOrg[o.Slug]["practices"]),
			"org_events": of(cd.events, ix.byOrg[o.Slug]["events"]), "org_teachers": of(cd.teachers, ix.byOrg[o.Slug]["teachers"]),
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
		err := writePage(dir, leafFile("teachers", t.Slug), page{
			"photo": photo,
			"title": t.Name, "url": "/teachers/" + t.Slug + "/",
			"organization": t.Organization, "org": rf.org(t.Organization), "position": t.Position, "teacher_subjects": nonNil(t.Subjects),
			"category_label": categoryLabel(t.Category), "experience_years": t.ExperienceYears,
			"self_education_theme": t.SelfEducationTheme, "mentor": t.Mentor,
			"methodical_active": t.MethodicalActive, "expert": t.Expert, "tutor": t.Tutor,
			"bio_html":      t.BioHTML,
			"own_materials": of(cd.materials, ix.byAuthor[t.Slug]["materials"]), "own_practices": of(cd.practices, ix.byAuthor[t.Slug]["practices"]),
		})
		if err != nil {
			return err
		}
	}
	for _, m := range s.Materials {
		levels := make([]string, len(m.Levels))
		copy(levels, m.Levels)
		err := writePage(dir, leafFile("materials", m.Slug), page{
			"title": m.Title, "url": "/materials/" + m.Slug + "/",
			"date": m.PublishedAt.Format(time.RFC3339), "lastmod": m.Updated.Format(time.RFC3339),
			"summary": m.Summary, "description": m.Summary,
			"types": []string{m.Type}, "type_label": ru.Label(ru.MaterialTypes, m.Type),
			"subjects": nonNil(m.Subjects), "levels": nonNil(levels), "tags": nonNil(m.Tags),
			"level_labels": labels(ru.Levels, m.Levels),
			"authors":      nonNil(m.Authors), "organization": m.Organization, "license": m.License,
			"org": rf.org(m.Organization), "people": rf.people(m.Authors),
			"subject_links": linksOf(tm.bySubject, m.Subjects, subjectSlug), "level_links": linksOf(tm.byLevel, m.Levels, same),
			"tag_links":     linksOf(tm.byTag, m.Tags, tagSlug),
			"best_practice": m.BestPractice, "qr": m.QRCode, "aliases": aliases(m.QRCode),
			"material_date": dateText(m.Date), "files": fileParams("/files/materials/"+m.Slug+"/", m.Files),
			"related": of(cd.materials, ix.related[m.Slug]), "presented_at": of(cd.events, ix.presentedAt[m.Slug]),
			"card":      cd.materials[m.Slug],
			"body_html": m.BodyHTML,
		})
		if err != nil {
			return err
		}
	}
	for _, p := range s.Practices {
		err := writePage(dir, leafFile("practices", p.Slug), page{
			"title": p.Title, "url": "/practices/" + p.Slug + "/",
			"date": p.PublishedAt.Format(time.RFC3339), "lastmod": p.Updated.Format(time.RFC3339),
			"summary": p.Summary, "description": p.Summary, "organization": p.Organization,
			"org": rf.org(p.Organization), "people": rf.people(p.Authors),
			"authors": nonNil(p.Authors), "materials": of(cd.materials, p.Materials), "events": of(cd.events, p.Events),
			"card": cd.practices[p.Slug],
			"qr":   p.QRCode, "aliases": aliases(p.QRCode),
			"body_html": p.BodyHTML, "results_html": p.ResultsHTML,
		})
		if err != nil {
			return err
		}
	}
	for _, e := range s.Events {
		loc := cal.zone(e)
		err := writePage(dir, leafFile("events", e.Slug), page{
			"title": e.Title, "url": "/events/" + e.Slug + "/",
			"date": e.Start.Format(time.RFC3339), "lastmod": e.Updated.Format(time.RFC3339),
			"kind_label": ru.Label(ru.EventKinds, e.Kind), "level_label": ru.Label(ru.EventLevels, e.Level),
			"status": e.Status, "status_label": ru.Label(ru.EventStatuses, e.Status),
			"when": whenText(e, loc, s.Location), "start_iso": isoStart(e, loc), "end_iso": isoEnd(e, loc),
			"all_day": e.AllDay, "location": e.Location, "online_url": e.OnlineURL,
			"organizer": e.Organizer, "organizer_org": rf.org(e.Organizer), "audience": e.Audience, "event_subjects": nonNil(e.Subjects),
			"registration_url": e.RegistrationURL, "materials": of(cd.materials, e.Materials),
			"card":     cd.events[e.Slug],
			"upcoming": !eventEnd(e, loc).Before(s.Now), "month_url": monthURL(e.Start.In(loc)),
			"qr": e.QRCode, "aliases": aliases(e.QRCode), "ics": "/events/" + e.Slug + "/event.ics",
			"body_html": e.BodyHTML,
		})
		if err != nil {
			return err
		}
	}
	for _, m := range cal.months {
		err := writePage(dir, leafFile("months", fmt.Sprintf("%04d-%02d", m.Year, m.Month)), page{
			"title": fmt.Sprintf("%s %d", ru.MonthsNominative[m.Month-1], m.Year), "url": monthURL(m.first()),
			"weeks": m.Weeks, "weekdays": ru.Weekdays, "prev_url": m.PrevURL, "next_url": m.NextURL,
			"month_events": of(cd.events, m.Events),
		})
		if err != nil {
			return err
		}
	}
	for _, c := range s.Certificates {
		err := writePage(dir, leafFile("verify", c.Number), page{
			"title": c.Title + " № " + c.Number, "url": "/verify/" + c.Number + "/",
			"sitemap": map[string]any{"disable": true}, "noindex": true,
			"cert_title": c.Title, "number": c.Number, "issuer": c.Issuer, "teacher": c.Teacher,
			"teacher_name": c.TeacherName, "teacher_url": rf.teachers[c.Teacher].URL, "statement": c.Statement, "issued": c.Issued,
		})
		if err != nil {
			return err
		}
	}
	if err := writePage(dir, "verify/_index.md", page{"build": map[string]any{"render": "never", "list": "local"}}); err != nil {
		return err
	}
	if err := writePage(dir, "months/_index.md", page{"build": map[string]any{"render": "never", "list": "local"}}); err != nil {
		return err
	}
	return nil
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
