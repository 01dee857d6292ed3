package web

import (
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/adoption"
	"github.com/kopilka/kopilka/internal/certificate"
	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/markdown"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

const perPage = 20

type listData struct {
	Items      []*core.Record
	Query      string
	Page, Last int
	Total      int
}

// materials lists the user's materials: a teacher's own, a school editor's
// school's, everything for a curator; searchable by title, paginated.
func (s *Server) materials(w http.ResponseWriter, r *http.Request, u *core.Record) {
	data := listData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if err := s.listPage(r, schema.Materials, itemsOf(u, schema.Materials, data.Query), "materials.updated DESC", &data); err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "materials", page{Title: ru.WebMaterialsTitle, User: u, Data: data, Section: "materials"})
}

type materialData struct {
	Record    *core.Record
	New       bool
	Editable  bool
	Preview   string
	Types     []string
	Levels    []string
	Licenses  []string
	Files     []fileLink
	Reviews   []*core.Record
	Form      materialForm
	MaxFileMB int
	// Adoption is what teachers reported of using a published material
	Adoption *adoptionInfo
}

// adoptionInfo counts the reports of using a material against what its
// certificate «о распространении опыта» asks.
type adoptionInfo struct {
	Schools, Reports, Need int
}

type fileLink struct{ Name, URL string }

type materialForm struct {
	Title, Type, Summary, Body, Subjects, Tags, License string
	Levels                                              []string
}

var licenses = []string{"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0"}

// licenseFrom is the licence a form chose: one of those offered, or none.
func licenseFrom(v string) string {
	if schema.Contains(licenses, v) {
		return v
	}
	return ""
}

func formOf(m *model.Material) materialForm {
	return materialForm{Title: m.Title(), Type: m.Type(), Summary: m.Summary(),
		Body: m.Body(), Subjects: strings.Join(m.Subjects(), ", "),
		Tags: strings.Join(m.Tags(), ", "), License: m.License(), Levels: m.Levels()}
}

func formFrom(r *http.Request) materialForm {
	return materialForm{Title: strings.TrimSpace(r.FormValue("title")), Type: r.FormValue("type"), Summary: strings.TrimSpace(r.FormValue("summary")),
		Body: r.FormValue("body"), Subjects: r.FormValue("subjects"), Tags: r.FormValue("tags"), License: r.FormValue("license"),
		Levels: r.Form["levels"]}
}

func splitList(s string) []string {
	out := []string{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func (s *Server) editable(r *http.Request, rec *core.Record) bool {
	return s.allowed(r, rec, rec.Collection().UpdateRule)
}

// loadMaterial finds the material of the URL that u may view, or answers.
func (s *Server) loadMaterial(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	return s.loadItem(w, r, u, schema.Materials)
}

// loadItem finds the record of collection named by the URL that u may
// view, or answers 404.
func (s *Server) loadItem(w http.ResponseWriter, r *http.Request, u *core.Record, collection string) (*core.Record, bool) {
	rec, err := recordapi.View(event(r), collection, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return nil, false
	}
	return rec, true
}

func (s *Server) materialData(r *http.Request, rec *core.Record, isNew bool) materialData {
	d := materialData{Record: rec, New: isNew, Types: schema.MaterialTypes, Levels: schema.Levels, Licenses: licenses, MaxFileMB: 50}
	if isNew {
		d.Editable = true
		d.Form = materialForm{License: "CC-BY-4.0"}
		return d
	}
	m := model.AsMaterial(rec)
	d.Editable = s.editable(r, rec)
	d.Form = formOf(m)
	names, _ := m.FileNames()
	for _, f := range m.Files() {
		d.Files = append(d.Files, fileLink{Name: filename.Shown(names, f), URL: "/app/materials/" + rec.Id + "/files/" + f})
	}
	d.Reviews = s.reviewsOf(r, "material", rec.Id)
	if m.IsPublished() {
		reports := s.options(r, schema.Adoptions, "material = {:m}", dbx.Params{"m": rec.Id}, "adoptions.created", 0)
		schools, err := adoption.Schools(s.App, schema.Materials, rec.Id)
		if err != nil {
			s.logCause(r, schema.Adoptions, err)
		}
		d.Adoption = &adoptionInfo{Schools: schools, Reports: len(reports), Need: certificate.DisseminationSchools(s.App)}
	}
	return d
}

func (s *Server) materialForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if r.PathValue("id") == "" {
		s.render(w, r, http.StatusOK, "material", page{Title: ru.WebNewMaterial, User: u, Section: "materials",
			Data: s.materialData(r, nil, true)})
		return
	}
	rec, ok := s.loadMaterial(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "material", page{Title: model.AsMaterial(rec).Title(), User: u, Section: "materials",
		Data: s.materialData(r, rec, false)})
}

// materialSave creates or changes a material: save a draft, preview the
// Markdown, or submit for review. The API rules and the workflow decide,
// as for a REST request.
func (s *Server) materialSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	id := r.PathValue("id")
	isNew := id == ""
	var rec *core.Record
	if !isNew {
		var ok bool
		if rec, ok = s.loadMaterial(w, r, u); !ok {
			return
		}
		if !s.editable(r, rec) {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, nil)
			return
		}
	}
	form := formFrom(r)
	data := s.materialData(r, rec, isNew)
	data.Form = form
	title := ru.WebNewMaterial
	if !isNew {
		title = model.AsMaterial(rec).Title()
	}
	show := func(status int, errs map[string]string) {
		s.render(w, r, status, "material", page{Title: title, User: u, Section: "materials", Data: data, Errors: errs})
	}
	action := r.FormValue("action")
	if action == "preview" {
		html, err := markdown.Render(form.Body)
		if err == nil {
			data.Preview = html
		}
		show(http.StatusOK, nil)
		return
	}
	errs := map[string]string{}
	if form.Title == "" {
		errs["title"] = ru.WebRequired
	}
	if !schema.Contains(schema.MaterialTypes, form.Type) {
		errs["type"] = ru.WebRequired
	}
	if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, errs)
		return
	}
	var levels []string
	for _, l := range form.Levels {
		if schema.Contains(schema.Levels, l) {
			levels = append(levels, l)
		}
	}
	body := map[string]any{
		"title":    form.Title,
		"type":     form.Type,
		"summary":  form.Summary,
		"body":     form.Body,
		"subjects": splitList(strings.ToLower(form.Subjects)),
		"tags":     splitList(form.Tags),
		"license":  form.License,
		"levels":   levels,
	}
	if isNew {
		profile, err := model.FindTeacherOfUser(s.App, u.Id)
		switch {
		case err == nil:
			body["authors"] = []string{profile.Id}
		case u.GetString("role") == schema.RoleTeacher:
			show(http.StatusUnprocessableEntity, map[string]string{"form": ru.WebNoProfile})
			return
		}
		body["organization"] = u.GetString("organization")
		body["status"] = schema.StatusDraft
	}
	if action == "submit" {
		body["status"] = schema.StatusSubmitted
	}
	if err := attachFiles(r, body); err != nil {
		s.logCause(r, ru.WebFileType, err)
		show(http.StatusUnprocessableEntity, map[string]string{"files": ru.WebFileType})
		return
	}
	flash := "saved"
	if action == "submit" {
		flash = "submitted"
	}
	s.saveForm(w, r, u, schema.Materials, id, body, show, "/app/materials/", flash)
}

// attachFiles adds the uploaded files and drops the files the form asks to
// remove; the save keeps each author's file name (internal/filename).
func attachFiles(r *http.Request, body map[string]any) error {
	if remove := r.Form["remove"]; len(remove) > 0 {
		body["files-"] = remove
	}
	if r.MultipartForm != nil {
		var files []*filesystem.File
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := filesystem.NewFileFromMultipart(fh)
			if err != nil {
				return err
			}
			files = append(files, f)
		}
		if len(files) > 0 {
			body["files+"] = files
		}
	}
	return nil
}

// materialFile sends a file of a material to those who may read the
// material — its authors and school before it is published — under the
// name it was uploaded with. PocketBase's /api/files knows no CMS session.
func (s *Server) materialFile(w http.ResponseWriter, r *http.Request, u *core.Record) {
	rec, err := recordapi.View(event(r), schema.Materials, r.PathValue("id"))
	stored := r.PathValue("file")
	if err == nil && !schema.Contains(model.AsMaterial(rec).Files(), stored) {
		err = recordapi.ErrNotFound
	}
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	names, _ := model.AsMaterial(rec).FileNames()
	s.sendRecordFile(w, r, u, rec, stored, filename.Shown(names, stored))
}
