package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/markdown"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

type queueData struct {
	listData
	Practices             []*core.Record
	School, Subject, Type string
	Schools               []*core.Record
	Types                 []string
}

// queue lists what waits for review, oldest first, filtered by school,
// subject and type.
func (s *Server) queue(w http.ResponseWriter, r *http.Request, u *core.Record) {
	v := r.URL.Query()
	data := queueData{School: v.Get("school"), Subject: strings.TrimSpace(v.Get("subject")), Type: v.Get("type"), Types: schema.MaterialTypes}
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
	if err := s.listPage(r, schema.Materials, narrow, "materials.created ASC", &data.listData); err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	data.Schools = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
	practices, err := s.list(r, schema.Practices, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.HashExp{"practices.status": schema.StatusSubmitted})
		if data.School != "" {
			q.AndWhere(dbx.HashExp{"practices.organization": data.School})
		}
	}, "practices.created ASC", 100)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	data.Practices = practices
	s.render(w, r, http.StatusOK, "queue", page{Title: ru.WebQueueTitle, User: u, Data: data, Section: "review"})
}

type reviewData struct {
	Material *core.Record // the material or practice under review
	Action   string       // where the form posts
	Practice bool
	BodyHTML string
	Files    []fileLink
	Reviews  []*core.Record
	Scores   map[string]string
	Comment  string
	Decision string
	Best     bool
}

var rubric = []string{"relevance", "quality", "reproducibility", "presentation"}

func (s *Server) reviewData(r *http.Request, m *core.Record) reviewData {
	item := model.AsItem(m)
	body, _ := markdown.Render(item.Body())
	d := reviewData{Material: m, BodyHTML: body, Scores: map[string]string{}, Best: item.BestPractice()}
	if m.Collection().Name == schema.Practices {
		d.Practice, d.Action = true, "/app/review/practices/"+m.Id
		if results, err := markdown.Render(model.AsPractice(m).Results()); err == nil {
			d.BodyHTML += "<h2>Результаты</h2>" + results
		}
		d.Reviews = s.reviewsOf(r, "practice", m.Id)
		return d
	}
	md := s.materialData(r, m, false)
	d.Action, d.Files, d.Reviews = "/app/review/"+m.Id, md.Files, md.Reviews
	return d
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
