package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// allowed tells whether rule (a collection's view, update or delete rule)
// lets the person of r act on rec, exactly as the REST API would judge it.
func (s *Server) allowed(r *http.Request, rec *core.Record, rule *string) bool {
	return recordapi.Allowed(event(r), rec, rule)
}

// list lists what the person of r may list of collection, narrowed by
// narrow and ordered by order, through the API's list rule and hooks.
func (s *Server) list(r *http.Request, collection string, narrow func(*dbx.SelectQuery), order string, limit int) ([]*core.Record, error) {
	_, items, err := recordapi.List(event(r), collection, func(q *dbx.SelectQuery) {
		if narrow != nil {
			narrow(q)
		}
		if limit > 0 {
			q.Limit(int64(limit))
		}
	}, order, recordapi.Page{})
	return items, err
}

// listWhere lists what the person of r may list of collection that
// matches filter (the REST API's filter syntax, with params).
func (s *Server) listWhere(r *http.Request, collection, filter string, params dbx.Params, order string, limit int) ([]*core.Record, error) {
	narrow, err := recordapi.Filter(event(r), collection, filter, params)
	if err != nil {
		return nil, err
	}
	return s.list(r, collection, narrow, order, limit)
}

// options lists what a form offers to choose from, as listWhere; a
// failure is logged and offers nothing.
func (s *Server) options(r *http.Request, collection, filter string, params dbx.Params, order string, limit int) []*core.Record {
	items, err := s.listWhere(r, collection, filter, params, order, limit)
	if err != nil {
		s.logCause(r, collection, err)
	}
	return items
}

// itemsOf narrows a list of materials or practices (collection) to what
// the person u keeps — a teacher's own, a school editor's school's, every
// one for a curator — whose title has query.
func itemsOf(u *core.Record, collection, query string) func(*dbx.SelectQuery) {
	return func(q *dbx.SelectQuery) {
		switch u.GetString("role") {
		case schema.RoleTeacher:
			q.AndWhere(dbx.NewExp("EXISTS (SELECT 1 FROM json_each("+collection+".authors) a JOIN teachers t ON t.id = a.value WHERE t.user = {:me})",
				dbx.Params{"me": u.Id}))
		case schema.RoleSchoolEditor:
			q.AndWhere(dbx.HashExp{collection + ".organization": u.GetString("organization")})
		}
		if query != "" {
			q.AndWhere(dbx.Like(collection+".title", query))
		}
	}
}

// listPage fills d with the page of the list the request asks for.
func (s *Server) listPage(r *http.Request, collection string, narrow func(*dbx.SelectQuery), order string, d *listData) error {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	res, items, err := recordapi.List(event(r), collection, narrow, order, recordapi.Page{Number: n, PerPage: perPage})
	if err != nil {
		return err
	}
	d.Items, d.Total, d.Page, d.Last = items, res.TotalItems, res.Page, max(1, res.TotalPages)
	return nil
}

// fail logs why a page could not be shown and answers with a page that
// says so in Russian.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, u *core.Record, status int, title string, err error) {
	s.logCause(r, title, err)
	s.render(w, r, status, "forbidden", page{Title: title, User: u})
}

// shown is the message to show for err: a refusal's own words, or the
// general error with its cause logged.
func (s *Server) shown(r *http.Request, err error) string {
	if why := refusal.Of(err); why != nil {
		return why.Message
	}
	s.logCause(r, ru.WebError, err)
	return ru.WebError
}

// logCause writes the cause of a message the CMS shows instead of it.
func (s *Server) logCause(r *http.Request, shown string, err error) {
	if err == nil {
		return
	}
	s.App.Logger().Warn("web: "+shown, "method", r.Method, "path", r.URL.Path, "error", err.Error())
}

// formErrors turns a refused save into Russian messages by form field: a
// hook's refusal (the workflow, a pb_hooks script) as it was written, the
// validation of each field, or the general error with its cause logged.
func (s *Server) formErrors(r *http.Request, err error) map[string]string {
	out := map[string]string{}
	if why := refusal.Of(err); why != nil {
		out["form"] = why.Message
		return out
	}
	var verrs validation.Errors
	if !errors.As(err, &verrs) {
		s.logCause(r, ru.WebError, err)
		out["form"] = ru.WebError
		return out
	}
	for field, e := range verrs {
		var code string
		var ve validation.Error
		if errors.As(e, &ve) {
			code = ve.Code()
		}
		switch code {
		case "validation_required":
			out[field] = ru.WebRequired
		case "validation_length_too_long", "validation_length_out_of_range":
			out[field] = ru.WebTooLong
		case "validation_max_text_constraint":
			out[field] = ru.WebTooLong
			if max, ok := ve.Params()["max"]; ok {
				out[field] = fmt.Sprintf(ru.WebTooLongMax, max)
			}
		case "validation_invalid_mime_type":
			out[field] = ru.WebFileType
		case "validation_file_size_limit":
			out[field] = ru.WebFileSize
		case "validation_unsafe_file":
			out[field] = ve.Message()
		default:
			s.logCause(r, ru.WebInvalid+" ("+field+")", e)
			out[field] = ru.WebInvalid
		}
	}
	return out
}

// save creates a record of collection from data (id empty) or changes the
// record id by data, as the person of r, through the REST API's door.
func (s *Server) save(r *http.Request, collection, id string, data map[string]any) (*core.Record, error) {
	if id == "" {
		return recordapi.Create(event(r), collection, data)
	}
	return recordapi.Update(event(r), collection, id, data)
}

// denied reports whether err is the collection's rule refusing the
// request or hiding the record.
func denied(err error) bool {
	return errors.Is(err, recordapi.ErrForbidden) || errors.Is(err, recordapi.ErrNotFound)
}

// saveForm saves a form's data with save and answers it: the record's page
// under pathPrefix with flash on success, the forbidden page when the
// collection's rule refuses, the form with its fields' errors otherwise.
func (s *Server) saveForm(w http.ResponseWriter, r *http.Request, u *core.Record, collection, id string, data map[string]any,
	show func(int, map[string]string), pathPrefix, flash string) {
	rec, err := s.save(r, collection, id, data)
	if denied(err) {
		s.fail(w, r, u, http.StatusForbidden, ru.WebForbiddenTitle, err)
		return
	}
	if err != nil {
		show(http.StatusUnprocessableEntity, s.formErrors(r, err))
		return
	}
	s.redirect(w, r, pathPrefix+rec.Id, flash)
}
