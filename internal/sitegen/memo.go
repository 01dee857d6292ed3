package sitegen

import (
	"bytes"
	"crypto/sha256"
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

	materialCards kept[MaterialCard, encoded[MaterialCard]]
	practiceCards kept[PracticeCard, encoded[PracticeCard]]
	eventCards    kept[EventCard, encoded[EventCard]]
	teacherCards  kept[TeacherCard, encoded[TeacherCard]]
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

// kept keeps, between a live site's builds, what was made of each
// item's value — a card's bytes, an event's VEVENT — so that a build makes
// it again only for the items whose value differs. An item the build did
// not ask for is forgotten when it is done; a nil *kept keeps nothing.
type kept[V, R any] struct {
	last, next map[string]keptItem[V, R]
}

type keptItem[V, R any] struct {
	v V
	r R
}

// get is what made makes of v for the item key, the last build's when v
// is the same.
func (k *kept[V, R]) get(key string, v V, made func() R) R {
	if k == nil {
		return made()
	}
	if k.next == nil {
		k.next = make(map[string]keptItem[V, R], len(k.last))
	}
	if old, ok := k.next[key]; ok && equalValues(old.v, v) {
		return old.r // asked again in this build
	}
	if old, ok := k.last[key]; ok && equalValues(old.v, v) {
		k.next[key] = old
		return old.r
	}
	r := made()
	k.next[key] = keptItem[V, R]{v, r}
	return r
}

// done ends a build.
func (k *kept[V, R]) done() {
	if k != nil {
		k.last, k.next = k.next, nil
	}
}

// encodeCard is the card v of the item slug, encoded once and kept in k.
func encodeCard[T any](k *kept[T, encoded[T]], slug string, v T, err *error) encoded[T] {
	return k.get(slug, v, func() encoded[T] { return encode(v, err) })
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

// cardsDone ends a build's cards.
func (m *memo) cardsDone() {
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

// keptFiles keeps, between a live site's builds, the sum of each file of
// the extras (feeds, sitemap) by what it was made of, so that a build
// encodes again only the files whose making differs: a publish at 50,000
// materials encoded 83,000 sitemap addresses and 5,000 calendars to
// change a few. The stage must hold the files of the last build: a full
// build starts from an empty memo.
type keptFiles[V any] = kept[V, [32]byte]

// putKept puts into out at rel the file make makes of v — or, when k
// holds one made of an equal v, the same file without its bytes, as the
// memo's pages are. A nil k keeps nothing.
func putKept[V any](k *keptFiles[V], out *tree, rel string, v V, make func() ([]byte, error)) error {
	if k == nil {
		data, err := make()
		if err != nil {
			return err
		}
		out.put(rel, data, nil)
		return nil
	}
	var data []byte
	var err error
	sum := k.get(rel, v, func() [32]byte {
		if data, err = make(); err != nil {
			return [32]byte{} // the build fails, and a failed build empties the memo
		}
		return sha256.Sum256(data)
	})
	if err != nil {
		return err
	}
	out.put(rel, data, nil)
	out.sums[rel] = sum
	return nil
}
