package onboard

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

const fixture = "testdata/копилка"

// schoolA is the bank of the fixture's school: the teachers of
// internal/testkit's school A.
func schoolA() *Bank {
	return &Bank{Teachers: []Teacher{{"tA1", "Иванова Анна Петровна"}, {"tA2", "Петрова Вера Ильинична"}}}
}

// g writes a guess as "values/source/confidence", values joined by "+",
// a folder's name after the source: "ooo/folder:5 класс/high".
func g(x Guess) string {
	src := string(x.Source)
	if x.Source == FromFolder {
		src += ":" + x.Detail
	}
	return strings.Join(x.Values, "+") + "/" + src + "/" + string(x.Confidence)
}

func TestTheFixtureFolderBecomesDraftsWithEveryFieldGuessed(t *testing.T) {
	entries, err := ReadDir(fixture, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), entries, schoolA())
	if err != nil {
		t.Fatal(err)
	}
	const (
		math    = "ШМО учителей математики"
		russian = "ШМО учителей русского языка и литературы"
	)
	drafts := []struct {
		path, title, titleFrom, typ, levels, subjects, authors string
	}{
		{"Английский язык/Science mesh design.pptx", "学校のサイエンス メッシュ デザイン", "metadata",
			"presentation/format/medium", "/default/low", "английский язык/folder:Английский язык/high", "/default/low"},
		{"Английский язык/Walking on imported air.docx", "Walking on imported air", "filename",
			"other/default/low", "/default/low", "английский язык/folder:Английский язык/high", "/default/low"},
		{"История и обществознание/Аналитическая справка по итогам ВПР по истории.pdf", "Аналитическая справка по итогам ВПР", "metadata",
			"analytical-note/filename/high", "ooo/text/medium", "история/filename/high", "/default/low"},
		{"История и обществознание/Обществознание_8_кл_тест.odt", "Тест по обществознанию", "heading",
			"assessment/filename/high", "ooo/filename/high", "обществознание/filename/high", "/default/low"},
		{"История и обществознание/Рабочая программа по истории 10-11 класс.docx", "Рабочая программа по истории", "heading",
			"work-program/filename/high", "soo/filename/high", "история/filename/high", "tA1/metadata/high"},
		{"Методическая работа/ИОМ педагога — шаблон.docx", "Индивидуальный образовательный маршрут педагога", "heading",
			"iom-template/filename/high", "/default/low", "/default/low", "/default/low"},
		{"Методическая работа/Мастер-класс «Функциональная грамотность».pptx", "Функциональная грамотность на каждом уроке", "metadata",
			"master-class/filename/high", "/default/low", "/default/low", "/default/low"},
		{"Методическая работа/План работы ШМО на 2025-2026 учебный год.docx", "План работы школьного методического объединения", "heading",
			"plan/filename/high", "/default/low", "/default/low", "/default/low"},
		{"Методическая работа/Статья в сборник.odt", "Смешанное обучение в сельской школе", "metadata",
			"article/filename/high", "/default/low", "/default/low", "tA2/metadata/high"},
		{"Начальные классы/2 класс/Окружающий мир — Времена года.docx", "Окружающий мир — Времена года", "filename",
			"lesson-plan/heading/medium", "noo/folder:2 класс/high", "окружающий мир/filename/high", "tA1/text/medium"},
		{"Начальные классы/2 класс/урок.rtf", "Урок", "filename",
			"lesson-plan/filename/medium", "noo/folder:2 класс/high", "/default/low", "/default/low"},
		{"Начальные классы/3 класс/Литературное чтение. Сказки Пушкина.odt", "Сказки А. С. Пушкина на уроках литературного чтения", "metadata",
			"lesson-plan/metadata/medium", "noo/folder:3 класс/high", "литературное чтение/filename/high", "/default/low"},
		{"Начальные классы/Классный час «Дружба — это чудо».docx", "Дружба — это чудо", "heading",
			"event-scenario/filename/high", "noo/folder:Начальные классы/high", "/default/low", "tA2/metadata/high"},
		{"Разное/Таблица успеваемости.xls", "Таблица успеваемости", "filename",
			"other/default/low", "/default/low", "/default/low", "/default/low"},
		{"Физика/Выступление на педсовете.pdf", "Проектная деятельность на уроках физики", "metadata",
			"report/filename/high", "/default/low", "физика/folder:Физика/high", "tA1/text/medium"},
		{"Физика/Лабораторная работа № 3 «Измерение плотности».odt", "Лабораторная работа № 3", "heading",
			"lesson-plan/text/medium", "ooo/text/medium", "физика/folder:Физика/high", "tA2/text/medium"},
		{math + "/5 класс/01_Конспект_урока_сложение_дробей.docx", "Сложение обыкновенных дробей", "metadata",
			"lesson-plan/filename/high", "ooo/folder:5 класс/high", "математика/folder:" + math + "/high", "tA1/metadata/high"},
		{math + "/5 класс/02. Контрольная работа — Дроби.odt", "Контрольная работа по теме «Обыкновенные дроби»", "heading",
			"assessment/filename/high", "ooo/folder:5 класс/high", "математика/folder:" + math + "/high", "tA2/text/medium"},
		{math + "/5 класс/Дроби вокруг нас.odp", "Дроби вокруг нас", "metadata",
			"presentation/format/medium", "ooo/folder:5 класс/high", "математика/folder:" + math + "/high", "tA1/text/medium"},
		{math + "/7 класс/1. Урок геометрии — признаки равенства треугольников.doc", "Урок геометрии — признаки равенства треугольников", "filename",
			"lesson-plan/filename/medium", "ooo/folder:7 класс/high", "геометрия/filename/high", "/default/low"},
		{math + "/7 класс/Рабочая программа по алгебре.pdf", "Рабочая программа учебного предмета «Алгебра» для 7 класса", "metadata",
			"work-program/filename/high", "ooo/folder:7 класс/high", "алгебра/filename/high", "tA2/metadata/high"},
		{math + "/Олимпиада_по_математике_8-9_классы.pdf", "Олимпиада по математике 8-9 классы", "filename",
			"assessment/filename/high", "ooo/filename/high", "математика/filename/high", "/default/low"},
		{russian + "/6 класс/Конспект урока русского языка «Имя существительное».odt", "Имя существительное как часть речи", "metadata",
			"lesson-plan/filename/high", "ooo/folder:6 класс/high", "русский язык/filename/high", "/default/low"},
		{russian + "/6 класс/Сочинение-рассуждение.docx", "Как научить писать сочинение-рассуждение", "heading",
			"methodical-guide/text/medium", "ooo/folder:6 класс/high", "русский язык+литература/folder:" + russian + "/high", "tA2/text/medium"},
		{russian + "/Литература 9 класс/Лирика Пушкина.pptx", "Лирика А. С. Пушкина", "metadata",
			"presentation/format/medium", "ooo/folder:Литература 9 класс/high", "литература/folder:Литература 9 класс/high", "/default/low"},
	}
	others := map[string]string{ // path → outcome: reason
		math + "/5 класс/Дроби вокруг нас.pptx":                        "duplicate: почти то же название, что у «" + math + "/5 класс/Дроби вокруг нас.odp»",
		math + "/5 класс/Копия 01_Конспект_урока_сложение_дробей.docx": "duplicate: тот же файл, что «" + math + "/5 класс/01_Конспект_урока_сложение_дробей.docx»",
		russian + "/Литература 9 класс/Пушкин_лирика_итог.pdf":         "duplicate: почти то же название, что у «" + russian + "/Литература 9 класс/Лирика Пушкина.pptx»",
		"Разное/setup.exe":                    "refused: файлы с расширением «.exe» не принимаются",
		"Разное/Журнал оценок (пароль).xlsx":  "refused: документ защищён паролем",
		"Разное/Итоги_олимпиады_защищено.pdf": "refused: документ защищён паролем",
		"Разное/Тренажёр_с_макросом.odt":      "refused: документ с макросами не принимается",
	}
	items := map[string]*Item{}
	for _, it := range rep.Items {
		items[it.Path] = it
	}
	if len(rep.Items) != len(drafts)+len(others) {
		t.Errorf("%d files in the report, want %d", len(rep.Items), len(drafts)+len(others))
	}
	for _, d := range drafts {
		it := items[d.path]
		if it == nil {
			t.Errorf("%s: not in the report", d.path)
			continue
		}
		if it.Outcome != Draft {
			t.Errorf("%s: %s (%s), want a draft", d.path, it.Outcome, it.Reason)
			continue
		}
		for _, c := range []struct{ field, got, want string }{
			{"title", it.Title, d.title}, {"title from", string(it.TitleFrom), d.titleFrom}, {"type", g(it.Type), d.typ},
			{"levels", g(it.Levels), d.levels}, {"subjects", g(it.Subjects), d.subjects}, {"authors", g(it.Authors), d.authors},
		} {
			if c.got != c.want {
				t.Errorf("%s: %s = %q, want %q", d.path, c.field, c.got, c.want)
			}
		}
	}
	for p, want := range others {
		it := items[p]
		if it == nil {
			t.Errorf("%s: not in the report", p)
			continue
		}
		if got := string(it.Outcome) + ": " + it.Reason; !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q", p, got, want)
		}
	}

	// what a person reads of a draft: its summary, and its text in the body
	lesson := items[math+"/5 класс/01_Конспект_урока_сложение_дробей.docx"]
	if !strings.HasPrefix(lesson.Summary, "Тема урока: «Сложение дробей с одинаковыми знаменателями».") {
		t.Errorf("summary: %q", lesson.Summary)
	}
	for _, want := range []string{"## Конспект урока математики в 5 классе", "## Ход урока", "4\\. Первичное закрепление: № 456, 458 из учебника."} {
		if !strings.Contains(lesson.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, lesson.Body)
		}
	}
	if got := items[math+"/7 класс/Рабочая программа по алгебре.pdf"].Body; !strings.Contains(got, "Формулы сокращённого умножения") {
		t.Errorf("the PDF's text is not in its body:\n%s", got)
	}
	if got := items[russian+"/Литература 9 класс/Лирика Пушкина.pptx"].Body; !strings.Contains(got, "## Темы лирики\n\nДружба и любовь.") {
		t.Errorf("the slides' text is not in the body:\n%s", got)
	}
	noText := items[math+"/7 класс/1. Урок геометрии — признаки равенства треугольников.doc"]
	if noText.Body != "" || noText.Summary != "" || !strings.Contains(noText.Reason, "без текста") {
		t.Errorf("a .doc: body %q, summary %q, note %q", noText.Body, noText.Summary, noText.Reason)
	}
	if got := items["Английский язык/Walking on imported air.docx"].AuthorNames; got != nil {
		t.Errorf("the author of a Microsoft sample, of no school, matched %v", got)
	}
	if got := items[math+"/5 класс/01_Конспект_урока_сложение_дробей.docx"].AuthorNames; !slices.Equal(got, []string{"Иванова Анна Петровна"}) {
		t.Errorf("author names: %v", got)
	}
}

func TestFilesAlreadyInTheBankAreDuplicates(t *testing.T) {
	entries, err := ReadDir(fixture, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	lesson, err := os.ReadFile(filepath.Join(fixture, "ШМО учителей математики/5 класс/01_Конспект_урока_сложение_дробей.docx"))
	if err != nil {
		t.Fatal(err)
	}
	bank := schoolA()
	bank.Materials = []Existing{
		{Id: "m1", Title: "Урок о дробях", Hashes: []string{hashOf(lesson)}},
		{Id: "m2", Title: "Лирика А.С. Пушкина"},
	}
	rep, err := Analyze(context.Background(), entries, bank)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ШМО учителей математики/5 класс/01_Конспект_урока_сложение_дробей.docx":             "этот файл уже есть в копилке: «Урок о дробях»",
		"ШМО учителей математики/5 класс/Копия 01_Конспект_урока_сложение_дробей.docx":       "тот же файл, что «ШМО учителей математики/5 класс/01_Конспект_урока_сложение_дробей.docx»",
		"ШМО учителей русского языка и литературы/Литература 9 класс/Лирика Пушкина.pptx":    "в копилке уже есть материал с почти таким же названием: «Лирика А.С. Пушкина»",
		"ШМО учителей русского языка и литературы/Литература 9 класс/Пушкин_лирика_итог.pdf": "в копилке уже есть материал с почти таким же названием: «Лирика А.С. Пушкина»",
	}
	for _, it := range rep.Items {
		if w, ok := want[it.Path]; ok && (it.Outcome != Duplicate || it.Reason != w) {
			t.Errorf("%s: %s %q, want a duplicate: %q", it.Path, it.Outcome, it.Reason, w)
		}
	}
	if n := rep.Count(Draft); n != 23 {
		t.Errorf("%d drafts, want 23", n)
	}
}

func TestACancelledAnalysisStops(t *testing.T) {
	entries, err := ReadDir(fixture, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Analyze(ctx, entries, schoolA()); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled analysis: %v", err)
	}
}

func TestReadDirLimits(t *testing.T) {
	dir := t.TempDir()
	deep := filepath.Join(dir, "1", "2", "3")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a.txt", "1/b.txt", "1/2/c.txt", "1/2/3/d.txt"} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte("Текст"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "ссылка.txt")); err != nil {
		t.Fatal(err)
	}
	entries, err := ReadDir(dir, Limits{MaxFiles: 10, MaxFileBytes: 1 << 20, MaxTotalBytes: 1 << 20, MaxDepth: 2})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range entries {
		got[e.Path] = string(e.Outcome) + " " + e.Reason
	}
	want := map[string]string{"a.txt": " ", "1/b.txt": " ", "1/2/c.txt": " ", "1/2/3/": "skipped вложен глубже 2 папок", "ссылка.txt": "skipped ссылка, не файл"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("entries:\n%v\nwant\n%v", got, want)
	}
	var limit *LimitError
	if _, err := ReadDir(dir, Limits{MaxFiles: 2, MaxFileBytes: 1 << 20, MaxTotalBytes: 1 << 20, MaxDepth: 10}); !errors.As(err, &limit) ||
		!strings.Contains(err.Error(), "больше 2 файлов") {
		t.Errorf("too many files: %v", err)
	}
	if _, err := ReadDir(dir, Limits{MaxFiles: 10, MaxFileBytes: 1 << 20, MaxTotalBytes: 12, MaxDepth: 10}); !errors.As(err, &limit) {
		t.Errorf("too much data: %v", err)
	}
}

// zipOf makes an archive of files, each a name and its content; a name
// in CP866 is written without the UTF-8 flag, as Windows does.
func zipOf(t *testing.T, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f[0], Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadZipKeepsHostileNamesAsData(t *testing.T) {
	docx, err := os.ReadFile(filepath.Join(fixture, "Методическая работа/Статья в сборник.odt"))
	if err != nil {
		t.Fatal(err)
	}
	cp866, err := charmap.CodePage866.NewEncoder().String("Папка/Статья из Windows.odt")
	if err != nil {
		t.Fatal(err)
	}
	data := zipOf(t,
		[2]string{"../../x.odt", string(docx)},
		[2]string{"/etc/x.odt", string(docx)},
		[2]string{`C:\Windows\x.odt`, string(docx)},
		[2]string{"папка/../../../x.odt", string(docx)},
		[2]string{"=cmd|' /C calc'!A0.odt", string(docx)},
		[2]string{"<script>.odt", string(docx)},
		[2]string{cp866, string(docx)},
		[2]string{`Папка\Подпапка\урок.txt`, "Урок"},
		[2]string{"вложенный.zip", "PK\x03\x04"},
		[2]string{"__MACOSX/._урок.txt", "x"},
	)
	entries, err := ReadZip(bytes.NewReader(data), int64(len(data)), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), entries, schoolA())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range rep.Items {
		got[it.Path] = string(it.Outcome) + ": " + it.Reason
	}
	want := map[string]string{
		"../../x.odt":                 "refused: путь ведёт за пределы архива",
		"/etc/x.odt":                  "refused: путь ведёт за пределы архива",
		"C:/Windows/x.odt":            "refused: путь ведёт за пределы архива",
		"папка/../../../x.odt":        "refused: путь ведёт за пределы архива",
		"<script>.odt":                "draft: ",
		"=cmd|' /C calc'!A0.odt":      "duplicate: тот же файл, что «<script>.odt»",
		"Папка/Статья из Windows.odt": "duplicate: тот же файл, что «<script>.odt»",
		"Папка/Подпапка/урок.txt":     "draft: ",
		"вложенный.zip":               "refused: файлы с расширением «.zip» не принимаются",
		"__MACOSX/._урок.txt":         "skipped: служебный файл, не документ",
	}
	for p, w := range want {
		if !strings.HasPrefix(got[p], w) {
			t.Errorf("%s: %q, want %q", p, got[p], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d entries, want %d: %v", len(got), len(want), got)
	}
	for _, it := range rep.Items {
		if it.Path == "<script>.odt" && it.Title != "Смешанное обучение в сельской школе" {
			t.Errorf("<script>.odt: title %q", it.Title)
		}
	}
}

func TestReadZipRefusesBombs(t *testing.T) {
	var files [][2]string
	for i := range 5 {
		files = append(files, [2]string{fmt.Sprintf("%d.txt", i), strings.Repeat("а", 1000)})
	}
	data := zipOf(t, files...)
	var limit *LimitError
	if _, err := ReadZip(bytes.NewReader(data), int64(len(data)), Limits{MaxFiles: 4, MaxFileBytes: 1 << 20, MaxTotalBytes: 1 << 20, MaxDepth: 5}); !errors.As(err, &limit) {
		t.Errorf("5 files past a limit of 4: %v", err)
	}
	if _, err := ReadZip(bytes.NewReader(data), int64(len(data)), Limits{MaxFiles: 10, MaxFileBytes: 1 << 20, MaxTotalBytes: 4000, MaxDepth: 5}); !errors.As(err, &limit) {
		t.Errorf("10 KB unpacked past a limit of 4 KB: %v", err)
	}
	if _, err := ReadZip(bytes.NewReader([]byte("not a zip")), 9, DefaultLimits); !errors.As(err, &limit) || err.Error() != "это не ZIP-архив или он повреждён" {
		t.Errorf("not a zip: %v", err)
	}

	// a header that claims less than its file unpacks to: read no further
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	big := bytes.Repeat([]byte("а"), 100_000)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "ложь.txt", Method: zip.Store, CRC32: 0, CompressedSize64: uint64(len(big)), UncompressedSize64: 10})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(big)
	// and a file deeper than the limit, and one encrypted
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "1/2/3/4/5/6/глубоко.txt", Method: zip.Deflate})
	_, _ = w.Write([]byte("Текст"))
	w, _ = zw.CreateRaw(&zip.FileHeader{Name: "шифр.txt", Method: zip.Store, Flags: 0x1, CompressedSize64: 4, UncompressedSize64: 4})
	_, _ = w.Write([]byte("abcd"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{MaxFiles: 10, MaxFileBytes: 1 << 20, MaxTotalBytes: 1 << 20, MaxDepth: 3})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), entries, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range rep.Items {
		got[it.Path] = string(it.Outcome) + ": " + it.Reason
	}
	want := map[string]string{
		"ложь.txt":                "refused: файл в архиве повреждён",
		"1/2/3/4/5/6/глубоко.txt": "skipped: вложен глубже 3 папок",
		"шифр.txt":                "refused: файл в архиве зашифрован паролем",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("entries:\n%v\nwant\n%v", got, want)
	}
}

func TestReportRowsAndPrint(t *testing.T) {
	entries, err := ReadDir(fixture, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), entries, schoolA())
	if err != nil {
		t.Fatal(err)
	}
	rows := rep.Rows("https://kopilka.example")
	if len(rows) != len(rep.Items)+1 {
		t.Fatalf("%d rows for %d files", len(rows), len(rep.Items))
	}
	for _, row := range rows {
		if len(row) != len(rows[0]) {
			t.Fatalf("a row of %d cells under a header of %d: %q", len(row), len(rows[0]), row)
		}
	}
	var lesson []string
	for _, row := range rows {
		if row[0] == "ШМО учителей математики/5 класс/01_Конспект_урока_сложение_дробей.docx" {
			lesson = row
		}
	}
	want := []string{"ШМО учителей математики/5 класс/01_Конспект_урока_сложение_дробей.docx", "черновик", "",
		"Сложение обыкновенных дробей", "свойства документа", "Конспект урока (занятия)", "высокая: имя файла",
		"Основное общее образование", "высокая: папка «5 класс»", "математика", "высокая: папка «ШМО учителей математики»",
		"Иванова Анна Петровна", "высокая: свойства документа", ""}
	if !slices.Equal(lesson, want) {
		t.Errorf("the lesson's row:\n%q\nwant\n%q", lesson, want)
	}
	var out strings.Builder
	rep.Print(&out)
	for _, w := range []string{"Черновики (25):", "Повторы (3):", "Не приняты (4):",
		"    Тип: Конспект урока (занятия) (высокая: имя файла)", "    Авторы: —",
		"  Разное/Тренажёр_с_макросом.odt — документ с макросами не принимается"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("the printed report lacks %q:\n%s", w, out.String())
		}
	}
}

func TestHostileFileNamesInAFolderStayData(t *testing.T) {
	dir := t.TempDir()
	for name, from := range map[string]string{
		"<script>.docx":           "Начальные классы/Классный час «Дружба — это чудо».docx",
		"=cmd|' -C calc'!A0.docx": "Методическая работа/ИОМ педагога — шаблон.docx",
		"..docx":                  "Английский язык/Walking on imported air.docx",
	} {
		data, err := os.ReadFile(filepath.Join(fixture, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(t.TempDir(), "ссылка")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	entries, err := ReadDir(link, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), entries, schoolA())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range rep.Items {
		got[it.Path] = string(it.Outcome) + " " + it.Title
	}
	want := map[string]string{"<script>.docx": "draft Дружба — это чудо", "=cmd|' -C calc'!A0.docx": "draft Индивидуальный образовательный маршрут педагога",
		"..docx": "draft ..docx"} // a name of no letters is its own title
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
