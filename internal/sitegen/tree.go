package sitegen

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// tree is the generated part of the Hugo project — content and data files
// by slash path — built in memory, so a live site can write only what
// differs from its last build.
type tree struct {
	files map[string][]byte
	// outputs are the addresses a content file's page is published at:
	// its URL, then its aliases; to remove when the page goes
	outputs map[string][]string
	// sitemap has the address of each content file's page that belongs
	// in the sitemap
	sitemap map[string]sitemapEntry
	// sums are the SHA-256 of the content files, made with them
	sums map[string][32]byte
	// pending are pages whose front matter is yet to be encoded: flush
	// encodes them on all cores
	pending []pendingPage
	// memo is a live site's last build, whose pages flush does not encode
	// again where their front matter is the same; nil in a one-off build.
	// A page reused this way is in files without bytes when it has an
	// address: only changed pages are given to Hugo.
	memo *memo
}

type pendingPage struct {
	rel string
	p   frontMatter
}

func newTree() *tree { return newTreeOf(0) }

// newTreeOf is a tree for about n files: a live site knows how many its
// last build had, and maps grown from empty rehash all along.
func newTreeOf(n int) *tree {
	return &tree{files: make(map[string][]byte, n), outputs: make(map[string][]string, n), sitemap: make(map[string]sitemapEntry, n),
		sums: make(map[string][32]byte, n), pending: make([]pendingPage, 0, n)}
}

// flush encodes the pending pages, in parallel: encoding is most of the
// time of generating a site's content. Pages the memo holds with the same
// front matter are not encoded again.
func (t *tree) flush() error {
	type encoded struct {
		data []byte
		sum  [32]byte
	}
	out := make([]encoded, len(t.pending))
	var g errgroup.Group
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			for i := w; i < len(t.pending); i += workers {
				pp := t.pending[i]
				if old, ok := t.memo.page(pp.rel, pp.p); ok {
					out[i] = encoded{old.data, old.sum}
					continue
				}
				data, err := encodePage(pp.p)
				if err != nil {
					return fmt.Errorf("page %s: %w", pp.rel, err)
				}
				data = append(data, '\n')
				out[i] = encoded{data, sha256.Sum256(data)}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var pages map[string]memoPage
	if t.memo != nil {
		pages = make(map[string]memoPage, len(t.pending))
	}
	for i, pp := range t.pending {
		t.files[pp.rel], t.sums[pp.rel] = out[i].data, out[i].sum
		if pages != nil {
			mp := memoPage{fm: pp.p, sum: out[i].sum}
			if len(t.outputs[pp.rel]) == 0 {
				mp.data = out[i].data
			}
			pages[pp.rel] = mp
		}
	}
	if t.memo != nil {
		t.memo.pages = pages
	}
	t.pending = nil
	return nil
}

// encodePage encodes a page's front matter — a page kind's struct or a
// free-form page — as json.Marshal does, but splices the cards in as they
// are: json.Marshal compacts and checks every embedded card again, and a
// card is embedded in many pages.
func encodePage(fm any) ([]byte, error) {
	var b bytes.Buffer
	v := reflect.ValueOf(fm)
	switch v.Kind() {
	case reflect.Struct:
		b.WriteByte('{')
		n := 0
		for _, f := range fieldsOf(v.Type()) {
			fv := v.FieldByIndex(f.index)
			if f.omitEmpty && isEmptyValue(fv) {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			b.Write(f.key)
			if err := encodeValue(&b, fv); err != nil {
				return nil, fmt.Errorf("%s: %w", f.name, err)
			}
		}
		b.WriteByte('}')
	case reflect.Map:
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			key, err := json.Marshal(k)
			if err != nil {
				return nil, err
			}
			b.Write(key)
			b.WriteByte(':')
			if err := encodeValue(&b, v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
		}
		b.WriteByte('}')
	default:
		return nil, fmt.Errorf("front matter of type %T", fm)
	}
	return bytes.Clone(b.Bytes()), nil // the tree keeps it: no spare capacity
}

// encodeValue encodes a value of the front matter, splicing in the cards
// and lists of cards.
func encodeValue(b *bytes.Buffer, v reflect.Value) error {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		v = v.Elem()
	}
	switch {
	case isCard(v.Type()):
		writeCard(b, v.Bytes())
		return nil
	case v.Kind() == reflect.Slice && isCard(v.Type().Elem()):
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('[')
		for j := 0; j < v.Len(); j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			writeCard(b, v.Index(j).Bytes())
		}
		b.WriteByte(']')
		return nil
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	b.Write(data)
	return nil
}

// isCard tells an encoded card: an encoded[T], or a card.
func isCard(t reflect.Type) bool {
	return t == reflect.TypeFor[card]() || t.Implements(reflect.TypeFor[encodedJSON]())
}

func writeCard(b *bytes.Buffer, data []byte) {
	if len(data) == 0 {
		b.WriteString("null")
		return
	}
	b.Write(data)
}

// jsonField is a field of a front-matter struct as encoding/json sees it.
type jsonField struct {
	name      string
	key       []byte // the name encoded, and a colon
	index     []int
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type → []jsonField

// fieldsOf are the JSON fields of the struct t, those of embedded structs
// in place: all front matter needs of encoding/json's rules.
func fieldsOf(t reflect.Type) []jsonField {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]jsonField)
	}
	var fs []jsonField
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			at := append(append([]int(nil), index...), i)
			tag := f.Tag.Get("json")
			if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, at)
				continue
			}
			if !f.IsExported() || tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			key, _ := json.Marshal(name)
			fs = append(fs, jsonField{name: name, key: append(key, ':'), index: at,
				omitEmpty: slices.Contains(strings.Split(opts, ","), "omitempty")})
		}
	}
	walk(t, nil)
	fieldCache.Store(t, fs)
	return fs
}

// isEmptyValue is encoding/json's test for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// sum is the SHA-256 of the file at rel.
func (t *tree) sum(rel string) [32]byte {
	if s, ok := t.sums[rel]; ok {
		return s
	}
	return sha256.Sum256(t.files[rel])
}

func (t *tree) put(rel string, data []byte, outputs []string) {
	t.files[rel] = data
	if len(outputs) > 0 {
		t.outputs[rel] = outputs
	}
}

// release forgets the files' bytes once they are written, keeping their
// addresses, sums and sitemap: Hugo needs the memory more.
func (t *tree) release() { t.files = nil }

// writeStatic writes the files under static/ into the site folder out, as
// the hugo command copies them.
func (t *tree) writeStatic(out string) error {
	for rel, data := range t.files {
		if name, ok := strings.CutPrefix(rel, "static/"); ok {
			if err := writeFile(filepath.Join(out, filepath.FromSlash(name)), data); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTo writes every file under dir.
func (t *tree) writeTo(dir string) error {
	for rel, data := range t.files {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), data); err != nil {
			return err
		}
	}
	return nil
}

// removeOutputs removes what Hugo published for a page at the addresses
// given, and the folders left empty.
func removeOutputs(publishDir string, addresses []string) {
	for _, a := range addresses {
		d := filepath.Join(publishDir, filepath.FromSlash(a))
		for _, name := range []string{"index.html", "index.xml"} {
			removeFileAndEmptyDirs(publishDir, filepath.Join(d, name))
		}
	}
}

// removeFileAndEmptyDirs removes p and the folders up to root it leaves
// empty.
func removeFileAndEmptyDirs(root, p string) {
	os.Remove(p)
	for d := filepath.Dir(p); len(d) > len(root); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			return // not empty
		}
	}
}
