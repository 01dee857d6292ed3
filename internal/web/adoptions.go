package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/certificate"
	"github.com/kopilka/kopilka/internal/methodwork"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// adoptionLine is a report of using an item, as its reader sees it.
type adoptionLine struct {
	ID, Item, ItemURL, School, Group, Kind, Date, Comment, Status string
	CanModerate                                                   bool
}

// adoptionTotal counts the reports of an item or of a school, beside the
// scans of the item's QR code: a poster's funnel.
type adoptionTotal struct {
	Name, URL               string
	Scans, Reports, Schools int
	schools, items          map[string]bool
	collection, id          string
}

type adoptionsData struct {
	From, To    string
	Curator     bool
	Lines       []adoptionLine
	ByItem      []adoptionTotal
	BySchool    []adoptionTotal
	Need        int
	Query       string
	KindLabels  map[string]string
	StatusLabel map[string]string
}

// adoptionsOf are the reports of a period the person of r may read — an
// author's on her items, a deputy director's on the school's, every one
// for a curator — with their totals by item and by school.
func (s *Server) adoptionsOf(r *http.Request, u *core.Record) (adoptionsData, error) {
	loc := s.location()
	now := s.now().In(loc)
	year := methodwork.SchoolYearOf(now)
	d := adoptionsData{Curator: u.GetString("role") == schema.RoleCurator,
		From: time.Date(year, time.September, 1, 0, 0, 0, 0, loc).Format("2006-01-02"), To: now.Format("2006-01-02"),
		Need: certificate.DisseminationSchools(s.App)}
	if v := r.URL.Query().Get("from"); v != "" {
		d.From = v
	}
	if v := r.URL.Query().Get("to"); v != "" {
		d.To = v
	}
	from, okFrom := parseDay(d.From, loc)
	to, okTo := parseDay(d.To, loc)
	if !okFrom || !okTo {
		return d, fmt.Errorf("%w: %s — %s", errBadPeriod, d.From, d.To)
	}
	until := to.Time().AddDate(0, 0, 1)
	list, err := s.list(r, schema.Adoptions, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.NewExp("[[adoptions.created]] >= {:from} AND [[adoptions.created]] < {:to}",
			dbx.Params{"from": from.String(), "to": until.UTC().Format("2006-01-02 15:04:05.000Z")}))
	}, "adoptions.created DESC", 2000)
	if err != nil {
		return d, err
	}
	schools := map[string]string{}
	for _, o := range s.options(r, schema.Organizations, "", nil, "", 0) {
		schools[o.Id] = model.AsOrganization(o).ShortOrName()
	}
	var materialIDs, practiceIDs []string
	for _, a := range list {
		if id := a.GetString("material"); id != "" {
			materialIDs = append(materialIDs, id)
		}
		if id := a.GetString("practice"); id != "" {
			practiceIDs = append(practiceIDs, id)
		}
	}
	items := map[string]*core.Record{}
	for _, coll := range []struct {
		name string
		ids  []string
	}{{schema.Materials, materialIDs}, {schema.Practices, practiceIDs}} {
		if len(coll.ids) > 0 {
			for _, it := range s.byIDs(r, coll.name, coll.ids, coll.name+".created") {
				items[it.Id] = it
			}
		}
	}
	byItem, bySchool := map[string]*adoptionTotal{}, map[string]*adoptionTotal{}
	for _, a := range list {
		collection, id := schema.Materials, a.GetString("material")
		if id == "" {
			collection, id = schema.Practices, a.GetString("practice")
		}
		it := items[id]
		if it == nil {
			continue
		}
		school := schools[a.GetString("school")]
		if a.GetBool("school_other") {
			school = ru.AdoptOtherSchool
		}
		line := adoptionLine{ID: a.Id, Item: it.GetString("title"), ItemURL: "/app/" + collection + "/" + id, School: school,
			Group: a.GetString("group"), Kind: ru.Label(ru.AdoptionKinds, a.GetString("kind")),
			Date: ru.Date(a.GetDateTime("created").Time().In(loc)), Comment: a.GetString("comment"), Status: a.GetString("comment_status"),
			CanModerate: s.allowed(r, a, a.Collection().UpdateRule)}
		d.Lines = append(d.Lines, line)
		t := byItem[id]
		if t == nil {
			t = &adoptionTotal{Name: line.Item, URL: line.ItemURL, schools: map[string]bool{}, collection: collection, id: id}
			byItem[id] = t
		}
		t.Reports++
		if sc := a.GetString("school"); sc != "" {
			t.schools[sc] = true
			t.Schools = len(t.schools)
		}
		key := a.GetString("school")
		if key == "" {
			key = "other"
		}
		st := bySchool[key]
		if st == nil {
			st = &adoptionTotal{Name: school, items: map[string]bool{}}
			bySchool[key] = st
		}
		st.Reports++
		st.items[id] = true
		st.Schools = len(st.items) // for a school: how many items it applied
	}
	if d.Curator && len(byItem) > 0 {
		ids := make([]any, 0, len(byItem))
		for id := range byItem {
			ids = append(ids, id)
		}
		scans, err := s.list(r, schema.QRScans, func(q *dbx.SelectQuery) {
			q.AndWhere(dbx.In("qr_scans.target_id", ids...)).
				AndWhere(dbx.NewExp("[[qr_scans.day]] >= {:from} AND [[qr_scans.day]] <= {:to}", dbx.Params{"from": d.From, "to": d.To}))
		}, "", 0)
		if err != nil {
			s.logCause(r, schema.QRScans, err)
		}
		for _, sc := range scans {
			if t := byItem[sc.GetString("target_id")]; t != nil {
				t.Scans += sc.GetInt("count")
			}
		}
	}
	for _, t := range byItem {
		d.ByItem = append(d.ByItem, *t)
	}
	sort.Slice(d.ByItem, func(i, j int) bool {
		if d.ByItem[i].Schools != d.ByItem[j].Schools {
			return d.ByItem[i].Schools > d.ByItem[j].Schools
		}
		return d.ByItem[i].Name < d.ByItem[j].Name
	})
	for _, t := range bySchool {
		d.BySchool = append(d.BySchool, *t)
	}
	sort.Slice(d.BySchool, func(i, j int) bool { return d.BySchool[i].Reports > d.BySchool[j].Reports })
	d.Query = "?" + filters("from", d.From, "to", d.To)
	return d, nil
}

// errBadPeriod is a period whose dates do not read.
var errBadPeriod = fmt.Errorf("bad period")

// adoptions shows the reports of using the bank's items.
func (s *Server) adoptions(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.adoptionsOf(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusUnprocessableEntity, ru.WebBadDate, err)
		return
	}
	s.render(w, r, http.StatusOK, "adoptions", page{Title: ru.AdoptTitle, User: u, Data: d, Section: "adoptions"})
}

// adoptionsCSV is the period's totals by item (with the scans) and by
// school, for a spreadsheet.
func (s *Server) adoptionsCSV(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.adoptionsOf(r, u)
	if err != nil {
		http.Error(w, ru.WebBadDate, http.StatusUnprocessableEntity)
		return
	}
	rows := [][]string{{ru.AdoptTitle, d.From + " — " + d.To}, {ru.AdoptItem, ru.AdoptScans, ru.AdoptReports, ru.AdoptSchools}}
	for _, t := range d.ByItem {
		rows = append(rows, []string{t.Name, strconv.Itoa(t.Scans), strconv.Itoa(t.Reports), strconv.Itoa(t.Schools)})
	}
	rows = append(rows, []string{}, []string{ru.RegSchool, ru.AdoptReports, ru.AdoptItems})
	for _, t := range d.BySchool {
		rows = append(rows, []string{t.Name, strconv.Itoa(t.Reports), strconv.Itoa(t.Schools)})
	}
	s.sendCSV(w, r, "primenenie-"+d.From+"-"+d.To+".csv", rows)
}

// adoptionModerate shows or hides a report's comment: its item's author
// or a curator decides.
func (s *Server) adoptionModerate(w http.ResponseWriter, r *http.Request, u *core.Record) {
	status := r.FormValue("comment_status")
	if status != "shown" && status != "hidden" {
		s.fail(w, r, u, http.StatusBadRequest, ru.WebInvalid, nil)
		return
	}
	if _, err := recordapi.Update(event(r), schema.Adoptions, r.PathValue("id"), map[string]any{"comment_status": status}); err != nil {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	s.redirect(w, r, "/app/adoptions#"+r.PathValue("id"), "saved")
}

// adoptionThreshold is the curator setting how many schools make a
// certificate «о распространении опыта».
func (s *Server) adoptionThreshold(w http.ResponseWriter, r *http.Request, u *core.Record) {
	n, err := strconv.Atoi(r.FormValue("schools"))
	if err != nil || n < 1 || n > 100 {
		s.fail(w, r, u, http.StatusUnprocessableEntity, ru.WebInvalid, err)
		return
	}
	existing, err := recordapi.Filter(event(r), schema.Parameters, "name = {:n}", dbx.Params{"n": schema.ParamDisseminationSchools})
	id := ""
	if err == nil {
		if found, err := s.list(r, schema.Parameters, existing, "", 1); err == nil && len(found) == 1 {
			id = found[0].Id
		}
	}
	if _, err := s.save(r, schema.Parameters, id, map[string]any{"name": schema.ParamDisseminationSchools, "value": n}); err != nil {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	s.redirect(w, r, "/app/adoptions", "saved")
}
