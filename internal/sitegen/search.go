package sitegen

import (
	"encoding/json"
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

// writeSearchIndex puts the index in out under search/. stems maps words to
// their stems and may be kept between builds: the same words recur across
// thousands of pages and builds, and stemming is most of the work.
func writeSearchIndex(out *tree, s *Site, stems map[string]string) error {
	var docs []searchDoc
	postings := map[string]map[string]map[int]int{} // chunk → stem → doc → weight
	add := func(doc searchDoc, weighted map[string]int) {
		id := len(docs)
		docs = append(docs, doc)
		for text, weight := range weighted {
			for _, w := range words(text) {
				st, ok := stems[w]
				if !ok {
					st = stem(w)
					stems[w] = st
				}
				if len([]rune(st)) < 2 {
					continue
				}
				key := chunkKey(st)
				if postings[key] == nil {
					postings[key] = map[string]map[int]int{}
				}
				if postings[key][st] == nil {
					postings[key][st] = map[int]int{}
				}
				postings[key][st][id] += weight
			}
		}
	}
	for _, m := range s.Materials {
		add(searchDoc{URL: "/materials/" + m.Slug + "/", Title: m.Title, Summary: m.Summary, Kind: "Материал"},
			map[string]int{m.Title: 10, m.Summary: 4, strings.Join(m.Tags, " ") + " " + strings.Join(m.Subjects, " "): 5, plainText(m.BodyHTML): 1})
	}
	for _, p := range s.Practices {
		add(searchDoc{URL: "/practices/" + p.Slug + "/", Title: p.Title, Summary: p.Summary, Kind: "Практика"},
			map[string]int{p.Title: 10, p.Summary: 4, plainText(p.BodyHTML) + " " + plainText(p.ResultsHTML): 1})
	}
	for _, e := range s.Events {
		add(searchDoc{URL: "/events/" + e.Slug + "/", Title: e.Title, Summary: e.Audience, Kind: "Мероприятие"},
			map[string]int{e.Title: 10, e.Audience + " " + strings.Join(e.Subjects, " "): 3, plainText(e.BodyHTML): 1})
	}
	for _, t := range s.Teachers {
		add(searchDoc{URL: "/teachers/" + t.Slug + "/", Title: t.Name, Summary: t.Position, Kind: "Педагог"},
			map[string]int{t.Name: 10, t.Position + " " + t.SelfEducationTheme + " " + strings.Join(t.Subjects, " "): 3})
	}

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
