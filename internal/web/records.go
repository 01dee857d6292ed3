package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/workflow"
)

func requestInfo(u *core.Record, body map[string]any) *core.RequestInfo {
	if body == nil {
		body = map[string]any{}
	}
	return &core.RequestInfo{Auth: u, Method: "POST", Body: body, Context: core.RequestInfoContextDefault,
		Query: map[string]string{}, Headers: map[string]string{}}
}

// allowed evaluates a collection rule for u on an existing record, exactly
// as the REST API would.
func (s *Server) allowed(u *core.Record, rec *core.Record, rule *string, body map[string]any) bool {
	if rule == nil {
		return false
	}
	ok, err := s.App.CanAccessRecord(rec, requestInfo(u, body), rule)
	return err == nil && ok
}

// listQuery starts a query of collection restricted by its list rule for u.
func (s *Server) listQuery(u *core.Record, collection string) (*dbx.SelectQuery, error) {
	c, err := s.App.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	if c.ListRule == nil {
		return nil, errors.New("superusers only")
	}
	q := s.App.RecordQuery(c)
	if *c.ListRule != "" {
		resolver := core.NewRecordFieldResolver(s.App, c, requestInfo(u, nil), true)
		expr, err := search.FilterData(*c.ListRule).BuildExpr(resolver)
		if err != nil {
			return nil, fmt.Errorf("%s list rule: %w", collection, err)
		}
		q.AndWhere(expr)
		if err := resolver.UpdateQuery(q); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// fieldErrors turns a failed save into Russian messages by form field.
func fieldErrors(err error) map[string]string {
	out := map[string]string{}
	var verrs validation.Errors
	if !errors.As(err, &verrs) {
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
		case "validation_invalid_mime_type":
			out[field] = ru.WebFileType
		case "validation_file_size_limit":
			out[field] = ru.WebFileSize
		case "validation_unsafe_file":
			out[field] = ve.Message()
		default:
			out[field] = ru.WebInvalid
		}
	}
	return out
}

// fillPage counts q's records and loads the page the request asks for,
// ordered by order, into d.
func fillPage(r *http.Request, q *dbx.SelectQuery, table, order string, d *listData) error {
	if err := q.Select("count(*)").Row(&d.Total); err != nil {
		return err
	}
	d.Last = max(1, (d.Total+perPage-1)/perPage)
	d.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	d.Page = min(max(d.Page, 1), d.Last)
	return q.Select(table + ".*").OrderBy(order).Limit(perPage).Offset(int64((d.Page - 1) * perPage)).All(&d.Items)
}

// workflowRefusal is the workflow's answer to u saving rec, the same as the
// REST API gives; nil when the save may go ahead.
func (s *Server) workflowRefusal(u, rec *core.Record, isNew bool) *workflow.Refusal {
	role := workflow.RoleOf(&core.RequestEvent{Auth: u})
	if isNew {
		return workflow.CheckCreate(s.App, role, rec)
	}
	return workflow.CheckUpdate(s.App, role, u.Id, rec)
}

// saveForm saves a form's record with saveAs and answers it: the record's
// page under pathPrefix with flash on success, the forbidden page when the
// collection's rule refuses, the form with its fields' errors otherwise.
func (s *Server) saveForm(w http.ResponseWriter, r *http.Request, u, rec *core.Record, isNew bool, body map[string]any,
	show func(int, map[string]string), pathPrefix, flash string) {
	err := s.saveAs(u, rec, isNew, body)
	if errors.Is(err, errForbidden) {
		s.render(w, r, http.StatusForbidden, "forbidden", page{Title: ru.WebForbiddenTitle, User: u})
		return
	}
	if err != nil {
		show(http.StatusUnprocessableEntity, fieldErrors(err))
		return
	}
	s.redirect(w, r, pathPrefix+rec.Id, flash)
}

// saveAs saves rec for u. A new record is checked against its collection's
// create rule inside the same transaction, as the REST API does, with body
// standing for the submitted fields; a refusal rolls the save back and
// returns errForbidden.
func (s *Server) saveAs(u, rec *core.Record, isNew bool, body map[string]any) error {
	return s.App.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(rec); err != nil {
			return err
		}
		if isNew {
			if ok, err := tx.CanAccessRecord(rec, requestInfo(u, body), rec.Collection().CreateRule); err != nil || !ok {
				return errForbidden
			}
		}
		return nil
	})
}
