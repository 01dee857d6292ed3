package app_test

import (
	"archive/zip"
	"bytes"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// browser is a cookie-keeping client of the app's handler, as a person's
// browser would be.
type browser struct {
	t       *testing.T
	ip      string
	h       http.Handler
	cookies map[string]*http.Cookie
	last    *httptest.ResponseRecorder
}

var browserCount int

// newBrowser is a person at their own address, as sign-in limits count by
// address.
func newBrowser(t *testing.T, h http.Handler) *browser {
	browserCount++
	return &browser{t: t, h: h, cookies: map[string]*http.Cookie{}, ip: "198.51.100." + strconv.Itoa(browserCount%250+1)}
}

func (b *browser) do(req *http.Request) *httptest.ResponseRecorder {
	req.RemoteAddr = b.ip + ":40000"
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	b.last = rec
	return rec
}

func (b *browser) get(path string) *httptest.ResponseRecorder {
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

var csrfPattern = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf takes the token from the last page, as a form would.
func (b *browser) csrf() string {
	m := csrfPattern.FindStringSubmatch(b.last.Body.String())
	if m == nil {
		b.t.Fatalf("no CSRF token on the page:\n%s", b.last.Body.String())
	}
	return m[1]
}

func (b *browser) post(path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) postMultipart(path string, fields url.Values, fileField, fileName string, file []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile(fileField, fileName)
		_, _ = fw.Write(file)
	}
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func (b *browser) login(actor string) {
	b.get("/app/login")
	rec := b.post("/app/login", url.Values{"_csrf": {b.csrf()}, "email": {actor + "@test.example"}, "password": {testkit.Password}})
	if rec.Code != http.StatusSeeOther {
		b.t.Fatalf("login %s: %d %s", actor, rec.Code, rec.Body.String())
	}
}

func TestSignIn(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	b := newBrowser(t, h)
	if rec := b.get("/app/materials"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/app/login?next=") {
		t.Fatalf("anonymous /app/materials: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	b.get("/app/login")
	token := b.csrf()
	if rec := b.post("/app/login", url.Values{"email": {"teacherA1@test.example"}, "password": {testkit.Password}}); rec.Code != http.StatusForbidden {
		t.Errorf("a login without the CSRF token answered %d", rec.Code)
	}
	rec := b.post("/app/login", url.Values{"_csrf": {token}, "email": {"teacherA1@test.example"}, "password": {"wrong"}})
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "Неверный адрес электронной почты или пароль") {
		t.Errorf("wrong password: %d", rec.Code)
	}
	for i := 0; i < 5; i++ {
		rec = b.post("/app/login", url.Values{"_csrf": {token}, "email": {"teacherA1@test.example"}, "password": {"wrong"}})
	}
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "Подождите") {
		t.Errorf("after 6 failures: %d", rec.Code)
	}
	// the rest of the school behind the same address still signs in
	if rec := b.post("/app/login", url.Values{"_csrf": {token}, "email": {"editorA@test.example"}, "password": {testkit.Password}}); rec.Code != http.StatusSeeOther {
		t.Errorf("a colleague behind the same address is locked out: %d", rec.Code)
	}

	c := newBrowser(t, h)
	c.get("/app/login?next=/app/materials")
	rec = c.post("/app/login", url.Values{"_csrf": {c.csrf()}, "email": {"TeacherB@test.example"}, "password": {testkit.Password}, "next": {"/app/materials"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/app/materials" {
		t.Fatalf("login: %d → %s", rec.Code, rec.Header().Get("Location"))
	}
	session := c.cookies["kopilka_session"]
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie %+v is not HttpOnly and SameSite", session)
	}
	if rec := c.get("/app/"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Педагог") {
		t.Errorf("home after login: %d", rec.Code)
	}
	// an outside "next" does not lead away from the app
	d := newBrowser(t, h)
	d.get("/app/login")
	if rec := d.post("/app/login", url.Values{"_csrf": {d.csrf()}, "email": {"teacherB@test.example"}, "password": {testkit.Password}, "next": {"//evil.example/"}}); rec.Header().Get("Location") != "/app/" {
		t.Errorf("next led to %q", rec.Header().Get("Location"))
	}
	c.post("/app/logout", url.Values{"_csrf": {c.csrf()}})
	if rec := c.get("/app/"); rec.Code != http.StatusSeeOther {
		t.Errorf("after logout /app/ answered %d", rec.Code)
	}
}

func TestPagesForbiddenByRole(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	id := fixture.IDs
	tests := []struct {
		actor, path string
		status      int
	}{
		{"teacherA1", "/app/review", 403},
		{"teacherA1", "/app/review/" + id["matSubA1"], 403},
		{"teacherA1", "/app/site", 403},
		{"teacherA1", "/app/materials/" + id["matDraftA2"], 404},
		{"teacherA1", "/app/materials/" + id["matDraftB"], 404},
		{"teacherA1", "/app/materials/" + id["matDraftA1"], 200},
		{"teacherB", "/app/materials/" + id["matDraftA1"], 404},
		{"editorA", "/app/review", 403},
		{"editorA", "/app/materials/" + id["matDraftA2"], 200},
		{"editorA", "/app/materials/" + id["matDraftB"], 404},
		{"editorB", "/app/site", 403},
		{"curator", "/app/review", 200},
		{"curator", "/app/review/" + id["matSubA1"], 200},
		{"curator", "/app/site", 200},
		{"curator", "/app/materials/" + id["matDraftB"], 200},
	}
	browsers := map[string]*browser{}
	for _, tt := range tests {
		b := browsers[tt.actor]
		if b == nil {
			b = newBrowser(t, h)
			b.login(tt.actor)
			browsers[tt.actor] = b
		}
		if rec := b.get(tt.path); rec.Code != tt.status {
			t.Errorf("%s GET %s: %d, want %d", tt.actor, tt.path, rec.Code, tt.status)
		}
	}
	// nor by form
	b := browsers["teacherA1"]
	b.get("/app/materials/" + id["matDraftA1"])
	token := b.csrf()
	if rec := b.post("/app/materials/"+id["matDraftA2"], url.Values{"_csrf": {token}, "title": {"чужой"}, "type": {"article"}, "action": {"save"}}); rec.Code != 404 {
		t.Errorf("teacher saves a colleague's draft: %d", rec.Code)
	}
	if rec := b.post("/app/review/"+id["matSubA1"], url.Values{"_csrf": {token}, "decision": {"publish"}}); rec.Code != 403 {
		t.Errorf("teacher posts a review: %d", rec.Code)
	}
	if m := record(t, a, schema.Materials, "matDraftA2"); m.GetString("title") == "чужой" {
		t.Error("the colleague's draft changed")
	}
	if m := record(t, a, schema.Materials, "matSubA1"); m.GetString("status") != schema.StatusSubmitted {
		t.Error("the teacher's review post changed the status")
	}
	// lists show only what the role may see
	list := b.get("/app/materials").Body.String()
	if !strings.Contains(list, "Материал matDraftA1") || strings.Contains(list, "Материал matDraftA2") || strings.Contains(list, "Материал matPubB") {
		t.Errorf("a teacher's list shows the wrong materials:\n%s", list)
	}
	list = browsers["editorA"].get("/app/materials").Body.String()
	if !strings.Contains(list, "Материал matDraftA2") || strings.Contains(list, "Материал matDraftB") {
		t.Error("a school editor's list shows the wrong materials")
	}
}

func TestSubmitReviewPublishFlow(t *testing.T) {
	a := fixture.App(t)
	h, builder := serve(t, a)
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	teacher.get("/app/materials/new")
	fields := url.Values{"_csrf": {teacher.csrf()}, "title": {"Проценты в жизни семьи"}, "type": {"lesson-plan"},
		"summary": {"Урок-практикум."}, "subjects": {"Математика"}, "levels": {"ooo"}, "tags": {"проценты, бюджет"},
		"body": {"## Цель\n\nНаучиться считать проценты.\n\n<script>alert(1)</script>"}, "license": {"CC-BY-4.0"}}

	// the form validates beside the field
	bad := url.Values{}
	for k, v := range fields {
		bad[k] = v
	}
	bad.Set("title", " ")
	bad.Set("action", "save")
	if rec := teacher.postMultipart("/app/materials/new", bad, "", "", nil); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="title-error">Заполните это поле.`) {
		t.Fatalf("an empty title: %d", rec.Code)
	}
	// preview renders safely without saving
	fields.Set("action", "preview")
	rec := teacher.postMultipart("/app/materials/new", fields, "", "", nil)
	if !strings.Contains(rec.Body.String(), "<h2>Цель</h2>") || strings.Contains(rec.Body.String(), "<script>alert(1)") {
		t.Errorf("preview: %s", rec.Body.String())
	}
	// a file of a type not allowed is refused beside the field
	fields.Set("action", "save")
	if rec := teacher.postMultipart("/app/materials/new", fields, "files", "run.sh", []byte("#!/bin/sh\nrm -rf /\n")); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Этот тип файла не принимается") {
		t.Fatalf("a shell script upload: %d %s", rec.Code, rec.Body.String())
	}
	rec = teacher.postMultipart("/app/materials/new", fields, "files", "Конспект урока.pdf", testkit.MinimalPDF)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", rec.Code, rec.Body.String())
	}
	page := rec.Header().Get("Location")
	m, err := a.FindFirstRecordByData(schema.Materials, "title", "Проценты в жизни семьи")
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("status") != schema.StatusDraft || m.GetString("organization") != fixture.IDs["orgA"] ||
		len(m.GetStringSlice("authors")) != 1 || m.GetStringSlice("authors")[0] != fixture.IDs["tA1"] ||
		len(m.GetStringSlice("files")) != 1 || m.GetStringSlice("subjects")[0] != "математика" {
		t.Fatalf("saved material: %v", m.PublicExport())
	}
	if body := teacher.get(page).Body.String(); !strings.Contains(body, "Сохранено.") || !strings.Contains(body, "Конспект урока.pdf") {
		t.Errorf("the page after saving lacks the flash or the original file name")
	}
	fields.Set("_csrf", teacher.csrf())
	fields.Set("action", "submit")
	if rec := teacher.postMultipart(page, fields, "", "", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body.String())
	}

	curator := newBrowser(t, h)
	curator.login("curator")
	if q := curator.get("/app/review").Body.String(); !strings.Contains(q, "Проценты в жизни семьи") {
		t.Fatal("the submission is not in the queue")
	}
	review := "/app/review/" + m.Id
	curator.get(review)
	scores := url.Values{"_csrf": {curator.csrf()}, "relevance": {"3"}, "quality": {"2"}, "reproducibility": {"3"}, "presentation": {"2"}}
	scores.Set("decision", "changes_requested")
	if rec := curator.post(review, scores); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Напишите, что нужно доработать") {
		t.Fatalf("changes without a comment: %d", rec.Code)
	}
	scores.Set("comment", "Добавьте лист самооценки.")
	if rec := curator.post(review, scores); rec.Code != http.StatusSeeOther {
		t.Fatalf("request changes: %d %s", rec.Code, rec.Body.String())
	}
	if body := teacher.get(page).Body.String(); !strings.Contains(body, "Требуется доработка") || !strings.Contains(body, "Добавьте лист самооценки.") {
		t.Fatal("the teacher does not see the comment")
	}
	teacher.get(page)
	fields.Set("_csrf", teacher.csrf())
	fields.Set("body", "## Цель\n\nНаучиться считать проценты.\n\n## Лист самооценки\n\n- понял\n- не понял")
	if rec := teacher.postMultipart(page, fields, "", "", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("resubmit: %d", rec.Code)
	}
	curator.get(review)
	scores.Set("_csrf", curator.csrf())
	scores.Set("decision", "publish")
	scores.Set("best_practice", "on")
	if rec := curator.post(review, scores); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", rec.Code, rec.Body.String())
	}
	m, _ = a.FindRecordById(schema.Materials, m.Id)
	if m.GetString("status") != schema.StatusPublished || !m.GetBool("best_practice") || m.GetDateTime("published_at").IsZero() {
		t.Fatalf("published material: %v", m.PublicExport())
	}
	builder.Wait()
	live := get(h, "/materials/"+m.GetString("slug")+"/", "")
	if live.Code != http.StatusOK || !strings.Contains(live.Body.String(), "Лист самооценки") || strings.Contains(live.Body.String(), "<script>alert(1)") {
		t.Fatalf("the public page: %d", live.Code)
	}
	if rec := get(h, "/q/"+m.GetString("qr_code"), ""); rec.Code != http.StatusFound {
		t.Errorf("the short link answered %d", rec.Code)
	}
	// published: the teacher may no longer edit it
	if body := teacher.get(page).Body.String(); strings.Contains(body, `name="action" value="save"`) {
		t.Error("the published material is still editable by its author")
	}
}

func TestProfileConsentControlsThePublicPage(t *testing.T) {
	a := fixture.App(t)
	h, builder := serve(t, a)
	b := newBrowser(t, h) // teacherA2 has a private profile
	b.login("teacherA2")
	body := b.get("/app/profile").Body.String()
	if !strings.Contains(body, "Так выглядел бы ваш профиль на сайте после согласия") || !strings.Contains(body, "Петрова Вера Ильинична") {
		t.Fatalf("profile page: %s", body)
	}
	profile := record(t, a, schema.Teachers, "tA2")
	var photoPNG bytes.Buffer
	if err := png.Encode(&photoPNG, image.NewGray(image.Rect(0, 0, 40, 40))); err != nil {
		t.Fatal(err)
	}
	photo, err := filesystem.NewFileFromBytes(photoPNG.Bytes(), "foto.png")
	if err != nil {
		t.Fatal(err)
	}
	profile.Set("photo", photo)
	if err := a.Save(profile); err != nil {
		t.Fatal(err)
	}
	photoURL := "/files/teachers/" + profile.GetString("slug") + "/" + profile.GetString("photo")
	page := "/teachers/" + profile.GetString("slug") + "/"
	if rec := get(h, page, ""); rec.Code != http.StatusNotFound {
		t.Fatalf("a private profile has a page: %d", rec.Code)
	}
	form := url.Values{"_csrf": {b.csrf()}, "name": {"Петрова Вера Ильинична"}, "position": {"учитель истории"},
		"subjects": {"история"}, "bio": {"Руководитель ШМО."}, "public": {"on"}}
	if rec := b.post("/app/profile", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save profile: %d %s", rec.Code, rec.Body.String())
	}
	builder.Wait()
	if rec := get(h, page, ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "учитель истории") || !strings.Contains(rec.Body.String(), photoURL) {
		t.Fatalf("after consent the page answered %d", rec.Code)
	}
	if rec := get(h, photoURL, ""); rec.Code != http.StatusOK {
		t.Fatalf("the photo answered %d", rec.Code)
	}
	b.get("/app/profile")
	form.Set("_csrf", b.csrf())
	form.Del("public")
	b.post("/app/profile", form)
	builder.Wait()
	if rec := get(h, page, ""); rec.Code != http.StatusNotFound {
		t.Errorf("after withdrawing consent the page answered %d", rec.Code)
	}
	if rec := get(h, photoURL, ""); rec.Code != http.StatusNotFound {
		t.Errorf("after withdrawing consent the photo answered %d: a stale file", rec.Code)
	}
	form.Set("name", "")
	b.get("/app/profile")
	form.Set("_csrf", b.csrf())
	if rec := b.post("/app/profile", form); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="name-error"`) {
		t.Errorf("an empty name: %d", rec.Code)
	}
}

func TestEventsKeptBySchoolsAndCurators(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	editor := newBrowser(t, h)
	editor.login("editorA")
	if list := editor.get("/app/events").Body.String(); !strings.Contains(list, "Событие evA") || strings.Contains(list, "Событие evB") {
		t.Fatal("an editor's event list shows the wrong events")
	}
	if rec := editor.get("/app/events/" + fixture.IDs["evB"]); rec.Code != http.StatusNotFound {
		t.Errorf("an editor opens another school's event: %d", rec.Code)
	}
	editor.get("/app/events/new")
	form := url.Values{"_csrf": {editor.csrf()}, "title": {"Неделя математики"}, "kind": {"subject-week"}, "level": {"school"},
		"start": {"2027-01-18T00:00"}, "end": {"2027-01-22T00:00"}, "all_day": {"on"}, "status": {"planned"}, "action": {"save"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("end", "2027-01-10T00:00")
	if rec := editor.post("/app/events/new", bad); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Окончание раньше начала") {
		t.Fatalf("end before start: %d", rec.Code)
	}
	rec := editor.post("/app/events/new", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create event: %d %s", rec.Code, rec.Body.String())
	}
	ev, err := a.FindFirstRecordByData(schema.Events, "title", "Неделя математики")
	if err != nil {
		t.Fatal(err)
	}
	if ev.GetString("organizer") != fixture.IDs["orgA"] || !ev.GetBool("all_day") || ev.GetString("qr_code") == "" {
		t.Errorf("created event: %v", ev.PublicExport())
	}
	// copy, then cancel the original
	if body := editor.get("/app/events/new?copy=" + ev.Id).Body.String(); !strings.Contains(body, "Неделя математики (копия)") {
		t.Error("copying does not prefill the form")
	}
	editor.get("/app/events/" + ev.Id)
	form.Set("_csrf", editor.csrf())
	form.Set("action", "cancel")
	if rec := editor.post("/app/events/"+ev.Id, form); rec.Code != http.StatusSeeOther {
		t.Fatalf("cancel: %d", rec.Code)
	}
	if ev, _ = a.FindRecordById(schema.Events, ev.Id); ev.GetString("status") != schema.EventCancelled {
		t.Errorf("status after cancel: %s", ev.GetString("status"))
	}
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	if rec := teacher.get("/app/events"); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher opens the event calendar: %d", rec.Code)
	}
	curator := newBrowser(t, h)
	curator.login("curator")
	if list := curator.get("/app/events").Body.String(); !strings.Contains(list, "Событие evB") || !strings.Contains(list, "Неделя математики") {
		t.Error("the curator does not see every event")
	}
}

func TestPrintoutsFromTheApp(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	curator := newBrowser(t, h)
	curator.login("curator")
	if rec := curator.get("/app/qr.pdf?school=school-a&layout=cards"); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("curator's cards: %d", rec.Code)
	}
	if rec := curator.get("/app/qr.pdf?school=nope"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "нет организации") {
		t.Errorf("a bad selection: %d", rec.Code)
	}
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	if rec := teacher.get("/app/qr.pdf?school=school-a"); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher prints any selection: %d", rec.Code)
	}
	pub := fixture.IDs["matPubA1"]
	body := teacher.get("/app/materials/" + pub).Body.String()
	if !strings.Contains(body, "Плакат с QR-кодом") || !strings.Contains(body, "Свидетельство о публикации") {
		t.Fatal("the published material offers no poster or certificate")
	}
	if rec := teacher.get("/app/materials/" + pub + "/poster.pdf"); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("poster: %d", rec.Code)
	}
	teacher.get("/app/materials/" + pub)
	rec := teacher.post("/app/materials/"+pub+"/certificate", url.Values{"_csrf": {teacher.csrf()}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/app/certificates/") {
		t.Fatalf("certificate: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	cert := rec.Header().Get("Location")
	if rec := teacher.get(cert); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("certificate PDF: %d", rec.Code)
	}
	other := newBrowser(t, h)
	other.login("teacherB")
	if rec := other.get(cert); rec.Code != http.StatusNotFound {
		t.Errorf("another teacher opens the certificate: %d", rec.Code)
	}
}

func TestPracticeSubmitAndReview(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	teacher.get("/app/practices/new")
	form := url.Values{"_csrf": {teacher.csrf()}, "title": {"Клуб юных математиков"}, "summary": {"Еженедельный клуб."},
		"body": {"## Суть\n\nЗанятия по пятницам."}, "results": {"- 30 участников"},
		"materials": {fixture.IDs["matPubA1"], fixture.IDs["matPubB"]}, "action": {"submit"}}
	rec := teacher.post("/app/practices/new", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("submit practice: %d %s", rec.Code, rec.Body.String())
	}
	p, err := a.FindFirstRecordByData(schema.Practices, "title", "Клуб юных математиков")
	if err != nil {
		t.Fatal(err)
	}
	if p.GetString("status") != schema.StatusSubmitted || len(p.GetStringSlice("materials")) != 1 || p.GetStringSlice("materials")[0] != fixture.IDs["matPubA1"] {
		t.Fatalf("practice: %v (another school's material must not be linkable)", p.PublicExport())
	}
	if list := teacher.get("/app/practices").Body.String(); !strings.Contains(list, "Клуб юных математиков") || strings.Contains(list, "Практика prDraftB") {
		t.Error("a teacher's practice list is wrong")
	}
	if rec := teacher.get("/app/practices/" + fixture.IDs["prDraftB"]); rec.Code != http.StatusNotFound {
		t.Errorf("a teacher opens another school's practice: %d", rec.Code)
	}
	curator := newBrowser(t, h)
	curator.login("curator")
	if q := curator.get("/app/review").Body.String(); !strings.Contains(q, "/app/review/practices/"+p.Id) {
		t.Fatal("the practice is not in the queue")
	}
	curator.get("/app/review/practices/" + p.Id)
	rec = curator.post("/app/review/practices/"+p.Id, url.Values{"_csrf": {curator.csrf()}, "relevance": {"3"}, "quality": {"3"},
		"reproducibility": {"3"}, "presentation": {"3"}, "decision": {"publish"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("publish practice: %d %s", rec.Code, rec.Body.String())
	}
	p, _ = a.FindRecordById(schema.Practices, p.Id)
	if p.GetString("status") != schema.StatusPublished {
		t.Errorf("practice status %s", p.GetString("status"))
	}
	reviews, err := a.FindRecordsByFilter(schema.Reviews, "practice = {:p}", "", 0, 0, map[string]any{"p": p.Id})
	if err != nil || len(reviews) != 1 {
		t.Errorf("%d reviews of the practice (%v)", len(reviews), err)
	}
}

func TestSchoolEditorLooksAfterTheSchoolsTeachers(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	editor := newBrowser(t, h)
	editor.login("editorA")
	list := editor.get("/app/teachers").Body.String()
	if !strings.Contains(list, "Петрова Вера Ильинична") || strings.Contains(list, "Сидоров Борис Олегович") {
		t.Fatal("the editor's teacher list is wrong")
	}
	if rec := editor.get("/app/teachers/" + fixture.IDs["tB"]); rec.Code != http.StatusNotFound {
		t.Errorf("the editor opens another school's teacher: %d", rec.Code)
	}
	editor.get("/app/teachers/" + fixture.IDs["tA2"])
	rec := editor.post("/app/teachers/"+fixture.IDs["tA2"], url.Values{"_csrf": {editor.csrf()}, "name": {"Петрова Вера Ильинична"},
		"position": {"учитель истории"}, "category": {"highest"}, "experience_years": {"15"}, "mentor": {"on"}, "public": {"on"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save teacher: %d %s", rec.Code, rec.Body.String())
	}
	tA2 := record(t, a, schema.Teachers, "tA2")
	if tA2.GetString("category") != "highest" || !tA2.GetBool("mentor") || tA2.GetInt("experience_years") != 15 {
		t.Errorf("teacher after save: %v", tA2.PublicExport())
	}
	if tA2.GetBool("public") {
		t.Error("an editor gave consent in the teacher's name")
	}
	teacher := newBrowser(t, h)
	teacher.login("teacherA1")
	if rec := teacher.get("/app/teachers"); rec.Code != http.StatusForbidden {
		t.Errorf("a teacher opens the teacher list: %d", rec.Code)
	}
}

// TestEveryPageForEveryRole: what each role gets on each page of the CMS.
func TestEveryPageForEveryRole(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	pages := []string{"/app/", "/app/materials", "/app/materials/new", "/app/practices", "/app/practices/new", "/app/profile",
		"/app/teachers", "/app/events", "/app/events/new", "/app/review", "/app/qr", "/app/site",
		"/app/indicators", "/app/indicators.csv", "/app/registry", "/app/registry.xlsx", "/app/teachers/" + fixture.IDs["tA1"]}
	want := map[string][]int{
		// same order as pages; 303 sends to sign-in, 404 "no profile" for accounts without one
		"anonymous": {303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303},
		"teacherA1": {200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403},
		"editorA":   {200, 200, 200, 200, 200, 404, 200, 200, 200, 403, 403, 403, 200, 200, 200, 200, 200},
		"curator":   {200, 200, 200, 200, 200, 404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200},
	}
	for actor, codes := range want {
		b := newBrowser(t, h)
		if actor != "anonymous" {
			b.login(actor)
		}
		for i, p := range pages {
			if rec := b.get(p); rec.Code != codes[i] {
				t.Errorf("%s GET %s: %d, want %d", actor, p, rec.Code, codes[i])
			}
		}
	}
}

func TestSignInLimitsPerAddressAndForwardedFor(t *testing.T) {
	a := fixture.App(t)
	proxy := netip.MustParsePrefix("198.51.100.0/24")
	h, _ := serve(t, a, proxy)
	attacker := newBrowser(t, h) // a browser's address is in 198.51.100.0/24: our trusted proxy
	attacker.get("/app/login")
	token := attacker.csrf()
	spray := func(from string, n int) *httptest.ResponseRecorder {
		var rec *httptest.ResponseRecorder
		for i := 0; i < n; i++ {
			req := httptest.NewRequest(http.MethodPost, "/app/login", strings.NewReader(url.Values{"_csrf": {token},
				"email": {"user" + strconv.Itoa(i) + "@test.example"}, "password": {"guess"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", from)
			rec = attacker.do(req)
		}
		return rec
	}
	if rec := spray("203.0.113.7", 101); rec.Code != http.StatusTooManyRequests {
		t.Errorf("101 guesses from one address: %d", rec.Code)
	}
	// another client behind the same proxy is not affected
	if rec := spray("203.0.113.8", 1); rec.Code != http.StatusUnauthorized {
		t.Errorf("a different forwarded client: %d", rec.Code)
	}

	// without a trusted proxy, X-Forwarded-For is ignored: a forged header
	// does not reset the count
	h2, _ := serve(t, fixture.App(t))
	c := newBrowser(t, h2)
	c.get("/app/login")
	token = c.csrf()
	var rec *httptest.ResponseRecorder
	for i := 0; i < 101; i++ {
		req := httptest.NewRequest(http.MethodPost, "/app/login", strings.NewReader(url.Values{"_csrf": {token},
			"email": {"user" + strconv.Itoa(i) + "@test.example"}, "password": {"guess"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "192.0.2."+strconv.Itoa(i%250))
		rec = c.do(req)
	}
	if rec.Code != http.StatusTooManyRequests {
		t.Errorf("forged X-Forwarded-For escaped the limit: %d", rec.Code)
	}
}

func TestUploadsRefuseMacrosArchivesAndMarkup(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	b := newBrowser(t, h)
	b.login("teacherA1")
	zipOf := func(names ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range names {
			w, _ := zw.Create(n)
			_, _ = w.Write([]byte(`<?xml version="1.0"?><x/>`))
		}
		_ = zw.Close()
		return buf.Bytes()
	}
	cases := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"a macro document", "урок.docx", zipOf("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), "макросами"},
		{"a renamed zip", "урок.pdf", zipOf("a.txt", "b.txt"), "Этот тип файла не принимается"},
		{"an HTML page", "урок.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), "Этот тип файла не принимается"},
		{"an SVG", "схема.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`), "Этот тип файла не принимается"},
		{"an executable", "урок.pdf", append([]byte("MZ\x90\x00"), make([]byte, 200)...), "Этот тип файла не принимается"},
	}
	for _, c := range cases {
		b.get("/app/materials/new")
		rec := b.postMultipart("/app/materials/new", url.Values{"_csrf": {b.csrf()}, "title": {"Проверка " + c.name}, "type": {"article"}, "action": {"save"}},
			"files", c.file, c.data)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%s: %d, want a refusal mentioning %q", c.name, rec.Code, c.want)
		}
		if _, err := a.FindFirstRecordByData(schema.Materials, "title", "Проверка "+c.name); err == nil {
			t.Errorf("%s: the material was saved", c.name)
		}
	}
}

// withBasicMacro is a LibreOffice document with a Basic module added the
// way LibreOffice stores one: a library container and the module's source.
func withBasicMacro(t *testing.T, odt []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(odt), int64(len(odt)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(w, r)
		r.Close()
	}
	for name, body := range map[string]string{
		"Basic/script-lc.xml":          `<?xml version="1.0" encoding="UTF-8"?><library:libraries xmlns:library="http://openoffice.org/2000/library"><library:library library:name="Standard" library:link="false"/></library:libraries>`,
		"Basic/Standard/script-lb.xml": `<?xml version="1.0" encoding="UTF-8"?><library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"><library:element library:name="Module1"/></library:library>`,
		"Basic/Standard/Module1.xml":   `<?xml version="1.0" encoding="UTF-8"?><script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">Sub Main&#x0a;Shell("calc")&#x0a;End Sub</script:module>`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDocumentsSavedByLibreOfficeAndMicrosoftOfficeAreAcceptedAndMacrosRefused(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	b := newBrowser(t, h)
	b.login("teacherA1")
	for _, suite := range []struct {
		dir  string
		want int
	}{{"libreoffice", 9}, {"msoffice", 5}} {
		dir := filepath.Join("..", "uploads", "testdata", suite.dir)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		accepted := 0
		for _, e := range entries {
			ext := filepath.Ext(e.Name())
			if ext == ".md" || strings.HasPrefix(e.Name(), "encrypted") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			title := suite.dir + " " + e.Name()
			name := "Урок по дробям" + ext // the teacher's own name for it, in Cyrillic
			b.get("/app/materials/new")
			rec := b.postMultipart("/app/materials/new", url.Values{"_csrf": {b.csrf()}, "title": {title}, "type": {"article"}, "action": {"save"}},
				"files", name, data)
			if rec.Code != http.StatusSeeOther {
				t.Errorf("%s/%s: %d, want it saved: %s", suite.dir, e.Name(), rec.Code, rec.Body.String())
				continue
			}
			m, err := a.FindFirstRecordByData(schema.Materials, "title", title)
			if err != nil || len(m.GetStringSlice("files")) != 1 {
				t.Errorf("%s/%s: the material or its file was not saved (%v)", suite.dir, e.Name(), err)
				continue
			}
			if !strings.Contains(m.GetString("file_names"), name) {
				t.Errorf("%s/%s: the original name is not kept: %s", suite.dir, e.Name(), m.GetString("file_names"))
			}
			accepted++
		}
		if accepted != suite.want {
			t.Errorf("%d %s documents accepted, want all %d", accepted, suite.dir, suite.want)
		}
	}
	dir := filepath.Join("..", "uploads", "testdata", "libreoffice")

	locked, err := os.ReadFile(filepath.Join("..", "uploads", "testdata", "msoffice", "encrypted-excel.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	b.get("/app/materials/new")
	rec := b.postMultipart("/app/materials/new", url.Values{"_csrf": {b.csrf()}, "title": {"Таблица под паролем"}, "type": {"article"}, "action": {"save"}},
		"files", "оценки.xlsx", locked)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "защищён паролем") {
		t.Errorf("a password-protected workbook: %d", rec.Code)
	}

	odt, err := os.ReadFile(filepath.Join(dir, "urok.odt"))
	if err != nil {
		t.Fatal(err)
	}
	b.get("/app/materials/new")
	rec = b.postMultipart("/app/materials/new", url.Values{"_csrf": {b.csrf()}, "title": {"Урок с макросом"}, "type": {"article"}, "action": {"save"}},
		"files", "урок.odt", withBasicMacro(t, odt))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "макросами") {
		t.Errorf("a LibreOffice document with a Basic macro: %d", rec.Code)
	}
	if _, err := a.FindFirstRecordByData(schema.Materials, "title", "Урок с макросом"); err == nil {
		t.Error("the material with a macro was saved")
	}
}
