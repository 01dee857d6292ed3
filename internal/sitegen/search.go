package sitegen

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"html"
	"io/fs"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/russian"

	"github.com/kopilka/kopilka/internal/ru"
)

// The search index is static: files under /search/ that static/js/search.js
// loads, a few kilobytes a query.
//
// A term is the Snowball stem of a word of four letters or more, a word
// of two or three letters whole (stemming «ИОМ» leaves «и»), and an
// abbreviation written in capitals (ФГОС, МБОУ) whole as well as stemmed.
// Stop words are left out.
//
// search/manifest.json names the chunks that exist, the endings stemming
// cuts off words (those the stemmer knows, and any other the site's words
// showed) and the size of a document shard:
//
//	{"shard": 10, "docs": 1234, "v": "3f9a…", "endings": "а ам ами …", "chunks": "a1 abit …"}
//
// A chunk, search/t/{key}.json, holds the terms whose first four letters
// (all of a shorter term) transliterate to its key, each with its postings:
//
//	{"урок": "0a0b3c…"}
//
// Postings are pairs of numbers — the gap from the previous document
// (less one; the first is the document's number) and the term's weight in
// the document (less one) — each written in base 32, most significant
// digit first, with the digits [0-9a-v] ending a number and [w-zA-Z_-]
// carrying on: a dense list costs two bytes a document.
//
// Documents are in search/docs/{n}.json, SearchShard a file. A document
// keeps its number while it is on the site (a live site's publishes
// rewrite its shard and the chunks of its words, not every file after
// it); the number of one that left stays empty until a new document takes
// it, and "docs" counts numbers, the highest plus one. The page
// revalidates the manifest on every search and asks for chunks and shards
// with ?v={the manifest's v}, a hash of them all, so what a browser keeps
// of an older index is never mixed with a newer one.
//
// A query word w is looked up as Search (and search.js) does: its exact
// term is the longest prefix of w that is a term and leaves an ending of
// the manifest («дробями» → «дроб»); a word of four letters or more also
// matches, below the exact term, every term it begins («робототех» →
// «робототехник»). Only chunks the manifest names are loaded, the one of
// the first four letters first, a shorter prefix's only when no longer
// term matched and the rest of w is an ending. Documents matching every
// word come first, then those matching more words by their exact term,
// then the heavier; the first 20 are shown.

// SearchShard is the number of documents in one shard of the search index.
const SearchShard = 10

// Limits of the index and of a query, mirrored by static/js/search.js
// (which reads the shard size from the manifest).
const (
	searchKeyLetters   = 4    // letters of a term that name its chunk
	searchAbbrevLength = 6    // longest word in capitals kept whole
	searchMaxWeight    = 1024 // a term's weight in a document is capped
	searchSummaryRunes = 200  // of a document's summary in its shard
	searchQueryRunes   = 200  // of a query that are read
	searchQueryWords   = 8    // of a query's words that are looked up
	searchResults      = 20   // documents shown
)

type searchDoc struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Summary string `json:"s"`
	Kind    string `json:"k"`
}

// searchManifest is search/manifest.json.
type searchManifest struct {
	Shard   int    `json:"shard"`
	Docs    int    `json:"docs"`    // document numbers: the highest plus one
	Version string `json:"v"`       // of the chunks and shards, for their addresses`
	Endings string `json:"endings"` // sorted, separated by spaces; "" is one too
	Chunks  string `json:"chunks"`  // keys, sorted, separated by spaces
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

func plainText(htmlText string) string {
	return html.UnescapeString(tagPattern.ReplaceAllString(htmlText, " "))
}

// tokens splits text into words as it is written: letters and digits.
func tokens(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// normalize is the form a word is indexed and looked up in: lower case,
// ё as е.
func normalize(w string) string {
	return strings.ReplaceAll(strings.ToLower(w), "ё", "е")
}

// wordTerms is what a word adds to the index: its term, a second one for
// an abbreviation in capitals, and the ending its stem leaves.
type wordTerms struct {
	term, whole, ending string
}

// termsOfWord works out the terms of a word as written.
func termsOfWord(tok string) wordTerms {
	w := normalize(tok)
	n := utf8.RuneCountInString(w)
	if n < 2 || russian.IsStopWord(w) {
		return wordTerms{}
	}
	if n <= 3 {
		return wordTerms{term: w}
	}
	var t wordTerms
	st := russian.Stem(w, false)
	if utf8.RuneCountInString(st) < 2 {
		t.term = w
	} else {
		t.term = st
		if rest, ok := strings.CutPrefix(w, st); ok {
			t.ending = rest
		}
	}
	if t.term != w && n <= searchAbbrevLength && isCapitals(tok) {
		t.whole = w
	}
	return t
}

// isCapitals tells an abbreviation: two capital letters or more and no
// small ones.
func isCapitals(tok string) bool {
	upper := 0
	for _, r := range tok {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper >= 2
}

// searchTranslit names chunks in ASCII; search.js has the same table.
var searchTranslit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "j", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "c", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "",
	'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
}

// chunkKey names the chunk of a term: its first four letters (all of a
// shorter one), Latin letters and digits as they are, Cyrillic
// transliterated and any other letter as x and its hexadecimal code.
// Different prefixes may share a chunk; lookups compare whole terms.
func chunkKey(term string) string {
	var b strings.Builder
	n := 0
	for _, r := range term {
		if n == searchKeyLetters {
			break
		}
		n++
		switch t, ok := searchTranslit[r]; {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case ok:
			b.WriteString(t)
		default:
			fmt.Fprintf(&b, "x%x", r)
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// searchDigits writes the numbers of postings: [0-9a-v] end a number,
// [w-zA-Z_-] (32 and up) carry it on.
const searchDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-"

func appendNumber(b []byte, n int) []byte {
	var d [8]byte
	i := len(d)
	for {
		i--
		d[i] = byte(n & 31)
		n >>= 5
		if n == 0 {
			break
		}
	}
	for j := i; j < len(d); j++ {
		digit := d[j]
		if j < len(d)-1 {
			digit += 32
		}
		b = append(b, searchDigits[digit])
	}
	return b
}

// appendPosting writes the pair (doc, weight) after one of document prev
// (-1 for the first).
func appendPosting(b []byte, prev, doc, weight int) []byte {
	b = appendNumber(b, doc-prev-1)
	return appendNumber(b, min(weight, searchMaxWeight)-1)
}

// decodePostings reads the pairs appendPosting wrote.
func decodePostings(s string) ([][2]int, error) {
	var out [][2]int
	prev, v, half, pair := -1, 0, false, [2]int{}
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(searchDigits, s[i])
		if d < 0 {
			return nil, fmt.Errorf("postings: %q is not a digit", s[i])
		}
		if d >= 32 {
			v = v*32 + d - 32
			continue
		}
		v = v*32 + d
		if !half {
			pair[0] = prev + v + 1
			prev = pair[0]
		} else {
			pair[1] = v + 1
			out = append(out, pair)
		}
		half, v = !half, 0
	}
	if half || v != 0 {
		return nil, fmt.Errorf("postings end inside a pair")
	}
	return out, nil
}

// searchCache keeps what the search index needs of each word and each
// document between builds of a live site: terms of words (the same words
// recur across thousands of pages and builds), and the weighted terms and
// endings of documents whose texts have not changed. A nil cache is a
// cold one.
type searchCache struct {
	seed    maphash.Seed
	words   map[string]wordTerms // by the word as written
	ids     map[string]int32     // term → its number
	stems   []string             // terms by number
	chunkOf []int32              // the chunk of each term, by number
	chunkID map[string]int32     // chunk → its number
	chunks  []string             // chunks by number
	endings map[string]int32     // ending → its number
	ends    []string             // endings by number
	docs    map[string]docTerms  // by the document's URL
	// slots number the documents, by URL, for as long as they are on the
	// site: numbered afresh each build, a document published in the
	// middle of the order would renumber all after it and change every
	// shard and most chunks — thousands of files a publish
	slots map[string]int32
	// files is what the last build wrote of the index, nil when that is
	// not known: a live site then writes it whole
	files *indexFiles
}

// indexFiles is what a live site's last build wrote of the search index:
// the sum of each shard and chunk, and a sum of what each document number
// showed. A build encodes only the shards of the documents that changed
// and the chunks of the terms they gained or lost — a publish at 50,000
// materials used to encode every posting of the site.
type indexFiles struct {
	sums    map[string][32]byte // shards and chunks, by path
	docSums []uint64            // by document number, 0 for none
}

// stemWeight is a term, by number, and its weight in a document.
type stemWeight struct{ stem, weight int32 }

type docTerms struct {
	fields  []field // the texts the terms were found in
	terms   []stemWeight
	endings []int32
}

// id numbers a term, the first time it is seen.
func (c *searchCache) id(st string) int32 {
	if n, ok := c.ids[st]; ok {
		return n
	}
	n := int32(len(c.stems))
	c.ids[st] = n
	c.stems = append(c.stems, st)
	key := chunkKey(st)
	k, ok := c.chunkID[key]
	if !ok {
		k = int32(len(c.chunks))
		c.chunkID[key] = k
		c.chunks = append(c.chunks, key)
	}
	c.chunkOf = append(c.chunkOf, k)
	return n
}

// endingID numbers an ending, the first time it is seen.
func (c *searchCache) endingID(e string) int32 {
	if n, ok := c.endings[e]; ok {
		return n
	}
	n := int32(len(c.ends))
	c.endings[e] = n
	c.ends = append(c.ends, e)
	return n
}

// newSearchCache makes an empty cache.
func newSearchCache() *searchCache {
	return &searchCache{seed: maphash.MakeSeed(), words: map[string]wordTerms{}, ids: map[string]int32{}, chunkID: map[string]int32{},
		endings: map[string]int32{}, docs: map[string]docTerms{}, slots: map[string]int32{}}
}

// assignSlots numbers the documents of inputs: a document keeps the number
// it had, a new one takes the lowest number no document has (one whose
// document left the site), else the next. It returns each input's number
// and how many numbers there are, the highest in use plus one, and the
// numbers of the documents no longer on the site, by URL.
func (c *searchCache) assignSlots(inputs []docInput) ([]int, int, map[string]int32) {
	present := make(map[string]bool, len(inputs))
	for _, in := range inputs {
		present[in.doc.URL] = true
	}
	used := make(map[int32]bool, len(inputs))
	gone := map[string]int32{}
	for url, n := range c.slots {
		if present[url] {
			used[n] = true
		} else {
			gone[url] = n
			delete(c.slots, url)
		}
	}
	slots := make([]int, len(inputs))
	next := int32(0) // the lowest number that may be free
	size := 0
	for i, in := range inputs {
		n, ok := c.slots[in.doc.URL]
		if !ok {
			for used[next] {
				next++
			}
			n = next
			used[n] = true
			c.slots[in.doc.URL] = n
		}
		slots[i] = int(n)
		size = max(size, int(n)+1)
	}
	return slots, size, gone
}

// field is a text of a document and its weight; html texts are reduced to
// plain text first.
type field struct {
	text   string
	weight int
	html   bool
}

// docFound is what the index holds of a document: its weighted terms and
// the endings its words' stems left.
type docFound struct {
	terms   map[string]int
	endings map[string]bool
}

// termsOf returns the weighted terms of a document's fields; the terms of
// words are looked up in known, then in memo, and new ones added to memo.
func termsOf(fields []field, known, memo map[string]wordTerms) docFound {
	found := docFound{terms: map[string]int{}, endings: map[string]bool{}}
	for _, f := range fields {
		text := f.text
		if f.html {
			text = plainText(text)
		}
		for _, tok := range tokens(text) {
			wt, ok := known[tok]
			if !ok {
				if wt, ok = memo[tok]; !ok {
					wt = termsOfWord(tok)
					memo[tok] = wt
				}
			}
			if wt.term == "" {
				continue
			}
			found.terms[wt.term] += f.weight
			found.endings[wt.ending] = true
			if wt.whole != "" {
				found.terms[wt.whole] += f.weight
			}
		}
	}
	return found
}

// allTerms returns the weighted terms of each document and the endings of
// them all: from the cache when a document's fields are the same as last
// time, else worked out on all cores. The cache then holds exactly these
// documents.
func (c *searchCache) allTerms(inputs []docInput) ([][]stemWeight, []string) {
	out := make([][]stemWeight, len(inputs))
	ends := make([][]int32, len(inputs))
	found := make([]docFound, len(inputs))
	var todo []int
	for i, in := range inputs {
		// a snapshot hands out the same strings for records that did not
		// change, and a string compared with itself is equal at once,
		// where hashing every body of the site each publish was not
		if d, ok := c.docs[in.doc.URL]; ok && slices.Equal(d.fields, in.fields) {
			out[i], ends[i] = d.terms, d.endings
			continue
		}
		todo = append(todo, i)
	}
	workers := runtime.GOMAXPROCS(0)
	memos := make([]map[string]wordTerms, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		memos[w] = map[string]wordTerms{}
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
		for w, wt := range memo {
			c.words[w] = wt
		}
	}
	for _, i := range todo {
		terms := make([]stemWeight, 0, len(found[i].terms))
		for st, weight := range found[i].terms {
			terms = append(terms, stemWeight{c.id(st), int32(weight)})
		}
		out[i] = terms
		endings := make([]int32, 0, len(found[i].endings))
		for e := range found[i].endings {
			endings = append(endings, c.endingID(e))
		}
		ends[i] = endings
	}
	fresh := make(map[string]docTerms, len(inputs))
	seen := map[int32]bool{}
	for i, in := range inputs {
		fresh[in.doc.URL] = docTerms{fields: in.fields, terms: out[i], endings: ends[i]}
		for _, e := range ends[i] {
			seen[e] = true
		}
	}
	c.docs = fresh // documents gone from the site are forgotten
	set := map[string]bool{}
	for _, e := range stemEndings() {
		set[e] = true
	}
	for e := range seen {
		set[c.ends[e]] = true
	}
	delete(set, "") // always one
	endings := make([]string, 0, len(set))
	for e := range set {
		endings = append(endings, e)
	}
	slices.Sort(endings)
	return out, endings
}

// stemEndings are endings the Snowball stemmer cuts off Russian words
// (github.com/kljensen/snowball/russian): those of adjectives with and
// without a participle, of verbs and nouns, gerunds, reflexive verbs and
// participles, nouns in -ость and adjectives in -нн-. A query word that
// is a term and one of these is matched exactly even when the site's own
// words never showed that ending («координатным» finds «координатн»).
func stemEndings() []string {
	adjectives := strings.Fields("ими ыми его ого ему ому ее ие ые ое ей ий ый ой ем им ым ом их ых ую юю ая яя ою ею")
	participles := strings.Fields("ивш ывш ующ ем нн вш ющ щ")
	active := strings.Fields("ивш ывш ующ вш ющ щ")
	verbs := strings.Fields("уйте ейте ыть ыло ыли ыла уют ует нно йте ишь ить ите ило или ила ешь ете ены ено ена ят ют ыт ым ыл ую уй ть ны но на ло ли ла ит им ил ет ен ем ей ю н л й")
	nouns := strings.Fields("иями ями иях иям ием ией ами ях ям ья ью ье ом ой ов ия ию ий ии ие ем ей еи ев ах ам я ю ь ы у о й и е а")
	out := slices.Concat(strings.Fields("ившись ывшись вшись ивши ывши вши ив ыв в ся сь ост"), adjectives, verbs, nouns)
	for _, a := range adjectives {
		for _, p := range participles {
			out = append(out, p+a)
		}
		for _, p := range active {
			out = append(out, p+a+"ся")
		}
		out = append(out, "н"+a)
	}
	for _, v := range verbs {
		out = append(out, v+"ся", v+"сь")
	}
	for _, n := range nouns {
		out = append(out, "ост"+n)
	}
	return out
}

// docInput is a document of the index and the texts it is found by.
type docInput struct {
	doc    searchDoc
	fields []field
}

// shortSummary cuts a summary for the results list at a word.
func shortSummary(s string) string {
	if utf8.RuneCountInString(s) <= searchSummaryRunes {
		return s
	}
	r := []rune(s)[:searchSummaryRunes]
	cut := strings.LastIndexFunc(string(r), unicode.IsSpace)
	if cut <= 0 {
		cut = len(string(r))
	}
	return strings.TrimRightFunc(string(r)[:cut], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// writeSearchIndex puts the index in out under search/.
func writeSearchIndex(out *tree, s *Site, cache *searchCache) error {
	if cache == nil {
		cache = newSearchCache()
	}
	var inputs []docInput
	add := func(doc searchDoc, fields ...field) {
		doc.Summary = shortSummary(doc.Summary)
		inputs = append(inputs, docInput{doc, fields})
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
	for _, a := range s.Associations {
		add(searchDoc{URL: "/mo/" + a.Slug + "/", Title: a.Name, Summary: a.Theme, Kind: ru.Label(ru.AssociationKindsShort, a.Kind)},
			field{a.Name, 10, false}, field{a.Theme + " " + strings.Join(a.Subjects, " "), 3, false}, field{a.AboutHTML, 1, true})
	}
	last := cache.docs
	all, endings := cache.allTerms(inputs)
	slots, size, gone := cache.assignSlots(inputs)
	ix := cache.files
	cache.files = nil               // until this build's files are all made
	docs := make([]searchDoc, size) // a number no document has stays empty
	docSums := make([]uint64, size)
	order := make([]int, len(inputs))
	for i := range order {
		order[i] = i
		docs[slots[i]] = inputs[i].doc
		docSums[slots[i]] = cache.docSum(inputs[i].doc)
	}
	slices.SortFunc(order, func(a, b int) int { return slots[a] - slots[b] })
	shards := max(1, (size+SearchShard-1)/SearchShard)

	// what this build must encode: everything, or the shards of documents
	// whose entry changed and the chunks of terms a document gained or lost
	dirtyShard := make([]bool, shards)
	dirtyChunk := make([]bool, len(cache.chunks))
	if ix == nil {
		ix = &indexFiles{sums: map[string][32]byte{}}
		for k := range dirtyShard {
			dirtyShard[k] = true
		}
		for k := range dirtyChunk {
			dirtyChunk[k] = true
		}
	} else {
		touch := func(terms []stemWeight) {
			for _, t := range terms {
				dirtyChunk[cache.chunkOf[t.stem]] = true
			}
		}
		for i, in := range inputs {
			if old, ok := last[in.doc.URL]; !ok || !slices.Equal(old.terms, all[i]) {
				touch(old.terms)
				touch(all[i])
			}
		}
		for url := range gone {
			touch(last[url].terms)
		}
		// a shard whose length changes has a number that gained or lost
		// its document
		for n := range max(size, len(ix.docSums)) {
			var was, is uint64
			if n < len(ix.docSums) {
				was = ix.docSums[n]
			}
			if n < size {
				is = docSums[n]
			}
			if was != is && n/SearchShard < shards {
				dirtyShard[n/SearchShard] = true
			}
		}
	}

	// the postings of the terms of the chunks to encode, by document,
	// encoded as they are gathered: a common word's postings are tens of
	// thousands of pairs, and its chunk changes with most publishes
	encoded := make([][]byte, len(cache.stems)) // by term
	prev := make([]int32, len(cache.stems))     // the last document of each
	for _, i := range order {
		for _, t := range all[i] {
			if !dirtyChunk[cache.chunkOf[t.stem]] {
				continue
			}
			if encoded[t.stem] == nil {
				encoded[t.stem], prev[t.stem] = make([]byte, 0, 8), -1
			}
			encoded[t.stem] = appendPosting(encoded[t.stem], int(prev[t.stem]), slots[i], int(t.weight))
			prev[t.stem] = int32(slots[i])
		}
	}
	chunks := map[int32]map[string]string{} // chunk → term → postings
	for stem, b := range encoded {
		if b == nil {
			continue
		}
		k := cache.chunkOf[stem]
		if chunks[k] == nil {
			chunks[k] = map[string]string{}
		}
		chunks[k][cache.stems[stem]] = string(b)
	}

	sums := make(map[string][32]byte, len(ix.sums))
	put := func(rel string, v any) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out.put(rel, data, nil)
		out.sums[rel], sums[rel] = sum, sum
		return nil
	}
	keep := func(rel string) error {
		sum, ok := ix.sums[rel]
		if !ok {
			return fmt.Errorf("search index: %s is not among the last build's files", rel)
		}
		// in the tree without bytes, as a page the memo keeps
		out.put(rel, nil, nil)
		out.sums[rel], sums[rel] = sum, sum
		return nil
	}
	// documents go in small shards: a search loads only the shards of the
	// results it shows
	for k := range shards {
		rel := "search/docs/" + strconv.Itoa(k) + ".json"
		var err error
		if dirtyShard[k] {
			err = put(rel, docs[k*SearchShard:min((k+1)*SearchShard, len(docs))]) // never nil: docs is made
		} else {
			err = keep(rel)
		}
		if err != nil {
			return err
		}
	}
	var keys []string
	for k, key := range cache.chunks {
		rel := "search/t/" + key + ".json"
		var err error
		switch {
		case !dirtyChunk[k]:
			if _, ok := ix.sums[rel]; !ok {
				continue // a chunk of terms no document has
			}
			err = keep(rel)
		case chunks[int32(k)] == nil:
			continue // its terms' documents are all gone
		default:
			err = put(rel, chunks[int32(k)])
		}
		if err != nil {
			return err
		}
		keys = append(keys, key)
	}
	slices.Sort(keys)
	// the version names this index in the addresses search.js asks for, so
	// that no browser mixes a chunk or shard it keeps with a newer manifest
	paths := make([]string, 0, len(sums))
	for rel := range sums {
		paths = append(paths, rel)
	}
	slices.Sort(paths)
	sum := sha256.New()
	for _, rel := range paths {
		s := sums[rel]
		sum.Write([]byte(rel))
		sum.Write([]byte{0})
		sum.Write(s[:])
	}
	version := hex.EncodeToString(sum.Sum(nil)[:6])
	cache.files = &indexFiles{sums: sums, docSums: docSums}
	return putJSON(out, "search/manifest.json", searchManifest{Shard: SearchShard, Docs: len(docs), Version: version,
		Endings: strings.Join(endings, " "), Chunks: strings.Join(keys, " ")})
}

// docSum sums what a document's entry in its shard shows.
func (c *searchCache) docSum(d searchDoc) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, f := range []string{d.URL, d.Title, d.Summary, d.Kind} {
		h.WriteString(f)
		h.WriteByte(0)
	}
	return h.Sum64() | 1 // never 0, which is no document
}

func putJSON(out *tree, rel string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	out.put(rel, data, nil)
	return nil
}

// SearchResult is what the site's search page shows for a query and the
// files it loads to show it.
type SearchResult struct {
	Words []string // the words looked up
	Total int      // documents matching at least one word
	All   int      // documents matching every word
	URLs  []string // of the documents shown, best first
	Files []string // the index files loaded, slash paths under the site, sorted
}

// queryWords are the words of a query search.js looks up: its first
// searchQueryRunes characters in the form words are indexed in, words of
// two letters or more, each once, searchQueryWords at most.
func queryWords(query string) []string {
	if r := []rune(query); len(r) > searchQueryRunes {
		query = string(r[:searchQueryRunes])
	}
	var out []string
	for _, w := range tokens(normalize(query)) {
		if utf8.RuneCountInString(w) >= 2 && !slices.Contains(out, w) && len(out) < searchQueryWords {
			out = append(out, w)
		}
	}
	return out
}

// wordHits are the documents a query word matches, with the weights of its
// exact term and of the terms it begins.
type wordHits struct{ exact, prefix map[int]int }

// Search runs a query against the search index of the built site in fsys
// exactly as static/js/search.js does: the same words, chunks, ranking
// and shards. Benchmarks and tests use it to see what a query finds and
// downloads.
func Search(fsys fs.FS, query string) (res SearchResult, err error) {
	res.Words = queryWords(query)
	if len(res.Words) == 0 {
		return res, nil
	}
	loaded := map[string]bool{}
	load := func(rel string, v any) error {
		loaded[rel] = true
		data, err := fs.ReadFile(fsys, rel)
		if err != nil {
			return err
		}
		return json.Unmarshal(data, v)
	}
	defer func() {
		for rel := range loaded {
			res.Files = append(res.Files, rel)
		}
		sort.Strings(res.Files)
	}()
	var man searchManifest
	if err := load("search/manifest.json", &man); err != nil {
		return res, err
	}
	exists, endings := map[string]bool{}, map[string]bool{}
	for _, k := range strings.Fields(man.Chunks) {
		exists[k] = true
	}
	for _, e := range append(strings.Fields(man.Endings), "") {
		endings[e] = true
	}
	chunks := map[string]map[string]string{}
	chunk := func(key string) (map[string]string, error) {
		if c, ok := chunks[key]; ok {
			return c, nil
		}
		var c map[string]string
		if err := load("search/t/"+key+".json", &c); err != nil {
			return nil, err
		}
		chunks[key] = c
		return c, nil
	}
	add := func(to map[int]int, postings string) error {
		list, err := decodePostings(postings)
		for _, p := range list {
			to[p[0]] += p[1]
		}
		return err
	}
	hits := make([]wordHits, len(res.Words))
	for i, w := range res.Words {
		r := []rune(w)
		h := wordHits{exact: map[int]int{}, prefix: map[int]int{}}
		var first map[string]string // the chunk of the first four letters
		if len(r) >= searchKeyLetters {
			if k := chunkKey(w); exists[k] {
				c, err := chunk(k)
				if err != nil {
					return res, err
				}
				first = c
			}
		}
		exact := ""
		for n := len(r); n >= 2 && exact == ""; n-- {
			if !endings[string(r[n:])] {
				continue
			}
			t, c := string(r[:n]), first
			if n < searchKeyLetters {
				k := chunkKey(t)
				if !exists[k] {
					continue
				}
				var err error
				if c, err = chunk(k); err != nil {
					return res, err
				}
			}
			if p, ok := c[t]; ok {
				exact = t
				if err := add(h.exact, p); err != nil {
					return res, err
				}
			}
		}
		if len(r) >= searchKeyLetters {
			for t, p := range first {
				if t != exact && strings.HasPrefix(t, w) {
					if err := add(h.prefix, p); err != nil {
						return res, err
					}
				}
			}
		}
		hits[i] = h
	}
	type rank struct{ id, words, exact, score int }
	ranks := map[int]*rank{}
	for _, h := range hits {
		for _, m := range []map[int]int{h.exact, h.prefix} {
			for id := range m {
				if ranks[id] == nil {
					ranks[id] = &rank{id: id}
				}
			}
		}
		for id, r := range ranks {
			e, p := h.exact[id], h.prefix[id]
			if e > 0 || p > 0 {
				r.words++
				r.score += e + p
			}
			if e > 0 {
				r.exact++
			}
		}
	}
	order := make([]*rank, 0, len(ranks))
	for _, r := range ranks {
		order = append(order, r)
		if r.words == len(res.Words) {
			res.All++
		}
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.words != b.words {
			return a.words > b.words
		}
		if a.exact != b.exact {
			return a.exact > b.exact
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.id < b.id
	})
	res.Total = len(order)
	shards := map[int][]searchDoc{}
	for _, r := range order[:min(searchResults, len(order))] {
		n := r.id / man.Shard
		if _, ok := shards[n]; !ok {
			var docs []searchDoc
			if err := load("search/docs/"+strconv.Itoa(n)+".json", &docs); err != nil {
				return res, err
			}
			shards[n] = docs
		}
		if d := shards[n]; r.id%man.Shard < len(d) {
			res.URLs = append(res.URLs, d[r.id%man.Shard].URL)
		}
	}
	return res, nil
}

// SearchIndexDigest reads the search index of the built site in fsys into
// what it says of each document, by URL: its shard entry and its terms
// with their weights, one per line, sorted; the key "" holds the endings
// and the chunks. Two indexes with equal digests answer every query
// alike, however they number their documents (a live site keeps the
// numbers documents had; a full build numbers them afresh).
func SearchIndexDigest(fsys fs.FS) (map[string]string, error) {
	read := func(rel string, v any) error {
		data, err := fs.ReadFile(fsys, rel)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, v); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		return nil
	}
	var man searchManifest
	if err := read("search/manifest.json", &man); err != nil {
		return nil, err
	}
	if man.Shard <= 0 {
		return nil, fmt.Errorf("search/manifest.json: shard %d", man.Shard)
	}
	docs := map[int]searchDoc{}
	for n := 0; n*man.Shard < man.Docs; n++ {
		var shard []searchDoc
		if err := read("search/docs/"+strconv.Itoa(n)+".json", &shard); err != nil {
			return nil, err
		}
		for i, d := range shard {
			docs[n*man.Shard+i] = d
		}
	}
	lines := map[string][]string{}
	for _, key := range strings.Fields(man.Chunks) {
		var chunk map[string]string
		if err := read("search/t/"+key+".json", &chunk); err != nil {
			return nil, err
		}
		for term, postings := range chunk {
			list, err := decodePostings(postings)
			if err != nil {
				return nil, fmt.Errorf("search/t/%s.json: %s: %w", key, term, err)
			}
			for _, p := range list {
				d, ok := docs[p[0]]
				if !ok || d.URL == "" {
					return nil, fmt.Errorf("search/t/%s.json: %s names document %d, which the shards do not have", key, term, p[0])
				}
				lines[d.URL] = append(lines[d.URL], fmt.Sprintf("%s %d", term, p[1]))
			}
		}
	}
	out := map[string]string{"": "endings: " + man.Endings + "\nchunks: " + man.Chunks}
	for _, d := range docs {
		if d.URL == "" {
			continue // a number no document has
		}
		terms := lines[d.URL]
		slices.Sort(terms)
		out[d.URL] = fmt.Sprintf("%q %q %q\n%s", d.Title, d.Summary, d.Kind, strings.Join(terms, "\n"))
	}
	return out, nil
}
