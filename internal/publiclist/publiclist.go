// Package publiclist makes the anonymous lists of materials and practices
// as fast as their indexes allow, through PocketBase's own list handler.
//
// The list rule of an item reads «published, or you are a curator, or one
// of its authors, or the deputy director of its school». The authors part
// goes through a relation (authors.user), so PocketBase joins every
// record's authors and their teachers into each list query and
// deduplicates the rows — for a reader without an account too, for whom
// the whole rule can only mean «published». At 10,000 materials one page
// took half a second of SQLite's time, a deep page more.
//
// For a GET of a list by a reader without an account, Register hands
// PocketBase's handler an app in which the collection's list rule is the
// rule as it reads for such a reader: the branches of its top-level «||»
// that cannot hold without an account dropped (Anonymous), here
// `status = 'published'`. Everything else is PocketBase's: the client's
// filter, sort, paging, skipTotal, expand and fields, hidden fields, rate
// limits, the list request event its hooks see, the JSON. Signed-in
// readers, views and writes meet the full rule, and a rule that does not
// reduce so (say, changed in the dashboard) is left to PocketBase as it
// is.
package publiclist

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HandlerId is the id of the middleware Register binds.
const HandlerId = "kopilkaPublicList"

// Register answers anonymous lists of the collections named with their
// anonymous list rule: from the items' encodings it keeps, up to
// itemBytes of them, where that answers as PocketBase's handler would
// (items.go), and through the handler otherwise. forgetAll drops every
// kept encoding: for data another process wrote, which no record event
// reports.
func Register(app core.App, itemBytes int, collections ...string) (forgetAll func()) {
	names := map[string]bool{}
	for _, n := range collections {
		names[n] = true
	}
	rules := &ruleCache{}
	kept := newItems(itemBytes)
	kept.register(app, names)
	ctx, stop := context.WithCancel(context.Background())
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		stop()
		return e.Next()
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:   HandlerId,
			Func: func(e *core.RequestEvent) error { return serve(e, names, rules, kept) },
		})
		go kept.warm(ctx, app, collections, rules)
		return se.Next()
	})
	return kept.forgetAll
}

// serve swaps e's app for one with the anonymous list rule for the rest
// of the request when e is an anonymous list of a collection named.
func serve(e *core.RequestEvent, names map[string]bool, rules *ruleCache, kept *items) error {
	if e.Auth != nil || e.Request.Method != http.MethodGet {
		return e.Next()
	}
	// /api/collections/{name or id}/records
	parts := strings.Split(strings.Trim(e.Request.URL.Path, "/"), "/")
	if len(parts) != 4 || parts[0] != "api" || parts[1] != "collections" || parts[3] != "records" {
		return e.Next()
	}
	c, err := e.App.FindCachedCollectionByNameOrId(parts[2])
	if err != nil || !names[c.Name] || c.ListRule == nil {
		return e.Next()
	}
	rule, ok := rules.anonymous(*c.ListRule)
	if !ok || rule == *c.ListRule {
		return e.Next()
	}
	anon := *c
	anon.ListRule = &rule
	app := e.App
	e.App = &anonymousApp{App: app, c: &anon}
	defer func() { e.App = app }()
	if answerable(e, &anon) {
		if done, err := kept.answer(e, &anon); done || err != nil {
			return err
		}
	}
	return e.Next()
}

// anonymousApp is app but for one collection, which it finds with the
// anonymous list rule.
type anonymousApp struct {
	core.App
	c *core.Collection
}

// FindCachedCollectionByNameOrId is what PocketBase's list handler and its
// filter resolver find collections by.
func (a *anonymousApp) FindCachedCollectionByNameOrId(nameOrId string) (*core.Collection, error) {
	if nameOrId == a.c.Id || strings.EqualFold(nameOrId, a.c.Name) {
		return a.c, nil
	}
	return a.App.FindCachedCollectionByNameOrId(nameOrId)
}

// ruleCache keeps each rule as it reads without an account: a rule is
// parsed once, not on every request.
type ruleCache struct {
	reduced sync.Map // rule → anonymousRule
}

type anonymousRule struct {
	rule string
	ok   bool
}

func (c *ruleCache) anonymous(rule string) (string, bool) {
	if v, ok := c.reduced.Load(rule); ok {
		r := v.(anonymousRule)
		return r.rule, r.ok
	}
	r, ok := Anonymous(rule)
	c.reduced.Store(rule, anonymousRule{r, ok})
	return r, ok
}

// Anonymous is rule as PocketBase evaluates it for a request without an
// account, if it can be told for sure: rule must be branches joined by
// «||», each either one that cannot hold without an account or a plain
// comparison of the record's own field with a literal, such as
// status = "published"; the result joins the latter. Without an account
// PocketBase resolves every @request.auth field to NULL and compares it
// with a text as the empty text (tools/search/filter.go), so a branch
// cannot hold when it is @request.auth.F = "X" with X not empty,
// @request.auth.F != "" (the empty text), or a group joined by «&&» with
// such a member (or by «||» of only such members). Anything else — a
// rule that does not parse, a modifier, a relation, @collection, a branch
// that may hold without an account but is not plain — answers false.
func Anonymous(rule string) (string, bool) {
	groups, err := fexpr.Parse(rule)
	if err != nil {
		return "", false
	}
	// a rule wrapped whole in parentheses
	for len(groups) == 1 {
		inner, ok := groups[0].Item.([]fexpr.ExprGroup)
		if !ok {
			break
		}
		groups = inner
	}
	var kept []string
	for i, g := range groups {
		if i > 0 && g.Join != fexpr.JoinOr {
			return "", false
		}
		if never(g.Item) {
			continue
		}
		text, ok := plain(g.Item)
		if !ok {
			return "", false
		}
		kept = append(kept, text)
	}
	switch len(kept) {
	case 0:
		return "", false // nothing to list: PocketBase says so itself
	case 1:
		return kept[0], true
	}
	return "(" + strings.Join(kept, ") || (") + ")", true
}

// never reports whether item cannot hold for a request without an account.
func never(item any) bool {
	switch v := item.(type) {
	case fexpr.Expr:
		return authFalse(v)
	case []fexpr.ExprGroup:
		if len(v) == 0 {
			return false
		}
		join := fexpr.JoinAnd
		if len(v) > 1 {
			join = v[1].Join
		}
		for _, g := range v[1:] {
			if g.Join != join {
				return false // mixed «&&» and «||»: not told here
			}
		}
		for _, g := range v {
			n := never(g.Item)
			if join == fexpr.JoinAnd && n {
				return true
			}
			if join == fexpr.JoinOr && !n {
				return false
			}
		}
		return join == fexpr.JoinOr
	}
	return false
}

// authFalse reports whether e compares a field of the signed-in account
// with a text so that it is false without an account, which PocketBase
// compares as the empty text.
func authFalse(e fexpr.Expr) bool {
	auth, text := e.Left, e.Right
	if isAuth(text) {
		auth, text = text, auth
	}
	if !isAuth(auth) || text.Type != fexpr.TokenText {
		return false
	}
	switch e.Op {
	case fexpr.SignEq:
		return text.Literal != ""
	case fexpr.SignNeq:
		return text.Literal == ""
	}
	return false
}

func isAuth(t fexpr.Token) bool {
	return t.Type == fexpr.TokenIdentifier && strings.HasPrefix(t.Literal, "@request.auth.") && !strings.Contains(t.Literal, ":")
}

// plain is item as rule text when it is a comparison of one of the
// record's own fields with a text or a number.
func plain(item any) (string, bool) {
	for {
		g, ok := item.([]fexpr.ExprGroup)
		if !ok || len(g) != 1 {
			break
		}
		item = g[0].Item
	}
	e, ok := item.(fexpr.Expr)
	if !ok || e.Left.Type != fexpr.TokenIdentifier || strings.ContainsAny(e.Left.Literal, "@.:") {
		return "", false
	}
	switch e.Op {
	case fexpr.SignEq, fexpr.SignNeq, fexpr.SignLt, fexpr.SignLte, fexpr.SignGt, fexpr.SignGte:
	default:
		return "", false
	}
	var right string
	switch e.Right.Type {
	case fexpr.TokenNumber:
		right = e.Right.Literal
	case fexpr.TokenText:
		switch {
		case strings.Contains(e.Right.Literal, `\`):
			return "", false
		case !strings.Contains(e.Right.Literal, "'"):
			right = "'" + e.Right.Literal + "'"
		case !strings.Contains(e.Right.Literal, `"`):
			right = `"` + e.Right.Literal + `"`
		default:
			return "", false
		}
	case fexpr.TokenIdentifier:
		switch e.Right.Literal {
		case "true", "false":
			right = e.Right.Literal
		default:
			return "", false
		}
	default:
		return "", false
	}
	return e.Left.Literal + " " + string(e.Op) + " " + right, true
}
