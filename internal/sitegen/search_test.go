package sitegen_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/testkit"
)

// searchSite is the fixture with materials teachers search for by an
// abbreviation, a word form or the start of a word.
func searchSite(t testing.TB) *sitegen.Site {
	s := fixtureSite(t)
	add := func(slug, title, summary, body string) {
		s.Materials = append(s.Materials, sitegen.Material{Slug: slug, Title: title, Summary: summary, BodyHTML: body,
			Type: "article", Subjects: []string{"методическая работа"}, Organization: "sosh-1",
			PublishedAt: s.Now.Add(-time.Duration(len(s.Materials)) * time.Hour), Updated: s.Now})
	}
	add("iom-molodogo-pedagoga", "Маршрут молодого педагога", "Как составить маршрут на год.",
		"<p>Индивидуальный образовательный маршрут (ИОМ) строится по итогам самодиагностики.</p>")
	add("iom-nastavnika", "Наставник и маршрут", "Наставник помогает.", "<p>Шаги ИОМа согласуются с наставником.</p>")
	add("fgos-ooo", "Обновлённый стандарт", "Что изменилось в требованиях.", "<p>Требования ФГОС к рабочим программам.</p>")
	add("oge-matematika", "Подготовка к экзамену", "Разбор заданий.", "<p>Задания ОГЭ по математике, часть вторая.</p>")
	add("vpr-4-klass", "Проверочные работы в 4 классе", "Анализ результатов.", "<p>Итоги ВПР по русскому языку.</p>")
	add("shmo-nachalnyh", "Методическое объединение начальных классов", "План на год.", "<p>Заседание ШМО учителей начальных классов.</p>")
	add("rmo-istorikov", "Объединение историков округа", "Протокол.", "<p>На РМО обсудили новые учебники.</p>")
	add("kpk-kursy", "Курсы повышения квалификации", "Отчёт.", "<p>Педагоги прошли кпк по функциональной грамотности.</p>")
	add("robototehnika", "Кружок конструирования", "Занятия для 5–7 классов.", "<p>Робототехника на уроках технологии.</p>")
	add("proekt-urok", "Проект на уроке", "Учебный проект за один урок.", "<p>Этапы проекта.</p>")
	add("proektirovanie", "Как спланировать занятие", "Пошагово.", "<p>Проектирование занятия по шагам.</p>")
	add("finansy", "Финансовая грамотность в 7 классе", "Игра «Семейный бюджет».", "<p>Финансовая грамотность и проценты.</p>")
	add("gramotnost", "Читательская грамотность", "Приёмы смыслового чтения.", "<p>Грамотность чтения.</p>")
	add("luch", "Дроби на координатном луче", "Урок открытия знания.", "<p>Отмечаем точки.</p>")
	return s
}

// buildSearchSite builds s and returns the built site as a file system.
func buildSearchSite(t *testing.T, s *sitegen.Site) fs.FS {
	t.Helper()
	return os.DirFS(build(t, s))
}

func TestSearchFindsAbbreviationsWordFormsAndPrefixes(t *testing.T) {
	site := buildSearchSite(t, searchSite(t))
	for _, c := range []struct {
		query string
		want  string // among the results
		first bool   // and first
	}{
		{"ИОМ", "/materials/iom-molodogo-pedagoga/", false},
		{"ИОМ", "/materials/iom-nastavnika/", false}, // «ИОМа»
		{"иом", "/materials/iom-molodogo-pedagoga/", false},
		{"ФГОС", "/materials/fgos-ooo/", true},
		{"фгосы", "/materials/fgos-ooo/", true},
		{"ОГЭ", "/materials/oge-matematika/", true},
		{"ВПР", "/materials/vpr-4-klass/", true},
		{"ШМО", "/materials/shmo-nachalnyh/", true},
		{"РМО", "/materials/rmo-istorikov/", true},
		{"КПК", "/materials/kpk-kursy/", true},
		{"робо", "/materials/robototehnika/", true},
		{"робототех", "/materials/robototehnika/", true},
		{"дробями", "/materials/urok-drobi/", true},
		// no word of the site ends in «-ую», the stemmer knows it does
		{"координатную", "/materials/luch/", true},
		{"финансовая грамотность", "/materials/finansy/", true},
		{"ФИНАНСОВОЙ ГРАМОТНОСТИ", "/materials/finansy/", true},
		{"конструир", "/materials/robototehnika/", true},
		{"Робототехника  ИОМ", "/materials/robototehnika/", false},
	} {
		res, err := sitegen.Search(site, c.query)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		if !slices.Contains(res.URLs, c.want) || c.first && res.URLs[0] != c.want {
			t.Errorf("%q finds %v, want %s%s", c.query, res.URLs, c.want, map[bool]string{true: " first"}[c.first])
		}
	}
}

func TestSearchRanksExactTermsAndAllWordsFirst(t *testing.T) {
	site := buildSearchSite(t, searchSite(t))
	for _, c := range []struct {
		query         string
		before, after string
	}{
		// «проект» is the stem of «проекта»; «проектирование» only begins with it
		{"проект", "/materials/proekt-urok/", "/materials/proektirovanie/"},
		// both words above a document with one of them, however heavy
		{"финансовая грамотность", "/materials/finansy/", "/materials/gramotnost/"},
		{"грамотность проценты", "/materials/finansy/", "/materials/gramotnost/"},
	} {
		res, err := sitegen.Search(site, c.query)
		if err != nil {
			t.Fatal(err)
		}
		i, j := slices.Index(res.URLs, c.before), slices.Index(res.URLs, c.after)
		if i < 0 || j < 0 || i > j {
			t.Errorf("%q: %v, want %s before %s", c.query, res.URLs, c.before, c.after)
		}
	}
	res, err := sitegen.Search(site, "финансовая грамотность")
	if err != nil {
		t.Fatal(err)
	}
	if res.All != 1 || res.Total < 2 {
		t.Errorf("«финансовая грамотность»: %d documents with both words of %d, want 1 of 2 or more", res.All, res.Total)
	}
}

func TestSearchLoadsOnlyFilesThatExist(t *testing.T) {
	site := buildSearchSite(t, searchSite(t))
	for _, c := range []struct {
		query string
		files []string // exactly, when not nil
	}{
		// no chunk for these words: the manifest alone
		{"щщщщ", []string{"search/manifest.json"}},
		{"zz", []string{"search/manifest.json"}},
		{"ъь", []string{"search/manifest.json"}},
		// no word to look up: nothing at all
		{"", []string{}},
		{"   ", []string{}},
		{"a b c ! ?", []string{}},
		// hostile: markup, regular expressions, prototype names, length
		{`<script>alert("x")</script>`, nil},
		{`.*+?^${}()|[]\ (?i)дроб.* \d+`, nil},
		{"constructor __proto__ toString hasOwnProperty valueOf", nil},
		{strings.Repeat("дроби ", 5000), nil},
		{strings.Repeat("я", 100000), nil},
		{"\x00\xff\xfe ИОМ \u202e", nil},
	} {
		res, err := sitegen.Search(site, c.query)
		if err != nil {
			t.Errorf("%.40q: %v", c.query, err)
			continue
		}
		if c.files != nil && !slices.Equal(res.Files, c.files) && len(res.Files)+len(c.files) > 0 {
			t.Errorf("%.40q loads %v, want %v", c.query, res.Files, c.files)
		}
		if len(res.Words) > 8 {
			t.Errorf("%.40q looks up %d words", c.query, len(res.Words))
		}
		for _, f := range res.Files {
			if _, err := fs.Stat(site, f); err != nil {
				t.Errorf("%.40q loads %s: %v", c.query, f, err)
			}
		}
	}
}

// TestLiveSearchIndexEqualsAFullBuildsAfterChanges: documents come and go
// (taking the only word with an ending with them, or bringing a new
// abbreviation), and the live site's index is the full build's.
func TestLiveSearchIndexEqualsAFullBuildsAfterChanges(t *testing.T) {
	root := t.TempDir()
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()
	s := searchSite(t)
	if _, err := live.Build(s, filepath.Join(root, "b1")); err != nil {
		t.Fatal(err)
	}
	s = searchSite(t)
	s.Materials = slices.DeleteFunc(s.Materials, func(m sitegen.Material) bool { return m.Slug == "proektirovanie" || m.Slug == "iom-nastavnika" })
	s.Materials[0].BodyHTML += "<p>Проверено на заседании ГМО и в ЦОС.</p>"
	s.Materials = append(s.Materials, sitegen.Material{Slug: "obzh", Title: "Уроки ОБЖ", Summary: "Безопасность.",
		BodyHTML: "<p>Занятия ОБЖ и ИЗО.</p>", Type: "article", Organization: "sosh-1", PublishedAt: s.Now, Updated: s.Now})
	second := filepath.Join(root, "b2")
	if _, err := live.Build(s, second); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(root, "full")
	if _, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: full}); err != nil {
		t.Fatal(err)
	}
	// the live index numbers documents as they came, a full build afresh:
	// the files differ, what they say of each document and the answers
	// must not
	testkit.SameSite(t, onlySearch(testkit.SiteFiles(t, second)), onlySearch(testkit.SiteFiles(t, full)))
	sameAnswers(t, second, full, siteWords(s))
	// and the digest tells the index before the changes apart, by the
	// documents that changed
	before, err := sitegen.SearchIndexDigest(os.DirFS(filepath.Join(root, "b1")))
	if err != nil {
		t.Fatal(err)
	}
	after, err := sitegen.SearchIndexDigest(os.DirFS(full))
	if err != nil {
		t.Fatal(err)
	}
	var changed []string
	for url, d := range after {
		if before[url] != d {
			changed = append(changed, url)
		}
	}
	for url := range before {
		if _, ok := after[url]; !ok {
			changed = append(changed, url)
		}
	}
	slices.Sort(changed)
	// "" for the endings and chunks: «ОБЖ», «ИЗО» and «ЦОС» are new
	if want := []string{"", "/materials/iom-nastavnika/", "/materials/obzh/", "/materials/proektirovanie/", "/materials/" + s.Materials[0].Slug + "/"}; !slices.Equal(changed, want) {
		t.Errorf("documents whose digest changed: %v, want %v", changed, want)
	}
	for q, want := range map[string]string{"ОБЖ": "/materials/obzh/", "изо": "/materials/obzh/", "ГМО": "/materials/urok-drobi/"} {
		res, err := sitegen.Search(os.DirFS(second), q)
		if err != nil || !slices.Contains(res.URLs, want) {
			t.Errorf("%q on the live site: %v (%v), want %s", q, res.URLs, err, want)
		}
	}
	res, err := sitegen.Search(os.DirFS(second), "проектирование")
	if err != nil || slices.Contains(res.URLs, "/materials/proektirovanie/") {
		t.Errorf("a removed material is still found: %v (%v)", res.URLs, err)
	}
}

// siteWords are the words of the titles and summaries of s's materials,
// and two-word queries of them: queries whose answers cover every
// document.
func siteWords(s *sitegen.Site) []string {
	var words []string
	for _, m := range s.Materials {
		w := strings.FieldsFunc(m.Title+" "+m.Summary, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		words = append(words, w...)
		if len(w) > 1 {
			words = append(words, w[0]+" "+w[1])
		}
	}
	return words
}

// sameAnswers checks that every query finds the same documents, as many
// matching every word, on the sites in folders a and b.
func sameAnswers(t *testing.T, a, b string, queries []string) {
	t.Helper()
	for _, q := range queries {
		ra, err := sitegen.Search(os.DirFS(a), q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		rb, err := sitegen.Search(os.DirFS(b), q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if ra.Total > 20 {
			t.Fatalf("%q finds %d documents: more than are shown, the sets cannot be compared", q, ra.Total)
		}
		slices.Sort(ra.URLs)
		slices.Sort(rb.URLs)
		if ra.Total != rb.Total || ra.All != rb.All || !slices.Equal(ra.URLs, rb.URLs) {
			t.Errorf("%q: %d found, %d with every word, %v; a full build: %d, %d, %v", q, ra.Total, ra.All, ra.URLs, rb.Total, rb.All, rb.URLs)
		}
	}
}

// TestPublishingAMaterialRewritesOnlyItsSearchFiles protects the live
// search index from renumbering: a material published among hundreds
// (its slug sorting first) changes one shard of documents and the chunks
// of its own words, not every file after it.
func TestPublishingAMaterialRewritesOnlyItsSearchFiles(t *testing.T) {
	root := t.TempDir()
	live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
	defer live.Close()
	s := syntheticSite(t, 300)
	if _, err := live.Build(s, filepath.Join(root, "b1")); err != nil {
		t.Fatal(err)
	}
	before := onlySearch(testkit.SiteFiles(t, filepath.Join(root, "b1")))
	m := s.Materials[7]
	m.Slug, m.QRCode, m.Title, m.BodyHTML = "aaa-pervyj", "N00001", "Кейс-стади на уроке биологии", "<p>Кейс-стади и кроссенс.</p>"
	s.Materials = append([]sitegen.Material{m}, s.Materials...)
	if _, err := live.Build(s, filepath.Join(root, "b2")); err != nil {
		t.Fatal(err)
	}
	after := onlySearch(testkit.SiteFiles(t, filepath.Join(root, "b2")))
	var shards, chunks []string
	for rel, data := range after {
		if old, ok := before[rel]; ok && string(old) == string(data) {
			continue
		}
		switch {
		case strings.HasPrefix(rel, "search/docs/"):
			shards = append(shards, rel)
		case strings.HasPrefix(rel, "search/t/"):
			chunks = append(chunks, rel)
		}
	}
	if len(shards) != 1 {
		t.Errorf("shards of documents rewritten: %v, want the one of the new material", shards)
	}
	// the material's own words: its title, summary, subject, tag and body
	if len(chunks) == 0 || len(chunks) > 15 {
		t.Errorf("%d chunks rewritten (of %d): %v", len(chunks), len(after), chunks)
	}
	res, err := sitegen.Search(os.DirFS(filepath.Join(root, "b2")), "кроссенс")
	if err != nil || !slices.Equal(res.URLs, []string{"/materials/aaa-pervyj/"}) {
		t.Errorf("the new material is not found: %v (%v)", res.URLs, err)
	}

	// a material withdrawn leaves its number to the next one published
	s.Materials = s.Materials[1:]
	m.Slug, m.QRCode, m.BodyHTML = "aab-vtoroj", "N00002", "<p>Синквейн.</p>"
	s.Materials = append(s.Materials, m)
	if _, err := live.Build(s, filepath.Join(root, "b3")); err != nil {
		t.Fatal(err)
	}
	var manifest struct{ Docs int }
	data, err := os.ReadFile(filepath.Join(root, "b3", "search", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	if docs := len(s.Materials) + len(s.Practices) + len(s.Events) + len(s.Teachers) + len(s.Associations); manifest.Docs != docs {
		t.Errorf("the index numbers %d documents, the site has %d: a withdrawn material's number was not reused", manifest.Docs, docs)
	}
	for q, want := range map[string][]string{"синквейн": {"/materials/aab-vtoroj/"}, "кроссенс": nil} {
		res, err := sitegen.Search(os.DirFS(filepath.Join(root, "b3")), q)
		if err != nil || !slices.Equal(res.URLs, want) {
			t.Errorf("%q: %v (%v), want %v", q, res.URLs, err, want)
		}
	}
}

func onlySearch(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range files {
		if strings.HasPrefix(k, "search/") {
			out[k] = v
		}
	}
	return out
}
