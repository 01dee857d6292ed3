package onboard

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// Confidence says how far a guess can be trusted: a folder or file name
// somebody chose says what a document is (high), the document's own title
// or text suggests it (medium), a default is no guess at all (low).
type Confidence string

// Confidences, highest first.
const (
	High   Confidence = "high"
	Medium Confidence = "medium"
	Low    Confidence = "low"
)

// Source is where a guess was read.
type Source string

// Sources of guesses.
const (
	FromFolder   Source = "folder"   // a folder's name, shown with it
	FromFileName Source = "filename" // the file's own name
	FromMetadata Source = "metadata" // the document's properties
	FromHeading  Source = "heading"  // its first heading or slide title
	FromText     Source = "text"     // its first page
	FromFormat   Source = "format"   // the kind of file (a presentation)
	FromDefault  Source = "default"  // nothing found
)

// Guess is a value found for a field, with where it was found and how far
// it can be trusted. Values are codes (types, levels), subjects as the
// bank writes them, or teacher ids.
type Guess struct {
	Values     []string
	Source     Source
	Detail     string // the folder's name for FromFolder
	Confidence Confidence
}

// Found reports whether the guess holds anything.
func (g Guess) Found() bool { return len(g.Values) > 0 }

// normalize is the form names and texts are matched in: lower case, ё as
// е, underscores as spaces.
func normalize(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "ё", "е")
	return strings.ReplaceAll(s, "_", " ")
}

// words splits normalized text into words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(normalize(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// pattern is a run of words, each a prefix of a word of the text, or the
// whole word when it ends with "$": "рабоч программ" finds «рабочая
// программа» and «рабочей программе».
type pattern []string

func compile(s string) pattern { return strings.Fields(s) }

// at reports whether p matches the words ws from i on.
func (p pattern) at(ws []string, i int) bool {
	if i+len(p) > len(ws) {
		return false
	}
	for k, part := range p {
		w := ws[i+k]
		if whole, ok := strings.CutSuffix(part, "$"); ok {
			if w != whole {
				return false
			}
		} else if !strings.HasPrefix(w, part) {
			return false
		}
	}
	return true
}

// --- subjects ---------------------------------------------------------

type subject struct {
	name     string // as the bank writes it: lower case, as teachers type it
	patterns []pattern
	notAfter []string // prefixes of a word before a match that cancel it
}

func subj(name string, notAfter []string, patterns ...string) subject {
	s := subject{name: name, notAfter: notAfter}
	for _, p := range patterns {
		s.patterns = append(s.patterns, compile(p))
	}
	return s
}

// subjects are the school subjects recognised, the longer names first:
// a match takes its words, so «литературное чтение» is not also
// «литература» and «русский язык и литература» is both.
var subjects = []subject{
	subj("литературное чтение", nil, "литературн чтени"),
	subj("окружающий мир", nil, "окружающ мир"),
	subj("родной язык", nil, "родн язык"),
	subj("родная литература", nil, "родн литератур"),
	subj("русский язык", nil, "русск язык", "русск яз$"),
	subj("английский язык", nil, "английск"),
	subj("немецкий язык", nil, "немецк"),
	subj("французский язык", nil, "французск"),
	subj("изобразительное искусство", nil, "изобразительн искусств", "изо$"),
	subj("физическая культура", nil, "физическ культур", "физкультур", "физ культур"),
	subj("основы безопасности и защиты родины", nil, "обзр$", "обж$", "основ безопасност"),
	subj("вероятность и статистика", nil, "вероятност и$ статистик"),
	subj("алгебра", nil, "алгебр"),
	subj("геометрия", nil, "геометри"),
	subj("математика", nil, "математик"),
	subj("информатика", nil, "информатик"),
	subj("физика", nil, "физик"),
	subj("химия", nil, "хими"),
	subj("биология", nil, "биологи"),
	subj("география", nil, "географи"),
	subj("история", nil, "истори"),
	subj("обществознание", nil, "обществознани"),
	// «список литературы» is a bibliography, not the subject
	subj("литература", []string{"спис", "использ", "рекомендуем", "дополнительн", "методическ", "справочн", "научн"}, "литератур"),
	subj("музыка", nil, "музык"),
	subj("технология", nil, "технология$", "труд$ технологи"),
	subj("астрономия", nil, "астроном"),
	subj("орксэ", nil, "орксэ$"),
	subj("однкнр", nil, "однкнр$"),
}

// findSubjects finds the subjects named in text, each with how often it
// is named, in the order of subjects.
func findSubjects(text string) map[string]int {
	ws := words(text)
	used := make([]bool, len(ws))
	found := map[string]int{}
	for _, s := range subjects {
		for i := range ws {
			for _, p := range s.patterns {
				if used[i] || !p.at(ws, i) {
					continue
				}
				free := true
				for k := range p {
					free = free && !used[i+k]
				}
				if !free {
					continue
				}
				if i > 0 && hasPrefixIn(ws[i-1], s.notAfter) {
					continue
				}
				for k := range p {
					used[i+k] = true
				}
				found[s.name]++
			}
		}
	}
	return found
}

func hasPrefixIn(w string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// subjectsIn lists the subjects named in a name, in the order of subjects.
func subjectsIn(text string) []string {
	found := findSubjects(text)
	var out []string
	for _, s := range subjects {
		if found[s.name] > 0 {
			out = append(out, s.name)
		}
	}
	return out
}

// mainSubjects are the subjects a text names most, at most three: a text
// names its own subject more than others it mentions.
func mainSubjects(text string) []string {
	found := findSubjects(text)
	top := 0
	for _, n := range found {
		top = max(top, n)
	}
	var out []string
	for _, s := range subjects {
		if top > 0 && found[s.name] == top && len(out) < 3 {
			out = append(out, s.name)
		}
	}
	return out
}

// --- levels -----------------------------------------------------------

// gradePattern finds grades: «5 класс», «5-й класс», «8-9 классы», «8 и 9
// классов», «в 5–8 классах», «10 кл.», «7а класс».
var gradePattern = regexp.MustCompile(`(?:^|[^\p{L}\d])(\d{1,2})(?:\s*(?:[-–—]|и|,)\s*(\d{1,2}))?\s*(?:-?\s*(?:й|го|м|х|ый|ой|ом|ых|а|б|в|«\p{L}»|"\p{L}"))?\s*(?:класс\p{L}*|кл)(?:[^\p{L}]|$)`)

// levelWords name levels without grades.
var levelWords = []struct {
	level    string
	patterns []pattern
}{
	{"do", []pattern{compile("дошкольн"), compile("детск сад"), compile("доу$"), compile("дошкольник")}},
	{"noo", []pattern{compile("начальн школ"), compile("начальн класс"), compile("начальн общ"), compile("ноо$"), compile("младш школьник")}},
	{"ooo", []pattern{compile("основн школ"), compile("основн общ"), compile("ооо$"), compile("огэ$")}},
	{"soo", []pattern{compile("старш школ"), compile("средн общ"), compile("соо$"), compile("старшеклассник"), compile("егэ$")}},
	{"spo", []pattern{compile("спо$"), compile("колледж"), compile("техникум"), compile("средн профессиональн")}},
	{"dop", []pattern{compile("дополнительн образовани"), compile("дополнительн общеобразовательн"), compile("доп$ образовани")}},
}

// levelOfGrade is the level of education a grade belongs to.
func levelOfGrade(g int) string {
	switch {
	case g >= 1 && g <= 4:
		return "noo"
	case g >= 5 && g <= 9:
		return "ooo"
	case g == 10 || g == 11:
		return "soo"
	}
	return ""
}

// levelsIn lists the levels a text names, in the order of schema.Levels.
func levelsIn(text string) []string {
	found := map[string]bool{}
	norm := normalize(text)
	for _, m := range gradePattern.FindAllStringSubmatch(norm, -1) {
		from, _ := strconv.Atoi(m[1])
		to := from
		if m[2] != "" {
			to, _ = strconv.Atoi(m[2])
		}
		if to < from || to > 11 || from < 1 {
			continue
		}
		for g := from; g <= to; g++ {
			if l := levelOfGrade(g); l != "" {
				found[l] = true
			}
		}
	}
	ws := words(text)
	for _, lw := range levelWords {
		for i := range ws {
			for _, p := range lw.patterns {
				if p.at(ws, i) {
					found[lw.level] = true
				}
			}
		}
	}
	var out []string
	for _, l := range schema.Levels {
		if found[l] {
			out = append(out, l)
		}
	}
	return out
}

// --- types ------------------------------------------------------------

// typeWords name the types of materials, in the order they are tried: a
// more particular name before a more general one («план-конспект урока»
// is a lesson plan, «план работы» a plan).
var typeWords = []struct {
	typ      string
	patterns []pattern
}{
	{"iom-template", []pattern{compile("иом$"), compile("индивидуальн образовательн маршрут")}},
	{"work-program", []pattern{compile("рабоч программ"), compile("программ внеурочн"), compile("программ курс"),
		compile("программ учебн"), compile("календарн тематическ"), compile("программ кружк"), compile("общеобразовательн программ")}},
	{"analytical-note", []pattern{compile("аналитическ справк"), compile("аналитическ отчет"), compile("аналитическ записк"),
		compile("анализ$ результат"), compile("анализ$ итог"), compile("анализ$ урок"), compile("анализ$ работ"), compile("анализ$ впр$")}},
	{"master-class", []pattern{compile("мастер класс")}},
	{"lesson-plan", []pattern{compile("конспект"), compile("технологическ карт"), compile("разработк урок"),
		compile("план урок"), compile("сценари урок"), compile("открыт урок")}},
	{"event-scenario", []pattern{compile("сценари"), compile("классн час"), compile("внеклассн мероприяти"), compile("внеурочн мероприяти"), compile("праздник")}},
	{"methodical-guide", []pattern{compile("методическ рекомендац"), compile("методическ пособи"), compile("методическ указани"), compile("памятк")}},
	{"assessment", []pattern{compile("контрольн"), compile("проверочн"), compile("самостоятельн работ"), compile("тест$"), compile("тесты$"),
		compile("тестирован"), compile("олимпиад"), compile("диктант"), compile("ким$"), compile("зачет"), compile("диагностическ работ"), compile("впр$")}},
	{"report", []pattern{compile("доклад"), compile("выступлени"), compile("отчет")}},
	{"article", []pattern{compile("статья$"), compile("статьи$"), compile("статью$")}},
	{"plan", []pattern{compile("план$ работ"), compile("план$ мероприяти"), compile("план$ деятельност"), compile("перспективн план"), compile("годов план")}},
	{"presentation", []pattern{compile("презентаци")}},
}

// weakLesson: a name that says only «урок» is most likely a lesson plan,
// when nothing says more.
var weakLesson = []pattern{compile("урок")}

// typeIn is the type a text names, "" for none.
func typeIn(text string) string {
	ws := words(text)
	for _, tw := range typeWords {
		for i := range ws {
			for _, p := range tw.patterns {
				if p.at(ws, i) {
					return tw.typ
				}
			}
		}
	}
	return ""
}

func weakTypeIn(text string) string {
	ws := words(text)
	for i := range ws {
		for _, p := range weakLesson {
			if p.at(ws, i) {
				return "lesson-plan"
			}
		}
	}
	return ""
}

// --- titles -----------------------------------------------------------

// numbering is what people put before a file's name to order a folder:
// «01_», «1.», «1)», «01 - », «1.2.», «01 », «№ 3.».
var numbering = regexp.MustCompile(`^(?:№\s*\d{1,3}\s*[._)\-–—]?\s*|\d{1,3}(?:\.\d{1,3})*\s*[._)\-–—]+\s*|0\d{0,2}\s+)`)

// gradeAfter is a grade's word after a number: «8_кл_тест» and «10-11 класс» are not numbered.
var gradeAfter = regexp.MustCompile(`^(?i:\d{0,2}\s*[-–]?\s*(?:[йхм]\s*)?(?:кл|класс))`)

// TitleFromName is a title made of a file's name: without its extension,
// the numbering before it and underscores, the first letter in capitals.
func TitleFromName(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if ext := path.Ext(base); ext != "" && len(ext) <= 6 && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	if cut := numbering.ReplaceAllString(base, ""); strings.TrimSpace(cut) != "" && !gradeAfter.MatchString(cut) {
		base = cut
	}
	base = clean(strings.ReplaceAll(base, "_", " "))
	base = strings.TrimSpace(strings.Trim(base, " .-–—"))
	r, size := utf8.DecodeRuneInString(base)
	if size > 0 {
		base = string(unicode.ToUpper(r)) + base[size:]
	}
	return base
}

// junkTitles are titles programs write for people who gave none.
var junkTitles = regexp.MustCompile(`^(?:документ|документ microsoft word|новый документ|document|doc|презентация|презентация powerpoint|powerpoint presentation|` +
	`презентация microsoft powerpoint|слайд|slide|книга|book|title|заголовок|название|без названия|untitled|tmp|temp)\s*\d*$`)

// usableTitle reports whether a title from a document's metadata names
// it: not empty, not a program's placeholder, not a file's name
// («Microsoft Word - урок.docx»).
func usableTitle(t string) bool {
	n := strings.TrimSpace(normalize(t))
	if utf8.RuneCountInString(n) < 3 || junkTitles.MatchString(n) {
		return false
	}
	if strings.HasPrefix(n, "microsoft ") || strings.HasPrefix(n, "microsoft word - ") {
		return false
	}
	switch path.Ext(n) {
	case ".doc", ".docx", ".pdf", ".odt", ".ppt", ".pptx", ".odp", ".rtf", ".txt":
		return false
	}
	return strings.IndexFunc(n, unicode.IsLetter) >= 0
}

// --- near-identical titles -------------------------------------------

// titleKey is a title as duplicates are compared: lower case, ё as е,
// letters and digits, one space between words.
func titleKey(t string) string { return strings.Join(words(t), " ") }

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// nearTitles reports titles that name the same document: the same words
// but for a typo or two (one in twenty letters), and the same numbers —
// «Контрольная работа 1» and «Контрольная работа 2» are two documents.
func nearTitles(a, b string) bool {
	ka, kb := titleKey(a), titleKey(b)
	if ka == "" || kb == "" || digitsOf(ka) != digitsOf(kb) {
		return false
	}
	if ka == kb {
		return true
	}
	ra, rb := []rune(ka), []rune(kb)
	longest := max(len(ra), len(rb))
	allowed := longest / 20
	if allowed == 0 || abs(len(ra)-len(rb)) > allowed {
		return false
	}
	return levenshtein(ra, rb) <= allowed
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// --- labels -----------------------------------------------------------

// ConfidenceLabel and SourceLabel name a guess's confidence and source in
// Russian.
func ConfidenceLabel(c Confidence) string { return ru.Label(ru.OnboardConfidences, string(c)) }

// SourceLabel names where a guess was read: «папка «5 класс»».
func SourceLabel(g Guess) string {
	if g.Source == FromFolder {
		return ru.OnboardFromFolder(g.Detail)
	}
	return ru.Label(ru.OnboardSources, string(g.Source))
}
