// Package apicache answers repeated anonymous reads of the public
// collections from memory. A QR code on a poster sends many phones to the
// same few list and record URLs; without the cache each one runs the
// collection's rule, reads twenty records with their texts and encodes
// them again. A response is kept until any record or collection changes,
// so it is never older than the data.
package apicache

import (
	"bytes"
	"container/list"
	"net/http"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Cache holds responses by request URI, up to MaxBytes of bodies, the
// least recently used going first.
type Cache struct {
	MaxBytes int

	mu      sync.Mutex
	gen     uint64 // bumped by every change; a response made across one is not kept
	entries map[string]*list.Element
	lru     *list.List
	bytes   int
}

type entry struct {
	key    string
	header http.Header
	body   []byte
}

// New makes a cache of maxBytes.
func New(maxBytes int) *Cache {
	return &Cache{MaxBytes: maxBytes, entries: map[string]*list.Element{}, lru: list.New()}
}

// Register keeps c for the collections named: it empties c on every change
// of a record or a collection, and answers from it in app's router.
func Register(app core.App, c *Cache, collections ...string) {
	public := map[string]bool{}
	for _, n := range collections {
		public[n] = true
	}
	forget := func(e *core.RecordEvent) error { c.Invalidate(); return e.Next() }
	app.OnRecordAfterCreateSuccess().BindFunc(forget)
	app.OnRecordAfterUpdateSuccess().BindFunc(forget)
	app.OnRecordAfterDeleteSuccess().BindFunc(forget)
	forgetCollection := func(e *core.CollectionEvent) error { c.Invalidate(); return e.Next() }
	app.OnCollectionAfterCreateSuccess().BindFunc(forgetCollection)
	app.OnCollectionAfterUpdateSuccess().BindFunc(forgetCollection)
	app.OnCollectionAfterDeleteSuccess().BindFunc(forgetCollection)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:   "kopilkaAPICache",
			Func: func(e *core.RequestEvent) error { return c.serve(e, public) },
		})
		return se.Next()
	})
}

// Invalidate forgets every response.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.entries = map[string]*list.Element{}
	c.lru.Init()
	c.bytes = 0
}

// cacheable reports whether r is an anonymous read of records of a public
// collection whose rules depend on nothing but the data: no signed-in
// user, no clock.
func cacheable(e *core.RequestEvent, public map[string]bool) bool {
	r := e.Request
	if r.Method != http.MethodGet || r.Header.Get("Authorization") != "" {
		return false
	}
	// /api/collections/{name}/records[/{id}]
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 4 || len(parts) > 5 || parts[0] != "api" || parts[1] != "collections" || parts[3] != "records" || !public[parts[2]] {
		return false
	}
	// a filter such as start > @now answers differently as time passes
	for _, vs := range r.URL.Query() {
		for _, v := range vs {
			if !onlyData(v) {
				return false
			}
		}
	}
	col, err := e.App.FindCachedCollectionByNameOrId(parts[2])
	if err != nil {
		return false
	}
	for _, rule := range []*string{col.ListRule, col.ViewRule} {
		if rule != nil && !onlyData(*rule) {
			return false
		}
	}
	return true
}

// onlyData reports whether a rule refers to nothing but records and the
// (absent) signed-in user: a rule with @now or request headers could
// answer differently for the same URL.
func onlyData(rule string) bool {
	rest := strings.NewReplacer("@request.auth.", "", "@collection.", "").Replace(rule)
	return !strings.Contains(rest, "@")
}

func (c *Cache) serve(e *core.RequestEvent, public map[string]bool) error {
	if !cacheable(e, public) {
		return e.Next()
	}
	key := e.Request.URL.RequestURI()
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		en := el.Value.(*entry)
		c.mu.Unlock()
		h := e.Response.Header()
		for k, v := range en.header {
			h[k] = append([]string(nil), v...) // the kept answer is shared by every hit
		}
		h.Set("X-Kopilka-Cache", "hit")
		e.Response.WriteHeader(http.StatusOK)
		_, err := e.Response.Write(en.body)
		return err
	}
	gen := c.gen
	c.mu.Unlock()

	rec := &recorder{ResponseWriter: e.Response}
	e.Response = rec
	err := e.Next()
	e.Response = rec.ResponseWriter
	if err != nil || rec.status != http.StatusOK || rec.overflow {
		return err
	}
	c.store(gen, key, rec.Header().Clone(), rec.body.Bytes())
	return nil
}

func (c *Cache) store(gen uint64, key string, header http.Header, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || len(body) > c.MaxBytes/8 {
		return // the data changed while this was made, or it would crowd out the rest
	}
	if _, ok := c.entries[key]; ok {
		return
	}
	header.Del("X-Kopilka-Cache")
	c.entries[key] = c.lru.PushFront(&entry{key: key, header: header, body: append([]byte(nil), body...)})
	c.bytes += len(body)
	for c.bytes > c.MaxBytes {
		old := c.lru.Back()
		en := old.Value.(*entry)
		c.lru.Remove(old)
		delete(c.entries, en.key)
		c.bytes -= len(en.body)
	}
}

// recorder passes a response through and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	overflow bool
}

// maxBody is the largest response kept.
const maxBody = 4 << 20

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if !r.overflow {
		if r.body.Len()+len(p) > maxBody {
			r.overflow = true
			r.body = bytes.Buffer{}
		} else {
			r.body.Write(p)
		}
	}
	return r.ResponseWriter.Write(p)
}

// Unwrap lets the router see the status and whether anything was written.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
