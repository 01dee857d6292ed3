package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kopilka/kopilka/internal/methodwork"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// token is the CSRF token of b's session, read from a page as a form would.
func token(b *browser) string {
	b.get("/app/")
	return b.csrf()
}

// quotaLine is the line of an association on the list of associations:
// its card, from its name to the end of its item.
func quotaLine(t *testing.T, page, name string) string {
	t.Helper()
	i := strings.Index(page, name)
	if i < 0 {
		t.Fatalf("the list lacks %q", name)
	}
	rest := page[i:]
	if j := strings.Index(rest, "</li>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// A deputy director creates a ШМО of her teachers, attributes a material
// of the school to it, and the quota table counts it in the quarter it was
// handed in; a teacher or a material of another school is refused, and a
// hostile name is text.
func TestADeputysAssociationCountsTheMaterialsItHandsIn(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	editor := newBrowser(t, h)
	editor.login("editorA")
	name := `ШМО <script>alert(1)</script> словесников`
	rec := editor.post("/app/mo/new", url.Values{"_csrf": {token(editor)}, "name": {name}, "kind": {"school_mo"},
		"head": {fixture.IDs["tA1"]}, "members": {fixture.IDs["tA2"]}, "theme": {"Смысловое чтение"}, "subjects": {"Русский язык, Литература"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create the association: %d %s", rec.Code, rec.Body.String())
	}
	mo, err := a.FindFirstRecordByData(schema.Associations, "name", name)
	if err != nil {
		t.Fatal(err)
	}
	if got := mo.GetStringSlice("members"); len(got) != 2 || mo.GetString("organization") != fixture.IDs["orgA"] {
		t.Errorf("stored with members %v of %s; want the head and the member, of school A", got, mo.GetString("organization"))
	}
	list := editor.get("/app/mo").Body.String()
	if strings.Contains(list, "<script>alert(1)") || !strings.Contains(list, "&lt;script&gt;") {
		t.Error("the association's name reaches the page as markup")
	}
	escaped := "ШМО &lt;script&gt;alert(1)&lt;/script&gt; словесников"
	now := time.Now()
	q := methodwork.QuarterOf(now.Month())
	if line := quotaLine(t, list, escaped); !strings.Contains(line, "за год: 0 из 4") {
		t.Errorf("a new association has handed in something:\n%s", line)
	}

	attach := func(id string) int {
		return editor.post("/app/mo/"+mo.Id+"/attach", url.Values{"_csrf": {token(editor)}, "field": {"materials"}, "id": {id}}).Code
	}
	if code := attach(fixture.IDs["matPubA1"]); code != http.StatusSeeOther {
		t.Fatalf("attribute the school's material: %d", code)
	}
	line := quotaLine(t, editor.get("/app/mo").Body.String(), escaped)
	if !strings.Contains(line, "за год: 1 из 4") {
		t.Errorf("the material does not count:\n%s", line)
	}
	cells := strings.Split(line, "<td class=\"quota-")
	if len(cells) != 5 || !strings.HasPrefix(cells[q+1], "done\">"+ru.QuotaStates["done"]) {
		t.Errorf("quarter %d is not «сдано»:\n%s", q+1, line)
	}
	if code := attach(fixture.IDs["matPubB"]); code != http.StatusForbidden {
		t.Errorf("a material of school B attributed by school A's deputy director: %d", code)
	}
	if mo, _ = a.FindRecordById(schema.Associations, mo.Id); schema.Contains(mo.GetStringSlice("materials"), fixture.IDs["matPubB"]) {
		t.Error("school B's material was attributed to school A's association")
	}
	rec = editor.post("/app/mo/new", url.Values{"_csrf": {token(editor)}, "name": {"ШМО с чужим"}, "kind": {"school_mo"},
		"members": {fixture.IDs["tB"]}})
	if rec.Code == http.StatusSeeOther {
		t.Error("school A's deputy director put a teacher of school B into her ШМО")
	}
	// the curator sees the association, school B's deputy director does not
	curator := newBrowser(t, h)
	curator.login("curator")
	if !strings.Contains(curator.get("/app/mo").Body.String(), escaped) {
		t.Error("the curator does not see the school's association")
	}
	editorB := newBrowser(t, h)
	editorB.login("editorB")
	if strings.Contains(editorB.get("/app/mo").Body.String(), escaped) {
		t.Error("school B's deputy director sees school A's association")
	}
	if code := editorB.get("/app/mo/" + mo.Id).Code; code != http.StatusNotFound {
		t.Errorf("school B's deputy director opens school A's association: %d", code)
	}
}

// A plan item is refused without its period, and saved with one; the
// plan shows it under its months with its responsible and expected result.
func TestAPlanItemIsShownUnderItsMonths(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	editor := newBrowser(t, h)
	editor.login("editorA")
	year := methodwork.SchoolYearOf(time.Now())
	form := func(kv ...string) url.Values {
		v := url.Values{"_csrf": {token(editor)}, "year": {fmt.Sprint(year)}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	for _, bad := range []url.Values{
		form("content", "Без сроков", "period", "month"),
		form("content", "Без даты", "period", "date", "date", "31.02"),
		form("content", "Четверть пять", "period", "quarter", "quarter", "5"),
		form("content", "", "period", "year"),
		form("content", "Неизвестный срок", "period", "someday"),
	} {
		if rec := editor.post("/app/plan", bad); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%v: %d", bad, rec.Code)
		}
	}
	rec := editor.post("/app/plan", form("section", "Распространение опыта", "content", "Пополнение методической копилки =HYPERLINK(\"x\")",
		"period", "month", "months", "nov", "months", "mar", "responsible", fixture.IDs["tA1"],
		"responsible_text", "Руководители ШМО", "expected_result", "Конспекты, тезисы, доклады"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save the item: %d %s", rec.Code, rec.Body.String())
	}
	page := editor.get("/app/plan").Body.String()
	for _, month := range []string{fmt.Sprintf("Ноябрь %d", year), fmt.Sprintf("Март %d", year+1)} {
		i := strings.Index(page, "<h2>"+month+"</h2>")
		if i < 0 {
			t.Fatalf("the plan has no %s", month)
		}
		section := page[i:]
		section = section[:strings.Index(section, "</section>")]
		for _, want := range []string{"Пополнение методической копилки", "Иванова Анна Петровна, Руководители ШМО", "Конспекты, тезисы, доклады", "ноябрь, март"} {
			if !strings.Contains(section, want) {
				t.Errorf("%s lacks %q", month, want)
			}
		}
	}
	// school B's deputy director neither sees nor prints school A's plan
	editorB := newBrowser(t, h)
	editorB.login("editorB")
	if strings.Contains(editorB.get("/app/plan?org="+fixture.IDs["orgA"]).Body.String(), "Пополнение методической копилки =HYPERLINK") {
		t.Error("school B's deputy director reads school A's plan")
	}
	pdf := editor.get("/app/plan.pdf")
	if pdf.Code != http.StatusOK || pdf.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("the printed plan: %d %s", pdf.Code, pdf.Header().Get("Content-Type"))
	}
	text := strings.Join(strings.Fields(qrtest.PDFText(t, pdf.Body.Bytes())), " ")
	for _, want := range []string{"МБОУ СОШ № 1", "Содержание работы", "Прогнозируемый результат", "Пополнение методической копилки", fmt.Sprintf("Сентябрь %d", year)} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed plan lacks %q", want)
		}
	}
}

// A deputy director proposes a mentor of another school; the pair waits
// for the municipal service, whose curator confirms it; the deputy director
// cannot confirm it herself.
func TestADeputysMentorOfAnotherSchoolWaitsForTheCurator(t *testing.T) {
	a := fixture.App(t)
	tB, err := a.FindRecordById(schema.Teachers, fixture.IDs["tB"])
	if err != nil {
		t.Fatal(err)
	}
	tB.Set("mentor", true)
	if err := a.Save(tB); err != nil {
		t.Fatal(err)
	}
	h, _ := serve(t, a)
	editor := newBrowser(t, h)
	editor.login("editorA")
	if !strings.Contains(editor.get("/app/mentorships/new").Body.String(), "Сидоров Борис Олегович (МБОУ СОШ № 2)") {
		t.Fatal("the deputy director is not offered the public mentor of school B")
	}
	rec := editor.post("/app/mentorships/new", url.Values{"_csrf": {token(editor)}, "form": {"team"}, "mentor": {fixture.IDs["tB"]},
		"mentees": {fixture.IDs["tA1"]}, "organizations": {fixture.IDs["orgB"]}, "program": {"Сетевая команда"}, "status": {"confirmed"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("propose: %d %s", rec.Code, rec.Body.String())
	}
	m, err := a.FindFirstRecordByData(schema.Mentorships, "program", "Сетевая команда")
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("status") != "proposed" || m.GetString("organization") != fixture.IDs["orgA"] ||
		strings.Join(m.GetStringSlice("organizations"), ",") != fixture.IDs["orgB"] {
		t.Fatalf("stored as %s of %s with %v; want proposed, of school A, with school B", m.GetString("status"), m.GetString("organization"), m.GetStringSlice("organizations"))
	}
	// through the REST API the deputy director cannot confirm it either
	res := send(h, http.MethodPatch, "/api/collections/mentorships/records/"+m.Id, fixture.Tokens["editorA"], "application/json", []byte(`{"status":"confirmed"}`))
	if res.Code != http.StatusOK {
		t.Fatalf("deputy's PATCH: %d %s", res.Code, res.Body.String())
	}
	if m, _ = a.FindRecordById(schema.Mentorships, m.Id); m.GetString("status") != "proposed" {
		t.Fatal("the deputy director confirmed her own proposal through the API")
	}
	if code := editor.post("/app/mentorships/"+m.Id+"/confirm", url.Values{"_csrf": {token(editor)}}).Code; code != http.StatusForbidden {
		t.Errorf("the deputy director's confirm: %d", code)
	}
	editorB := newBrowser(t, h)
	editorB.login("editorB")
	if !strings.Contains(editorB.get("/app/mentorships").Body.String(), "/app/mentorships/"+m.Id) {
		t.Error("the partner school's deputy director does not see the team")
	}
	curator := newBrowser(t, h)
	curator.login("curator")
	page := curator.get("/app/mentorships/" + m.Id).Body.String()
	if !strings.Contains(page, ru.MentorshipStatuses["proposed"]) {
		t.Error("the curator is not told the pair waits for her")
	}
	if code := curator.post("/app/mentorships/"+m.Id+"/confirm", url.Values{"_csrf": {token(curator)}}).Code; code != http.StatusSeeOther {
		t.Fatalf("confirm: %d", code)
	}
	if m, _ = a.FindRecordById(schema.Mentorships, m.Id); m.GetString("status") != "confirmed" {
		t.Fatal("the curator's confirmation is not stored")
	}
	// a change of the programme keeps it confirmed; a new mentor asks again
	editor.post("/app/mentorships/"+m.Id, url.Values{"_csrf": {token(editor)}, "form": {"team"}, "mentor": {fixture.IDs["tB"]},
		"mentees": {fixture.IDs["tA1"]}, "organizations": {fixture.IDs["orgB"]}, "program": {"Сетевая команда, второй год"}})
	if m, _ = a.FindRecordById(schema.Mentorships, m.Id); m.GetString("status") != "confirmed" || m.GetString("program") != "Сетевая команда, второй год" {
		t.Errorf("after the programme changed: %s %q", m.GetString("status"), m.GetString("program"))
	}
	editor.post("/app/mentorships/"+m.Id, url.Values{"_csrf": {token(editor)}, "form": {"team"}, "mentor": {fixture.IDs["tA2"]},
		"mentees": {fixture.IDs["tA1"]}, "organizations": {fixture.IDs["orgB"]}, "program": {"Сетевая команда, второй год"}})
	if m, _ = a.FindRecordById(schema.Mentorships, m.Id); m.GetString("status") != "proposed" {
		t.Errorf("a new mentor for a team of two schools is %q, not proposed again", m.GetString("status"))
	}
}

// A deputy director records a teacher's course with its certificate; the
// schedule shows who has had no course for three years; the scan is the
// school's only.
func TestCoursesOnTheTeachersPageAndTheSchedule(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	editor := newBrowser(t, h)
	editor.login("editorA")
	rec := editor.postMultipart("/app/teachers/"+fixture.IDs["tA2"]+"/facts/courses",
		url.Values{"_csrf": {token(editor)}, "title": {"Наставничество в школе"}, "provider": {"ИРО"}, "hours": {"72"}, "form": {"distance"},
			"start": {"2026-10-01"}, "end": {"2026-10-20"}, "status": {"completed"}, "certificate_number": {"ПК-001"}},
		"certificate", "udostoverenie.pdf", testkit.MinimalPDF)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("record the course: %d %s", rec.Code, rec.Body.String())
	}
	c, err := a.FindFirstRecordByData(schema.Courses, "certificate_number", "ПК-001")
	if err != nil || c.GetString("certificate") == "" {
		t.Fatalf("the course and its scan: %v %v", c, err)
	}
	page := editor.get("/app/courses").Body.String()
	card := func(name string) string {
		i := strings.Index(page, name)
		if i < 0 {
			t.Fatalf("the schedule lacks %s", name)
		}
		rest := page[i:]
		return rest[:strings.Index(rest, "</li>")]
	}
	if c := card("Петрова Вера Ильинична"); strings.Contains(c, "Нет курсов больше трёх лет") || !strings.Contains(c, "Последние курсы: 20 октября 2026") {
		t.Errorf("the teacher just trained:\n%s", c)
	}
	// tA1's course of October 2025 is within three years; tB is of school B
	if c := card("Иванова Анна Петровна"); !strings.Contains(c, "Следующие — не позднее 30 октября 2028") {
		t.Errorf("the teacher trained last year:\n%s", c)
	}
	if strings.Contains(page, "Сидоров Борис Олегович") {
		t.Error("school A's schedule shows a teacher of school B")
	}
	if got := editor.get("/app/courses/" + c.Id + "/certificate"); got.Code != http.StatusOK || got.Body.Len() != len(testkit.MinimalPDF) {
		t.Errorf("the deputy director downloads the scan: %d", got.Code)
	}
	editorB := newBrowser(t, h)
	editorB.login("editorB")
	if got := editorB.get("/app/courses/" + c.Id + "/certificate"); got.Code != http.StatusNotFound {
		t.Errorf("school B's deputy director downloads school A's scan: %d", got.Code)
	}
	// a program renamed as a certificate is refused by its content
	rec = editor.postMultipart("/app/teachers/"+fixture.IDs["tA2"]+"/facts/courses",
		url.Values{"_csrf": {token(editor)}, "title": {"Поддельный скан"}, "status": {"completed"}}, "certificate", "scan.pdf", []byte("MZ\x90\x00 not a pdf"))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a non-PDF scan: %d", rec.Code)
	}
	rec = editor.postMultipart("/app/teachers/"+fixture.IDs["tA1"]+"/facts/courses",
		url.Values{"_csrf": {token(editor)}, "title": {`=HYPERLINK("http://evil.example","курсы")`}, "status": {"planned"}}, "", "", nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("a planned course: %d", rec.Code)
	}
	csv := editor.get("/app/courses.csv").Body.String()
	if strings.Contains(csv, `,=HYPERLINK`) || strings.Contains(csv, `"=HYPERLINK`) {
		t.Errorf("a course title reaches the spreadsheet as a formula:\n%s", csv)
	}
	if !strings.Contains(csv, "График прохождения курсов") || !strings.Contains(csv, "Петрова Вера Ильинична") {
		t.Errorf("the CSV lacks the schedule:\n%s", csv)
	}
}

// The mentor records a visit to his mentee's lesson; the mentee reads it,
// a teacher of another school cannot record one in the pair's name.
func TestAMentorRecordsALessonVisit(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	mentor := newBrowser(t, h)
	mentor.login("teacherA2")
	rec := mentor.post("/app/mentorships/"+fixture.IDs["msA"]+"/visits", url.Values{"_csrf": {token(mentor)},
		"visitor": {fixture.IDs["tA2"]}, "teacher": {fixture.IDs["tA1"]}, "date": {"2026-11-10"},
		"lesson": {"5 класс, дроби"}, "analysis": {"<b>Цели</b> достигнуты"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("record the visit: %d %s", rec.Code, rec.Body.String())
	}
	mentee := newBrowser(t, h)
	mentee.login("teacherA1")
	page := mentee.get("/app/mentorships/" + fixture.IDs["msA"]).Body.String()
	if !strings.Contains(page, "5 класс, дроби") || !strings.Contains(page, "&lt;b&gt;Цели&lt;/b&gt; достигнуты") {
		t.Error("the mentee does not read the visit, or its analysis is markup")
	}
	// the mentee may not record a visit in the mentor's name
	rec = mentee.post("/app/mentorships/"+fixture.IDs["msA"]+"/visits", url.Values{"_csrf": {token(mentee)},
		"visitor": {fixture.IDs["tA2"]}, "teacher": {fixture.IDs["tA1"]}, "date": {"2026-11-11"}, "lesson": {"подлог"}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("a visit in another's name: %d", rec.Code)
	}
	if _, err := a.FindFirstRecordByData(schema.LessonVisits, "lesson", "подлог"); err == nil {
		t.Error("the visit in another's name was stored")
	}
}
