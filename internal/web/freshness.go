package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/freshness"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// freshnessEntry is an item of the queue «требует обновления» as the CMS
// shows it.
type freshnessEntry struct {
	Title, URL, Kind, Since string
	Reasons                 []freshnessReason
	// ReviewURL is, for a curator, where the item is reviewed again.
	ReviewURL string
}

// freshnessReason is why an item is in the queue, since when, and the
// links or files at fault.
type freshnessReason struct {
	Text, Since string
	Targets     []string
}

// freshnessPeriod is a period of re-review a curator sets.
type freshnessPeriod struct {
	Code, Label string
	Years       string // as typed, when refused
}

type freshnessData struct {
	Curator bool
	Entries []freshnessEntry
	Periods []freshnessPeriod
	Default int
}

// keptLister lists, through the API's rules, what u keeps: a teacher her
// own materials and practices, a deputy director the school's and the
// events it organizes, a curator everything.
func (s *Server) keptLister(r *http.Request, u *core.Record) freshness.Lister {
	return func(collection string, narrow func(*dbx.SelectQuery)) ([]*core.Record, error) {
		return s.list(r, collection, func(q *dbx.SelectQuery) {
			switch collection {
			case schema.Materials, schema.Practices:
				itemsOf(u, collection, "")(q)
			case schema.Events:
				switch u.GetString("role") {
				case schema.RoleTeacher:
					q.AndWhere(dbx.NewExp("1 = 0"))
				case schema.RoleSchoolEditor:
					q.AndWhere(dbx.HashExp{"events.organizer": u.GetString("organization")})
				}
			}
			if narrow != nil {
				narrow(q)
			}
		}, "", 0)
	}
}

// freshnessQueue is the queue of what u keeps.
func (s *Server) freshnessQueue(r *http.Request, u *core.Record) ([]freshness.Entry, error) {
	return freshness.Queue(s.App, s.keptLister(r, u), s.now())
}

// staleNotice says how many of the items u keeps need updating, for the
// CMS's home page; "" when none do.
func (s *Server) staleNotice(r *http.Request, u *core.Record) string {
	stale, err := s.freshnessQueue(r, u)
	if err != nil {
		s.logCause(r, ru.FreshTitle, err)
		return ""
	}
	if n := len(stale); n > 0 {
		return fmt.Sprintf(ru.FreshNotice, n, ru.FreshItems(n))
	}
	return ""
}

// freshnessPage shows the queue «требует обновления» of what the person
// keeps, each item with why and since when; a curator sets the periods of
// re-review below it.
func (s *Server) freshnessPage(w http.ResponseWriter, r *http.Request, u *core.Record) {
	s.showFreshness(w, r, u, http.StatusOK, nil, nil)
}

func (s *Server) showFreshness(w http.ResponseWriter, r *http.Request, u *core.Record, status int, typed map[string]string, errs map[string]string) {
	entries, err := s.freshnessQueue(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	loc := s.location()
	d := freshnessData{Curator: u.GetString("role") == schema.RoleCurator, Default: schema.DefaultReviewYears}
	for _, e := range entries {
		fe := freshnessEntry{Title: e.Record.GetString("title"), URL: "/app/" + e.Collection + "/" + e.Record.Id,
			Since: ru.Date(e.Since.In(loc))}
		// a curator reviews again what has outlived its period; links are
		// mended on the item's own page
		due := d.Curator && slices.ContainsFunc(e.Reasons, func(r freshness.Reason) bool { return r.Code == freshness.ReasonPeriod })
		switch e.Collection {
		case schema.Materials:
			fe.Kind = ru.Label(ru.MaterialTypes, e.Record.GetString("type"))
			if due {
				fe.ReviewURL = "/app/review/" + e.Record.Id
			}
		case schema.Practices:
			fe.Kind = ru.KindPractice
			if due {
				fe.ReviewURL = "/app/review/practices/" + e.Record.Id
			}
		case schema.Events:
			fe.Kind = ru.Label(ru.EventKinds, e.Record.GetString("kind"))
		}
		for _, reason := range e.Reasons {
			fr := freshnessReason{Text: freshness.Describe(reason, loc), Since: ru.Date(reason.Since.In(loc))}
			for _, t := range reason.Targets {
				fr.Targets = append(fr.Targets, freshness.DescribeTarget(t))
			}
			fe.Reasons = append(fe.Reasons, fr)
		}
		d.Entries = append(d.Entries, fe)
	}
	if d.Curator {
		periods := freshness.Periods(s.App)
		for _, code := range periodCodes() {
			p := freshnessPeriod{Code: code, Label: ru.Label(ru.MaterialTypes, code), Years: strconv.Itoa(periods[code])}
			if code == schema.ReviewPeriodPractice {
				p.Label = ru.FreshPractices
			}
			if v, ok := typed[code]; ok {
				p.Years = v
			}
			d.Periods = append(d.Periods, p)
		}
	}
	s.render(w, r, status, "freshness", page{Title: ru.FreshTitle, User: u, Data: d, Errors: errs, Section: "freshness"})
}

// periodCodes are the keys of the periods of re-review: the material
// types, then practices.
func periodCodes() []string {
	return append(append([]string(nil), schema.MaterialTypes...), schema.ReviewPeriodPractice)
}

// freshnessPeriods saves the periods of re-review a curator set, as the
// municipal service's parameters, through the API's rules.
func (s *Server) freshnessPeriods(w http.ResponseWriter, r *http.Request, u *core.Record) {
	typed, years, errs := map[string]string{}, map[string]int{}, map[string]string{}
	for _, code := range periodCodes() {
		v := strings.TrimSpace(r.FormValue("years." + code))
		typed[code] = v
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > schema.MaxReviewYears {
			errs["years."+code] = ru.FreshBadYears
			continue
		}
		years[code] = n
	}
	if len(errs) > 0 {
		s.showFreshness(w, r, u, http.StatusUnprocessableEntity, typed, errs)
		return
	}
	stored := map[string]*core.Record{}
	for _, p := range s.options(r, schema.Parameters, "", nil, "", 0) {
		stored[p.GetString("name")] = p
	}
	for _, code := range periodCodes() {
		name := schema.ParamReviewPeriod + code
		p := stored[name]
		if (p == nil && years[code] == schema.DefaultReviewYears) || (p != nil && p.GetInt("value") == years[code]) {
			continue // nothing to change
		}
		id := ""
		if p != nil {
			id = p.Id
		}
		if _, err := s.save(r, schema.Parameters, id, map[string]any{"name": name, "value": years[code]}); err != nil {
			s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
			return
		}
	}
	s.redirect(w, r, "/app/freshness", "saved")
}
