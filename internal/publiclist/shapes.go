package publiclist

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// A reader — or another site's crawler — paging through the bank asks
// for page after page of the same list, and a school's page on another
// site asks for the same filtered list with parameters of its own.
// SQLite finds page N by walking the N×perPage entries before it, even in
// an index, and checks a filter of subjects (JSON) on each: at 50,000
// materials a deep page cost 5 ms of CPU, ten times a first page.
//
// So once a list (its filter and sort) is asked for a second time, or
// for a deep page, its whole ordered list of ids and stamps is read in
// the background, in one query built with the same resolver, rule,
// filter and sort PocketBase's search provider uses, and the pages
// after it are cut from that until anything in the collections changes.
// The request that asks first is answered through the provider, which
// also checks the filter and sort before they are read whole.

const (
	// deepOffset is the offset from which the first request for a list
	// has its whole list read.
	deepOffset = 500
	// maxShapeRows bounds the ids and stamps kept in whole lists, some 70
	// bytes each.
	maxShapeRows = 400_000
	// maxAsked bounds the lists remembered as asked for once.
	maxAsked = 4096
)

// shapes keeps whole lists of ids and stamps by collection, filter and
// sort.
type shapes struct {
	mu     sync.Mutex
	byKey  map[string]*shape
	rows   int               // in byKey
	once   map[string]uint64 // lists asked for once, at the generation they were
	byRead int               // how many lists were read, for tests
}

// shape is a whole list read at generation gen; until ready, it is being
// read.
type shape struct {
	gen   uint64
	ready bool
	rows  []stampRow
}

// listKey is what a whole list is kept by.
func listKey(col *core.Collection, filter, sort string) string {
	return col.Id + "\x00" + filter + "\x00" + sort
}

// wholeListable reports whether the list of filter and sort depends on
// nothing but the collection's own records, whose changes forget it: @now
// and the like change it as time passes, and a path through a relation
// (authors.name) as other collections change. A dot in a literal is
// taken for a path too: such a list is only not kept.
func wholeListable(col *core.Collection, filter, sort string) bool {
	for _, s := range []string{filter, sort, *col.ListRule} {
		if strings.ContainsAny(s, "@.") {
			return false
		}
	}
	return true
}

// keptPage is the page query asks for cut from its kept whole list, if
// one is ready at generation gen.
func (s *shapes) keptPage(gen uint64, col *core.Collection, query url.Values) ([]stampRow, *search.Result, bool) {
	filter, sort := query.Get(search.FilterQueryParam), query.Get(search.SortQueryParam)
	if !wholeListable(col, filter, sort) {
		return nil, nil, false
	}
	page, perPage, skipTotal, ok := paging(query)
	if !ok {
		return nil, nil, false
	}
	s.mu.Lock()
	sh, found := s.byKey[listKey(col, filter, sort)]
	ready := found && sh.gen == gen && sh.ready
	var rows []stampRow
	if ready {
		rows = sh.rows // never changed once ready
	}
	s.mu.Unlock()
	if !ready {
		return nil, nil, false
	}
	result := &search.Result{Page: page, PerPage: perPage, TotalItems: -1, TotalPages: -1}
	if !skipTotal {
		result.TotalItems = len(rows)
		result.TotalPages = int(math.Ceil(float64(len(rows)) / float64(perPage)))
	}
	from := min((page-1)*perPage, len(rows))
	return rows[from:min(from+perPage, len(rows))], result, true
}

// asked notes that query's list was answered through the provider at
// generation gen, and has its whole list read by read in the background
// when it was asked for before or for a deep page.
func (s *shapes) asked(gen uint64, col *core.Collection, query url.Values, read func(filter, sort string) ([]stampRow, error)) {
	filter, sort := query.Get(search.FilterQueryParam), query.Get(search.SortQueryParam)
	if !wholeListable(col, filter, sort) {
		return
	}
	page, perPage, _, ok := paging(query)
	if !ok {
		return
	}
	key := listKey(col, filter, sort)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.once == nil {
		s.once = map[string]uint64{}
		s.byKey = map[string]*shape{}
	}
	if sh, found := s.byKey[key]; found && sh.gen == gen {
		return // being read
	}
	if before, found := s.once[key]; (!found || before != gen) && (page-1)*perPage < deepOffset {
		if len(s.once) >= maxAsked {
			clear(s.once)
		}
		s.once[key] = gen
		return
	}
	delete(s.once, key)
	sh := &shape{gen: gen}
	s.put(key, sh)
	s.byRead++
	go func() {
		rows, err := read(filter, sort)
		s.mu.Lock()
		defer s.mu.Unlock()
		if err != nil || s.byKey[key] != sh {
			return // the handler answers it meanwhile
		}
		sh.rows, sh.ready = rows, true
		s.rows += len(rows)
		for k, other := range s.byKey {
			if s.rows <= maxShapeRows {
				break
			}
			if k != key {
				s.drop(k, other)
			}
		}
	}()
}

// put keeps sh as key's list, forgetting lists read before a change.
func (s *shapes) put(key string, sh *shape) {
	for k, old := range s.byKey {
		if old.gen != sh.gen || k == key {
			s.drop(k, old)
		}
	}
	s.byKey[key] = sh
}

func (s *shapes) drop(key string, sh *shape) {
	delete(s.byKey, key)
	if sh.ready {
		s.rows -= len(sh.rows)
	}
}

// paging reads page, perPage and skipTotal as PocketBase's search
// provider does (Parse, then Exec's normalization); ok is false where the
// provider would refuse them.
func paging(query url.Values) (page, perPage int, skipTotal, ok bool) {
	page, perPage = 1, search.DefaultPerPage
	var err error
	if raw := query.Get(search.SkipTotalQueryParam); raw != "" {
		if skipTotal, err = strconv.ParseBool(raw); err != nil {
			return 0, 0, false, false
		}
	}
	if raw := query.Get(search.PageQueryParam); raw != "" {
		if page, err = strconv.Atoi(raw); err != nil {
			return 0, 0, false, false
		}
	}
	if raw := query.Get(search.PerPageQueryParam); raw != "" {
		if perPage, err = strconv.Atoi(raw); err != nil {
			return 0, 0, false, false
		}
	}
	if page <= 0 {
		page = 1
	}
	if perPage <= 0 {
		perPage = search.DefaultPerPage
	} else if perPage > search.MaxPerPage {
		perPage = search.MaxPerPage
	}
	return page, perPage, skipTotal, true
}

// settled reports whether no whole list is being read.
func (s *shapes) settled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sh := range s.byKey {
		if !sh.ready {
			return false
		}
	}
	return true
}

// readWholeList reads the ids and stamps of every record of col the list
// of filter and sort holds, in its order, with the resolver, rule, filter
// and sort PocketBase's search provider builds its query of.
func readWholeList(app core.App, col *core.Collection, info *core.RequestInfo, filter, sort string) ([]stampRow, error) {
	query := stampsQuery(app, col)
	resolver, err := ruled(app, col, info, query)
	if err != nil {
		return nil, err
	}
	resolver.SetAllowHiddenFields(false)
	if filter != "" {
		expr, err := search.FilterData(filter).BuildExprWithLimit(resolver, search.DefaultFilterExprLimit)
		if err != nil {
			return nil, err
		}
		if expr != nil {
			query.AndWhere(expr)
		}
	}
	for _, f := range search.ParseSortFromString(sort) {
		expr, err := f.BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		if expr != "" {
			query.AndOrderBy(expr)
		}
	}
	if err := resolver.UpdateQuery(query); err != nil {
		return nil, err
	}
	var rows []stampRow
	err = query.All(&rows)
	return rows, err
}
