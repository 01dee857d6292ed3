// Package synth generates a synthetic municipality in the interchange
// format — deterministic for a seed, with realistic proportions and Russian
// text of realistic length — for benchmarks at regional scale.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopilka/kopilka/internal/schema"
)

var (
	subjects = []string{"математика", "русский язык", "литература", "физика", "химия", "биология", "история",
		"обществознание", "география", "информатика", "английский язык", "начальные классы", "технология",
		"физическая культура", "музыка", "изобразительное искусство", "дошкольное образование", "методическая работа"}
	topics = []string{"дроби", "проценты", "функциональная грамотность", "смысловое чтение", "проектная деятельность",
		"формирующее оценивание", "наставничество", "цифровая образовательная среда", "исследовательская работа",
		"читательская грамотность", "естественнонаучная грамотность", "финансовая грамотность", "дебаты", "кейс-метод",
		"перевёрнутый класс", "игровые технологии", "здоровьесбережение", "инклюзивное образование", "ИОМ", "ВПР"}
	words = strings.Fields(`учащиеся работают в парах и группах сравнивают результаты обсуждают способы решения
		формулируют выводы учитель организует рефлексию на каждом этапе урока используются задания практической
		направленности связанные с жизнью родного города материал апробирован в течение учебного года результаты
		показали рост интереса к предмету и повышение качества знаний методические рекомендации помогут коллегам
		применить опыт в своей практике особое внимание уделяется самооценке и взаимооценке по критериям листы
		достижений позволяют отслеживать продвижение каждого ученика в конце занятия проводится рефлексия`)
	surnames = []string{"Иванова", "Петрова", "Смирнова", "Кузнецова", "Соколова", "Попова", "Лебедева", "Козлова",
		"Новикова", "Морозова", "Волкова", "Соловьёва", "Васильева", "Зайцева", "Павлова", "Семёнова", "Голубева",
		"Виноградова", "Богданова", "Воробьёва", "Фёдорова", "Михайлова", "Беляева", "Тарасова", "Белова"}
	names       = []string{"Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Юлия", "Екатерина"}
	patronymics = []string{"Александровна", "Сергеевна", "Владимировна", "Николаевна", "Ивановна", "Петровна", "Андреевна"}
)

// Sizes derive the rest of a municipality from its number of materials.
type Sizes struct {
	Materials, Teachers, Schools, Events, Practices int
}

// SizesFor scales a region to n materials: a teacher publishes about three
// materials, a school has about thirty teachers, there is one event for
// every five materials and one practice for every twenty.
func SizesFor(n int) Sizes {
	return Sizes{Materials: n, Teachers: max(10, n/3), Schools: max(3, n/100), Events: max(5, n/5), Practices: max(2, n/20)}
}

func paragraph(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	s := b.String()
	return strings.ToUpper(s[:2]) + s[2:] + "."
}

func body(r *rand.Rand, topic string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Цель\n\n%s %s.\n\n## Ход работы\n\n", paragraph(r, 12), topic)
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&b, "%d. %s\n", i, paragraph(r, 14))
	}
	fmt.Fprintf(&b, "\n| Этап | Деятельность учителя | Деятельность учащихся |\n|---|---|---|\n")
	for _, st := range []string{"Мотивация", "Открытие знания", "Практикум", "Рефлексия"} {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", st, paragraph(r, 6), paragraph(r, 6))
	}
	fmt.Fprintf(&b, "\n## Результаты\n\n%s\n\n%s\n", paragraph(r, 40), paragraph(r, 30))
	return b.String()
}

func write(dir, rel, content string) error {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(content), 0o644)
}

func yamlList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// Generate writes a municipality of sizes into dir, the same for the same
// seed.
func Generate(dir string, seed uint64, s Sizes) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := 0; i < s.Schools; i++ {
		kind := "school"
		if i%5 == 4 {
			kind = "kindergarten"
		}
		err := write(dir, fmt.Sprintf("organizations/org-%d.md", i), fmt.Sprintf(
			"---\nname: \"МБОУ «Школа № %d»\"\nshort_name: \"Школа № %d\"\nkind: %s\naddress: \"г. Синтетск, ул. Школьная, д. %d\"\n---\n\n%s\n",
			i+1, i+1, kind, i+1, paragraph(r, 25)))
		if err != nil {
			return err
		}
	}
	for i := 0; i < s.Teachers; i++ {
		name := surnames[r.IntN(len(surnames))] + " " + names[r.IntN(len(names))] + " " + patronymics[r.IntN(len(patronymics))]
		subj := subjects[r.IntN(len(subjects))]
		err := write(dir, fmt.Sprintf("teachers/t-%d.md", i), fmt.Sprintf(
			"---\nname: %q\norganization: org-%d\nposition: \"учитель\"\nsubjects: [%q]\ncategory: %s\nexperience_years: %d\nmentor: %v\nmethodical_active: %v\npublic: %v\n---\n\n%s\n",
			name, i%s.Schools, subj, schema.Categories[r.IntN(4)], 1+r.IntN(35), r.IntN(5) == 0, r.IntN(3) == 0, r.IntN(3) != 0, paragraph(r, 30)))
		if err != nil {
			return err
		}
	}
	start := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < s.Materials; i++ {
		topic := topics[r.IntN(len(topics))]
		subj := subjects[r.IntN(len(subjects))]
		typ := schema.MaterialTypes[r.IntN(len(schema.MaterialTypes))]
		status := "published"
		if r.IntN(10) == 0 {
			status = []string{"draft", "submitted", "archived"}[r.IntN(3)]
		}
		date := start.AddDate(0, 0, r.IntN(4*365)).Format("2006-01-02")
		teacher := r.IntN(s.Teachers)
		err := write(dir, fmt.Sprintf("materials/m-%d.md", i), fmt.Sprintf(
			"---\ntitle: %q\ntype: %s\nsubjects: [%q]\nlevels: [%s]\ntags: %s\nauthors: [t-%d]\norganization: org-%d\ndate: %s\nsummary: %q\nlicense: CC-BY-4.0\nstatus: %s\nbest_practice: %v\n---\n\n%s",
			fmt.Sprintf("%s: %s. %d класс", strings.ToUpper(topic[:2])+topic[2:], subj, 1+r.IntN(11)), typ, subj,
			schema.Levels[1+r.IntN(3)], yamlList([]string{topic, subj}), teacher, teacher%s.Schools, date,
			paragraph(r, 18), status, status == "published" && r.IntN(40) == 0, body(r, topic)))
		if err != nil {
			return err
		}
	}
	for i := 0; i < s.Events; i++ {
		day := start.AddDate(0, 0, r.IntN(5*365))
		hour := 9 + r.IntN(8)
		status := "done"
		if day.After(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) {
			status = "planned"
		}
		err := write(dir, fmt.Sprintf("events/e-%d.md", i), fmt.Sprintf(
			"---\ntitle: %q\nkind: %s\nlevel: %s\nstart: %sT%02d:00:00\nend: %sT%02d:30:00\nall_day: false\ntimezone: Europe/Moscow\nlocation: \"Школа № %d\"\norganizer: org-%d\naudience: \"учителя\"\nsubjects: [%q]\nmaterials: [m-%d]\nstatus: %s\n---\n\n1. %s\n2. %s\n",
			"Семинар «"+topics[r.IntN(len(topics))]+"»", schema.EventKinds[r.IntN(len(schema.EventKinds))], schema.EventLevels[r.IntN(2)],
			day.Format("2006-01-02"), hour, day.Format("2006-01-02"), hour+1, 1+i%s.Schools, i%s.Schools,
			subjects[r.IntN(len(subjects))], r.IntN(s.Materials), status, paragraph(r, 10), paragraph(r, 10)))
		if err != nil {
			return err
		}
	}
	for i := 0; i < s.Practices; i++ {
		err := write(dir, fmt.Sprintf("practices/p-%d.md", i), fmt.Sprintf(
			"---\ntitle: %q\norganization: org-%d\nauthors: [t-%d]\nsummary: %q\nresults: |\n  - %s\nstatus: published\n---\n\n%s",
			"Практика «"+topics[r.IntN(len(topics))]+"»", i%s.Schools, r.IntN(s.Teachers), paragraph(r, 15), paragraph(r, 8), body(r, "практика")))
		if err != nil {
			return err
		}
	}
	return nil
}
