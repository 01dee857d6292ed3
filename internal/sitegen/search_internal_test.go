package sitegen

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestTermsOfWords(t *testing.T) {
	for _, c := range []struct {
		word                string
		term, whole, ending string
	}{
		// abbreviations and short words are kept whole: stemming «иом»
		// leaves «и»
		{"ИОМ", "иом", "", ""},
		{"иом", "иом", "", ""},
		{"ОГЭ", "огэ", "", ""},
		{"ВПР", "впр", "", ""},
		{"ШМО", "шмо", "", ""},
		{"РМО", "рмо", "", ""},
		{"КПК", "кпк", "", ""},
		{"ИЗО", "изо", "", ""},
		{"ФГОС", "фгос", "", ""},
		// a longer abbreviation in capitals is a term whole and stemmed
		{"МБОУ", "мбо", "мбоу", "у"},
		{"ЦЕЛЬ", "цел", "цель", "ь"},
		{"ВНИМАНИЕ", "вниман", "", "ие"}, // too long for an abbreviation
		// declined abbreviations and ordinary words: their stems
		{"ИОМа", "иом", "", "а"},
		{"ФГОСа", "фгос", "", "а"},
		{"Деятельностью", "деятельн", "", "остью"},
		{"финансовая", "финансов", "", "ая"},
		{"ёлки", "елк", "", "и"},
		// stop words and single letters are not indexed
		{"для", "", "", ""},
		{"НА", "", "", ""},
		{"и", "", "", ""},
		{"5", "", "", ""},
		{"10", "10", "", ""},
	} {
		got := termsOfWord(c.word)
		if got != (wordTerms{c.term, c.whole, c.ending}) {
			t.Errorf("%s: %+v, want term %q, whole %q, ending %q", c.word, got, c.term, c.whole, c.ending)
		}
	}
}

func TestChunkKeys(t *testing.T) {
	for term, want := range map[string]string{
		"иом": "iom", "фгос": "fgos", "робототехник": "robo", "щука": "shchuka", "цель": "cel", "цел": "cel",
		"ьъ": "_", "2024": "2024", "python": "pyth", "їжак": "x457zhak", "日本語": "x65e5x672cx8a9e",
	} {
		if got := chunkKey(term); got != want {
			t.Errorf("chunkKey(%q) = %q, want %q", term, got, want)
		}
	}
}

func TestPostingsRoundTrip(t *testing.T) {
	for _, list := range [][][2]int{
		nil,
		{{0, 1}},
		{{0, 1}, {1, 1}, {2, 10}, {3, 31}, {4, 32}, {40, 33}, {1000, 1024}, {1 << 20, 5}, {1<<20 + 31, 1}},
	} {
		enc := encodePostings(list)
		if strings.Trim(enc, searchDigits) != "" {
			t.Errorf("%v encodes to %q, with characters that are not digits", list, enc)
		}
		got, err := decodePostings(enc)
		if err != nil || !slices.Equal(got, list) {
			t.Errorf("%v → %q → %v (%v)", list, enc, got, err)
		}
	}
	// a dense list costs two bytes a document; weights are capped
	if enc := encodePostings([][2]int{{0, 1}, {1, 2}, {2, 3}}); enc != "000102" {
		t.Errorf("dense postings: %q", enc)
	}
	if got, _ := decodePostings(encodePostings([][2]int{{7, 5000}})); got[0][1] != searchMaxWeight {
		t.Errorf("a weight of 5000 reads %d, want the cap %d", got[0][1], searchMaxWeight)
	}
	for _, bad := range []string{"0", "0w", "0!"} {
		if _, err := decodePostings(bad); err == nil {
			t.Errorf("%q decodes", bad)
		}
	}
}

func TestStemEndingsHoldWhatTheStemmerCutsOff(t *testing.T) {
	endings := map[string]bool{}
	for _, e := range stemEndings() {
		endings[e] = true
	}
	for _, w := range []string{"координатным", "координатными", "уроками", "дробями", "проектная", "деятельности",
		"грамотностью", "развивающихся", "обучающимися", "современные", "организованный", "учащиеся", "читали", "работаешь"} {
		wt := termsOfWord(w)
		if !endings[wt.ending] {
			t.Errorf("%s: the ending %q of stem %q is not known", w, wt.ending, wt.term)
		}
	}
}

// TestSearchMirrorsTheIndex runs Search on a hand-made index: the exact
// term is the longest prefix with an ending; shorter chunks are loaded
// only when needed; ranking puts every word, then exact terms first.
func TestSearchMirrorsTheIndex(t *testing.T) {
	put := func(fsys fstest.MapFS, rel string, v any) {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		fsys[rel] = &fstest.MapFile{Data: data}
	}
	fsys := fstest.MapFS{}
	put(fsys, "search/manifest.json", searchManifest{Shard: 2, Docs: 5, Version: "x", Endings: "а ами ы", Chunks: "dom doma igr urok"})
	put(fsys, "search/t/urok.json", map[string]string{"урок": encodePostings([][2]int{{0, 5}, {1, 1}}), "урокодатель": encodePostings([][2]int{{2, 50}})})
	put(fsys, "search/t/igr.json", map[string]string{"игр": encodePostings([][2]int{{1, 1}, {3, 2}})})
	put(fsys, "search/t/dom.json", map[string]string{"дом": encodePostings([][2]int{{4, 1}})})
	put(fsys, "search/t/doma.json", map[string]string{"домашн": encodePostings([][2]int{{3, 1}})})
	docs := []searchDoc{{URL: "/0/"}, {URL: "/1/"}, {URL: "/2/"}, {URL: "/3/"}, {URL: "/4/"}}
	put(fsys, "search/docs/0.json", docs[0:2])
	put(fsys, "search/docs/1.json", docs[2:4])
	put(fsys, "search/docs/2.json", docs[4:5])
	for _, c := range []struct {
		query string
		urls  []string
		files []string
		all   int
	}{
		// «урок» exactly, «урокодатель» by its start: exact first though lighter
		{"урок", []string{"/0/", "/1/", "/2/"}, []string{"docs/0", "docs/1", "manifest", "t/urok"}, 3},
		{"уроками", []string{"/0/", "/1/"}, []string{"docs/0", "manifest", "t/urok"}, 2},
		// «урока» + «игры»: the document with both first
		{"уроками игры", []string{"/1/", "/0/", "/3/"}, []string{"docs/0", "docs/1", "manifest", "t/igr", "t/urok"}, 1},
		// «дома»: no term «дома» in doma, so the chunk of «дом» is loaded
		// too; «домашн», which begins with «дома», is found below it
		{"дома", []string{"/4/", "/3/"}, []string{"docs/1", "docs/2", "manifest", "t/dom", "t/doma"}, 2},
		// «игрушки»: «ушки» is no ending, so no chunk of «игр» is loaded
		{"игрушки", nil, []string{"manifest"}, 0},
		// a chunk the manifest does not name is never asked for
		{"уборка", nil, []string{"manifest"}, 0},
		{"ия", nil, []string{"manifest"}, 0},
	} {
		res, err := Search(fsys, c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		var files []string
		for _, f := range res.Files {
			files = append(files, strings.TrimSuffix(strings.TrimPrefix(f, "search/"), ".json"))
		}
		if !slices.Equal(res.URLs, c.urls) || !slices.Equal(files, c.files) || res.All != c.all {
			t.Errorf("%s: %v from %v, %d with all words; want %v from %v, %d", c.query, res.URLs, files, res.All, c.urls, c.files, c.all)
		}
	}
}

// A live site's index is updated by the documents that changed: after
// each change of a random series, what it holds — the files it wrote now
// over the files it kept — says of every document what a whole index of
// the same site says, has the same chunks, and was written in a handful
// of files, not all of them.
func TestAnIndexUpdatedByItsChangesIsTheWholeIndex(t *testing.T) {
	s := modelSite(t, 400)
	words := []string{"кроссенс", "синквейн", "квилт", "лэпбук", "скрайбинг", "ментальные карты", "ТРИЗ", "STEM"}
	rnd := rand.New(rand.NewPCG(7, 11))
	cache := newSearchCache()
	stage := fstest.MapFS{}
	var removed []Material
	for step := range 60 {
		change := "none"
		if step > 0 {
			i := rnd.IntN(len(s.Materials))
			m := &s.Materials[i]
			switch rnd.IntN(6) {
			case 0:
				change = "retitle"
				m.Title = words[rnd.IntN(len(words))] + " на уроке " + m.Slug
			case 1:
				change = "body"
				m.BodyHTML = "<p>" + words[rnd.IntN(len(words))] + " и " + words[rnd.IntN(len(words))] + ".</p>"
			case 2:
				change = "summary"
				m.Summary += " Дополнено."
			case 3:
				change = "withdraw"
				removed = append(removed, *m)
				s.Materials = slices.Delete(s.Materials, i, i+1)
			case 4:
				change = "publish"
				n := Material{Slug: fmt.Sprintf("new-%d", step), Title: "Новый " + words[rnd.IntN(len(words))],
					Summary: "Опыт школы.", BodyHTML: fmt.Sprintf("<p>Слово%d</p>", step), Type: "article"}
				if len(removed) > 0 && rnd.IntN(2) == 0 {
					n, removed = removed[len(removed)-1], removed[:len(removed)-1]
				}
				s.Materials = append(s.Materials, n)
			case 5:
				change = "teacher withdraws"
				s.Teachers = slices.Delete(s.Teachers, 0, 1)
			}
		}
		live := newTree()
		if err := writeSearchIndex(live, s, cache); err != nil {
			t.Fatal(err)
		}
		written := 0
		for rel := range stage {
			if _, ok := live.files[rel]; !ok {
				delete(stage, rel)
			}
		}
		for rel, data := range live.files {
			if data == nil {
				if _, ok := stage[rel]; !ok {
					t.Fatalf("step %d (%s): %s kept but never written", step, change, rel)
				}
				continue
			}
			written++
			stage[rel] = &fstest.MapFile{Data: data}
		}
		whole := newTree()
		if err := writeSearchIndex(whole, s, nil); err != nil {
			t.Fatal(err)
		}
		want := fstest.MapFS{}
		for rel, data := range whole.files {
			want[rel] = &fstest.MapFile{Data: data}
		}
		got, err := SearchIndexDigest(stage)
		if err != nil {
			t.Fatal(err)
		}
		wantDigest, err := SearchIndexDigest(want)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, wantDigest) {
			for url, d := range wantDigest {
				if got[url] != d {
					t.Errorf("step %d (%s): %q differs from the whole index", step, change, url)
				}
			}
			t.Fatalf("step %d (%s): %d documents in the live index, %d in the whole one", step, change, len(got), len(wantDigest))
		}
		chunks := func(fsys fstest.MapFS) []string {
			var out []string
			for rel := range fsys {
				if strings.HasPrefix(rel, "search/t/") {
					out = append(out, rel)
				}
			}
			slices.Sort(out)
			return out
		}
		if !slices.Equal(chunks(stage), chunks(want)) {
			t.Fatalf("step %d (%s): the chunks differ from the whole index's", step, change)
		}
		if step > 0 && written > 20 {
			t.Errorf("step %d (%s): %d of %d index files written", step, change, written, len(live.files))
		}
	}
}

// encodePostings writes (document, weight) pairs, by document, as the
// index does.
func encodePostings(list [][2]int) string {
	var b []byte
	prev := -1
	for _, p := range list {
		b = appendPosting(b, prev, p[0], p[1])
		prev = p[0]
	}
	return string(b)
}
