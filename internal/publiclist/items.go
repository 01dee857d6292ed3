package publiclist

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// An anonymous page of twenty materials cost PocketBase's handler about
// 1.8 ms of CPU at 50,000 materials: reading every column of twenty rows
// (their Markdown in overflow pages, through a page cache they do not
// fit in), making records of them, encoding each as JSON and compacting
// it again, and, for a deep page=N, walking the rows it skips.
//
// For the common anonymous list — no expand, no fields, no hook that
// sees or enriches list records, no rate limit rule for it — the items
// are answered from their encodings kept by id and stamp. PocketBase's
// own search provider, with the same resolver, rule, filter, sort and
// paging as its handler, selects only the page's ids and stamps, which
// the public list indexes cover. An item whose encoding is not kept, or
// whose stamp moved, is read under the anonymous rule and encoded
// exactly as the handler encodes it (apis.EnrichRecords, then JSON), and
// kept. Everything else, and an empty page (the handler throttles
// repeated empty filters), goes to PocketBase's handler as before.

// items keeps the JSON of public records as PocketBase's list handler
// writes them for a reader without an account, up to maxBytes of them
// compressed (S2: a material's JSON, mostly Russian Markdown, takes 2.3
// times less, and a page of twenty decodes in a tenth of a millisecond),
// so that the public records of a municipality of 50,000 materials fit.
type items struct {
	maxBytes int

	mu    sync.RWMutex
	gen   uint64 // bumped by every change; an encoding made or a list read across one is not kept
	byKey map[string]item
	bytes int

	shapes shapes // whole lists for deep pages (shapes.go)
}

// item is a record's encoding, S2-compressed when kept, and the stamp
// (its updated field) it was made at.
type item struct {
	stamp string
	json  []byte
}

func newItems(maxBytes int) *items {
	return &items{maxBytes: maxBytes, byKey: map[string]item{}}
}

func itemKey(collectionId, id string) string { return collectionId + "/" + id }

// get is the kept, compressed encoding of a record at stamp.
func (c *items) get(collectionId, id, stamp string) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	it, ok := c.byKey[itemKey(collectionId, id)]
	if !ok || it.stamp != stamp {
		return nil, false
	}
	return it.json, true
}

// generation is what put compares with to tell whether anything was
// forgotten since.
func (c *items) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// put keeps an encoding made since gen, unless something was forgotten
// in between. Past maxBytes, entries go at random: a reader paging
// through a list longer than the budget would find nothing an LRU kept.
func (c *items) put(gen uint64, collectionId, id, stamp string, raw []byte) {
	b := s2.EncodeBetter(nil, raw)
	if len(b) > c.maxBytes/16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	k := itemKey(collectionId, id)
	if old, ok := c.byKey[k]; ok {
		c.bytes -= len(old.json)
	}
	for drop := range c.byKey {
		if c.bytes+len(b) <= c.maxBytes {
			break
		}
		c.bytes -= len(c.byKey[drop].json)
		delete(c.byKey, drop)
	}
	c.byKey[k] = item{stamp: stamp, json: b}
	c.bytes += len(b)
}

// forget drops one record's encoding.
func (c *items) forget(collectionId, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	k := itemKey(collectionId, id)
	if old, ok := c.byKey[k]; ok {
		c.bytes -= len(old.json)
		delete(c.byKey, k)
	}
}

// forgetAll drops every encoding: a collection's fields changed, or
// another process wrote the data.
func (c *items) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.byKey = map[string]item{}
	c.bytes = 0
}

// register keeps c in step with app's records and collections.
func (c *items) register(app core.App, names map[string]bool) {
	forget := func(e *core.RecordEvent) error {
		if names[e.Record.Collection().Name] {
			c.forget(e.Record.Collection().Id, e.Record.Id)
		}
		return e.Next()
	}
	// a new record moves no kept encoding but changes the lists
	app.OnRecordAfterCreateSuccess().BindFunc(forget)
	app.OnRecordAfterUpdateSuccess().BindFunc(forget)
	app.OnRecordAfterDeleteSuccess().BindFunc(forget)
	forgetAll := func(e *core.CollectionEvent) error { c.forgetAll(); return e.Next() }
	app.OnCollectionAfterUpdateSuccess().BindFunc(forgetAll)
	app.OnCollectionAfterDeleteSuccess().BindFunc(forgetAll)
}

// stampRow is an id and a stamp of the page the search provider selects.
type stampRow struct {
	Id      string `db:"id"`
	Updated string `db:"updated"`
}

// answerable reports whether the kept items can answer e's anonymous list
// of c exactly as PocketBase's handler would: otherwise the handler does.
func answerable(e *core.RequestEvent, c *core.Collection) bool {
	if c.IsView() || e.App.OnRecordsListRequest().Length() > 0 || e.App.OnRecordEnrich().Length() > 0 {
		return false
	}
	if f, ok := c.Fields.GetByName("updated").(*core.AutodateField); !ok || !f.OnUpdate {
		return false
	}
	q := e.Request.URL.Query()
	if q.Get("expand") != "" || q.Get("fields") != "" {
		return false
	}
	// the handler refuses these to anyone but a superuser
	for _, p := range []string{search.FilterQueryParam, search.SortQueryParam} {
		if v := q.Get(p); strings.Contains(v, "@collection.") || strings.Contains(v, "@request.") {
			return false
		}
	}
	if limits := e.App.Settings().RateLimits; limits.Enabled {
		labels := []string{c.Name + ":list", "*:list", e.Request.Method + " " + e.Request.URL.Path, e.Request.URL.Path}
		if _, ok := limits.FindRateLimitRule(labels, core.RateLimitRuleAudienceAll, core.RateLimitRuleAudienceGuest); ok {
			return false
		}
	}
	return true
}

// answer writes e's anonymous list of c, whose ListRule is the anonymous
// rule, from the kept items; false when it leaves the request to the
// handler (a bad query, an empty page, a record that changed meanwhile).
func (c *items) answer(e *core.RequestEvent, col *core.Collection) (bool, error) {
	info, err := e.RequestInfo()
	if err != nil {
		return false, nil
	}
	query := e.Request.URL.Query()
	gen := c.generation()
	rows, result, ok := c.shapes.keptPage(gen, col, query)
	if !ok {
		if rows, result, err = pageStamps(e, col, info, query.Encode()); err != nil {
			return false, nil
		}
		// read after e is gone: the request's app, with the anonymous rule,
		// and request info of its own (a whole list's filter and sort
		// refer to no @request, the anonymous rule to nothing of the
		// request)
		app := e.App
		c.shapes.asked(gen, col, query, func(filter, sort string) ([]stampRow, error) {
			return readWholeList(app, col, &core.RequestInfo{Context: core.RequestInfoContextDefault}, filter, sort)
		})
	}
	if len(rows) == 0 {
		return false, nil
	}

	kept := make([][]byte, len(rows))  // compressed
	fresh := make([][]byte, len(rows)) // as encoded now
	var missing []any
	for i, r := range rows {
		if b, ok := c.get(col.Id, r.Id, r.Updated); ok {
			kept[i] = b
		} else {
			missing = append(missing, r.Id)
		}
	}
	if len(missing) > 0 {
		made, err := c.encode(e, col, missing)
		if err != nil {
			return false, nil // the handler meets the same error and answers it its way
		}
		for i, r := range rows {
			if kept[i] != nil {
				continue
			}
			f, ok := made[r.Id]
			if !ok {
				return false, nil // no longer listed: the handler answers what is now
			}
			fresh[i] = f.json
			if f.stamp == r.Updated {
				c.put(gen, col.Id, r.Id, f.stamp, f.json)
			}
		}
	}

	size := 128
	for i := range rows {
		if kept[i] != nil {
			n, err := s2.DecodedLen(kept[i])
			if err != nil {
				return false, nil
			}
			size += n + 1
		} else {
			size += len(fresh[i]) + 1
		}
	}
	out := make([]byte, 0, size)
	out = append(out, `{"items":[`...)
	for i := range rows {
		if i > 0 {
			out = append(out, ',')
		}
		if kept[i] == nil {
			out = append(out, fresh[i]...)
			continue
		}
		n, _ := s2.DecodedLen(kept[i])
		d, err := s2.Decode(out[len(out):len(out)+n], kept[i])
		if err != nil || len(d) != n {
			return false, nil
		}
		out = out[:len(out)+n]
	}
	out = append(out, `],"page":`...)
	out = strconv.AppendInt(out, int64(result.Page), 10)
	out = append(out, `,"perPage":`...)
	out = strconv.AppendInt(out, int64(result.PerPage), 10)
	out = append(out, `,"totalItems":`...)
	out = strconv.AppendInt(out, int64(result.TotalItems), 10)
	out = append(out, `,"totalPages":`...)
	out = strconv.AppendInt(out, int64(result.TotalPages), 10)
	out = append(out, "}\n"...)
	if e.Response.Header().Get("Content-Type") == "" {
		e.Response.Header().Set("Content-Type", "application/json")
	}
	e.Response.WriteHeader(http.StatusOK)
	_, err = e.Response.Write(out)
	return true, err
}

// pageStamps are the ids and stamps of the page urlQuery asks for of
// col's records, selected by PocketBase's search provider with the
// resolver, rule, filter, sort and paging its list handler uses.
func pageStamps(e *core.RequestEvent, col *core.Collection, info *core.RequestInfo, urlQuery string) ([]stampRow, *search.Result, error) {
	query := stampsQuery(e.App, col)
	resolver, err := ruled(e.App, col, info, query)
	if err != nil {
		return nil, nil, err
	}
	resolver.SetAllowHiddenFields(false)
	var rows []stampRow
	result, err := search.NewProvider(resolver).Query(query).CountCol("_rowid_").ParseAndExec(urlQuery, &rows)
	return rows, result, err
}

// stampsQuery selects the ids and stamps of col's records.
func stampsQuery(app core.App, col *core.Collection) *dbx.SelectQuery {
	db := app.ConcurrentDB()
	table := db.QuoteSimpleColumnName(col.Name)
	return db.Select(table+".[[id]]", table+".[[updated]]").From(col.Name)
}

// ruled narrows query to what col's list rule (here the anonymous rule)
// lets info list, as PocketBase's list handler does, and returns the
// resolver it was built with: the caller adds its filter and sort, then
// has the resolver apply its joins (UpdateQuery), or the search provider
// does.
func ruled(app core.App, col *core.Collection, info *core.RequestInfo, query *dbx.SelectQuery) (*core.RecordFieldResolver, error) {
	resolver := core.NewRecordFieldResolver(app, col, info, true)
	if *col.ListRule != "" {
		expr, err := search.FilterData(*col.ListRule).BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		query.AndWhere(expr)
	}
	return resolver, nil
}

// encode reads the records of ids that the collection's (anonymous) rule
// still lists and encodes each as PocketBase's list handler does for e.
func (c *items) encode(e *core.RequestEvent, col *core.Collection, ids []any) (map[string]item, error) {
	info, err := e.RequestInfo()
	if err != nil {
		return nil, err
	}
	query := e.App.RecordQuery(col).AndWhere(dbx.In(e.App.ConcurrentDB().QuoteSimpleColumnName(col.Name)+".[[id]]", ids...))
	resolver, err := ruled(e.App, col, info, query)
	if err != nil {
		return nil, err
	}
	if err := resolver.UpdateQuery(query); err != nil {
		return nil, err
	}
	var records []*core.Record
	if err := query.All(&records); err != nil {
		return nil, err
	}
	if err := apis.EnrichRecords(e, records); err != nil {
		return nil, err
	}
	out := make(map[string]item, len(records))
	for _, r := range records {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		out[r.Id] = item{stamp: r.GetString("updated"), json: b}
	}
	return out, nil
}

// warmBatch is how many records warm reads and encodes at a time.
const warmBatch = 50

// room is how many more compressed bytes fit.
func (c *items) room() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.maxBytes - c.bytes
}

// warm makes and keeps the encodings of the public records of the
// collections named, in the background once serve starts, until the
// budget is full or ctx is done: the first reader who pages through the
// whole bank — another site's crawler — would otherwise wait for every
// record to be read and encoded. It makes them as answer does, for a
// reader without an account, and only where answer would use them.
func (c *items) warm(ctx context.Context, app core.App, names []string, rules *ruleCache) {
	for _, name := range names {
		col, err := app.FindCachedCollectionByNameOrId(name)
		if err != nil || col.ListRule == nil {
			continue
		}
		rule, ok := rules.anonymous(*col.ListRule)
		if !ok {
			continue
		}
		anon := *col
		anon.ListRule = &rule
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "/api/collections/"+col.Name+"/records", nil)
		if err != nil {
			return
		}
		e := &core.RequestEvent{App: &anonymousApp{App: app, c: &anon}}
		e.Request = req
		if !answerable(e, &anon) {
			continue
		}
		// the ids first, from an index, then the records by id a batch at
		// a time: paging the records themselves would walk again every
		// row before each batch
		query := stampsQuery(e.App, &anon)
		resolver, err := ruled(e.App, &anon, &core.RequestInfo{}, query)
		if err != nil {
			continue
		}
		var rows []stampRow
		if err = resolver.UpdateQuery(query); err == nil {
			err = query.All(&rows)
		}
		if err != nil {
			app.Logger().Debug("publiclist: warming the kept list items stopped", "collection", name, "error", err)
			return
		}
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.Id
		}
		for len(ids) > 0 {
			if ctx.Err() != nil || c.room() < c.maxBytes/64 {
				return
			}
			batch := make([]any, 0, warmBatch)
			for _, id := range ids[:min(warmBatch, len(ids))] {
				batch = append(batch, id)
			}
			ids = ids[len(batch):]
			gen := c.generation()
			made, err := c.encode(e, &anon, batch)
			if err != nil {
				app.Logger().Debug("publiclist: warming the kept list items stopped", "collection", name, "error", err)
				return
			}
			for id, it := range made {
				c.put(gen, col.Id, id, it.stamp, it.json)
			}
		}
	}
}
