package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/onboard"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// onboardFixture is the folder of a school's documents of internal/onboard.
const onboardFixture = "../onboard/testdata/копилка"

// copyDir copies the template data folder, for a command that opens it
// itself.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "pb_data")
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// materialsOf lists the materials of the organization with key, by title.
func materialsOf(t *testing.T, a core.App, orgKey string) map[string]*core.Record {
	t.Helper()
	records, err := a.FindAllRecords(schema.Materials, dbx.HashExp{"organization": fixture.IDs[orgKey]})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*core.Record{}
	for _, r := range records {
		out[r.GetString("title")] = r
	}
	return out
}

// storedFiles lists every file in the storage of materials.
func storedFiles(t *testing.T, a core.App) []string {
	t.Helper()
	var out []string
	root := filepath.Join(a.DataDir(), "storage")
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".attrs") {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func TestOnboardCommandMakesDraftsOfTheSchoolsFolder(t *testing.T) {
	data := copyDir(t, fixture.Dir)
	csvPath := filepath.Join(t.TempDir(), "report.csv")

	code, stdout, stderr := run(t, "onboard", onboardFixture, "--school", "school-a", "--dir", data, "--dry-run")
	if code != 0 {
		t.Fatalf("a dry run exited %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "25 draft(s), 3 duplicate(s), 4 refused, 0 skipped; nothing written (--dry-run)") {
		t.Errorf("dry run:\n%s", stdout)
	}

	code, stdout, stderr = run(t, "onboard", onboardFixture, "--school", "school-a", "--dir", data, "--csv", csvPath)
	if code != 0 {
		t.Fatalf("onboard exited %d: %s", code, stderr)
	}
	for _, want := range []string{"25 draft(s), 3 duplicate(s), 4 refused, 0 skipped; written", "Черновики (25):",
		"Разное/Тренажёр_с_макросом.odt — документ с макросами не принимается", "/app/materials/"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	csv, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(csv, []byte("\xef\xbb\xbfФайл;Итог;")) || !strings.Contains(string(csv), "Сложение обыкновенных дробей;свойства документа;Конспект урока (занятия);высокая: имя файла") {
		t.Errorf("the CSV report:\n%s", csv)
	}

	a, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Cleanup()
	if err := fixture.Register(a); err != nil {
		t.Fatal(err)
	}
	mats := materialsOf(t, a, "orgA")
	lesson := mats["Сложение обыкновенных дробей"]
	if lesson == nil {
		t.Fatalf("no draft of the lesson among %d materials", len(mats))
	}
	drafts := 0
	for _, m := range mats {
		if strings.HasPrefix(m.GetString("title"), "Материал ") {
			continue // the fixture's own
		}
		drafts++
		if m.GetString("status") != schema.StatusDraft {
			t.Errorf("%q is %s, not a draft", m.GetString("title"), m.GetString("status"))
		}
		if len(m.GetStringSlice("files")) != 1 {
			t.Errorf("%q has %d files", m.GetString("title"), len(m.GetStringSlice("files")))
		}
	}
	if drafts != 25 {
		t.Errorf("%d drafts in the bank, want 25", drafts)
	}
	names := map[string]string{}
	if err := lesson.UnmarshalJSONField("file_names", &names); err != nil || names[lesson.GetStringSlice("files")[0]] != "01_Конспект_урока_сложение_дробей.docx" {
		t.Errorf("the lesson's file keeps its name: %v %v", names, err)
	}
	if got := lesson.GetStringSlice("authors"); len(got) != 1 || got[0] != fixture.IDs["tA1"] {
		t.Errorf("authors %v, want Иванова (tA1)", got)
	}
	if got := lesson.GetStringSlice("levels"); len(got) != 1 || got[0] != "ooo" {
		t.Errorf("levels %v", got)
	}
	var subjects []string
	_ = lesson.UnmarshalJSONField("subjects", &subjects)
	if len(subjects) != 1 || subjects[0] != "математика" {
		t.Errorf("subjects %v", subjects)
	}
	if lesson.GetString("type") != "lesson-plan" || !strings.Contains(lesson.GetString("body"), "Цель урока: научить учащихся складывать обыкновенные дроби") ||
		lesson.GetString("slug") == "" || lesson.GetString("qr_code") == "" {
		t.Errorf("the lesson: type %q, slug %q, code %q, body %q", lesson.GetString("type"), lesson.GetString("slug"), lesson.GetString("qr_code"), lesson.GetString("body"))
	}

	// the same folder again: every file is in the bank already
	code, stdout, stderr = run(t, "onboard", onboardFixture, "--school", "school-a", "--dir", data)
	if code != 0 || !strings.Contains(stdout, "0 draft(s), 28 duplicate(s), 4 refused") {
		t.Errorf("a second run: exit %d\n%s%s", code, stdout, stderr)
	}

	code, _, stderr = run(t, "onboard", onboardFixture, "--school", "no-such-school", "--dir", data)
	if code != 1 || !strings.Contains(stderr, `no organization "no-such-school"`) {
		t.Errorf("an unknown school: exit %d, %s", code, stderr)
	}
	code, _, stderr = run(t, "onboard", onboardFixture, "--dir", data)
	if code != 1 || !strings.Contains(stderr, "--school") {
		t.Errorf("no school: exit %d, %s", code, stderr)
	}
}

// onboardReport analyses the fixture folder for school A of a.
func onboardReport(t *testing.T, a core.App) *onboard.Report {
	t.Helper()
	teachers, _ := a.FindAllRecords(schema.Teachers, dbx.HashExp{"organization": fixture.IDs["orgA"]})
	materials, _ := a.FindAllRecords(schema.Materials, dbx.HashExp{"organization": fixture.IDs["orgA"]})
	bank, err := onboard.NewBank(a, teachers, materials)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := onboard.ReadDir(onboardFixture, onboard.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := onboard.Analyze(context.Background(), entries, bank)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestOnboardingWritesAllOrNothing(t *testing.T) {
	a := fixture.App(t)
	before, files := len(materialsOf(t, a, "orgA")), storedFiles(t, a)
	unchanged := func(when string) {
		t.Helper()
		if n := len(materialsOf(t, a, "orgA")); n != before {
			t.Errorf("%s: %d materials, want the %d there were", when, n, before)
		}
		if got := storedFiles(t, a); strings.Join(got, "\n") != strings.Join(files, "\n") {
			t.Errorf("%s: files left in storage:\n%s\nwere\n%s", when, strings.Join(got, "\n"), strings.Join(files, "\n"))
		}
	}

	// a draft in the middle that cannot be saved: none is written, and the
	// problem names its file and field
	rep := onboardReport(t, a)
	var broken *onboard.Item
	for _, it := range rep.Items {
		if it.Outcome == onboard.Draft && strings.HasPrefix(it.Path, "Начальные классы/") {
			broken = it
			break
		}
	}
	broken.Type.Values = []string{"no-such-type"}
	err := onboard.Write(context.Background(), rep, fixture.IDs["orgA"], onboard.AppTransactor(a))
	var save *onboard.SaveError
	if !errors.As(err, &save) || !strings.HasPrefix(save.Error(), broken.Path+": type: ") {
		t.Errorf("a draft that cannot be saved: %v", err)
	}
	if rep.Written {
		t.Error("the report says written")
	}
	for _, it := range rep.Items {
		if it.Id != "" {
			t.Errorf("%s has the id %s of a draft rolled back", it.Path, it.Id)
		}
	}
	unchanged("after a failed save")

	// cancelled after the fifth draft
	rep = onboardReport(t, a)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	counting := func(fn func(onboard.Creator) error) error {
		return onboard.AppTransactor(a)(func(create onboard.Creator) error {
			return fn(func(data map[string]any) (*core.Record, error) {
				if n++; n == 5 {
					cancel()
				}
				return create(data)
			})
		})
	}
	if err := onboard.Write(ctx, rep, fixture.IDs["orgA"], counting); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run: %v", err)
	}
	unchanged("after a cancelled run")

	// and whole, the drafts are there
	rep = onboardReport(t, a)
	if err := onboard.Write(context.Background(), rep, fixture.IDs["orgA"], onboard.AppTransactor(a)); err != nil {
		t.Fatal(err)
	}
	if n := len(materialsOf(t, a, "orgA")); n != before+25 {
		t.Errorf("%d materials after the run, want %d", n, before+25)
	}
}

// onboardZip packs the fixture folder with a few hostile files beside it.
func onboardZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	err := filepath.WalkDir(onboardFixture, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(onboardFixture, p)
		add("копилка/"+filepath.ToSlash(rel), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	article, err := os.ReadFile(filepath.Join(onboardFixture, "Методическая работа/Статья в сборник.odt"))
	if err != nil {
		t.Fatal(err)
	}
	add("../../x.odt", article)
	add("=cmd|' /C calc'!A0.odt", retitled(t, article, `=HYPERLINK("http://evil.example","Нажмите")`))
	add("<script>.odt", retitled(t, article, `<script>alert(1)</script>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// retitled is the OpenDocument odt with another title in its meta.xml.
func retitled(t *testing.T, odt []byte, title string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(odt), int64(len(odt)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		if f.Name == "meta.xml" {
			esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(title)
			data = regexp.MustCompile(`<dc:title>[^<]*</dc:title>`).ReplaceAll(data, []byte("<dc:title>"+esc+"</dc:title>"))
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		_, _ = w.Write(data)
	}
	_ = zw.Close()
	return buf.Bytes()
}

func TestDeputyDirectorOnboardsAZipOfTheSchoolsFolder(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	before := len(materialsOf(t, a, "orgA"))
	archive := onboardZip(t)

	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	if rec := teacher.get("/app/onboard"); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher opens the onboarding: %d", rec.Code)
	}

	deputy := newBrowser(t, h)
	deputy.login("editorA")
	page := deputy.get("/app/onboard")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `href="/app/onboard" aria-current="page"`) ||
		strings.Contains(page.Body.String(), `name="school"`) {
		t.Fatalf("the page: %d\n%s", page.Code, page.Body.String())
	}
	if rec := deputy.get("/app/onboard.csv"); rec.Code != http.StatusNotFound {
		t.Errorf("a report before any run: %d", rec.Code)
	}
	token := deputy.csrf()
	if rec := deputy.postMultipart("/app/onboard", url.Values{"_csrf": {token}}, "archive", "", nil); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "Выберите ZIP-архив с документами.") {
		t.Errorf("no archive: %d", rec.Code)
	}
	if rec := deputy.postMultipart("/app/onboard", url.Values{"_csrf": {token}}, "archive", "копилка.zip", []byte("not a zip")); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "это не ZIP-архив или он повреждён") {
		t.Errorf("not a zip: %d", rec.Code)
	}

	// a check first: nothing is written
	rec := deputy.postMultipart("/app/onboard", url.Values{"_csrf": {token}, "dry_run": {"1"}, "school": {fixture.IDs["orgB"]}}, "archive", "копилка.zip", archive)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Проверка закончена: ничего не создано.") {
		t.Fatalf("a dry run: %d\n%s", rec.Code, rec.Body.String())
	}
	if n := len(materialsOf(t, a, "orgA")); n != before {
		t.Errorf("a dry run wrote %d materials", n-before)
	}

	rec = deputy.postMultipart("/app/onboard", url.Values{"_csrf": {token}, "school": {fixture.IDs["orgB"]}}, "archive", "копилка.zip", archive)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "Создано черновиков: 27.") {
		t.Fatalf("the run: %d\n%s", rec.Code, body)
	}
	// a deputy director's school is her own, whatever the form says
	if n := len(materialsOf(t, a, "orgB")); n != 3 {
		t.Errorf("school B has %d materials, want its 3", n)
	}
	mats := materialsOf(t, a, "orgA")
	if len(mats) != before+27 {
		t.Errorf("school A has %d materials, want %d", len(mats), before+27)
	}
	lesson := mats["Сложение обыкновенных дробей"]
	if lesson == nil || lesson.GetString("status") != schema.StatusDraft {
		t.Fatalf("the lesson's draft: %v", lesson)
	}
	for _, want := range []string{
		`<a href="/app/materials/` + lesson.Id + `">Сложение обыкновенных дробей</a>`,
		"высокая: папка «5 класс»", "средняя: текст первой страницы", "Иванова Анна Петровна",
		"копилка/Разное/Тренажёр_с_макросом.odt</td><td>документ с макросами не принимается",
		"../../x.odt</td><td>путь ведёт за пределы архива",
		"&lt;script&gt;alert(1)&lt;/script&gt;", "=HYPERLINK(&#34;http://evil.example&#34;,&#34;Нажмите&#34;)",
		`href="/app/onboard.csv"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("a title from a document is markup on the page")
	}
	if page := deputy.get("/app/materials/" + lesson.Id); page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Сложение обыкновенных дробей") {
		t.Errorf("the draft's page: %d", page.Code)
	}
	for _, m := range mats {
		for _, f := range m.GetStringSlice("files") {
			if strings.HasSuffix(f, ".zip") {
				t.Errorf("the archive was stored: %s", f)
			}
		}
	}

	csv := deputy.get("/app/onboard.csv")
	text := csv.Body.String()
	if csv.Code != http.StatusOK || csv.Header().Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(text, "\xef\xbb\xbfФайл;Итог;") {
		t.Fatalf("the CSV: %d %s\n%s", csv.Code, csv.Header(), text)
	}
	for _, want := range []string{
		`'=cmd|' /C calc'!A0.odt;черновик;;"'=HYPERLINK(""http://evil.example"",""Нажмите"")";`,
		"<script>.odt;черновик;;<script>alert(1)</script>;",
		"../../x.odt;не принят;путь ведёт за пределы архива;",
		"/app/materials/" + lesson.Id,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, text)
		}
	}
	if other := newBrowser(t, h); true {
		other.login("editorB")
		if rec := other.get("/app/onboard.csv"); rec.Code != http.StatusNotFound {
			t.Errorf("another school's deputy reads the report: %d", rec.Code)
		}
	}
}

func TestCuratorOnboardsForTheSchoolSheChoosesAndAFailureWritesNothing(t *testing.T) {
	a := fixture.App(t)
	// a hook that refuses one document, as a municipality's pb_hooks might
	a.OnRecordCreate(schema.Materials).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("title") == "Лирика А. С. Пушкина" {
			return errors.New("refused by a hook")
		}
		return e.Next()
	})
	h, _ := serve(t, a)
	before, files := len(materialsOf(t, a, "orgB")), storedFiles(t, a)
	curator := newBrowser(t, h)
	curator.login("curator")
	page := curator.get("/app/onboard")
	if !strings.Contains(page.Body.String(), `<option value="`+fixture.IDs["orgB"]+`">МБОУ СОШ № 2</option>`) ||
		strings.Contains(page.Body.String(), "Информационно-методический центр") {
		t.Fatalf("the curator's choice of schools:\n%s", page.Body.String())
	}
	token := curator.csrf()
	if rec := curator.postMultipart("/app/onboard", url.Values{"_csrf": {token}}, "archive", "копилка.zip", onboardZip(t)); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "Выберите школу.") {
		t.Errorf("no school chosen: %d", rec.Code)
	}
	rec := curator.postMultipart("/app/onboard", url.Values{"_csrf": {token}, "school": {fixture.IDs["orgB"]}}, "archive", "копилка.zip", onboardZip(t))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Ничего не создано: копилка/ШМО учителей русского языка и литературы/Литература 9 класс/Лирика Пушкина.pptx: form: ") {
		t.Fatalf("a refused draft: %d\n%s", rec.Code, rec.Body.String())
	}
	if n := len(materialsOf(t, a, "orgB")); n != before {
		t.Errorf("%d materials written of a failed run", n-before)
	}
	if got := storedFiles(t, a); len(got) != len(files) {
		t.Errorf("%d files left in storage by a failed run", len(got)-len(files))
	}
}

// An onboarded document's text is its body, which the site's search
// indexes once a curator publishes it; a draft is on no page.
func TestAnOnboardedDocumentIsFoundBySearchOncePublished(t *testing.T) {
	a := fixture.App(t)
	rep := onboardReport(t, a)
	if err := onboard.Write(context.Background(), rep, fixture.IDs["orgA"], onboard.AppTransactor(a)); err != nil {
		t.Fatal(err)
	}
	search := func(q string) []string {
		t.Helper()
		site, err := publish.Snapshot(a, corpusSettings(t))
		if err != nil {
			t.Fatal(err)
		}
		defer site.Close()
		out := filepath.Join(t.TempDir(), "site")
		if _, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme, Out: out}); err != nil {
			t.Fatal(err)
		}
		res, err := sitegen.Search(os.DirFS(out), q)
		if err != nil {
			t.Fatal(err)
		}
		return res.URLs
	}
	// «рефлексия» is only in the lesson's text, not in its title or summary
	if urls := search("рефлексия"); len(urls) != 0 {
		t.Errorf("drafts are found on the site: %v", urls)
	}
	lesson := materialsOf(t, a, "orgA")["Сложение обыкновенных дробей"]
	lesson.Set("status", schema.StatusPublished)
	if err := a.Save(lesson); err != nil {
		t.Fatal(err)
	}
	if urls := search("рефлексия"); len(urls) != 1 || !strings.Contains(urls[0], lesson.GetString("slug")) {
		t.Errorf("the published lesson is not found by a word of its text: %v", urls)
	}
}

func TestOnboardCommandReadsAZipToo(t *testing.T) {
	data := copyDir(t, fixture.Dir)
	archive := filepath.Join(t.TempDir(), "копилка.zip")
	if err := os.WriteFile(archive, onboardZip(t), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "onboard", archive, "--school", "school-a", "--dir", data, "--dry-run")
	if code != 0 || !strings.Contains(stdout, "27 draft(s), 3 duplicate(s), 5 refused, 0 skipped; nothing written (--dry-run)") ||
		!strings.Contains(stdout, "../../x.odt — путь ведёт за пределы архива") {
		t.Errorf("a ZIP: exit %d\n%s%s", code, stdout, stderr)
	}
	notZip := filepath.Join(t.TempDir(), "урок.docx")
	if err := os.WriteFile(notZip, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "onboard", notZip, "--school", "school-a", "--dir", data); code != 1 || !strings.Contains(stderr, "это не ZIP-архив") {
		t.Errorf("a file that is no archive: exit %d, %s", code, stderr)
	}
}
