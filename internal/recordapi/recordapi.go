// Package recordapi is the one door through which kopilka's own screens
// list, view, create, update and delete records on behalf of a person: it
// evaluates the collection's API rule for the request's user and fires the
// same request events PocketBase's REST handlers fire, in the same order
// (apis/record_crud.go). So a save made in the CMS meets every hook a save
// made through the REST API meets — kopilka's workflow in Go and any
// pb_hooks/*.pb.js a municipality adds — and the CMS can never do more
// than the API.
//
// What the REST handlers do for a JSON answer (expanding relations,
// hiding fields, writing the response) is left out: the callers render
// Go records themselves.
package recordapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/forms"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/inflector"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/security"
)

var (
	// ErrForbidden is a request the collection's rule refuses, or one a
	// collection for superusers only gets from anyone else.
	ErrForbidden = errors.New("recordapi: the collection's rule refuses the request")
	// ErrNotFound is a record that does not exist or that the rule hides
	// from the user (the REST API answers both with 404).
	ErrNotFound = errors.New("recordapi: no such record for this user")
	// ErrNotDone is a request a hook answered itself, without letting the
	// save or delete happen.
	ErrNotDone = errors.New("recordapi: a hook ended the request before it was carried out")
)

// collection finds a collection by name for a request.
func collection(app core.App, name string) (*core.Collection, error) {
	c, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return nil, fmt.Errorf("recordapi: collection %s: %w", name, err)
	}
	return c, nil
}

// RuleQuery starts a query of c's records restricted by rule as evaluated
// for info (its Auth, Body, Query and Headers); rule must not be nil. An
// empty rule restricts nothing.
func RuleQuery(app core.App, c *core.Collection, info *core.RequestInfo, rule *string) (*dbx.SelectQuery, error) {
	q := app.RecordQuery(c)
	if err := restrict(app, c, info, rule)(q); err != nil {
		return nil, err
	}
	return q, nil
}

// restrict is a FindRecordById filter that applies rule for info, as the
// REST handlers' ruleFunc does; superusers pass every rule.
func restrict(app core.App, c *core.Collection, info *core.RequestInfo, rule *string) func(*dbx.SelectQuery) error {
	return func(q *dbx.SelectQuery) error {
		if info.HasSuperuserAuth() || rule == nil || *rule == "" {
			return nil
		}
		resolver := core.NewRecordFieldResolver(app, c, info, true)
		expr, err := search.FilterData(*rule).BuildExpr(resolver)
		if err != nil {
			return fmt.Errorf("recordapi: %s rule: %w", c.Name, err)
		}
		q.AndWhere(expr)
		if err := resolver.UpdateQuery(q); err != nil {
			return fmt.Errorf("recordapi: %s rule: %w", c.Name, err)
		}
		return nil
	}
}

// Anonymous is the request information of a reader without an account,
// for reading as the public API does outside of a request.
func Anonymous() *core.RequestInfo {
	return &core.RequestInfo{Method: http.MethodGet, Context: core.RequestInfoContextDefault,
		Query: map[string]string{}, Headers: map[string]string{}, Body: map[string]any{}}
}

// info is the request information of e with body standing for what the
// request submits, as the REST handlers replace it with the resolved data.
func info(e *core.RequestEvent, body map[string]any) (*core.RequestInfo, error) {
	ri, err := e.RequestInfo()
	if err != nil {
		return nil, fmt.Errorf("recordapi: request: %w", err)
	}
	if body == nil {
		body = map[string]any{}
	}
	ri.Body = body
	return ri, nil
}

// Page asks List for part of a list: its number from 1, and how many
// records a page holds; PerPage 0 asks for every record.
type Page struct {
	Number, PerPage int
}

// List lists the records of collection the user of e may list, narrowed
// by narrow (which may be nil) and ordered by order (an SQL ORDER BY of
// the collection's columns, comma-separated), and fires the list request event with them.
// The result counts every record that matched.
func List(e *core.RequestEvent, collectionName string, narrow func(*dbx.SelectQuery), order string, page Page) (*search.Result, []*core.Record, error) {
	c, err := collection(e.App, collectionName)
	if err != nil {
		return nil, nil, err
	}
	ri, err := info(e, nil)
	if err != nil {
		return nil, nil, err
	}
	if c.ListRule == nil && !ri.HasSuperuserAuth() {
		return nil, nil, ErrForbidden
	}
	q, err := RuleQuery(e.App, c, ri, c.ListRule)
	if err != nil {
		return nil, nil, err
	}
	if narrow != nil {
		narrow(q)
	}
	result := &search.Result{Page: 1, PerPage: page.PerPage}
	var total int64
	if page.PerPage > 0 {
		// a rule through a relation joins a record once per match: count records
		if err := q.Select("count(DISTINCT [[" + c.Name + ".id]])").Row(&total); err != nil {
			return nil, nil, fmt.Errorf("recordapi: count %s: %w", c.Name, err)
		}
		last := max(1, int((total+int64(page.PerPage)-1)/int64(page.PerPage)))
		result.Page = min(max(page.Number, 1), last)
		result.TotalPages = last
		q.Limit(int64(page.PerPage)).Offset(int64((result.Page - 1) * page.PerPage))
	}
	q.Select(c.Name + ".*")
	for _, col := range strings.Split(order, ",") {
		if col = strings.TrimSpace(col); col != "" {
			q.AndOrderBy(col)
		}
	}
	records := []*core.Record{}
	if err := q.All(&records); err != nil {
		return nil, nil, fmt.Errorf("recordapi: list %s: %w", c.Name, err)
	}
	if page.PerPage == 0 {
		total = int64(len(records))
		result.PerPage, result.TotalPages = len(records), 1
	}
	result.TotalItems = int(total)
	result.Items = records

	event := new(core.RecordsListRequestEvent)
	event.RequestEvent, event.Collection, event.Records, event.Result = e, c, records, result
	var listed bool
	err = e.App.OnRecordsListRequest().Trigger(event, func(le *core.RecordsListRequestEvent) error {
		listed = true
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if !listed {
		return nil, nil, ErrNotDone
	}
	return event.Result, event.Records, nil
}

// Filter narrows a List by filter, in the syntax of the REST API's filter
// parameter, with params for its {:placeholders}, resolved for the user
// of e as the REST API resolves a client's filter (hidden fields unknown).
func Filter(e *core.RequestEvent, collectionName, filter string, params dbx.Params) (func(*dbx.SelectQuery), error) {
	if strings.TrimSpace(filter) == "" {
		return nil, nil
	}
	c, err := collection(e.App, collectionName)
	if err != nil {
		return nil, err
	}
	ri, err := info(e, nil)
	if err != nil {
		return nil, err
	}
	resolver := core.NewRecordFieldResolver(e.App, c, ri, ri.HasSuperuserAuth())
	expr, err := search.FilterData(filter).BuildExpr(resolver, params)
	if err != nil {
		return nil, fmt.Errorf("recordapi: filter of %s: %w", c.Name, err)
	}
	return func(q *dbx.SelectQuery) {
		q.AndWhere(expr)
		if err := resolver.UpdateQuery(q); err != nil {
			q.AndWhere(dbx.NewExp("1 = 0")) // a filter that cannot join finds nothing
		}
	}, nil
}

// View finds the record of collection with id if the user of e may view
// it, and fires the view request event.
func View(e *core.RequestEvent, collectionName, id string) (*core.Record, error) {
	c, err := collection(e.App, collectionName)
	if err != nil {
		return nil, err
	}
	ri, err := info(e, nil)
	if err != nil {
		return nil, err
	}
	if c.ViewRule == nil && !ri.HasSuperuserAuth() {
		return nil, ErrForbidden
	}
	rec, err := e.App.FindRecordById(c, id, restrict(e.App, c, ri, c.ViewRule))
	if err != nil || rec == nil {
		return nil, fmt.Errorf("%w: %s %q", ErrNotFound, c.Name, id)
	}
	event := requestEvent(e, c, rec)
	var viewed bool
	err = e.App.OnRecordViewRequest().Trigger(event, func(*core.RecordRequestEvent) error {
		viewed = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !viewed {
		return nil, ErrNotDone
	}
	return event.Record, nil
}

// Allowed tells whether rule (a collection's view, update or delete rule)
// lets the user of e act on the stored record rec. It fires no event: it
// is what a screen asks before offering an action the API will judge.
func Allowed(e *core.RequestEvent, rec *core.Record, rule *string) bool {
	ri, err := info(e, nil)
	if err != nil {
		return false
	}
	if ri.HasSuperuserAuth() {
		return true
	}
	if rule == nil {
		return false
	}
	ok, err := e.App.CanAccessRecord(rec, ri, rule)
	return err == nil && ok
}

// writing opens a write to collection by the user of e, as the REST
// handlers do: not a view, and refused when rule (the collection's create
// or update rule) is for superusers only and the user is not one.
func writing(e *core.RequestEvent, collectionName string, rule func(*core.Collection) *string) (*core.Collection, *core.RequestInfo, bool, error) {
	c, err := collection(e.App, collectionName)
	if err != nil {
		return nil, nil, false, err
	}
	if c.IsView() {
		return nil, nil, false, fmt.Errorf("recordapi: %s is a view", c.Name)
	}
	ri, err := info(e, nil)
	if err != nil {
		return nil, nil, false, err
	}
	superuser := ri.HasSuperuserAuth()
	if !superuser && rule(c) == nil {
		return nil, nil, false, ErrForbidden
	}
	return c, ri, superuser, nil
}

// Create creates a record of collection from data — the fields a REST
// request would send, files as *filesystem.File values — if the create
// rule lets the user of e, through the create request event and a
// validated save.
func Create(e *core.RequestEvent, collectionName string, data map[string]any) (*core.Record, error) {
	c, ri, superuser, err := writing(e, collectionName, func(c *core.Collection) *string { return c.CreateRule })
	if err != nil {
		return nil, err
	}
	rec := core.NewRecord(c)
	data = submitted(rec, data, superuser)
	ri.Body = data
	form := loadForm(e.App, rec, data, superuser)
	if !superuser && *c.CreateRule != "" {
		if err := checkCreateRule(e.App, c, ri, rec); err != nil {
			return nil, err
		}
	}
	return submit(e.App.OnRecordCreateRequest(), requestEvent(e, c, rec), form)
}

// loadForm is the form that saves rec with data, as the REST handlers
// load it.
func loadForm(app core.App, rec *core.Record, data map[string]any, superuser bool) *forms.RecordUpsert {
	form := forms.NewRecordUpsert(app, rec)
	if superuser {
		form.GrantSuperuserAccess()
	}
	form.Load(data)
	return form
}

// submit fires the request event of a save and, if every hook lets it
// through, validates and saves the event's record with form.
func submit(h *hook.TaggedHook[*core.RecordRequestEvent], event *core.RecordRequestEvent, form *forms.RecordUpsert) (*core.Record, error) {
	var saved bool
	err := h.Trigger(event, func(re *core.RecordRequestEvent) error {
		form.SetApp(re.App)
		form.SetRecord(re.Record)
		if err := form.Submit(); err != nil {
			return err
		}
		saved = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !saved {
		return nil, ErrNotDone
	}
	return event.Record, nil
}

// checkCreateRule evaluates c's create rule against the record about to be
// created, as the REST handler does: the record's values stand in a
// one-row table of the collection's name.
func checkCreateRule(app core.App, c *core.Collection, ri *core.RequestInfo, rec *core.Record) error {
	dummy := rec.Clone()
	random := "__pb_create__" + security.PseudorandomString(6)
	if dummy.Id == "" {
		dummy.Id = "__temp_id__" + random
	}
	dummy.SetVerified(false)
	export, err := dummy.DBExport(app)
	if err != nil {
		return fmt.Errorf("recordapi: create rule of %s: %w", c.Name, err)
	}
	params := make(dbx.Params, len(export))
	selects := make([]string, 0, len(export))
	for k, v := range export {
		k = inflector.Columnify(k)
		param := "__pb_create__" + k
		params[param] = v
		selects = append(selects, "{:"+param+"} AS [["+k+"]]")
	}
	dc := *c
	dc.Id += random
	dc.Name += inflector.Columnify(random)
	q := app.ConcurrentDB().Select("(1)").
		PreFragment(fmt.Sprintf("WITH {{%s}} as (SELECT %s)", dc.Name, strings.Join(selects, ","))).
		From(dc.Name).AndBind(params)
	resolver := core.NewRecordFieldResolver(app, &dc, ri, true)
	expr, err := search.FilterData(*dc.CreateRule).BuildExpr(resolver)
	if err != nil {
		return fmt.Errorf("recordapi: create rule of %s: %w", c.Name, err)
	}
	q.AndWhere(expr)
	if err := resolver.UpdateQuery(q); err != nil {
		return fmt.Errorf("recordapi: create rule of %s: %w", c.Name, err)
	}
	var exists int
	if err := q.Limit(1).Row(&exists); err != nil || exists == 0 {
		return ErrForbidden
	}
	return nil
}

// Update changes the record of collection with id by data if the update
// rule lets the user of e, through the update request event and a
// validated save.
func Update(e *core.RequestEvent, collectionName, id string, data map[string]any) (*core.Record, error) {
	c, ri, superuser, err := writing(e, collectionName, func(c *core.Collection) *string { return c.UpdateRule })
	if err != nil {
		return nil, err
	}
	// fetched first so that modifiers such as "files-" resolve against it
	rec, err := e.App.FindRecordById(c, id)
	if err != nil {
		return nil, fmt.Errorf("%w: %s %q", ErrNotFound, c.Name, id)
	}
	data = submitted(rec, data, superuser)
	ri.Body = data
	if rec, err = e.App.FindRecordById(c, id, restrict(e.App, c, ri, c.UpdateRule)); err != nil {
		return nil, fmt.Errorf("%w: %s %q", ErrNotFound, c.Name, id)
	}
	return submit(e.App.OnRecordUpdateRequest(), requestEvent(e, c, rec), loadForm(e.App, rec, data, superuser))
}

// Delete deletes the record of collection with id if the delete rule lets
// the user of e, through the delete request event.
func Delete(e *core.RequestEvent, collectionName, id string) error {
	c, err := collection(e.App, collectionName)
	if err != nil {
		return err
	}
	ri, err := info(e, nil)
	if err != nil {
		return err
	}
	if c.DeleteRule == nil && !ri.HasSuperuserAuth() {
		return ErrForbidden
	}
	rec, err := e.App.FindRecordById(c, id, restrict(e.App, c, ri, c.DeleteRule))
	if err != nil {
		return fmt.Errorf("%w: %s %q", ErrNotFound, c.Name, id)
	}
	event := requestEvent(e, c, rec)
	var deleted bool
	err = e.App.OnRecordDeleteRequest().Trigger(event, func(re *core.RecordRequestEvent) error {
		if err := re.App.Delete(re.Record); err != nil {
			return err
		}
		deleted = true
		return nil
	})
	if err != nil {
		return err
	}
	if !deleted {
		return ErrNotDone
	}
	return nil
}

// submitted is data as the REST handlers read a body for rec: modifiers
// ("field+", "field-") resolved against rec, and hidden fields dropped for
// anyone but a superuser (an auth collection's password excepted).
func submitted(rec *core.Record, data map[string]any, superuser bool) map[string]any {
	out := rec.ReplaceModifiers(data)
	if superuser {
		return out
	}
	for _, f := range rec.Collection().Fields {
		if f.GetHidden() && !(rec.Collection().IsAuth() && f.GetName() == core.FieldNamePassword) {
			delete(out, f.GetName())
		}
	}
	return out
}

// Transaction runs fn with a request event like e whose App is a
// transaction, so that several records change together or not at all, as
// PocketBase's batch API runs its requests. The event fn gets answers
// nothing to the client: a hook's response is discarded.
func Transaction(e *core.RequestEvent, fn func(tx *core.RequestEvent) error) error {
	return e.App.RunInTransaction(func(txApp core.App) error {
		tx := new(core.RequestEvent)
		tx.App = txApp
		tx.Auth = e.Auth
		tx.Request = e.Request
		tx.Response = discard{}
		return fn(tx)
	})
}

// discard is a response nobody reads.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

// requestEvent is the event of a request about rec, as the REST handlers
// make it.
func requestEvent(e *core.RequestEvent, c *core.Collection, rec *core.Record) *core.RecordRequestEvent {
	event := new(core.RecordRequestEvent)
	event.RequestEvent, event.Collection, event.Record = e, c, rec
	return event
}
