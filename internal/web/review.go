package web

import (
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/markdown"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/uploads"
)

// queueOrders are the orders the queue can be sorted in, by the code of
// its sort parameter: the longest waiting first, or the newest first.
var queueOrders = map[string]string{"oldest": "ASC", "newest": "DESC"}

type queueData struct {
	listData
	Rows                  []queueRow // Items with what the queue shows of them
	Practices             []queueRow
	School, Subject, Type string
	Sort                  string // "oldest" or "newest"
	Schools               []*core.Record
	Types                 []string
}

// queueRow is an item waiting for review: where it comes from, when it was
// sent and how long it has waited.
type queueRow struct {
	Record    *core.Record
	School    string
	Submitted time.Time
	Waiting   string
}

// submittedAt is when an item waiting for review was sent: its authors
// cannot change a submitted item, so its last change is the sending —
// for a resubmission too, which its creation date would not tell.
func submittedAt(rec *core.Record) types.DateTime { return rec.GetDateTime("updated") }

// waiting says how long an item sent at sent has waited, in whole days.
func (s *Server) waiting(sent time.Time) string {
	return ru.Waiting(int(s.now().Sub(sent) / (24 * time.Hour)))
}

// queue lists what waits for review, the longest waiting first unless
// asked for the newest first, filtered by school, subject and type.
func (s *Server) queue(w http.ResponseWriter, r *http.Request, u *core.Record) {
	v := r.URL.Query()
	data := queueData{School: v.Get("school"), Subject: strings.TrimSpace(v.Get("subject")), Type: v.Get("type"),
		Sort: v.Get("sort"), Types: schema.MaterialTypes}
	if _, ok := queueOrders[data.Sort]; !ok {
		data.Sort = "oldest"
	}
	data.Query = strings.TrimSpace(v.Get("q"))
	narrow := func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.HashExp{"materials.status": schema.StatusSubmitted})
		if data.School != "" {
			q.AndWhere(dbx.HashExp{"materials.organization": data.School})
		}
		if data.Type != "" {
			q.AndWhere(dbx.HashExp{"materials.type": data.Type})
		}
		if data.Subject != "" {
			q.AndWhere(dbx.NewExp("EXISTS (SELECT 1 FROM json_each(materials.subjects) s WHERE s.value = {:subj})", dbx.Params{"subj": strings.ToLower(data.Subject)}))
		}
		if data.Query != "" {
			q.AndWhere(dbx.Like("materials.title", data.Query))
		}
	}
	dir := queueOrders[data.Sort]
	if err := s.listPage(r, schema.Materials, narrow, "materials.updated "+dir+", materials.id", &data.listData); err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	data.Schools = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
	schools := namesOf(data.Schools)
	practices, err := s.list(r, schema.Practices, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.HashExp{"practices.status": schema.StatusSubmitted})
		if data.School != "" {
			q.AndWhere(dbx.HashExp{"practices.organization": data.School})
		}
	}, "practices.updated "+dir+", practices.id", 100)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	row := func(rec *core.Record) queueRow {
		sent := submittedAt(rec).Time()
		return queueRow{Record: rec, School: schools[rec.GetString("organization")], Submitted: sent, Waiting: s.waiting(sent)}
	}
	for _, m := range data.Items {
		data.Rows = append(data.Rows, row(m))
	}
	for _, p := range practices {
		data.Practices = append(data.Practices, row(p))
	}
	s.render(w, r, http.StatusOK, "queue", page{Title: ru.WebQueueTitle, User: u, Data: data, Section: "review"})
}

// namesOf maps the ids of organizations to their names.
func namesOf(orgs []*core.Record) map[string]string {
	names := make(map[string]string, len(orgs))
	for _, o := range orgs {
		names[o.Id] = model.AsOrganization(o).Name()
	}
	return names
}

type reviewData struct {
	Material  *core.Record // the material or practice under review
	Action    string       // where the form posts
	Practice  bool
	BodyHTML  string
	Kind      string // the material's type, or «Практика»
	School    string
	Authors   []reviewAuthor
	Subjects  []string
	Levels    []string // codes
	Submitted time.Time
	Waiting   string
	Files     []reviewFile
	Materials []*core.Record // the materials a practice names
	Reviews   []pastReview
	Criteria  []criterion
	Scores    map[string]string
	Comment   string
	Decision  string
	Best      bool
}

// reviewAuthor is an author of an item under review and the author's school.
type reviewAuthor struct{ Name, School string }

// reviewFile is a file of a material under review, served to the curator
// by the review's own route.
type reviewFile struct {
	Name, URL, Size string
	PDF             bool // shown in a frame on the page
	Open            bool // the first PDF, whose frame is open
}

// pastReview is an earlier decision on the item.
type pastReview struct {
	Created        time.Time
	Reviewer       string
	Decision, Code string
	Comment        string
	Points         int // the sum of the rubric's four scores, of 12
}

// criterion is a criterion of the rubric with what each score means.
type criterion struct {
	Code, Name string
	Levels     []rubricLevel
}

type rubricLevel struct{ Value, Meaning string }

var rubric = []string{"relevance", "quality", "reproducibility", "presentation"}

// pdfType is the type uploads serves PDF files as.
const pdfType = "application/pdf"

// reviewData is what the review page of the material or practice m shows:
// its facts, files and text, the earlier decisions and the rubric, read as
// the person of r may read them.
func (s *Server) reviewData(r *http.Request, m *core.Record) reviewData {
	item := model.AsItem(m)
	body, _ := markdown.Render(item.Body())
	d := reviewData{Material: m, BodyHTML: body, Scores: map[string]string{}, Best: item.BestPractice()}
	sent := submittedAt(m).Time()
	d.Submitted, d.Waiting = sent, s.waiting(sent)
	schools := namesOf(s.options(r, schema.Organizations, "", nil, "organizations.name", 0))
	d.School = schools[item.Organization()]
	authors := map[string]*model.Teacher{}
	for _, t := range s.byIDs(r, schema.Teachers, item.Authors(), "") {
		authors[t.Id] = model.AsTeacher(t)
	}
	for _, id := range item.Authors() { // in the order the authors gave
		if t := authors[id]; t != nil {
			d.Authors = append(d.Authors, reviewAuthor{Name: t.Name(), School: schools[t.Organization()]})
		}
	}
	field := "material"
	if m.Collection().Name == schema.Practices {
		field = "practice"
		d.Practice, d.Action, d.Kind = true, "/app/review/practices/"+m.Id, ru.ReviewTypePractice
		if results, err := markdown.Render(model.AsPractice(m).Results()); err == nil {
			d.BodyHTML += "<h2>Результаты</h2>" + results
		}
		if ids := model.AsPractice(m).Materials(); len(ids) > 0 {
			d.Materials = s.byIDs(r, schema.Materials, ids, "materials.title")
		}
	} else {
		mat := model.AsMaterial(m)
		d.Action, d.Kind = "/app/review/"+m.Id, ru.Label(ru.MaterialTypes, mat.Type())
		d.Subjects, d.Levels = mat.Subjects(), mat.Levels()
		d.Files = s.reviewFiles(r, mat)
	}
	d.Reviews = s.pastReviews(r, field, m.Id)
	for _, code := range rubric {
		c := criterion{Code: code, Name: ru.RubricCriteria[code]}
		for i, meaning := range ru.RubricLevels[code] {
			c.Levels = append(c.Levels, rubricLevel{Value: strconv.Itoa(i + 1), Meaning: meaning})
		}
		d.Criteria = append(d.Criteria, c)
	}
	return d
}

// reviewFiles lists a material's files under their authors' names with
// their sizes, linked to the review's route for files.
func (s *Server) reviewFiles(r *http.Request, m *model.Material) []reviewFile {
	names, _ := m.FileNames()
	var sizes func(string) string
	if fsys, err := s.App.NewFilesystem(); err != nil {
		s.logCause(r, "files", err)
	} else {
		defer fsys.Close()
		sizes = func(f string) string {
			attrs, err := fsys.Attributes(m.BaseFilesPath() + "/" + f)
			if err != nil {
				s.logCause(r, "files", err)
				return ""
			}
			return ru.FileSize(attrs.Size)
		}
	}
	var out []reviewFile
	opened := false
	for _, f := range m.Files() {
		rf := reviewFile{Name: filename.Shown(names, f), URL: "/app/review/" + m.Id + "/files/" + f, PDF: uploads.ServedType(f) == pdfType}
		rf.Open = rf.PDF && !opened
		opened = opened || rf.PDF
		if sizes != nil {
			rf.Size = sizes(f)
		}
		out = append(out, rf)
	}
	return out
}

// pastReviews are the earlier decisions on the material or practice id
// (field names which), newest first, with their reviewers' names.
func (s *Server) pastReviews(r *http.Request, field, id string) []pastReview {
	reviews := s.reviewsOf(r, field, id)
	var ids []string
	for _, rv := range reviews {
		ids = append(ids, model.AsReview(rv).Reviewer())
	}
	names := map[string]string{}
	if len(ids) > 0 {
		for _, u := range s.byIDs(r, schema.Users, ids, "") {
			names[u.Id] = firstNonEmpty(u.GetString("name"), u.Email())
		}
	}
	out := make([]pastReview, 0, len(reviews))
	for _, rec := range reviews {
		rv := model.AsReview(rec)
		out = append(out, pastReview{Created: rec.GetDateTime("created").Time(), Reviewer: names[rv.Reviewer()],
			Decision: ru.Label(ru.ReviewDecisions, rv.Decision()), Code: rv.Decision(), Comment: rv.Comment(),
			Points: rv.Relevance() + rv.Quality() + rv.Reproducibility() + rv.Presentation()})
	}
	return out
}

// firstNonEmpty is the first of its arguments that is not empty.
func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func (s *Server) reviewItem(w http.ResponseWriter, r *http.Request, u *core.Record) (*core.Record, bool) {
	if strings.HasPrefix(r.URL.Path, "/app/review/practices/") {
		return s.loadItem(w, r, u, schema.Practices)
	}
	return s.loadMaterial(w, r, u)
}

func (s *Server) reviewForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	m, ok := s.reviewItem(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "review", page{Title: model.AsItem(m).Title(), User: u, Data: s.reviewData(r, m), Section: "review"})
}

// reviewFile sends a file of a material to the curator reviewing it: a
// PDF inline, to be shown in a frame of the review page (no other site
// may frame it), any other file as a download no page may frame. The
// route is the curators' alone, and the material must be one the curator
// may view; /api/files is no help here, as it knows no CMS session and
// keeps a material under review from everyone who has no API token.
func (s *Server) reviewFile(w http.ResponseWriter, r *http.Request, u *core.Record) {
	m, ok := s.loadMaterial(w, r, u)
	if !ok {
		return
	}
	mat := model.AsMaterial(m)
	stored := r.PathValue("file")
	if !slices.Contains(mat.Files(), stored) {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, nil)
		return
	}
	fsys, err := s.App.NewFilesystem()
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	defer fsys.Close()
	f, err := fsys.GetReader(m.BaseFilesPath() + "/" + stored)
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	defer f.Close()
	names, _ := mat.FileNames()
	shown := filename.Shown(names, stored)
	h := w.Header()
	httpsec.SecurityHeaders(h)
	h.Set("Content-Type", uploads.ServedType(stored)) // by the stored name, whose content was checked at upload
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", httpsec.AttachmentDisposition(shown))
	if uploads.ServedType(stored) == pdfType {
		h.Set("Content-Disposition", "inline"+strings.TrimPrefix(httpsec.AttachmentDisposition(shown), "attachment"))
		h.Set("Content-Security-Policy", pdfCSP)
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	h.Set("Content-Length", strconv.FormatInt(f.Size(), 10))
	_, _ = io.Copy(w, f)
}

// pdfCSP is the content security policy of a PDF shown to a curator in a
// frame of the review page: only our own pages may frame it, and nothing
// loads into it but what Chromium's PDF viewer needs — its page's inline
// styles and its internal <embed> of the document itself (crbug.com/271452).
const pdfCSP = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

var decisions = map[string]string{
	"publish":           schema.StatusPublished,
	"changes_requested": schema.StatusChangesRequested,
	"reject":            schema.StatusRejected,
}

// review records the rubric and the decision and moves the material on:
// published, sent back for changes, or rejected.
func (s *Server) review(w http.ResponseWriter, r *http.Request, u *core.Record) {
	m, ok := s.reviewItem(w, r, u)
	if !ok {
		return
	}
	data := s.reviewData(r, m)
	data.Comment = strings.TrimSpace(r.FormValue("comment"))
	data.Decision = r.FormValue("decision")
	data.Best = r.FormValue("best_practice") == "on"
	errs := map[string]string{}
	scores := map[string]int{}
	for _, f := range rubric {
		data.Scores[f] = r.FormValue(f)
		n, err := strconv.Atoi(r.FormValue(f))
		if err != nil || n < 1 || n > 3 {
			errs[f] = ru.WebScore
			continue
		}
		scores[f] = n
	}
	status, known := decisions[data.Decision]
	if !known {
		errs["decision"] = ru.WebDecision
	}
	if data.Decision == "changes_requested" && data.Comment == "" {
		errs["comment"] = ru.WebCommentNeeded
	}
	show := func(code int, errs map[string]string) {
		s.render(w, r, code, "review", page{Title: model.AsItem(m).Title(), User: u, Data: data, Errors: errs, Section: "review"})
	}
	if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, errs)
		return
	}
	review := map[string]any{"reviewer": u.Id, "decision": data.Decision, "comment": data.Comment}
	if data.Practice {
		review["practice"] = m.Id
	} else {
		review["material"] = m.Id
	}
	for f, n := range scores {
		review[f] = n
	}
	// the review and the decision it records are kept together or not at all
	err := recordapi.Transaction(event(r), func(tx *core.RequestEvent) error {
		if _, err := recordapi.Create(tx, schema.Reviews, review); err != nil {
			return err
		}
		_, err := recordapi.Update(tx, m.Collection().Name, m.Id, map[string]any{
			"status":        status,
			"best_practice": data.Best && status == schema.StatusPublished,
		})
		return err
	})
	if denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	if err != nil {
		show(http.StatusUnprocessableEntity, s.formErrors(r, err))
		return
	}
	s.redirect(w, r, "/app/review", "reviewed")
}

// reviewsOf lists the reviews of the material or practice id (field names
// which) that the person of r may read, newest first.
func (s *Server) reviewsOf(r *http.Request, field, id string) []*core.Record {
	reviews, err := s.list(r, schema.Reviews, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.HashExp{"reviews." + field: id})
	}, "reviews.created DESC", 0)
	if err != nil {
		s.logCause(r, "reviews", err)
	}
	return reviews
}
