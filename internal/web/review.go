package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/workflow"
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
	q, err := s.listQuery(u, schema.Materials)
	if err != nil {
		s.render(w, r, http.StatusInternalServerError, "forbidden", page{Title: ru.WebError, User: u})
		return
	}
	v := r.URL.Query()
	data := queueData{School: v.Get("school"), Subject: strings.TrimSpace(v.Get("subject")), Type: v.Get("type"), Types: schema.MaterialTypes}
	data.Query = strings.TrimSpace(v.Get("q"))
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
	if err := fillPage(r, q, "materials", "materials.created ASC", &data.listData); err != nil {
		s.render(w, r, http.StatusInternalServerError, "forbidden", page{Title: ru.WebError, User: u})
		return
	}
	data.Schools, _ = s.App.FindRecordsByFilter(schema.Organizations, "", "name", 0, 0)
	if pq, err := s.listQuery(u, schema.Practices); err == nil {
		pq.AndWhere(dbx.HashExp{"practices.status": schema.StatusSubmitted})
		if data.School != "" {
			pq.AndWhere(dbx.HashExp{"practices.organization": data.School})
		}
		_ = pq.OrderBy("practices.created ASC").Limit(100).All(&data.Practices)
	}
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

func (s *Server) reviewData(u, m *core.Record) reviewData {
	body, _ := publish.RenderMarkdown(m.GetString("body"))
	d := reviewData{Material: m, BodyHTML: body, Scores: map[string]string{}, Best: m.GetBool("best_practice")}
	if m.Collection().Name == schema.Practices {
		d.Practice, d.Action = true, "/app/review/practices/"+m.Id
		if results, err := publish.RenderMarkdown(m.GetString("results")); err == nil {
			d.BodyHTML += "<h2>Результаты</h2>" + results
		}
		if q, err := s.listQuery(u, schema.Reviews); err == nil {
			_ = q.AndWhere(dbx.HashExp{"reviews.practice": m.Id}).OrderBy("reviews.created DESC").All(&d.Reviews)
		}
		return d
	}
	md := s.materialData(u, m, false)
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
	s.render(w, r, http.StatusOK, "review", page{Title: m.GetString("title"), User: u, Data: s.reviewData(u, m), Section: "review"})
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
	data := s.reviewData(u, m)
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
		s.render(w, r, code, "review", page{Title: m.GetString("title"), User: u, Data: data, Errors: errs, Section: "review"})
	}
	if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, errs)
		return
	}
	m.Set("status", status)
	m.Set("best_practice", data.Best && status == schema.StatusPublished)
	if refusal := workflow.CheckUpdate(s.App, schema.RoleCurator, u.Id, m); refusal != nil {
		show(http.StatusUnprocessableEntity, map[string]string{"form": refusal.Message})
		return
	}
	err := s.App.RunInTransaction(func(tx core.App) error {
		c, err := tx.FindCollectionByNameOrId(schema.Reviews)
		if err != nil {
			return err
		}
		rv := core.NewRecord(c)
		if data.Practice {
			rv.Set("practice", m.Id)
		} else {
			rv.Set("material", m.Id)
		}
		rv.Set("reviewer", u.Id)
		rv.Set("decision", data.Decision)
		rv.Set("comment", data.Comment)
		for f, n := range scores {
			rv.Set(f, n)
		}
		if err := tx.Save(rv); err != nil {
			return err
		}
		return tx.Save(m)
	})
	if err != nil {
		show(http.StatusUnprocessableEntity, fieldErrors(err))
		return
	}
	s.redirect(w, r, "/app/review", "reviewed")
}
