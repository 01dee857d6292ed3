package app_test

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

func TestTeacherFollowsAnIOMFromDiagnosisToSharedExperience(t *testing.T) {
	a := fixture.App(t)
	mentor := record(t, a, schema.Teachers, "tA2")
	mentor.Set("mentor", true)
	if err := a.Save(mentor); err != nil {
		t.Fatal(err)
	}
	h, _ := serve(t, a)
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	teacher.get("/app/iom/new")
	scores := url.Values{"_csrf": {teacher.csrf()}, "subject": {"3"}, "methodology": {"2"}, "psych_ped": {"3"},
		"functional_literacy": {"1"}, "ict": {"4"}, "soft_skills": {"3"}, "theme": {"Функциональная грамотность на уроках математики"},
		"period_start": {"2026-09-01"}, "period_end": {"2027-05-31"}}
	rec := teacher.post("/app/iom/new", scores)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("diagnosis: %d %s", rec.Code, rec.Body.String())
	}
	page := rec.Header().Get("Location")
	id := strings.TrimPrefix(page, "/app/iom/")
	route, err := a.FindRecordById(schema.Routes, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(route.GetStringSlice("deficits"), ","); got != "methodology,functional_literacy" || route.GetString("status") != "draft" {
		t.Fatalf("route deficits %q status %s", got, route.GetString("status"))
	}

	teacher.get(page)
	if rec := teacher.post(page, url.Values{"_csrf": {teacher.csrf()}, "theme": {route.GetString("theme")}, "mentor": {fixture.IDs["tA2"]}, "action": {"activate"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("activate: %d", rec.Code)
	}
	month := time.Now().Format("2006-01")
	teacher.get(page)
	if rec := teacher.post(page+"/steps", url.Values{"_csrf": {teacher.csrf()}, "direction": {"courses"}, "action": {"Курсы «Функциональная грамотность»"}, "due": {month}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("add step: %d %s", rec.Code, rec.Body.String())
	}
	steps, err := a.FindRecordsByFilter(schema.RouteSteps, "route = {:r}", "", 0, 0, map[string]any{"r": id})
	if err != nil || len(steps) != 1 {
		t.Fatalf("%d steps, %v", len(steps), err)
	}
	step := steps[0]
	body := teacher.get(page).Body.String()
	for _, want := range []string{"По направлениям и четвертям", "По месяцам", "Курсы «Функциональная грамотность»", "Методические компетенции"} {
		if !strings.Contains(body, want) {
			t.Errorf("route page lacks %q", want)
		}
	}
	// seed 004's nine directions are on the card, filled or not
	for _, d := range schema.StepDirections[:9] {
		if label := ru.StepDirections[d]; !strings.Contains(html.UnescapeString(body), label) {
			t.Errorf("the card lacks the direction %q", label)
		}
	}
	if rec := teacher.postMultipart(page+"/steps/"+step.Id, url.Values{"_csrf": {teacher.csrf()}, "reflection": {"Освоила приёмы работы с текстом."}},
		"evidence", "udostoverenie.pdf", testkit.MinimalPDF); rec.Code != http.StatusSeeOther {
		t.Fatalf("step done: %d %s", rec.Code, rec.Body.String())
	}
	if step, _ = a.FindRecordById(schema.RouteSteps, step.Id); step.GetDateTime("done_at").IsZero() || len(step.GetStringSlice("evidence")) != 1 {
		t.Fatal("the step is not done with its evidence")
	}
	evidence := page + "/steps/" + step.Id + "/evidence/" + step.GetStringSlice("evidence")[0]
	if rec := teacher.get(evidence); rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "%PDF") {
		t.Errorf("evidence download: %d", rec.Code)
	}

	// the card prints
	cardRec := teacher.get(page + "/card.pdf")
	if cardRec.Code != http.StatusOK || cardRec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("card PDF: %d", cardRec.Code)
	}
	cardText := strings.Join(strings.Fields(qrtest.PDFText(t, cardRec.Body.Bytes())), " ")
	for _, want := range []string{"Карта индивидуального образовательного маршрута", "Иванова Анна Петровна", "по направлениям и четвертям",
		"I четверть", "По месяцам", "Сентябрь 2026", "Курсы", "Функциональная грамотность", "Освоила приёмы работы с текстом.",
		"Изучение литературы по теме самообразования", "Совместная деятельность с наставником", "Самоанализ продвижения"} {
		if !strings.Contains(cardText, want) {
			t.Errorf("the card PDF lacks %q:\n%s", want, cardText)
		}
	}
	teacher.get(page)

	// the mentor follows and comments; strangers see nothing
	m := newBrowser(t, h)
	m.login("teacherA2")
	m.get(page)
	if rec := m.post(page+"/steps/"+step.Id+"/comments", url.Values{"_csrf": {m.csrf()}, "text": {"Отличный выбор курсов!"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("mentor comment: %d %s", rec.Code, rec.Body.String())
	}
	if !strings.Contains(teacher.get(page).Body.String(), "Отличный выбор курсов!") {
		t.Error("the teacher does not see the mentor's comment")
	}
	for actor, want := range map[string]int{"teacherB": 404, "editorB": 404, "editorA": 200, "curator": 200} {
		b := newBrowser(t, h)
		b.login(actor)
		if rec := b.get(page); rec.Code != want {
			t.Errorf("%s opens the route: %d, want %d", actor, rec.Code, want)
		}
		if rec := b.get(evidence); rec.Code != want {
			t.Errorf("%s opens the evidence: %d, want %d", actor, rec.Code, want)
		}
	}
	if rec := get(h, "/api/collections/routes/records/"+id, ""); rec.Code != http.StatusNotFound {
		t.Errorf("anonymous API read of the route: %d", rec.Code)
	}

	// completion with the final self-diagnosis, then sharing the experience
	teacher.get(page)
	// the interim self-diagnosis, taken twice: one record, the latest scores
	for _, ict := range []string{"2", "3"} {
		teacher.get(page)
		interim := url.Values{"_csrf": {teacher.csrf()}, "subject": {"3"}, "methodology": {"2"}, "psych_ped": {"3"},
			"functional_literacy": {"2"}, "ict": {ict}, "soft_skills": {"3"}}
		if rec := teacher.post(page+"/interim", interim); rec.Code != http.StatusSeeOther {
			t.Fatalf("interim diagnosis: %d %s", rec.Code, rec.Body.String())
		}
	}
	interims, err := a.FindRecordsByFilter(schema.Diagnostics, "route = {:r} && stage = 'interim'", "", 0, 0, map[string]any{"r": id})
	if err != nil || len(interims) != 1 || interims[0].GetInt("ict") != 3 {
		t.Fatalf("interim diagnoses: %v %v", interims, err)
	}
	if body := html.UnescapeString(teacher.get(page).Body.String()); !strings.Contains(body, "Середина") || !strings.Contains(body, "<td>1</td><td>2</td><td>—</td><td>+1</td>") {
		t.Error("the route does not show the interim diagnosis and the change so far")
	}
	teacher.get(page)
	final := url.Values{"_csrf": {teacher.csrf()}, "subject": {"3"}, "methodology": {"3"}, "psych_ped": {"3"},
		"functional_literacy": {"3"}, "ict": {"4"}, "soft_skills": {"3"}, "category_at_end": {"first"}, "contest_result": {"Лауреат конкурса"}}
	if rec := teacher.post(page+"/complete", final); rec.Code != http.StatusSeeOther {
		t.Fatalf("complete: %d %s", rec.Code, rec.Body.String())
	}
	body = teacher.get(page).Body.String()
	if !strings.Contains(body, "Изменение самооценки") || !strings.Contains(body, "Завершён") {
		t.Error("the completed route shows no change of self-assessment")
	}
	rec = teacher.post(page+"/share", url.Values{"_csrf": {teacher.csrf()}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/app/materials/") {
		t.Fatalf("share: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	shared, err := a.FindRecordById(schema.Materials, strings.TrimPrefix(rec.Header().Get("Location"), "/app/materials/"))
	if err != nil || shared.GetString("status") != schema.StatusDraft || !strings.Contains(shared.GetString("body"), "Освоила приёмы работы с текстом.") {
		t.Fatalf("shared material: %v %v", shared, err)
	}

	curator := newBrowser(t, h)
	curator.login("curator")
	now := time.Now()
	q := "?from=" + now.AddDate(0, -1, 0).Format("2006-01-02") + "&to=" + now.AddDate(0, 1, 0).Format("2006-01-02")
	ind := curator.get("/app/indicators" + q).Body.String()
	if !strings.Contains(ind, "Муниципалитет в целом") || !strings.Contains(ind, "<svg") {
		t.Fatal("indicators page")
	}
	csvRec := curator.get("/app/indicators.csv" + q)
	if csvRec.Code != http.StatusOK || !strings.HasPrefix(csvRec.Body.String(), "\xef\xbb\xbfПоказатель;Организация;Числитель;Знаменатель;Доля, %;") {
		t.Fatalf("indicators CSV: %d %q", csvRec.Code, csvRec.Body.String()[:min(80, csvRec.Body.Len())])
	}
	// school A: tA1 completed her route this month with the first category;
	// tA2 mentors her. Participation has its 2026 target set (15 → 30), the
	// others show the seed's
	for _, want := range []string{
		ru.Indicators[iom.Participation] + ";МБОУ СОШ № 1;2;2;100,0;15,0;30,0;да",
		ru.Indicators[iom.Completed] + ";МБОУ СОШ № 1;1;2;50,0;85,0;90,0;нет",
		ru.Indicators[iom.Category] + ";МБОУ СОШ № 1;1;2;50,0;5,0;10,0;да",
	} {
		if !strings.Contains(csvRec.Body.String(), want) {
			t.Errorf("no row %q in:\n%s", want, csvRec.Body.String())
		}
	}
	xlsx := curator.get("/app/indicators.xlsx" + q)
	book, err := excelize.OpenReader(bytes.NewReader(xlsx.Body.Bytes()))
	if err != nil {
		t.Fatalf("indicators XLSX: %v", err)
	}
	rows, err := book.GetRows("Показатели")
	if err != nil || len(rows) != 1+6*3 {
		t.Fatalf("indicators XLSX: %d rows, %v", len(rows), err)
	}
	found := false
	for _, row := range rows {
		if row[0] == ru.Indicators[iom.Participation] && row[1] == "МБОУ СОШ № 1" {
			found = strings.Join(row[2:], "|") == "2|2|100|15|30|да"
		}
	}
	if !found {
		t.Errorf("indicators XLSX rows: %v", rows)
	}
	if rec := teacher.get("/app/indicators"); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher opens the indicators: %d", rec.Code)
	}
}

func TestMentorshipsKeptBySchools(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	editor := newBrowser(t, h)
	editor.login("editorA")
	editor.get("/app/mentorships/new")
	form := url.Values{"_csrf": {editor.csrf()}, "form": {"pair"}, "mentor": {fixture.IDs["tA2"]},
		"mentees": {fixture.IDs["tA1"], fixture.IDs["tB"]}, "start": {"2026-09-01"}, "end": {"2027-05-31"}, "program": {"Взаимопосещение уроков"}}
	// tB is not of this school: silently not offered, so the pair has one mentee
	rec := editor.post("/app/mentorships/new", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create pair: %d %s", rec.Code, rec.Body.String())
	}
	ms, err := a.FindFirstRecordByData(schema.Mentorships, "program", "Взаимопосещение уроков")
	if err != nil {
		t.Fatal(err)
	}
	if got := ms.GetStringSlice("mentees"); len(got) != 1 || got[0] != fixture.IDs["tA1"] || ms.GetString("organization") != fixture.IDs["orgA"] {
		t.Errorf("pair: %v", ms.PublicExport())
	}
	editor.get("/app/mentorships/new")
	bad := url.Values{"_csrf": {editor.csrf()}, "form": {"pair"}, "mentor": {fixture.IDs["tA2"]}}
	if rec := editor.post("/app/mentorships/new", bad); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "хотя бы одного наставляемого") {
		t.Errorf("no mentees: %d", rec.Code)
	}
	// the mentee reads it, a teacher of another school does not, a teacher cannot create one
	mentee := newBrowser(t, h)
	mentee.login("teacherA1")
	if rec := mentee.get("/app/mentorships/" + ms.Id); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Взаимопосещение уроков") {
		t.Errorf("the mentee opens the programme: %d", rec.Code)
	}
	if rec := mentee.get("/app/mentorships/new"); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher opens the new programme form: %d", rec.Code)
	}
	other := newBrowser(t, h)
	other.login("teacherB")
	if rec := other.get("/app/mentorships/" + ms.Id); rec.Code != http.StatusNotFound {
		t.Errorf("another school's teacher opens the programme: %d", rec.Code)
	}
}

// A curator pairs a mentor of school A with a teacher of school B: the
// programme belongs to the mentee's school, whose deputy director follows
// it, and the mentor sees it too.
func TestACuratorPairsAMentorAcrossSchools(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	curator := newBrowser(t, h)
	curator.login("curator")
	page := curator.get("/app/mentorships/new").Body.String()
	if !strings.Contains(page, "Петрова Вера Ильинична (") || !strings.Contains(page, "Сидоров Борис Олегович (") {
		t.Fatal("the curator is not offered the teachers of every school, with their schools")
	}
	form := url.Values{"_csrf": {curator.csrf()}, "form": {"pair"}, "mentor": {fixture.IDs["tA2"]}, "mentees": {fixture.IDs["tB"]},
		"start": {"2026-09-01"}, "end": {"2027-05-31"}, "program": {"Наставничество между школами"}}
	rec := curator.post("/app/mentorships/new", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("the pair across schools: %d %s", rec.Code, rec.Body.String())
	}
	m, err := a.FindFirstRecordByData(schema.Mentorships, "program", "Наставничество между школами")
	if err != nil || m.GetString("mentor") != fixture.IDs["tA2"] || m.GetString("organization") != fixture.IDs["orgB"] {
		t.Fatalf("the stored pair: %v %v", m, err)
	}
	editorB := newBrowser(t, h)
	editorB.login("editorB")
	if !strings.Contains(editorB.get("/app/mentorships").Body.String(), "/app/mentorships/"+m.Id) {
		t.Error("school B's deputy director does not see the pair of her teacher")
	}
	mentor := newBrowser(t, h)
	mentor.login("teacherA2")
	if rec := mentor.get("/app/mentorships/" + m.Id); rec.Code != http.StatusOK {
		t.Errorf("the mentor of school A opens the pair: %d", rec.Code)
	}
}
