package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/publish"
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
	q, err := s.listQuery(u, schema.Materials)
	if err != nil {
		s.render(w, r, http.StatusInternalServerError, "forbidden", page{Title: ru.WebError, User: u})
		return
	}
	switch u.GetString("role") {
	case schema.RoleTeacher:
		q.AndWhere(dbx.NewExp("EXISTS (SELECT 1 FROM json_each(materials.authors) a JOIN teachers t ON t.id = a.value WHERE t.user = {:me})", dbx.Params{"me": u.Id}))
	case schema.RoleSchoolEditor:
		q.AndWhere(dbx.HashExp{"materials.organization": u.GetString("organization")})
	}
	data := listData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if data.Query != "" {
		q.AndWhere(dbx.Like("materials.title", data.Query))
	}
	if err := fillPage(r, q, "materials", "materials.updated DESC", &data); err != nil {
		s.render(w, r, http.StatusInternalServerError, "forbidden", page{Title: ru.WebError, User: u})
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
}

type fileLink struct{ Name, URL string }

type materialForm struct {
	Title, Type, Summary, Body, Subjects, Tags, License string
	Levels                                              []string
}

var licenses = []string{"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-4.0"}

func formOf(rec *core.Record) materialForm {
	return materialForm{Title: rec.GetString("title"), Type: rec.GetString("type"), Summary: rec.GetString("summary"),
		Body: rec.GetString("body"), Subjects: strings.Join(rec.GetStringSlice("subjects"), ", "),
		Tags: strings.Join(rec.GetStringSlice("tags"), ", "), License: rec.GetString("license"), Levels: rec.GetStringSlice("levels")}
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

func (s *Server) editable(u, rec *core.Record) bool {
	c := rec.Collection()
	return s.allowed(u, rec, c.UpdateRule, nil)
}

// loadMaterial finds the material of the URL that u may view, or answers.
func (s *Server) loadMaterial(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	return s.loadItem(w, r, u, schema.Materials)
}

// loadItem finds the record of collection named by the URL that u may
// view, or answers 404.
func (s *Server) loadItem(w http.ResponseWriter, r *http.Request, u *core.Record, collection string) (*core.Record, bool) {
	rec, err := s.App.FindRecordById(collection, r.PathValue("id"))
	if err != nil || !s.allowed(u, rec, rec.Collection().ViewRule, nil) {
		s.render(w, r, http.StatusNotFound, "forbidden", page{Title: ru.WebNotFound, User: u})
		return nil, false
	}
	return rec, true
}

func (s *Server) materialData(u, rec *core.Record, isNew bool) materialData {
	d := materialData{Record: rec, New: isNew, Types: schema.MaterialTypes, Levels: schema.Levels, Licenses: licenses, MaxFileMB: 50}
	if isNew {
		d.Editable = true
		d.Form = materialForm{License: "CC-BY-4.0"}
		return d
	}
	d.Editable = s.editable(u, rec)
	d.Form = formOf(rec)
	names := map[string]string{}
	_ = rec.UnmarshalJSONField(filename.Field, &names)
	for _, f := range rec.GetStringSlice("files") {
		d.Files = append(d.Files, fileLink{Name: filename.Shown(names, f), URL: "/api/files/materials/" + rec.Id + "/" + f + "?download=1"})
	}
	if q, err := s.listQuery(u, schema.Reviews); err == nil {
		_ = q.AndWhere(dbx.HashExp{"reviews.material": rec.Id}).OrderBy("reviews.created DESC").All(&d.Reviews)
	}
	return d
}

func (s *Server) materialForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if r.PathValue("id") == "" {
		s.render(w, r, http.StatusOK, "material", page{Title: ru.WebNewMaterial, User: u, Section: "materials",
			Data: s.materialData(u, nil, true)})
		return
	}
	rec, ok := s.loadMaterial(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "material", page{Title: rec.GetString("title"), User: u, Section: "materials",
		Data: s.materialData(u, rec, false)})
}

// materialSave creates or changes a material: save a draft, preview the
// Markdown, or submit for review. The API rules and the workflow decide,
// as for a REST request.
func (s *Server) materialSave(w http.ResponseWriter, r *http.Request, u *core.Record) {
	isNew := r.PathValue("id") == ""
	var rec *core.Record
	if isNew {
		c, err := s.App.FindCollectionByNameOrId(schema.Materials)
		if err != nil {
			s.render(w, r, http.StatusInternalServerError, "forbidden", page{Title: ru.WebError, User: u})
			return
		}
		rec = core.NewRecord(c)
	} else {
		var ok bool
		if rec, ok = s.loadMaterial(w, r, u); !ok {
			return
		}
		if !s.editable(u, rec) {
			s.render(w, r, http.StatusForbidden, "forbidden", page{Title: ru.WebForbiddenTitle, User: u})
			return
		}
	}
	form := formFrom(r)
	data := s.materialData(u, rec, isNew)
	data.Form = form
	title := ru.WebNewMaterial
	if !isNew {
		title = rec.GetString("title")
	}
	show := func(status int, errs map[string]string) {
		s.render(w, r, status, "material", page{Title: title, User: u, Section: "materials", Data: data, Errors: errs})
	}
	action := r.FormValue("action")
	if action == "preview" {
		html, err := publish.RenderMarkdown(form.Body)
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
	rec.Set("title", form.Title)
	rec.Set("type", form.Type)
	rec.Set("summary", form.Summary)
	rec.Set("body", form.Body)
	rec.Set("subjects", splitList(strings.ToLower(form.Subjects)))
	rec.Set("tags", splitList(form.Tags))
	rec.Set("license", form.License)
	var levels []string
	for _, l := range form.Levels {
		if schema.Contains(schema.Levels, l) {
			levels = append(levels, l)
		}
	}
	rec.Set("levels", levels)
	body := map[string]any{}
	if isNew {
		profile, err := s.App.FindFirstRecordByData(schema.Teachers, "user", u.Id)
		switch {
		case err == nil:
			rec.Set("authors", []string{profile.Id})
			body["authors"] = []string{profile.Id}
		case u.GetString("role") == schema.RoleTeacher:
			show(http.StatusUnprocessableEntity, map[string]string{"form": ru.WebNoProfile})
			return
		}
		rec.Set("organization", u.GetString("organization"))
		body["organization"] = u.GetString("organization")
		rec.Set("status", schema.StatusDraft)
	}
	if action == "submit" {
		rec.Set("status", schema.StatusSubmitted)
	}
	if err := s.attachFiles(r, rec); err != nil {
		show(http.StatusUnprocessableEntity, map[string]string{"files": ru.WebFileType})
		return
	}
	if refusal := s.workflowRefusal(u, rec, isNew); refusal != nil {
		show(http.StatusUnprocessableEntity, map[string]string{"form": refusal.Message})
		return
	}
	flash := "saved"
	if action == "submit" {
		flash = "submitted"
	}
	s.saveForm(w, r, u, rec, isNew, body, show, "/app/materials/", flash)
}

var errForbidden = errors.New("forbidden by the collection's rule")

// attachFiles adds the uploaded files and drops the files the form asks to
// remove; the save keeps each author's file name (internal/filename).
func (s *Server) attachFiles(r *http.Request, rec *core.Record) error {
	if remove := r.Form["remove"]; len(remove) > 0 {
		rec.Set("files-", remove)
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
			rec.Set("files+", files)
		}
	}
	return nil
}
