package sitegen

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

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
}

type pendingPage struct {
	rel string
	p   page
}

func newTree() *tree {
	return &tree{files: map[string][]byte{}, outputs: map[string][]string{}, sitemap: map[string]sitemapEntry{},
		sums: map[string][32]byte{}}
}

// flush encodes the pending pages, in parallel: encoding is most of the
// time of generating a site's content.
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
	for i, pp := range t.pending {
		t.files[pp.rel], t.sums[pp.rel] = out[i].data, out[i].sum
	}
	t.pending = nil
	return nil
}

// encodePage encodes p as json.Marshal does, but splices the cards in as
// they are: json.Marshal compacts and checks every embedded card again,
// and a card is embedded in many pages.
func encodePage(p page) ([]byte, error) {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
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
		switch v := p[k].(type) {
		case card:
			b.Write(v)
		case []card:
			b.WriteByte('[')
			for j, c := range v {
				if j > 0 {
					b.WriteByte(',')
				}
				b.Write(c)
			}
			b.WriteByte(']')
		default:
			data, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			b.Write(data)
		}
	}
	b.WriteByte('}')
	return bytes.Clone(b.Bytes()), nil // the tree keeps it: no spare capacity
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
