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

// A reader — or another site's crawler — paging through the whole bank
// asks for page=N of the same list again and again. SQLite finds page N
// by walking the N×perPage entries before it, even in an index: at
// 50,000 materials a deep page cost 5 ms of CPU, ten times a first page.
// So the first deep page of a list (filter and sort) reads the whole
// list's ids and stamps once, through PocketBase's search provider 500
// at a time, and the pages after it are cut from that until anything in
// the collections changes.

const (
	// deepOffset is the offset from which a page is cut from its whole
	// list: pages before it are cheap to find.
	deepOffset = 500
	// maxShapes bounds the lists kept (each some 70 bytes a record).
	maxShapes = 8
	// shapePage is how many records a list is read by.
	shapePage = 500
)

// shapes keeps whole lists of ids and stamps by collection, filter and
// sort.
type shapes struct {
	mu     sync.Mutex
	byKey  map[string]*shape
	byRead int // how many lists were read, for tests
}

// shape is a whole list read at generation gen; ready closes once rows
// (or failed) are set.
type shape struct {
	gen    uint64
	ready  chan struct{}
	rows   []stampRow
	failed bool
}

// deepPage is the page query asks for cut from its whole list, when the
// page is deep and the list depends on nothing but the data; ok is false
// when the caller should ask SQLite for the page itself.
func (c *items) deepPage(e *core.RequestEvent, col *core.Collection, info *core.RequestInfo, query url.Values) ([]stampRow, *search.Result, bool) {
	filter, sort := query.Get(search.FilterQueryParam), query.Get(search.SortQueryParam)
	// @now and the like change the list as time passes, not as data does
	if strings.Contains(filter, "@") || strings.Contains(sort, "@") || strings.Contains(*col.ListRule, "@") {
		return nil, nil, false
	}
	page, perPage, skipTotal, ok := paging(query)
	if !ok || (page-1)*perPage < deepOffset {
		return nil, nil, false
	}
	rows, ok := c.shapes.list(c.generation(), col.Id+"\x00"+filter+"\x00"+sort, func() ([]stampRow, bool) {
		return readShape(e, col, info, filter, sort)
	})
	if !ok {
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

// list is the whole list of key at generation gen, read by read once for
// all who ask for it meanwhile.
func (s *shapes) list(gen uint64, key string, read func() ([]stampRow, bool)) ([]stampRow, bool) {
	s.mu.Lock()
	if s.byKey == nil {
		s.byKey = map[string]*shape{}
	}
	sh, found := s.byKey[key]
	if found && sh.gen == gen {
		s.mu.Unlock()
		<-sh.ready
		return sh.rows, !sh.failed
	}
	for k, old := range s.byKey {
		if old.gen != gen {
			delete(s.byKey, k) // read before a change
		}
	}
	for k := range s.byKey {
		if len(s.byKey) < maxShapes {
			break
		}
		delete(s.byKey, k)
	}
	sh = &shape{gen: gen, ready: make(chan struct{})}
	s.byKey[key] = sh
	s.byRead++
	s.mu.Unlock()
	rows, ok := read()
	sh.rows, sh.failed = rows, !ok
	close(sh.ready)
	return sh.rows, !sh.failed
}

// readShape reads the whole list of col's records for filter and sort,
// shapePage at a time through the search provider.
func readShape(e *core.RequestEvent, col *core.Collection, info *core.RequestInfo, filter, sort string) ([]stampRow, bool) {
	var all []stampRow
	for page := 1; ; page++ {
		q := url.Values{}
		q.Set(search.FilterQueryParam, filter)
		q.Set(search.SortQueryParam, sort)
		q.Set(search.PageQueryParam, strconv.Itoa(page))
		q.Set(search.PerPageQueryParam, strconv.Itoa(shapePage))
		q.Set(search.SkipTotalQueryParam, "1")
		rows, _, err := pageStamps(e, col, info, q.Encode())
		if err != nil {
			return nil, false
		}
		all = append(all, rows...)
		if len(rows) < shapePage {
			return all, true
		}
	}
}
