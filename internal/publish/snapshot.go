// Package publish turns what kopilka stores into the public site: it reads
// exactly what an anonymous API reader may see, renders it with sitegen,
// and keeps the served site current as curators publish.
package publish

import (
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/certificate"
	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/markdown"
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
	defer mc.done()
	now := time.Now
	if st.Now != nil {
		now = st.Now
	}
	site := &sitegen.Site{Title: st.Title, Municipality: st.Municipality, BaseURL: st.BaseURL, Location: st.Location, Now: now()}
	load := map[string][]*core.Record{}
	for _, c := range []string{schema.Organizations, schema.Teachers, schema.Materials, schema.Practices, schema.Events} {
		records, err := publicRecords(app, c, rc)
		if err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		load[c] = records
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
	md := func(r *core.Record, field string) (string, error) {
		h, err := mc.render(r.GetString(field))
		if err != nil {
			return "", fmt.Errorf("snapshot: %s/%s %s: %w", r.Collection().Name, r.GetString("slug"), field, err)
		}
		return h, nil
	}
	// A material whose body or files cannot be described is left off the
	// site before anything links to it, so one bad record never stops a
	// build and no page links to a page that is not there.
	var materialBodies []string
	var materialFiles [][]sitegen.File
	kept := make([]*core.Record, 0, len(load[schema.Materials]))
	for _, r := range load[schema.Materials] {
		left := sitegen.LeftOut{Collection: schema.Materials, ID: r.Id, Slug: r.GetString("slug")}
		body, err := md(r, "body")
		if err != nil {
			left.Reason, left.Detail = ru.SiteLeftOutBody, err.Error()
			site.LeftOut = append(site.LeftOut, left)
			continue
		}
		files, err := attachments(fsys, r, func(key string) (int64, error) { return rc.size(key, stat) })
		if err != nil {
			left.Reason, left.Detail = ru.SiteLeftOutFiles, err.Error()
			site.LeftOut = append(site.LeftOut, left)
			continue
		}
		kept = append(kept, r)
		materialBodies = append(materialBodies, body)
		materialFiles = append(materialFiles, files)
	}
	load[schema.Materials] = kept
	slugs := map[string]map[string]string{} // collection → id → slug, public records only
	for c, records := range load {
		slugs[c] = map[string]string{}
		for _, r := range records {
			slugs[c][r.Id] = r.GetString("slug")
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
		about, err := md(r, "about")
		if err != nil {
			return nil, err
		}
		site.Organizations = append(site.Organizations, sitegen.Organization{
			Slug: r.GetString("slug"), Name: r.GetString("name"), ShortName: r.GetString("short_name"),
			Kind: r.GetString("kind"), Address: r.GetString("address"), Website: r.GetString("website"), AboutHTML: about,
		})
	}
	for _, r := range load[schema.Teachers] {
		bio, err := md(r, "bio")
		if err != nil {
			return nil, err
		}
		var photo *sitegen.File
		if name := r.GetString("photo"); name != "" {
			key := r.BaseFilesPath() + "/" + name
			if size, err := rc.size(key, stat); err == nil {
				photo = &sitegen.File{Name: name, Size: size, Key: key, Open: func() (io.ReadCloser, error) { return fsys.GetReader(key) }}
			}
		}
		site.Teachers = append(site.Teachers, sitegen.Teacher{
			Photo: photo,
			Slug:  r.GetString("slug"), Name: r.GetString("name"), Organization: slugs[schema.Organizations][r.GetString("organization")],
			Position: r.GetString("position"), Subjects: r.GetStringSlice("subjects"), Category: r.GetString("category"),
			ExperienceYears: r.GetInt("experience_years"), SelfEducationTheme: r.GetString("self_education_theme"),
			Mentor: r.GetBool("mentor"), MethodicalActive: r.GetBool("methodical_active"), Expert: r.GetBool("expert"),
			Tutor: r.GetBool("tutor"), BioHTML: bio,
		})
	}
	for i, r := range load[schema.Materials] {
		body, files := materialBodies[i], materialFiles[i]
		site.Materials = append(site.Materials, sitegen.Material{
			Slug: r.GetString("slug"), Title: r.GetString("title"), Summary: r.GetString("summary"), BodyHTML: body,
			Type: r.GetString("type"), Subjects: r.GetStringSlice("subjects"), Levels: r.GetStringSlice("levels"),
			Tags: r.GetStringSlice("tags"), Authors: refs(schema.Teachers, r.GetStringSlice("authors")),
			Organization: slugs[schema.Organizations][r.GetString("organization")], License: r.GetString("license"),
			BestPractice: r.GetBool("best_practice"), QRCode: r.GetString("qr_code"),
			Date: r.GetDateTime("date").Time(), PublishedAt: published(r), Updated: r.GetDateTime("updated").Time(),
			Files: files, Related: refs(schema.Materials, r.GetStringSlice("related")),
		})
	}
	for _, r := range load[schema.Practices] {
		body, err := md(r, "body")
		if err != nil {
			return nil, err
		}
		results, err := md(r, "results")
		if err != nil {
			return nil, err
		}
		site.Practices = append(site.Practices, sitegen.Practice{
			Slug: r.GetString("slug"), Title: r.GetString("title"), Summary: r.GetString("summary"),
			BodyHTML: body, ResultsHTML: results, Organization: slugs[schema.Organizations][r.GetString("organization")],
			Authors: refs(schema.Teachers, r.GetStringSlice("authors")), Materials: refs(schema.Materials, r.GetStringSlice("materials")),
			Events: refs(schema.Events, r.GetStringSlice("events")), QRCode: r.GetString("qr_code"),
			PublishedAt: published(r), Updated: r.GetDateTime("updated").Time(),
		})
	}
	for _, r := range load[schema.Events] {
		body, err := md(r, "body")
		if err != nil {
			return nil, err
		}
		site.Events = append(site.Events, sitegen.Event{
			Slug: r.GetString("slug"), Title: r.GetString("title"), Kind: r.GetString("kind"), Level: r.GetString("level"),
			Start: r.GetDateTime("start").Time(), End: r.GetDateTime("end").Time(), AllDay: r.GetBool("all_day"),
			TimeZone: r.GetString("timezone"), Location: r.GetString("location"), OnlineURL: r.GetString("online_url"),
			Organizer: slugs[schema.Organizations][r.GetString("organizer")], Audience: r.GetString("audience"),
			Subjects: r.GetStringSlice("subjects"), RegistrationURL: r.GetString("registration_url"),
			Materials: refs(schema.Materials, r.GetStringSlice("materials")), Status: r.GetString("status"),
			QRCode: r.GetString("qr_code"), BodyHTML: body, Updated: r.GetDateTime("updated").Time(),
		})
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
			Number: c.Number, Title: c.Title, Issuer: c.Issuer, Teacher: slugs[schema.Teachers][r.GetString("teacher")],
			TeacherName: c.Teacher, Statement: c.Statement, Issued: c.Date,
		})
	}
	return site, nil
}

func published(r *core.Record) time.Time {
	if t := r.GetDateTime("published_at"); !t.IsZero() {
		return t.Time()
	}
	return r.GetDateTime("created").Time()
}

// attachments lists a material's files under the names their authors gave
// them; two files of the same name keep the stored name for the second.
func attachments(fsys *filesystem.System, r *core.Record, size func(key string) (int64, error)) ([]sitegen.File, error) {
	names := map[string]string{}
	_ = r.UnmarshalJSONField(filename.Field, &names)
	var out []sitegen.File
	seen := map[string]bool{}
	for _, stored := range r.GetStringSlice("files") {
		if filename.Check(stored) != nil {
			return nil, fmt.Errorf("snapshot: %s: stored file name %q is not one file", r.GetString("slug"), stored)
		}
		key := r.BaseFilesPath() + "/" + stored
		n, err := size(key)
		if err != nil {
			return nil, fmt.Errorf("snapshot: %s file %s: %w", r.GetString("slug"), stored, err)
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
