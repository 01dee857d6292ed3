package sitegen

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/russian"

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
	chunks map[string]string   // stem → the chunk it is in
	docs   map[string]docTerms // by the document's URL
}

type docTerms struct {
	sig   uint64
	terms map[string]int // stem → weight
}

// newSearchCache makes an empty cache.
func newSearchCache() *searchCache {
	return &searchCache{seed: maphash.MakeSeed(), words: map[string]string{}, chunks: map[string]string{}, docs: map[string]docTerms{}}
}

// field is a text of a document and its weight; html texts are reduced to
// plain text first.
type field struct {
	text   string
	weight int
	html   bool
}

// stem is the indexed stem of w, "" for a word not indexed.
func (c *searchCache) stem(w string) string {
	if st, ok := c.words[w]; ok {
		return st
	}
	st := stem(w)
	if len([]rune(st)) < 2 {
		st = ""
	} else if _, ok := c.chunks[st]; !ok {
		c.chunks[st] = chunkKey(st)
	}
	c.words[w] = st
	return st
}

// terms returns the weighted stems of a document, from the cache when its
// fields are the same as last time.
func (c *searchCache) terms(url string, fields []field, fresh map[string]docTerms) map[string]int {
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, f := range fields {
		h.WriteString(f.text)
		fmt.Fprintf(&h, "\x00%d\x00", f.weight)
	}
	sig := h.Sum64()
	if d, ok := c.docs[url]; ok && d.sig == sig {
		fresh[url] = d
		return d.terms
	}
	terms := map[string]int{}
	for _, f := range fields {
		text := f.text
		if f.html {
			text = plainText(text)
		}
		for _, w := range words(text) {
			if st := c.stem(w); st != "" {
				terms[st] += f.weight
			}
		}
	}
	fresh[url] = docTerms{sig: sig, terms: terms}
	return terms
}

// writeSearchIndex puts the index in out under search/.
func writeSearchIndex(out *tree, s *Site, cache *searchCache) error {
	if cache == nil {
		cache = newSearchCache()
	}
	fresh := map[string]docTerms{}
	var docs []searchDoc
	postings := map[string]map[string]map[int]int{} // chunk → stem → doc → weight
	add := func(doc searchDoc, fields ...field) {
		id := len(docs)
		docs = append(docs, doc)
		for st, weight := range cache.terms(doc.URL, fields, fresh) {
			key := cache.chunks[st]
			if postings[key] == nil {
				postings[key] = map[string]map[int]int{}
			}
			if postings[key][st] == nil {
				postings[key][st] = map[int]int{}
			}
			postings[key][st][id] += weight
		}
	}
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
	cache.docs = fresh // documents gone from the site are forgotten

	// documents go in small shards: a search loads only the shards of the
	// results it shows

	for start := 0; start < len(docs) || start == 0; start += SearchShard {
		shard := docs[start:min(start+SearchShard, len(docs))]
		if shard == nil {
			shard = []searchDoc{}
		}
		if err := putJSON(out, "search/docs/"+strconv.Itoa(start/SearchShard)+".json", shard); err != nil {
			return err
		}
	}
	for key, stems := range postings {
		chunk := map[string][][2]int{}
		for st, byDoc := range stems {
			list := make([][2]int, 0, len(byDoc))
			for id, w := range byDoc {
				list = append(list, [2]int{id, w})
			}
			sort.Slice(list, func(i, j int) bool { return list[i][0] < list[j][0] })
			chunk[st] = list
		}
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
