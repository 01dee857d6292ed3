package sitegen

import (
	"bytes"
	"reflect"
)

// memo keeps what a live site's last build encoded — each content file's
// front matter with its sum, and each card — so that the next build
// encodes only the pages and cards whose values differ. Encoding every
// page of the site was most of a publish's own work (0.5 s of CPU at
// 10,000 materials), yet a publish changes a handful of pages.
//
// A page is a function of its front matter alone (cards and names are
// copied into it, see cards.go), so an equal front matter is an equal
// file: reusing the last sum is exact, whatever changed elsewhere.
// Comparing is cheap because a snapshot reuses the strings of unchanged
// records and the memo reuses the bytes of unchanged cards, and equalValues
// takes identical strings and slices as equal at once.
type memo struct {
	pages map[string]memoPage

	materialCards cardMemo[MaterialCard]
	practiceCards cardMemo[PracticeCard]
	eventCards    cardMemo[EventCard]
	teacherCards  cardMemo[TeacherCard]
}

// memoPage is a content file of the last build.
type memoPage struct {
	fm  frontMatter
	sum [32]byte
	// data is kept for files without an address of their own (section
	// settings, the lists' hidden data): a partial build gives Hugo all of
	// them, changed or not
	data []byte
}

// cardMemo keeps the cards of one kind by slug: the value and its
// encoding.
type cardMemo[T any] struct {
	last, next map[string]memoCard[T]
}

type memoCard[T any] struct {
	v   T
	enc encoded[T]
}

// encode is encode(v) for the item slug, the bytes of the last build's
// card when its value is the same.
func (c *cardMemo[T]) encode(slug string, v T, err *error) encoded[T] {
	if c.next == nil {
		c.next = make(map[string]memoCard[T], len(c.last))
	}
	if old, ok := c.last[slug]; ok && equalValues(old.v, v) {
		c.next[slug] = old
		return old.enc
	}
	enc := encode(v, err)
	c.next[slug] = memoCard[T]{v, enc}
	return enc
}

// done ends a build's cards: cards of items no longer on the site are
// forgotten.
func (c *cardMemo[T]) done() { c.last, c.next = c.next, nil }

// encodeCard is the card of slug encoded through the memo m of its kind,
// or afresh when the build keeps no memo.
func encodeCard[T any](m *cardMemo[T], slug string, v T, err *error) encoded[T] {
	if m == nil {
		return encode(v, err)
	}
	return m.encode(slug, v, err)
}

// page is the last build's content file rel when its front matter was
// fm.
func (m *memo) page(rel string, fm frontMatter) (memoPage, bool) {
	if m == nil {
		return memoPage{}, false
	}
	old, ok := m.pages[rel]
	if !ok || !equalValues(old.fm, fm) {
		return memoPage{}, false
	}
	return old, true
}

// The card memos of each kind; nil when the build keeps no memo.
func (m *memo) materials() *cardMemo[MaterialCard] {
	if m == nil {
		return nil
	}
	return &m.materialCards
}

func (m *memo) practices() *cardMemo[PracticeCard] {
	if m == nil {
		return nil
	}
	return &m.practiceCards
}

func (m *memo) events() *cardMemo[EventCard] {
	if m == nil {
		return nil
	}
	return &m.eventCards
}

func (m *memo) teachers() *cardMemo[TeacherCard] {
	if m == nil {
		return nil
	}
	return &m.teacherCards
}

// cardsDone ends a build's cards.
func (m *memo) cardsDone() {
	if m == nil {
		return
	}
	m.materialCards.done()
	m.practiceCards.done()
	m.eventCards.done()
	m.teacherCards.done()
}

// equalValues reports whether a and b are equal values of front matter, as
// reflect.DeepEqual would (where it cannot tell, it says no: the page is
// encoded again). It is several times faster on pages: front matter has
// no cycles, so nothing visited needs remembering.
func equalValues(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if !va.IsValid() || !vb.IsValid() {
		return va.IsValid() == vb.IsValid()
	}
	return va.Type() == vb.Type() && sameValue(va, vb)
}

// sameValue compares two values of one type.
func sameValue(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		if a.UnsafePointer() == b.UnsafePointer() {
			return true
		}
		if a.Type().Elem().Kind() == reflect.Uint8 {
			return bytes.Equal(a.Bytes(), b.Bytes())
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.UnsafePointer() == b.UnsafePointer() {
			return true // both nil, or one value
		}
		if a.IsNil() || b.IsNil() {
			return false
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		ea, eb := a.Elem(), b.Elem()
		return ea.Type() == eb.Type() && sameValue(ea, eb)
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		if a.UnsafePointer() == b.UnsafePointer() {
			return true
		}
		it := a.MapRange()
		for it.Next() {
			vb := b.MapIndex(it.Key())
			if !vb.IsValid() || !sameValue(it.Value(), vb) {
				return false
			}
		}
		return true
	default:
		// funcs, channels and the like are no part of a page: taken as
		// different, which only costs encoding the page again
		return false
	}
}
