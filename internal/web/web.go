// Package web is kopilka's CMS-lite at /app/: server-rendered Russian pages
// where teachers submit their materials and curators review them. Every
// read and write goes through the collections' own API rules and the
// shared workflow checks, so the UI can never do more than the REST API.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/methodwork"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/signin"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/app.css
var appCSS []byte

// Server serves the CMS pages.
type Server struct {
	App      core.App
	Settings sitesettings.Settings
	// Builder, when set, gives curators the site's status and a rebuild.
	Builder *publish.Builder

	// Contests are the contest results the indicators count as high; the
	// zero value means iom.DefaultThresholds.
	Contests iom.Thresholds

	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For names the real client; empty means trust none.
	TrustedProxies []netip.Prefix

	pages    map[string]*template.Template
	signin   *signin.Guard   // wrong passwords, shared with the REST API's sign-in
	requests *signin.Limiter // password reset mails asked for
	now      func() time.Time
}

// New parses the templates.
func New(app core.App, settings sitesettings.Settings, builder *publish.Builder) (*Server, error) {
	s := &Server{App: app, Settings: settings, Builder: builder, pages: map[string]*template.Template{},
		signin: signin.For(app), requests: signin.NewLimiter(signin.PerAccount, signin.Window), now: time.Now}
	funcs := template.FuncMap{
		"status":      func(code string) string { return ru.Label(ru.Statuses, code) },
		"typeName":    func(code string) string { return ru.Label(ru.MaterialTypes, code) },
		"level":       func(code string) string { return ru.Label(ru.Levels, code) },
		"role":        func(code string) string { return ru.Label(ru.Roles, code) },
		"deficit":     func(code string) string { return ru.Label(ru.Deficits, code) },
		"direction":   func(code string) string { return ru.Label(ru.StepDirections, code) },
		"resultForm":  func(code string) string { return ru.Label(ru.ResultForms, code) },
		"routeStatus": func(code string) string { return ru.Label(ru.RouteStatuses, code) },
		"monthName": func(t time.Time) string {
			t = t.In(s.location())
			return fmt.Sprintf("%s %d", ru.MonthsNominative[t.Month()-1], t.Year())
		},
		"percent":        func(v float64) string { return pct(v) + " %" },
		"pct":            pct,
		"ru":             ruText,
		"barWidth":       func(v float64) int { return int(v * 3) },
		"chartHeight":    func(n int) int { return n*28 + 4 },
		"mul":            func(a, b int) int { return a * b },
		"isSet":          func(d types.DateTime) bool { return !d.IsZero() },
		"mentorshipForm": func(code string) string { return ru.Label(ru.MentorshipForms, code) },
		"category":       func(code string) string { return ru.Label(ru.Categories, code) },
		"eventKind":      func(code string) string { return ru.Label(ru.EventKinds, code) },
		"eventLevel":     func(code string) string { return ru.Label(ru.EventLevels, code) },
		"eventStatus":    func(code string) string { return ru.Label(ru.EventStatuses, code) },
		"contestLevel":   func(code string) string { return ru.Label(ru.ContestLevels, code) },
		"contestPlace":   func(code string) string { return ru.Label(ru.ContestPlaces, code) },
		"attestation":    func(code string) string { return ru.Label(ru.AttestationResults, code) },
		"dynamicsKind":   func(code string) string { return ru.Label(ru.DynamicsKinds, code) },
		"planMonth": func(code string) string {
			if m := methodwork.MonthOfCode(code); m != 0 {
				return ru.MonthsNominative[m-1]
			}
			return code
		},
		"hasPrefix":    strings.HasPrefix,
		"trimPrefix":   strings.TrimPrefix,
		"seconds":      ru.Seconds,
		"adoptStatus":  func(code string) string { return ru.Label(ru.CommentStatuses, code) },
		"schoolsWord":  func(n int) string { return ru.Plural(n, "школе", "школах", "школах") },
		"licenseName":  func(spdx string) string { return ru.LicenseOf(spdx).Name },
		"formatHint":   func() string { return ru.FormatHint },
		"moKind":       func(code string) string { return ru.Label(ru.AssociationKinds, code) },
		"planPeriod":   func(code string) string { return ru.Label(ru.PlanPeriods, code) },
		"courseForm":   func(code string) string { return ru.Label(ru.CourseForms, code) },
		"courseStatus": func(code string) string { return ru.Label(ru.CourseStatuses, code) },
		"mentorshipStatus": func(code string) string {
			return ru.Label(ru.MentorshipStatuses, code)
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return ru.Date(t.In(s.location()))
		},
		"join": strings.Join,
		"add":  func(a, b int) int { return a + b },
		"list": func(items ...string) []string { return items },
		"nobr": func(s string) string { return strings.ReplaceAll(s, "№ ", "№\u00a0") },
		"html": func(h string) template.HTML { return template.HTML(h) }, // only for sanitized Markdown output
		"has": func(list []string, v string) bool {
			for _, x := range list {
				if x == v {
					return true
				}
			}
			return false
		},
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		s.pages[base] = t
	}
	return s, nil
}

func (s *Server) location() *time.Location {
	if s.Settings.Location != nil {
		return s.Settings.Location
	}
	return time.UTC
}

// page is what every template gets.
type page struct {
	Title   string
	User    *core.Record
	Role    string
	CSRF    string
	Flash   string
	Errors  map[string]string // field → message
	Data    any
	Section string
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.CSRF = s.csrfToken(w, r)
	if p.User != nil {
		p.Role = p.User.GetString("role")
	}
	if c, err := r.Cookie("kopilka_flash"); err == nil {
		p.Flash = flashText(c.Value)
		http.SetCookie(w, &http.Cookie{Name: "kopilka_flash", Path: "/app/", MaxAge: -1})
	}
	t, ok := s.pages[name]
	if !ok {
		http.Error(w, "no template "+name, http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.App.Logger().Error("web: render", "page", name, "error", err)
		http.Error(w, ru.WebError, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	httpsec.SecurityHeaders(w.Header())
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// flash messages travel as a code in a short-lived cookie across the
// redirect of post/redirect/get.
var flashes = map[string]string{
	"saved":     ru.WebSaved,
	"submitted": ru.WebSubmitted,
	"reviewed":  ru.WebReviewed,
	"reset":     ru.WebResetSent,
	"rebuild":   ru.WebRebuildStarted,
	"completed": ru.WebCompleted,
	"proposed":  ru.MentorProposed,
	"confirmed": ru.MentorConfirmed,
	"visit":     ru.VisitSaved,
}

func flashText(code string) string { return flashes[code] }

func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: "kopilka_flash", Value: flash, Path: "/app/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// handler wraps a page: it finds the user, requires one when signedIn is
// set, and checks the CSRF token of every POST.
func (s *Server) handler(signedIn bool, roles []string, h func(w http.ResponseWriter, r *http.Request, u *core.Record)) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		w, r := e.Response, e.Request
		u := s.user(r)
		if signedIn && u == nil {
			http.Redirect(w, r, "/app/login?next="+urlEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		if len(roles) > 0 && (u == nil || !schema.Contains(roles, u.GetString("role"))) {
			s.render(w, r, http.StatusForbidden, "forbidden", page{Title: ru.WebForbiddenTitle, User: u})
			return nil
		}
		if r.Method == http.MethodPost {
			if r.ContentLength > MaxFormBytes {
				s.tooLarge(w, r, u)
				return nil
			}
			r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
			if err := r.ParseMultipartForm(32 << 20); err != nil && err != http.ErrNotMultipart {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					s.tooLarge(w, r, u)
					return nil
				}
				s.fail(w, r, u, http.StatusBadRequest, ru.WebBadForm, err)
				return nil
			}
			if !validCSRF(r) {
				s.render(w, r, http.StatusForbidden, "forbidden", page{Title: ru.WebCSRF, User: u})
				return nil
			}
		}
		// the CMS's own sign-in stands for the API's: hooks the request
		// fires (internal/recordapi) see the person as their auth
		e.Auth = u
		e.Request = r.WithContext(context.WithValue(r.Context(), eventKey{}, e))
		h(w, e.Request, u)
		return nil
	}
}

// eventKey finds a page's request event in its request's context.
type eventKey struct{}

// event is the request event of a page's request, whose Auth is the
// signed-in person: the request records are read and written for.
func event(r *http.Request) *core.RequestEvent {
	e, _ := r.Context().Value(eventKey{}).(*core.RequestEvent)
	return e
}

// MaxFormBytes bounds one form sent to the CMS: two files at the 50 MB
// limit of each and the fields. PocketBase's own 32 MB limit is lifted on
// the CMS's forms, which keep this one and answer it in Russian.
const MaxFormBytes = 105 << 20

// drainBytes is how much of a refused upload is read before answering:
// a browser still sending its body reads no answer and shows a reset
// connection instead, so the body is read to its end unless it is absurd.
const drainBytes = 1 << 30

// tooLarge answers a form over MaxFormBytes with a page that says so.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if r.ContentLength <= drainBytes {
		_, _ = io.CopyN(io.Discard, r.Body, drainBytes)
	}
	s.render(w, r, http.StatusRequestEntityTooLarge, "forbidden", page{Title: ru.WebFormTooLarge, User: u})
}

// Register mounts the pages at /app/.
func (s *Server) Register(e *core.ServeEvent) {
	post := func(path string, h func(*core.RequestEvent) error) {
		e.Router.POST(path, h).Unbind(apis.DefaultBodyLimitMiddlewareId)
	}
	any := []string(nil)
	authors := []string{schema.RoleTeacher, schema.RoleSchoolEditor, schema.RoleCurator}
	curators := []string{schema.RoleCurator}
	e.Router.GET("/app/app.css", func(re *core.RequestEvent) error {
		re.Response.Header().Set("Content-Type", "text/css; charset=utf-8")
		re.Response.Header().Set("Cache-Control", "public, max-age=3600")
		httpsec.SecurityHeaders(re.Response.Header())
		_, err := re.Response.Write(appCSS)
		return err
	})
	e.Router.GET("/app/", s.handler(true, any, s.home))
	e.Router.GET("/app/login", s.handler(false, any, s.loginForm))
	post("/app/login", s.handler(false, any, s.login))
	post("/app/logout", s.handler(false, any, s.logout))
	e.Router.GET("/app/password-reset", s.handler(false, any, s.resetForm))
	post("/app/password-reset", s.handler(false, any, s.reset))
	e.Router.GET("/app/materials", s.handler(true, authors, s.materials))
	e.Router.GET("/app/materials/new", s.handler(true, authors, s.materialForm))
	post("/app/materials/new", s.handler(true, authors, s.materialSave))
	e.Router.GET("/app/materials/{id}", s.handler(true, authors, s.materialForm))
	post("/app/materials/{id}", s.handler(true, authors, s.materialSave))
	e.Router.GET("/app/practices", s.handler(true, authors, s.practices))
	e.Router.GET("/app/practices/new", s.handler(true, authors, s.practiceForm))
	post("/app/practices/new", s.handler(true, authors, s.practiceSave))
	e.Router.GET("/app/practices/{id}", s.handler(true, authors, s.practiceForm))
	post("/app/practices/{id}", s.handler(true, authors, s.practiceSave))
	e.Router.GET("/app/review/practices/{id}", s.handler(true, curators, s.reviewForm))
	post("/app/review/practices/{id}", s.handler(true, curators, s.review))
	e.Router.GET("/app/profile", s.handler(true, authors, s.profile))
	post("/app/profile", s.handler(true, authors, s.profileSave))
	editors := []string{schema.RoleSchoolEditor, schema.RoleCurator}
	e.Router.GET("/app/teachers", s.handler(true, editors, s.teachers))
	e.Router.GET("/app/teachers/{id}", s.handler(true, editors, s.teacherForm))
	post("/app/teachers/{id}", s.handler(true, editors, s.teacherSave))
	post("/app/teachers/{id}/facts/{kind}", s.handler(true, editors, s.teacherFactAdd))
	post("/app/teachers/{id}/facts/{kind}/{fact}/delete", s.handler(true, editors, s.teacherFactDelete))
	e.Router.GET("/app/events", s.handler(true, editors, s.events))
	e.Router.GET("/app/events/new", s.handler(true, editors, s.eventForm))
	post("/app/events/new", s.handler(true, editors, s.eventSave))
	e.Router.GET("/app/events/{id}", s.handler(true, editors, s.eventForm))
	post("/app/events/{id}", s.handler(true, editors, s.eventSave))
	e.Router.GET("/app/iom", s.handler(true, authors, s.routes))
	e.Router.GET("/app/iom/new", s.handler(true, authors, s.routeNewForm))
	post("/app/iom/new", s.handler(true, authors, s.routeCreate))
	e.Router.GET("/app/iom/{id}", s.handler(true, authors, s.routePage))
	post("/app/iom/{id}", s.handler(true, authors, s.routeSave))
	post("/app/iom/{id}/steps", s.handler(true, authors, s.stepAdd))
	post("/app/iom/{id}/steps/{step}", s.handler(true, authors, s.stepDone))
	post("/app/iom/{id}/steps/{step}/comments", s.handler(true, authors, s.stepComment))
	e.Router.GET("/app/iom/{id}/steps/{step}/evidence/{file}", s.handler(true, authors, s.evidence))
	e.Router.GET("/app/iom/{id}/card.pdf", s.handler(true, authors, s.routeCardPDF))
	post("/app/iom/{id}/complete", s.handler(true, authors, s.routeComplete))
	post("/app/iom/{id}/interim", s.handler(true, authors, s.routeInterim))
	post("/app/iom/{id}/share", s.handler(true, authors, s.routeShare))
	e.Router.GET("/app/mentorships", s.handler(true, authors, s.mentorships))
	e.Router.GET("/app/mentorships/new", s.handler(true, editors, s.mentorshipForm))
	post("/app/mentorships/new", s.handler(true, editors, s.mentorshipSave))
	e.Router.GET("/app/mentorships/{id}", s.handler(true, authors, s.mentorshipForm))
	post("/app/mentorships/{id}", s.handler(true, editors, s.mentorshipSave))
	post("/app/mentorships/{id}/confirm", s.handler(true, curators, s.mentorshipConfirm))
	post("/app/mentorships/{id}/visits", s.handler(true, authors, s.visitAdd))
	e.Router.GET("/app/visits/{id}/file", s.handler(true, authors, s.visitFile))
	e.Router.GET("/app/indicators", s.handler(true, editors, s.indicators))
	e.Router.GET("/app/indicators.csv", s.handler(true, editors, s.indicatorsCSV))
	e.Router.GET("/app/indicators.xlsx", s.handler(true, editors, s.indicatorsXLSX))
	e.Router.GET("/app/registry", s.handler(true, editors, s.registry))
	e.Router.GET("/app/attestation", s.handler(true, editors, s.attestation))
	e.Router.GET("/app/attestation.csv", s.handler(true, editors, s.attestationCSV))
	e.Router.GET("/app/attestation.xlsx", s.handler(true, editors, s.attestationXLSX))
	e.Router.GET("/app/mo", s.handler(true, editors, s.associations))
	e.Router.GET("/app/mo/new", s.handler(true, editors, s.associationForm))
	post("/app/mo/new", s.handler(true, editors, s.associationSave))
	e.Router.GET("/app/mo/{id}", s.handler(true, editors, s.associationForm))
	post("/app/mo/{id}", s.handler(true, editors, s.associationSave))
	post("/app/mo/{id}/{op}", s.handler(true, editors, s.associationAttach))
	e.Router.GET("/app/plan", s.handler(true, authors, s.plan))
	e.Router.GET("/app/plan.pdf", s.handler(true, authors, s.planPDF))
	post("/app/plan", s.handler(true, editors, s.planItemSave))
	e.Router.GET("/app/plan/{id}", s.handler(true, editors, s.planItemForm))
	post("/app/plan/{id}", s.handler(true, editors, s.planItemSave))
	post("/app/plan/{id}/delete", s.handler(true, editors, s.planItemDelete))
	e.Router.GET("/app/courses", s.handler(true, editors, s.courses))
	e.Router.GET("/app/courses.csv", s.handler(true, editors, s.coursesCSV))
	e.Router.GET("/app/courses/{id}/certificate", s.handler(true, authors, s.courseCertificate))
	e.Router.GET("/app/onboard", s.handler(true, editors, s.onboardPage))
	post("/app/onboard", s.handler(true, editors, s.onboardRun))
	e.Router.GET("/app/onboard.csv", s.handler(true, editors, s.onboardCSV))
	e.Router.GET("/app/adoptions", s.handler(true, authors, s.adoptions))
	e.Router.GET("/app/adoptions.csv", s.handler(true, authors, s.adoptionsCSV))
	post("/app/adoptions/threshold", s.handler(true, curators, s.adoptionThreshold))
	post("/app/adoptions/{id}", s.handler(true, authors, s.adoptionModerate))
	e.Router.GET("/app/freshness", s.handler(true, authors, s.freshnessPage))
	post("/app/freshness/periods", s.handler(true, curators, s.freshnessPeriods))
	e.Router.GET("/app/registry.csv", s.handler(true, editors, s.registryCSV))
	e.Router.GET("/app/registry.xlsx", s.handler(true, editors, s.registryXLSX))
	post("/app/indicators/targets", s.handler(true, curators, s.indicatorTargets))
	e.Router.GET("/app/review", s.handler(true, curators, s.queue))
	e.Router.GET("/app/review/{id}", s.handler(true, curators, s.reviewForm))
	post("/app/review/{id}", s.handler(true, curators, s.review))
	e.Router.GET("/app/review/{id}/files/{file}", s.handler(true, curators, s.reviewFile))
	e.Router.GET("/app/scans", s.handler(true, curators, s.scans))
	e.Router.GET("/app/scans.csv", s.handler(true, curators, s.scansCSV))
	e.Router.GET("/app/materials/{id}/files/{file}", s.handler(true, authors, s.materialFile))
	e.Router.GET("/app/materials/{id}/poster.pdf", s.handler(true, authors, s.poster))
	post("/app/materials/{id}/certificate", s.handler(true, authors, s.certify))
	e.Router.GET("/app/certificates/{number}", s.handler(true, authors, s.certificatePDF))
	e.Router.GET("/app/qr", s.handler(true, curators, s.qrPage))
	e.Router.GET("/app/qr.pdf", s.handler(true, curators, s.qrPDF))
	e.Router.GET("/app/site", s.handler(true, curators, s.siteStatus))
	post("/app/site", s.handler(true, curators, s.rebuild))
}
