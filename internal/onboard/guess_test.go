package onboard

import (
	"slices"
	"strings"
	"testing"
)

func TestTitleFromNameDropsNumberingExtensionAndUnderscores(t *testing.T) {
	for name, want := range map[string]string{
		"01_Конспект_урока_сложение_дробей.docx":     "Конспект урока сложение дробей",
		"1. Урок геометрии — признаки равенства.doc": "Урок геометрии — признаки равенства",
		"1) Тест.pdf":                            "Тест",
		"1.2. План работы ШМО.docx":              "План работы ШМО",
		"01 - Презентация к уроку.pptx":          "Презентация к уроку",
		"01 Урок.odt":                            "Урок",
		"№ 3. Доклад на педсовете.pdf":           "Доклад на педсовете",
		"07_урок_в_7_классе.docx":                "Урок в 7 классе",
		"8_кл_тест.odt":                          "8 кл тест",
		"10-11 класс рабочая программа.docx":     "10-11 класс рабочая программа",
		"5-й класс контрольная.pdf":              "5-й класс контрольная",
		"План на 2025-2026 учебный год.docx":     "План на 2025-2026 учебный год",
		"Олимпиада_по_математике_8-9_классы.pdf": "Олимпиада по математике 8-9 классы",
		"папка/подпапка/02_Статья.odt":           "Статья",
		`C:\Документы\03_Отчёт.docx`:             "Отчёт",
		"без расширения":                         "Без расширения",
		"__двойные__подчёркивания__.docx":        "Двойные подчёркивания",
		"2025.docx":               "2025",
		"=cmd|'!A0.docx":          "=cmd|'!A0",
		"=cmd|' /C calc'!A0.docx": "C calc'!A0", // a slash divides folders
		"<script>.docx":           "<script>",
		"урок.rtf":                "Урок",
	} {
		if got := TitleFromName(name); got != want {
			t.Errorf("TitleFromName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestUsableTitleRefusesProgramsPlaceholders(t *testing.T) {
	for title, want := range map[string]bool{
		"Сложение обыкновенных дробей": true,
		"Лирика А. С. Пушкина":         true,
		"":                             false,
		"  ":                           false,
		"Документ1":                    false,
		"Презентация PowerPoint":       false,
		"PowerPoint Presentation":      false,
		"Microsoft Word - урок.docx":   false,
		"урок 5.docx":                  false,
		"Слайд 1":                      false,
		"Без названия":                 false,
		"123":                          false,
		"ab":                           false,
	} {
		if got := usableTitle(title); got != want {
			t.Errorf("usableTitle(%q) = %v, want %v", title, got, want)
		}
	}
}

func TestLevelsFromGradesAndWords(t *testing.T) {
	for text, want := range map[string][]string{
		"5 класс": {"ooo"},
		"5 класс — обыкновенные дроби":          {"ooo"},
		"Литература 9 класс":                    {"ooo"},
		"2 класс":                               {"noo"},
		"урок в 1-м классе":                     {"noo"},
		"для 5-х классов":                       {"ooo"},
		"Рабочая программа 10-11 класс":         {"soo"},
		"в 5–8 классах":                         {"ooo"},
		"для учащихся 8 и 9 классов":            {"ooo"},
		"олимпиада 8-9 классы":                  {"ooo"},
		"Обществознание 8 кл тест":              {"ooo"},
		"Обществознание_8_кл_тест":              {"ooo"},
		"7а класс":                              {"ooo"},
		"1-11 классы":                           {"noo", "ooo", "soo"},
		"4 и 5 класс":                           {"noo", "ooo"},
		"Начальные классы":                      {"noo"},
		"учитель начальной школы":               {"noo"},
		"ФГОС НОО":                              {"noo"},
		"основное общее образование":            {"ooo"},
		"подготовка к ЕГЭ":                      {"soo"},
		"детский сад «Солнышко»":                {"do"},
		"программа дополнительного образования": {"dop"},
		"колледж":                               {"spo"},
		"План работы ШМО на 2025-2026 год":      nil,
		"12 класс":                              nil,
		"урок 5, задача 3":                      nil,
		"Мастер-класс":                          nil,
		"класс":                                 nil,
		"классный час":                          nil,
		"15 кл":                                 nil,
		"1 клетка":                              nil,
	} {
		if got := levelsIn(text); !slices.Equal(got, want) {
			t.Errorf("levelsIn(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestSubjectsFromNames(t *testing.T) {
	for text, want := range map[string][]string{
		"ШМО учителей математики":                  {"математика"},
		"ШМО учителей русского языка и литературы": {"русский язык", "литература"},
		"Литература 9 класс":                       {"литература"},
		"Литературное чтение. Сказки Пушкина":      {"литературное чтение"},
		"Окружающий мир — Времена года":            {"окружающий мир"},
		"Рабочая программа по алгебре":             {"алгебра"},
		"Урок геометрии":                           {"геометрия"},
		"История и обществознание":                 {"история", "обществознание"},
		"Физика":              {"физика"},
		"Физическая культура": {"физическая культура"},
		"Физкультура 3 класс": {"физическая культура"},
		"Английский язык":     {"английский язык"},
		"ИЗО":                 {"изобразительное искусство"},
		"ОБЖ":                 {"основы безопасности и защиты родины"},
		"Вероятность и статистика": {"вероятность и статистика"},
		"Химия":                      {"химия"},
		"Информатика и ИКТ":          {"информатика"},
		"Технология":                 {"технология"},
		"педагогические технологии":  nil,
		"математическая грамотность": nil,
		"Список литературы":          nil,
		"использованная литература":  nil,
		"Методическая работа":        nil,
		"изображение":                nil,
	} {
		if got := subjectsIn(text); !slices.Equal(got, want) {
			t.Errorf("subjectsIn(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestTheMainSubjectsOfATextAreThoseItNamesMost(t *testing.T) {
	text := "Урок математики в 5 классе. На уроке математики дети вспоминают историю счёта. Список литературы: учебник математики."
	if got := mainSubjects(text); !slices.Equal(got, []string{"математика"}) {
		t.Errorf("mainSubjects = %v, want [математика]", got)
	}
	if got := mainSubjects("Урок без предмета"); got != nil {
		t.Errorf("mainSubjects of no subject = %v", got)
	}
}

func TestTypesFromNames(t *testing.T) {
	for text, want := range map[string]string{
		"Конспект урока сложение дробей":           "lesson-plan",
		"План-конспект урока":                      "lesson-plan",
		"Технологическая карта урока":              "lesson-plan",
		"Методическая разработка урока физики":     "lesson-plan",
		"Рабочая программа по истории 10-11 класс": "work-program",
		"Программа внеурочной деятельности":        "work-program",
		"Календарно-тематическое планирование":     "work-program",
		"Контрольная работа — Дроби":               "assessment",
		"Обществознание 8 кл тест":                 "assessment",
		"Олимпиада по математике":                  "assessment",
		"Диктант": "assessment",
		"Аналитическая справка по итогам ВПР":       "analytical-note",
		"Анализ результатов ВПР":                    "analytical-note",
		"Мастер-класс «Функциональная грамотность»": "master-class",
		"Классный час «Дружба»":                     "event-scenario",
		"Сценарий праздника":                        "event-scenario",
		"Методические рекомендации":                 "methodical-guide",
		"Выступление на педсовете":                  "report",
		"Доклад": "report",
		"Отчёт о самообразовании":                  "report",
		"Статья в сборник":                         "article",
		"План работы ШМО на 2025-2026 учебный год": "plan",
		"ИОМ педагога — шаблон":                    "iom-template",
		"Индивидуальный образовательный маршрут":   "iom-template",
		"Презентация к уроку":                      "presentation",
		"Урок геометрии":                           "",
		"Лирика Пушкина":                           "",
		"Стать учителем":                           "",
		"Планета Земля":                            "",
		"Статистика":                               "",
	} {
		if got := typeIn(text); got != want {
			t.Errorf("typeIn(%q) = %q, want %q", text, got, want)
		}
	}
	if got := weakTypeIn("Урок геометрии"); got != "lesson-plan" {
		t.Errorf("weakTypeIn(Урок геометрии) = %q", got)
	}
	if got := weakTypeIn("Лирика Пушкина"); got != "" {
		t.Errorf("weakTypeIn(Лирика Пушкина) = %q", got)
	}
}

func TestAuthorsMatchTheSchoolsTeachersInTheFormsDocumentsWriteThem(t *testing.T) {
	teachers := []Teacher{{"ivanova", "Иванова Анна Петровна"}, {"petrova", "Петрова Вера Ильинична"},
		{"fedorov", "Фёдоров Олег"}, {"ivanova2", "Иванова Алла Павловна"}, {"orlov", "Орлов Ян Ефимович"}}
	a := newAuthors(teachers)
	for text, want := range map[string][]string{
		"Иванова Анна Петровна":                          {"ivanova"},
		"иванова анна петровна":                          {"ivanova"},
		"Учитель: Иванова А. Петровна":                   nil, // not a form documents write
		"Составитель: Петрова В. И., учитель":            {"petrova"},
		"Разработала Петрова В.И.":                       {"petrova"},
		"В.И. Петрова":                                   {"petrova"},
		"В. И. Петрова":                                  {"petrova"},
		"Петрова Вера Ильинична и Иванова Анна Петровна": {"ivanova", "petrova"},
		"Федоров Олег":                                   {"fedorov"},
		"Фёдоров О.":                                     {"fedorov"},
		"О. Фёдоров":                                     {"fedorov"},
		"Орлов Я. Е.":                                    {"orlov"},
		"Петровская В. И.":                               nil,
		"Сидоров Борис Олегович":                         nil, // a teacher of another school
		"Петрова":                                        nil, // a surname alone could be anyone's
		"Иванова А. П.":                                  nil, // Анна Петровна or Алла Павловна: ambiguous
		"Иванова Алла Павловна":                          {"ivanova2"},
		"Анна Петровна Иванова":                          nil, // not a form documents write
		"": nil,
	} {
		got, _ := a.find(text)
		if !slices.Equal(got, want) {
			t.Errorf("find(%q) = %v, want %v", text, got, want)
		}
	}
	if _, ambiguous := a.find("Иванова А. П."); !ambiguous {
		t.Error("Иванова А. П. fits two teachers, and is not reported ambiguous")
	}
	if _, ambiguous := a.find("Иванова Анна Петровна"); ambiguous {
		t.Error("a full name is reported ambiguous")
	}
}

func TestNearIdenticalTitles(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Лирика А. С. Пушкина", "Лирика А.С. Пушкина", true},
		{"Дроби вокруг нас", "дроби  вокруг нас", true},
		{"Сложение обыкновенных дробей", "Сложение обыкновенных дробей.", true},
		{"Сложение обыкновенных дробей с одинаковыми знаменателями", "Сложение обыкновеных дробей с одинаковыми знаменателями", true},
		{"Ёлка в школе", "Елка в школе", true},
		{"Контрольная работа 1", "Контрольная работа 2", false},
		{"Урок 5", "Урок 6", false},
		{"Дроби", "Дробь", false},
		{"Сложение дробей", "Вычитание дробей", false},
		{"", "", false},
	} {
		if got := nearTitles(c.a, c.b); got != c.want {
			t.Errorf("nearTitles(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestMarkdownKeepsTheTextAsWritten(t *testing.T) {
	doc := Doc{Paras: []Para{
		{Text: "Ход урока", Heading: true},
		{Text: "1. Организационный момент."},
		{Text: "- тире в начале"},
		{Text: "# не заголовок"},
		{Text: "*звёздочки* и _подчёркивания_ и [ссылка](javascript:alert(1)) и <script>alert(1)</script>"},
		{Text: "> не цитата | не таблица"},
	}}
	want := "## Ход урока\n\n1\\. Организационный момент.\n\n\\- тире в начале\n\n\\# не заголовок\n\n" +
		"\\*звёздочки\\* и \\_подчёркивания\\_ и \\[ссылка\\](javascript:alert(1)) и \\<script\\>alert(1)\\</script\\>\n\n" +
		"\\> не цитата \\| не таблица"
	if got := markdownOf(doc); got != want {
		t.Errorf("markdownOf:\n%s\nwant\n%s", got, want)
	}
}

func TestGenericHeadingsAreNoTitles(t *testing.T) {
	for h, want := range map[string]bool{
		"Технологическая карта урока":  true,
		"Пояснительная записка":        true,
		"Конспект урока":               true,
		"Рабочая программа по истории": false,
		"Дружба — это чудо":            false,
	} {
		if got := genericHeading(h); got != want {
			t.Errorf("genericHeading(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestServiceFiles(t *testing.T) {
	for p, want := range map[string]bool{
		"Thumbs.db": true, "папка/desktop.ini": true, ".DS_Store": true, "~$нспект.docx": true,
		"__MACOSX/папка/._урок.docx": true, "папка/.~lock.урок.odt#": true, "урок.docx": false, "~урок.docx": false,
	} {
		if got := serviceFile(p); got != want {
			t.Errorf("serviceFile(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestSummaryIsTheFirstParagraphOfSomeLength(t *testing.T) {
	long := strings.Repeat("слово ", 200)
	doc := Doc{Paras: []Para{{Text: "Заголовок", Heading: true}, {Text: "Составитель: Петрова В. И."},
		{Text: "Контрольная работа рассчитана на 40 минут и проверяет умение складывать дроби."}, {Text: long}}}
	if got := summaryOf(doc, "Заголовок"); got != "Контрольная работа рассчитана на 40 минут и проверяет умение складывать дроби." {
		t.Errorf("summary = %q", got)
	}
	doc = Doc{Paras: []Para{{Text: "Название"}, {Text: "Коротко."}}}
	if got := summaryOf(doc, "Название"); got != "Коротко." {
		t.Errorf("summary of short paragraphs = %q", got)
	}
	doc = Doc{Paras: []Para{{Text: long}}}
	if got := summaryOf(doc, "x"); len([]rune(got)) > maxSummary || !strings.HasSuffix(got, "…") {
		t.Errorf("a long summary is not shortened: %d characters", len([]rune(got)))
	}
}
