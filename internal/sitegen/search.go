package sitegen

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"html"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/kljensen/snowball/russian"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/slug"
)

// The search index is split into chunks by the first three letters of a
// stem, so a phone loads only the few kilobytes its query needs. A chunk
// maps stems to documents; the browser matches the longest prefix of each
// query word against the chunk's stems, which finds «дроби» for «дробями»
// without a stemmer in JavaScript (Russian stems are prefixes of their
// word forms).

// SearchShard is the number of documents in one shard of the search index.
const SearchShard = 50

type searchDoc struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Summary string `json:"s"`
	Kind    string `json:"k"`
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

func plainText(htmlText string) string {
	return html.UnescapeString(tagPattern.ReplaceAllString(htmlText, " "))
}

func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(text, "ё", "е")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// stem reduces a word to its stem; words of other scripts stay as they are.
func stem(w string) string {
	if russian.IsStopWord(w) {
		return ""
	}
	s := russian.Stem(w, false)
	if s == "" {
		return w
	}
	return s
}

// chunkKey names the chunk of a stem: its first three letters (two for a
// two-letter stem), transliterated so that file names stay ASCII. Three
// letters keep a chunk to a few dozen kilobytes at 10,000 materials.
func chunkKey(stem string) string {
	r := []rune(stem)
	if len(r) > 3 {
		r = r[:3]
	}
	k := slug.Make(string(r))
	if k == "" {
		k = "_"
	}
	return k
}

// searchCache keeps what the search index needs of each word and each
// document between builds of a live site: stems and chunks of words (the
// same words recur across thousands of pages and builds), and the weighted
// stems of documents whose texts have not changed. A nil cache is a cold
// one.
type searchCache struct {
	seed   maphash.Seed
	words  map[string]string   // word → stem, "" for a word not indexed
	ids    map[string]int32    // stem → its number
	stems  []string            // by number
	chunks []string            // the chunk of each stem, by number
	docs   map[string]docTerms // by the document's URL
}

// stemWeight is a stem, by number, and its weight in a document.
type stemWeight struct{ stem, weight int32 }

type docTerms struct {
	sig   uint64
	terms []stemWeight
}

// id numbers a stem, the first time it is seen.
func (c *searchCache) id(st string) int32 {
	if n, ok := c.ids[st]; ok {
		return n
	}
	n := int32(len(c.stems))
	c.ids[st] = n
	c.stems = append(c.stems, st)
	c.chunks = append(c.chunks, chunkKey(st))
	return n
}

// newSearchCache makes an empty cache.
func newSearchCache() *searchCache {
	return &searchCache{seed: maphash.MakeSeed(), words: map[string]string{}, ids: map[string]int32{}, docs: map[string]docTerms{}}
}

// field is a text of a document and its weight; html texts are reduced to
// plain text first.
type field struct {
	text   string
	weight int
	html   bool
}

// signature sums a document's fields, to tell whether its terms are the
// ones the cache holds.
func (c *searchCache) signature(fields []field) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, f := range fields {
		h.WriteString(f.text)
		fmt.Fprintf(&h, "\x00%d\x00", f.weight)
	}
	return h.Sum64()
}

// termsOf returns the weighted stems of a document's fields; stems of
// words are looked up in known, then in memo, and new ones added to memo.
func termsOf(fields []field, known, memo map[string]string) map[string]int {
	terms := map[string]int{}
	for _, f := range fields {
		text := f.text
		if f.html {
			text = plainText(text)
		}
		for _, w := range words(text) {
			st, ok := known[w]
			if !ok {
				if st, ok = memo[w]; !ok {
					if st = stem(w); len([]rune(st)) < 2 {
						st = ""
					}
					memo[w] = st
				}
			}
			if st != "" {
				terms[st] += f.weight
			}
		}
	}
	return terms
}

// allTerms returns the weighted stems of each document: from the cache
// when its fields are the same as last time, else worked out on all
// cores. The cache then holds exactly these documents.
func (c *searchCache) allTerms(inputs []docInput) [][]stemWeight {
	out := make([][]stemWeight, len(inputs))
	found := make([]map[string]int, len(inputs))
	sigs := make([]uint64, len(inputs))
	var todo []int
	for i, in := range inputs {
		sigs[i] = c.signature(in.fields)
		if d, ok := c.docs[in.doc.URL]; ok && d.sig == sigs[i] {
			out[i] = d.terms
			continue
		}
		todo = append(todo, i)
	}
	workers := runtime.GOMAXPROCS(0)
	memos := make([]map[string]string, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		memos[w] = map[string]string{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(todo); k += workers {
				i := todo[k]
				found[i] = termsOf(inputs[i].fields, c.words, memos[w]) // c.words is only read here
			}
		}()
	}
	wg.Wait()
	for _, memo := range memos {
		for w, st := range memo {
			c.words[w] = st
		}
	}
	for _, i := range todo {
		terms := make([]stemWeight, 0, len(found[i]))
		for st, weight := range found[i] {
			terms = append(terms, stemWeight{c.id(st), int32(weight)})
		}
		out[i] = terms
	}
	fresh := make(map[string]docTerms, len(inputs))
	for i, in := range inputs {
		fresh[in.doc.URL] = docTerms{sig: sigs[i], terms: out[i]}
	}
	c.docs = fresh // documents gone from the site are forgotten
	return out
}

// docInput is a document of the index and the texts it is found by.
type docInput struct {
	doc    searchDoc
	fields []field
}

// writeSearchIndex puts the index in out under search/.
func writeSearchIndex(out *tree, s *Site, cache *searchCache) error {
	if cache == nil {
		cache = newSearchCache()
	}
	var inputs []docInput
	add := func(doc searchDoc, fields ...field) { inputs = append(inputs, docInput{doc, fields}) }
	for _, m := range s.Materials {
		add(searchDoc{URL: "/materials/" + m.Slug + "/", Title: m.Title, Summary: m.Summary, Kind: "Материал"},
			field{m.Title, 10, false}, field{m.Summary, 4, false},
			field{strings.Join(m.Tags, " ") + " " + strings.Join(m.Subjects, " "), 5, false}, field{m.BodyHTML, 1, true})
	}
	for _, p := range s.Practices {
		add(searchDoc{URL: "/practices/" + p.Slug + "/", Title: p.Title, Summary: p.Summary, Kind: "Практика"},
			field{p.Title, 10, false}, field{p.Summary, 4, false}, field{p.BodyHTML, 1, true}, field{p.ResultsHTML, 1, true})
	}
	for _, e := range s.Events {
		add(searchDoc{URL: "/events/" + e.Slug + "/", Title: e.Title, Summary: e.Audience, Kind: "Мероприятие"},
			field{e.Title, 10, false}, field{e.Audience + " " + strings.Join(e.Subjects, " "), 3, false}, field{e.BodyHTML, 1, true})
	}
	for _, t := range s.Teachers {
		add(searchDoc{URL: "/teachers/" + t.Slug + "/", Title: t.Name, Summary: t.Position, Kind: "Педагог"},
			field{t.Name, 10, false}, field{t.Position + " " + t.SelfEducationTheme + " " + strings.Join(t.Subjects, " "), 3, false})
	}
	for _, a := range s.Associations {
		add(searchDoc{URL: "/mo/" + a.Slug + "/", Title: a.Name, Summary: a.Theme, Kind: ru.Label(ru.AssociationKindsShort, a.Kind)},
			field{a.Name, 10, false}, field{a.Theme + " " + strings.Join(a.Subjects, " "), 3, false}, field{a.AboutHTML, 1, true})
	}
	docs := make([]searchDoc, len(inputs))
	all := cache.allTerms(inputs)
	postings := make([][][2]int, len(cache.stems)) // stem → (doc, weight), by doc
	for id, terms := range all {
		docs[id] = inputs[id].doc
		for _, t := range terms {
			postings[t.stem] = append(postings[t.stem], [2]int{id, int(t.weight)})
		}
	}
	chunks := map[string]map[string][][2]int{} // chunk → stem → postings
	for n, list := range postings {
		if len(list) == 0 {
			continue
		}
		key := cache.chunks[n]
		if chunks[key] == nil {
			chunks[key] = map[string][][2]int{}
		}
		chunks[key][cache.stems[n]] = list
	}

	// documents go in small shards: a search loads only the shards of the
	// results it shows

	for start := 0; start < len(docs) || start == 0; start += SearchShard {
		shard := docs[start:min(start+SearchShard, len(docs))] // never nil: docs is made
		if err := putJSON(out, "search/docs/"+strconv.Itoa(start/SearchShard)+".json", shard); err != nil {
			return err
		}
	}
	for key, chunk := range chunks {
		if err := putJSON(out, "search/"+key+".json", chunk); err != nil {
			return err
		}
	}
	return nil
}

func putJSON(out *tree, rel string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	out.put(rel, data, nil)
	return nil
}
