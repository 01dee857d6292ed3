package sitegen

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// The data each kind of page of the public site gets.
//
// Every generated page is one content file whose JSON front matter is one
// of the structs below, declared here once: the generators fill them, the
// templates read their fields as .Params.<json key>, and Reference writes
// them out for restylers as layouts/README.md. A field's `doc` tag says
// what it holds (reflection cannot see comments); a struct's own `doc` is
// on its blank first field.

// PageKind is a kind of generated page: where it is, what renders it and
// the struct of its front matter.
type PageKind struct {
	Name  string
	About string // what the page is, one line
	// Content is the content file, with <…> for the parts that vary.
	Content string
	// URL is the page's address; "" for a hidden list page.
	URL string
	// Layout is the template that renders the page or, for a hidden list
	// page, the one that reads it with site.GetPage.
	Layout string
	// Partials are the partials Layout hands the page to that read its
	// .Params.
	Partials []string
	// GetPage is the path templates read a hidden list page by.
	GetPage string
	// Data is a zero value of the front matter's struct.
	Data frontMatter
}

// PageKinds are the kinds of pages sitegen generates.
var PageKinds = []PageKind{
	{Name: "material", About: "a material of the bank", Content: "content/materials/<slug>.md", URL: "/materials/<slug>/",
		Layout: "layouts/materials/page.html", Partials: []string{"layouts/_partials/qr.html", "layouts/_partials/jsonld.html"}, Data: MaterialPage{}},
	{Name: "practice", About: "a pedagogical practice", Content: "content/practices/<slug>.md", URL: "/practices/<slug>/",
		Layout: "layouts/practices/page.html", Partials: []string{"layouts/_partials/qr.html", "layouts/_partials/jsonld.html"}, Data: PracticePage{}},
	{Name: "event", About: "an event of the calendar", Content: "content/events/<slug>.md", URL: "/events/<slug>/",
		Layout: "layouts/events/page.html", Partials: []string{"layouts/_partials/qr.html", "layouts/_partials/jsonld.html"}, Data: EventPage{}},
	{Name: "teacher", About: "a public teacher profile", Content: "content/teachers/<slug>.md", URL: "/teachers/<slug>/",
		Layout: "layouts/teachers/page.html", Partials: []string{"layouts/_partials/jsonld.html"}, Data: TeacherPage{}},
	{Name: "school", About: "a school, kindergarten or the methodical service", Content: "content/schools/<slug>.md", URL: "/schools/<slug>/",
		Layout: "layouts/schools/page.html", Partials: []string{"layouts/_partials/jsonld.html"}, Data: SchoolPage{}},
	{Name: "association", About: "a methodical association: a school's ШМО, the municipality's РМО, the methodical council, a creative or problem group",
		Content: "content/mo/<slug>.md", URL: "/mo/<slug>/", Layout: "layouts/mo/page.html", Data: AssociationPage{}},
	{Name: "month", About: "a month of the events calendar", Content: "content/months/<yyyy>-<mm>.md", URL: "/events/<yyyy>/<mm>/",
		Layout: "layouts/months/page.html", Data: MonthPage{}},
	{Name: "verify", About: "the verification page of a certificate, kept out of search engines", Content: "content/verify/<number>.md", URL: "/verify/<number>/",
		Layout: "layouts/verify/page.html", Data: VerifyPage{}},
	{Name: "materials-front", About: "the bank's front page: its newest materials, with the filters", Content: "content/lists/front/materials.md",
		Layout: "layouts/materials/section.html", Partials: []string{"layouts/_partials/list-page.html", "layouts/_partials/shelf.html"},
		GetPage: "/lists/front/materials", Data: BankPage{}},
	{Name: "practices-front", About: "the newest practices", Content: "content/lists/front/practices.md",
		Layout: "layouts/practices/section.html", Partials: []string{"layouts/_partials/list-page.html", "layouts/_partials/shelf.html"},
		GetPage: "/lists/front/practices", Data: ShelfPage{}},
	{Name: "term-front", About: "the newest materials of a subject, level, type or tag", Content: "content/lists/front/<subjects|levels|types|tags>/<key>.md",
		URL: "/<subjects|levels|types|tags>/<key>/", Layout: "layouts/lists/page.html",
		Partials: []string{"layouts/_partials/list-page.html", "layouts/_partials/shelf.html"}, Data: ShelfPage{}},
	{Name: "archive", About: "an older page of a list, numbered from the oldest so its items stay put", Content: "content/lists/archive/<list>/<n>.md",
		URL: "<list's address>page/<n>/", Layout: "layouts/lists/page.html",
		Partials: []string{"layouts/_partials/list-page.html", "layouts/_partials/shelf.html"}, Data: ShelfPage{}},
	{Name: "terms", About: "the list of all subjects, levels, types or tags", Content: "content/lists/index/<subjects|levels|types|tags>.md",
		URL: "/<subjects|levels|types|tags>/", Layout: "layouts/terms.html", Data: TermsPage{}},
	{Name: "home-lists", About: "what the home page shows", Content: "content/lists/home.md", Layout: "layouts/home.html",
		GetPage: "/lists/home", Data: HomeLists{}},
	{Name: "calendar-lists", About: "what the events section shows", Content: "content/lists/calendar.md", Layout: "layouts/events/section.html",
		GetPage: "/lists/calendar", Data: CalendarLists{}},
	{Name: "schools-list", About: "the directory of schools", Content: "content/lists/schools.md", Layout: "layouts/schools/section.html",
		GetPage: "/lists/schools", Data: SchoolsList{}},
	{Name: "teachers-list", About: "the directory of teachers", Content: "content/lists/teachers.md", Layout: "layouts/teachers/section.html",
		GetPage: "/lists/teachers", Data: TeachersList{}},
	{Name: "associations-list", About: "the list of methodical associations, by kind", Content: "content/lists/mo.md", Layout: "layouts/mo/section.html",
		GetPage: "/lists/mo", Data: AssociationsList{}},
}

// frontMatter is the front matter of a generated page: a page kind's
// struct, or the settings of a section.
type frontMatter interface {
	// published says where Hugo publishes the page.
	published() published
}

// published is what the tree keeps of a page beside its front matter.
type published struct {
	url      string   // "" for a page without an address of its own
	aliases  []string // more addresses, redirecting to url
	lastmod  string   // for the sitemap
	unlisted bool     // left out of the sitemap
}

// MaterialPage is the front matter of a material's page.
type MaterialPage struct {
	Title        string                  `json:"title" doc:"the material's title (Hugo's; also .Title)"`
	LinkTitle    string                  `json:"linkTitle,omitempty" doc:"the title shortened with «…» for the browser's tab; empty when short (Hugo's; also .LinkTitle)"`
	URL          string                  `json:"url" doc:"the page's address (Hugo's)"`
	Date         string                  `json:"date" doc:"when it was published, RFC 3339 (Hugo's; also .Date)"`
	Lastmod      string                  `json:"lastmod" doc:"when it last changed, RFC 3339 (Hugo's; also .Lastmod)"`
	Summary      string                  `json:"summary" doc:"a short summary, plain text"`
	Description  string                  `json:"description" doc:"the same summary, for the description meta tag"`
	Aliases      []string                `json:"aliases" doc:"the short QR address /q/<code>/, which redirects here; nothing without a code (Hugo's)"`
	QR           string                  `json:"qr" doc:"the QR code's short code; empty without one"`
	Types        []string                `json:"types" doc:"the material type's code, as a list of one"`
	TypeLabel    string                  `json:"type_label" doc:"the material type's name"`
	Subjects     []string                `json:"subjects" doc:"the subjects' names"`
	Levels       []string                `json:"levels" doc:"the education levels' codes"`
	LevelLabels  []string                `json:"level_labels" doc:"the education levels' names"`
	Tags         []string                `json:"tags" doc:"the tags"`
	SubjectLinks []Link                  `json:"subject_links" doc:"the subjects with their lists' pages, without counts"`
	LevelLinks   []Link                  `json:"level_links" doc:"the education levels with their lists' pages, without counts"`
	TagLinks     []Link                  `json:"tag_links" doc:"the tags with their lists' pages, without counts"`
	Authors      []string                `json:"authors" doc:"the slugs of its public authors"`
	People       []Link                  `json:"people" doc:"its public authors and their pages; authors without a public profile are never named"`
	Organization string                  `json:"organization" doc:"the slug of its school"`
	Org          *OrgRef                 `json:"org" doc:"its school, or nothing when the school has no page"`
	License      string                  `json:"license" doc:"the SPDX identifier of its license; empty when none"`
	LicenseName  string                  `json:"license_name" doc:"its license's Russian name («CC BY 4.0 — с указанием авторства»); empty when none"`
	LicenseURL   string                  `json:"license_url" doc:"the Russian page of its license; empty when none"`
	LicenseLegal string                  `json:"license_legal" doc:"the canonical address of its license, for JSON-LD; empty when none"`
	BestPractice bool                    `json:"best_practice" doc:"whether it is marked a best practice"`
	MaterialDate string                  `json:"material_date" doc:"the date the author gave it, written out; empty when none"`
	Files        []FileLink              `json:"files" doc:"its attached files"`
	Related      []encoded[MaterialCard] `json:"related" doc:"related materials: those chosen for it, or else those published nearest it in its subjects"`
	PresentedAt  []encoded[EventCard]    `json:"presented_at" doc:"the events it was presented at"`
	Associations []Link                  `json:"associations" doc:"the methodical associations that handed it in, and their pages"`
	Card         encoded[MaterialCard]   `json:"card" doc:"its own card, as lists show it"`
	Adopt        *AdoptForm              `json:"adopt" doc:"the form «Я применил(а) у себя» and what was reported; nothing when the site takes no forms"`
	BodyHTML     string                  `json:"body_html" doc:"its text, sanitized HTML (print with safeHTML)"`
	Checked      string                  `json:"checked" doc:"when a check last found all its links and files working, written as 12.03.2026; empty when none has, or when the last one found a dead link or a broken file"`
	CheckedISO   string                  `json:"checked_iso" doc:"the same date as 2026-03-12, for a time element; empty when checked is"`
	LinksDead    bool                    `json:"links_dead" doc:"whether the last check found a link in it that does not open: the page says its links may be out of date (the page stays)"`
}

// PracticePage is the front matter of a practice's page.
type PracticePage struct {
	Title        string                  `json:"title" doc:"the practice's title (Hugo's; also .Title)"`
	LinkTitle    string                  `json:"linkTitle,omitempty" doc:"the title shortened with «…» for the browser's tab; empty when short (Hugo's; also .LinkTitle)"`
	URL          string                  `json:"url" doc:"the page's address (Hugo's)"`
	Date         string                  `json:"date" doc:"when it was published, RFC 3339 (Hugo's; also .Date)"`
	Lastmod      string                  `json:"lastmod" doc:"when it last changed, RFC 3339 (Hugo's; also .Lastmod)"`
	Summary      string                  `json:"summary" doc:"a short summary, plain text"`
	Description  string                  `json:"description" doc:"the same summary, for the description meta tag"`
	Aliases      []string                `json:"aliases" doc:"the short QR address /q/<code>/, which redirects here; nothing without a code (Hugo's)"`
	QR           string                  `json:"qr" doc:"the QR code's short code; empty without one"`
	Authors      []string                `json:"authors" doc:"the slugs of its public authors"`
	People       []Link                  `json:"people" doc:"its public authors and their pages; authors without a public profile are never named"`
	Organization string                  `json:"organization" doc:"the slug of its school"`
	Org          *OrgRef                 `json:"org" doc:"its school, or nothing when the school has no page"`
	Subjects     []string                `json:"subjects" doc:"the names of its materials' subjects, each once, for JSON-LD (about)"`
	LevelLabels  []string                `json:"level_labels" doc:"the names of its materials' education levels, each once, for JSON-LD (educationalLevel)"`
	Materials    []encoded[MaterialCard] `json:"materials" doc:"the materials of the practice"`
	Events       []encoded[EventCard]    `json:"events" doc:"the events of the practice"`
	Card         encoded[PracticeCard]   `json:"card" doc:"its own card, as lists show it"`
	Adopt        *AdoptForm              `json:"adopt" doc:"the form «Я применил(а) у себя» and what was reported; nothing when the site takes no forms"`
	BodyHTML     string                  `json:"body_html" doc:"its text, sanitized HTML (print with safeHTML)"`
	ResultsHTML  string                  `json:"results_html" doc:"its results, sanitized HTML (print with safeHTML); empty when none"`
	License      string                  `json:"license" doc:"the SPDX identifier of its license; empty when none"`
	LicenseName  string                  `json:"license_name" doc:"its license's Russian name («CC BY 4.0 — с указанием авторства»); empty when none"`
	LicenseURL   string                  `json:"license_url" doc:"the Russian page of its license; empty when none"`
	LicenseLegal string                  `json:"license_legal" doc:"the canonical address of its license, for JSON-LD; empty when none"`
	Checked      string                  `json:"checked" doc:"when a check last found all its links working, written as 12.03.2026; empty when none has, or when the last one found a dead link"`
	CheckedISO   string                  `json:"checked_iso" doc:"the same date as 2026-03-12, for a time element; empty when checked is"`
	LinksDead    bool                    `json:"links_dead" doc:"whether the last check found a link in it that does not open: the page says its links may be out of date (the page stays)"`
}

// EventPage is the front matter of an event's page.
type EventPage struct {
	Title           string                  `json:"title" doc:"the event's title (Hugo's; also .Title)"`
	LinkTitle       string                  `json:"linkTitle,omitempty" doc:"the title shortened with «…» for the browser's tab; empty when short (Hugo's; also .LinkTitle)"`
	URL             string                  `json:"url" doc:"the page's address (Hugo's)"`
	Date            string                  `json:"date" doc:"when it starts, RFC 3339 (Hugo's; also .Date)"`
	Lastmod         string                  `json:"lastmod" doc:"when it last changed, RFC 3339 (Hugo's; also .Lastmod)"`
	Aliases         []string                `json:"aliases" doc:"the short QR address /q/<code>/, which redirects here; nothing without a code (Hugo's)"`
	QR              string                  `json:"qr" doc:"the QR code's short code; empty without one"`
	KindLabel       string                  `json:"kind_label" doc:"the kind of event, as a name"`
	LevelLabel      string                  `json:"level_label" doc:"its level (municipal, regional …), as a name"`
	Status          string                  `json:"status" doc:"its status's code: cancelled when called off"`
	StatusLabel     string                  `json:"status_label" doc:"its status, as a name"`
	When            string                  `json:"when" doc:"when it takes place, written out in its own time zone"`
	StartISO        string                  `json:"start_iso" doc:"its start: a date for an all-day event, else RFC 3339"`
	EndISO          string                  `json:"end_iso" doc:"its end, as start_iso; empty when unknown"`
	AllDay          bool                    `json:"all_day" doc:"whether it lasts whole days"`
	Location        string                  `json:"location" doc:"where it takes place; empty when online only"`
	OnlineURL       string                  `json:"online_url" doc:"where to join it online; empty when none"`
	Organizer       string                  `json:"organizer" doc:"the slug of the organizing school"`
	OrganizerOrg    *OrgRef                 `json:"organizer_org" doc:"the organizing school, or nothing when it has no page"`
	Audience        string                  `json:"audience" doc:"who it is for"`
	EventSubjects   []string                `json:"event_subjects" doc:"the subjects' names"`
	RegistrationURL string                  `json:"registration_url" doc:"where to register; empty when none"`
	Upcoming        bool                    `json:"upcoming" doc:"whether it has not ended when the site was built"`
	MonthURL        string                  `json:"month_url" doc:"the page of its month in the calendar"`
	ICS             string                  `json:"ics" doc:"its iCalendar file"`
	Materials       []encoded[MaterialCard] `json:"materials" doc:"the materials of the event"`
	Card            encoded[EventCard]      `json:"card" doc:"its own card, as lists show it"`
	BodyHTML        string                  `json:"body_html" doc:"its description, sanitized HTML (print with safeHTML)"`
	License         string                  `json:"license" doc:"the SPDX identifier of its programme's license; empty when none"`
	LicenseName     string                  `json:"license_name" doc:"its license's Russian name; empty when none"`
	LicenseURL      string                  `json:"license_url" doc:"the Russian page of its license; empty when none"`
	LicenseLegal    string                  `json:"license_legal" doc:"the canonical address of its license, for JSON-LD; empty when none"`
	Checked         string                  `json:"checked" doc:"when a check last found all its links working, written as 12.03.2026; empty when none has, or when the last one found a dead link"`
	CheckedISO      string                  `json:"checked_iso" doc:"the same date as 2026-03-12, for a time element; empty when checked is"`
	LinksDead       bool                    `json:"links_dead" doc:"whether the last check found a link in it that does not open: the page says its links may be out of date (the page stays)"`
	Pack            string                  `json:"pack" doc:"the address of its offline pack (/packs/<slug>.zip: programme PDF, materials' files, index.html); empty when it has no published materials"`
	PackSize        string                  `json:"pack_size" doc:"the pack's size, written out («1,2 МБ»); empty without a pack"`
}

// TeacherPage is the front matter of a teacher's page.
type TeacherPage struct {
	Title              string                  `json:"title" doc:"the teacher's full name (Hugo's; also .Title)"`
	URL                string                  `json:"url" doc:"the page's address (Hugo's)"`
	Photo              string                  `json:"photo" doc:"the address of their photo; empty when none"`
	Position           string                  `json:"position" doc:"their position"`
	Organization       string                  `json:"organization" doc:"the slug of their school"`
	Org                *OrgRef                 `json:"org" doc:"their school, or nothing when the school has no page"`
	TeacherSubjects    []string                `json:"teacher_subjects" doc:"the subjects they teach"`
	CategoryLabel      string                  `json:"category_label" doc:"their qualification category, as a name; empty when none"`
	ExperienceYears    int                     `json:"experience_years" doc:"their years of teaching; 0 when not given"`
	SelfEducationTheme string                  `json:"self_education_theme" doc:"the theme of their self-education; empty when none"`
	Mentor             bool                    `json:"mentor" doc:"whether they are a mentor"`
	MethodicalActive   bool                    `json:"methodical_active" doc:"whether they belong to the methodical active"`
	Expert             bool                    `json:"expert" doc:"whether they are an expert"`
	Tutor              bool                    `json:"tutor" doc:"whether they are a tutor"`
	BioHTML            string                  `json:"bio_html" doc:"their biography, sanitized HTML (print with safeHTML)"`
	OwnMaterials       []encoded[MaterialCard] `json:"own_materials" doc:"the materials they wrote, newest first"`
	OwnPractices       []encoded[PracticeCard] `json:"own_practices" doc:"the practices they wrote"`
}

// SchoolPage is the front matter of a school's page.
type SchoolPage struct {
	Title           string                  `json:"title" doc:"the school's full name (Hugo's; also .Title)"`
	URL             string                  `json:"url" doc:"the page's address (Hugo's)"`
	ShortName       string                  `json:"short_name" doc:"its short name; empty when none"`
	Kind            string                  `json:"kind" doc:"the kind of organization's code"`
	KindLabel       string                  `json:"kind_label" doc:"the kind of organization, as a name"`
	Address         string                  `json:"address" doc:"its address; empty when not given"`
	Website         string                  `json:"website" doc:"its website; empty when not given"`
	AboutHTML       string                  `json:"about_html" doc:"about the school, sanitized HTML (print with safeHTML)"`
	EventsICS       string                  `json:"events_ics" doc:"the iCalendar feed of its events"`
	OrgMaterials    []encoded[MaterialCard] `json:"org_materials" doc:"its materials, newest first"`
	OrgPractices    []encoded[PracticeCard] `json:"org_practices" doc:"its practices"`
	OrgEvents       []encoded[EventCard]    `json:"org_events" doc:"the events it organizes, by start"`
	OrgTeachers     []encoded[TeacherCard]  `json:"org_teachers" doc:"its public teachers, by name"`
	OrgAssociations []AssociationCard       `json:"org_associations" doc:"its methodical associations, by kind and name"`
}

// AssociationPage is the front matter of a methodical association's page.
type AssociationPage struct {
	Title               string                  `json:"title" doc:"the association's name (Hugo's; also .Title)"`
	URL                 string                  `json:"url" doc:"the page's address (Hugo's)"`
	Lastmod             string                  `json:"lastmod" doc:"when it last changed, RFC 3339 (Hugo's; also .Lastmod)"`
	Description         string                  `json:"description" doc:"its kind and organization, for the description meta tag"`
	Kind                string                  `json:"kind" doc:"the kind's code: school_mo, rmo, method_council, creative_group or problem_group"`
	KindLabel           string                  `json:"kind_label" doc:"the kind, as a name"`
	KindShort           string                  `json:"kind_short" doc:"the kind, as a short name (ШМО, РМО …)"`
	Organization        string                  `json:"organization" doc:"the slug of its organization"`
	Org                 *OrgRef                 `json:"org" doc:"its organization, or nothing when it has no page"`
	AssociationSubjects []string                `json:"association_subjects" doc:"the subjects it works on"`
	SchoolYear          string                  `json:"school_year" doc:"the school year of its theme, as 2025/26; empty when not given"`
	YearTheme           string                  `json:"year_theme" doc:"the theme of its year, plain text; empty when none"`
	Head                *Link                   `json:"head" doc:"its head and their page, or nothing when it has no head with a public profile"`
	Members             []Link                  `json:"members" doc:"its members with a public profile and their pages, the head aside; members without one are never named"`
	Materials           []encoded[MaterialCard] `json:"materials" doc:"the published materials it handed in, newest first"`
	Upcoming            []encoded[EventCard]    `json:"upcoming" doc:"its meetings that had not ended when the site was built, by start"`
	Past                []encoded[EventCard]    `json:"past" doc:"its meetings that have ended, latest first"`
	AboutHTML           string                  `json:"about_html" doc:"about the association, sanitized HTML (print with safeHTML)"`
}

// MonthPage is the front matter of a month of the calendar.
type MonthPage struct {
	Title       string               `json:"title" doc:"the month and year, as «Ноябрь 2025» (Hugo's; also .Title)"`
	URL         string               `json:"url" doc:"the page's address (Hugo's)"`
	Weekdays    []string             `json:"weekdays" doc:"the short names of the days of the week, from Monday"`
	Weeks       [][]CalendarDay      `json:"weeks" doc:"the month's weeks, each of seven days from Monday"`
	PrevURL     string               `json:"prev_url" doc:"the month before, in the calendar; empty on the first month"`
	NextURL     string               `json:"next_url" doc:"the month after, in the calendar; empty on the last month"`
	MonthEvents []encoded[EventCard] `json:"month_events" doc:"the month's events, by start"`
}

// VerifyPage is the front matter of a certificate's verification page.
type VerifyPage struct {
	Title       string         `json:"title" doc:"the certificate's title and number (Hugo's; also .Title)"`
	URL         string         `json:"url" doc:"the page's address (Hugo's)"`
	Sitemap     SitemapOptions `json:"sitemap" doc:"keeps the page out of the sitemap (Hugo's)"`
	Noindex     bool           `json:"noindex" doc:"always true: asks search engines not to index the page"`
	CertTitle   string         `json:"cert_title" doc:"the certificate's title"`
	Number      string         `json:"number" doc:"the certificate's number"`
	Issuer      string         `json:"issuer" doc:"who issued it"`
	Teacher     string         `json:"teacher" doc:"the slug of the teacher it was issued to, if public"`
	TeacherName string         `json:"teacher_name" doc:"the name of the teacher it was issued to"`
	TeacherURL  string         `json:"teacher_url" doc:"the teacher's page; empty when they have none"`
	Statement   string         `json:"statement" doc:"what the certificate states"`
	Issued      string         `json:"issued" doc:"when it was issued, written out"`
}

// ShelfPage is the front matter of a page of a list of materials or
// practices: a list's front page with its newest items, or an archive page.
type ShelfPage struct {
	Title       string               `json:"title" doc:"the list's title; on an archive page, with the dates it covers (Hugo's; also .Title)"`
	URL         string               `json:"url,omitempty" doc:"the page's address; absent on the hidden front pages of materials and practices (Hugo's)"`
	Build       *BuildOptions        `json:"build,omitempty" doc:"on the hidden front pages of materials and practices: never rendered (Hugo's)"`
	ShelfCard   string               `json:"shelf_card" doc:"the kind of card the items are: material or practice"`
	ShelfItems  []encoded[ShelfCard] `json:"shelf_items" doc:"the page's items, newest first: MaterialCard or PracticeCard, as shelf_card says"`
	ShelfTotal  *int                 `json:"shelf_total,omitempty" doc:"how many items the whole list has; front pages only"`
	ShelfParent *Link                `json:"shelf_parent,omitempty" doc:"the page above: the list of lists a term belongs to, or the list an archive page belongs to"`
	OlderURL    string               `json:"older_url,omitempty" doc:"the next older page; absent on the oldest"`
	NewerURL    string               `json:"newer_url,omitempty" doc:"the next newer page; archive pages only"`
}

// BankPage is the front matter of the bank's front page: a ShelfPage with
// the filters.
type BankPage struct {
	ShelfPage
	Filters      []Filter `json:"filters" doc:"the lists of subjects, levels and types, each term with its count"`
	Schools      []Link   `json:"schools" doc:"the schools, by name"`
	SchoolsTitle string   `json:"schools_title" doc:"the heading of the list of schools"`
}

// TermsPage is the front matter of the list of a kind of terms.
type TermsPage struct {
	Title  string `json:"title" doc:"the list's title (Hugo's; also .Title)"`
	URL    string `json:"url" doc:"the page's address (Hugo's)"`
	Layout string `json:"layout" doc:"always terms: rendered by layouts/terms.html (Hugo's)"`
	Terms  []Link `json:"terms" doc:"the terms, by name, each with its count and list"`
}

// HomeLists is the front matter of lists/home.md.
type HomeLists struct {
	Build       BuildOptions            `json:"build" doc:"never rendered (Hugo's)"`
	Upcoming    []encoded[EventCard]    `json:"upcoming" doc:"the events that have not ended, by start"`
	IOMText     string                  `json:"iom_text" doc:"how many teachers follow an individual route this school year, as a sentence; empty when none"`
	IOMYear     string                  `json:"iom_year" doc:"the school year of that figure, as 2025/26"`
	IOMTeachers int                     `json:"iom_teachers" doc:"the number of teachers of that figure"`
	Newest      []encoded[MaterialCard] `json:"newest" doc:"the 8 newest materials"`
	Best        []encoded[MaterialCard] `json:"best" doc:"the 6 newest materials marked a best practice"`
	Practices   []encoded[PracticeCard] `json:"practices" doc:"the 4 newest practices"`
}

// CalendarLists is the front matter of lists/calendar.md.
type CalendarLists struct {
	Build        BuildOptions         `json:"build" doc:"never rendered (Hugo's)"`
	Title        string               `json:"title" doc:"the calendar's title"`
	Upcoming     []encoded[EventCard] `json:"upcoming" doc:"the events that have not ended, by start"`
	Past         []encoded[EventCard] `json:"past" doc:"the 20 latest events that have ended, latest first"`
	SubjectFeeds map[string]string    `json:"subject_feeds" doc:"the iCalendar feed of each subject's events, by subject name"`
	Months       []MonthLink          `json:"months" doc:"every month from the first event's to the last's, in order"`
}

// SchoolsList is the front matter of lists/schools.md.
type SchoolsList struct {
	Build   BuildOptions `json:"build" doc:"never rendered (Hugo's)"`
	Schools []SchoolRow  `json:"schools" doc:"the schools, by name"`
}

// TeachersList is the front matter of lists/teachers.md.
type TeachersList struct {
	Build    BuildOptions `json:"build" doc:"never rendered (Hugo's)"`
	Teachers []TeacherRow `json:"teachers" doc:"the public teachers, by name"`
}

// AssociationsList is the front matter of lists/mo.md.
type AssociationsList struct {
	Build  BuildOptions       `json:"build" doc:"never rendered (Hugo's)"`
	Groups []AssociationGroup `json:"groups" doc:"the associations by kind: the methodical council, the РМО, the ШМО, creative groups, problem groups; a kind without any is left out"`
}

// AssociationGroup is the methodical associations of a kind.
type AssociationGroup struct {
	_     struct{}          `doc:"the methodical associations of a kind"`
	Kind  string            `json:"kind" doc:"the kind's code"`
	Title string            `json:"title" doc:"the kind, as a name"`
	Items []AssociationCard `json:"items" doc:"its associations, by organization and name"`
}

// AssociationCard is what lists show of a methodical association.
type AssociationCard struct {
	_          struct{} `doc:"what lists show of a methodical association"`
	URL        string   `json:"url" doc:"the association's page"`
	Title      string   `json:"title" doc:"its name"`
	KindShort  string   `json:"kind_short" doc:"its kind, as a short name (ШМО, РМО …)"`
	Subjects   []string `json:"subjects" doc:"the subjects it works on"`
	Org        *OrgRef  `json:"org" doc:"its organization; nothing on the organization's own page, or when it has no page"`
	SchoolYear string   `json:"school_year" doc:"the school year of its theme, as 2025/26; empty when not given"`
}

// MaterialCard is what lists show of a material.
type MaterialCard struct {
	_         struct{} `doc:"what lists show of a material"`
	URL       string   `json:"url" doc:"the material's page"`
	Title     string   `json:"title" doc:"its title"`
	TypeLabel string   `json:"type_label" doc:"its type, as a name"`
	Subjects  []string `json:"subjects" doc:"its subjects' names"`
	OrgShort  string   `json:"org_short" doc:"its school's short name; empty when the school has no page"`
	Best      bool     `json:"best" doc:"whether it is marked a best practice"`
	Summary   string   `json:"summary" doc:"its short summary"`
}

// PracticeCard is what lists show of a practice.
type PracticeCard struct {
	_       struct{} `doc:"what lists show of a practice"`
	URL     string   `json:"url" doc:"the practice's page"`
	Title   string   `json:"title" doc:"its title"`
	Summary string   `json:"summary" doc:"its short summary"`
	People  []Link   `json:"people" doc:"its public authors and their pages"`
	Org     *OrgRef  `json:"org" doc:"its school, or nothing when the school has no page"`
}

// EventCard is what lists show of an event.
type EventCard struct {
	_           struct{} `doc:"what lists show of an event"`
	URL         string   `json:"url" doc:"the event's page"`
	Title       string   `json:"title" doc:"its title"`
	When        string   `json:"when" doc:"when it takes place, written out"`
	StartISO    string   `json:"start_iso" doc:"its start: a date for an all-day event, else RFC 3339"`
	KindLabel   string   `json:"kind_label" doc:"the kind of event, as a name"`
	Cancelled   bool     `json:"cancelled" doc:"whether it is called off"`
	StatusLabel string   `json:"status_label" doc:"its status, as a name"`
}

// TeacherCard is what lists show of a teacher.
type TeacherCard struct {
	_        struct{} `doc:"what lists show of a teacher"`
	URL      string   `json:"url" doc:"the teacher's page"`
	Title    string   `json:"title" doc:"their full name"`
	Position string   `json:"position" doc:"their position"`
}

// ShelfCard is a card a list of materials or practices holds.
type ShelfCard interface{ shelfCard() }

func (MaterialCard) shelfCard() {}
func (PracticeCard) shelfCard() {}

// Link is a name and where it points.
type Link struct {
	_     struct{} `doc:"a name and where it points"`
	Name  string   `json:"name" doc:"the name to show"`
	URL   string   `json:"url" doc:"the page it points to"`
	Count int      `json:"count,omitempty" doc:"how many materials a term has, on the term lists and filters; absent elsewhere"`
}

// OrgRef is what a page shows of a school it mentions.
type OrgRef struct {
	_     struct{} `doc:"what a page shows of a school it mentions"`
	Name  string   `json:"name" doc:"the school's full name"`
	Short string   `json:"short" doc:"its short name, or the full name when it has none"`
	URL   string   `json:"url" doc:"its page"`
}

// FileLink is a file attached to a material.
type FileLink struct {
	_      struct{} `doc:"a file attached to a material"`
	Name   string   `json:"name" doc:"the file's name"`
	URL    string   `json:"url" doc:"where to download it"`
	Size   string   `json:"size" doc:"its size, written out (1,2 МБ)"`
	Format string   `json:"format" doc:"its format, as PDF or DOCX"`
}

// Filter is a list of terms the bank's front page filters by.
type Filter struct {
	_     struct{} `doc:"a list of terms to filter the bank by"`
	Title string   `json:"title" doc:"the filter's heading"`
	Terms []Link   `json:"terms" doc:"its terms, by name, each with its count and list"`
}

// CalendarDay is a day of a month's calendar.
type CalendarDay struct {
	_      struct{}   `doc:"a day of a month's calendar"`
	Day    int        `json:"day" doc:"the day of the month; 0 pads the first and last week"`
	Date   string     `json:"date" doc:"the date, as 2025-11-03; empty on padding"`
	Events []DayEvent `json:"events" doc:"the events on the day"`
}

// DayEvent is an event on a day of a month's calendar.
type DayEvent struct {
	_         struct{} `doc:"an event on a day of a month's calendar"`
	Slug      string   `json:"slug" doc:"the event's slug: its page is /events/<slug>/"`
	Title     string   `json:"title" doc:"its title"`
	Time      string   `json:"time" doc:"when it starts, as 15:00; empty for an all-day event"`
	Cancelled bool     `json:"cancelled" doc:"whether it is called off"`
}

// MonthLink is a month of the calendar in the list of months.
type MonthLink struct {
	_     struct{} `doc:"a month of the calendar"`
	URL   string   `json:"url" doc:"the month's page"`
	Title string   `json:"title" doc:"the month and year"`
	Count int      `json:"count" doc:"how many events it has"`
}

// SchoolRow is a school in the directory of schools.
type SchoolRow struct {
	_         struct{} `doc:"a school in the directory"`
	URL       string   `json:"url" doc:"the school's page"`
	Title     string   `json:"title" doc:"its full name"`
	KindLabel string   `json:"kind_label" doc:"the kind of organization, as a name"`
	Address   string   `json:"address" doc:"its address; empty when not given"`
}

// TeacherRow is a teacher in the directory of teachers.
type TeacherRow struct {
	_        struct{} `doc:"a teacher in the directory"`
	URL      string   `json:"url" doc:"the teacher's page"`
	Title    string   `json:"title" doc:"their full name"`
	Position string   `json:"position" doc:"their position"`
	OrgShort string   `json:"org_short" doc:"their school's short name"`
}

// BuildOptions are Hugo's build options of a page.
type BuildOptions struct {
	_      struct{} `doc:"Hugo's build options"`
	Render string   `json:"render" doc:"never: the page has no output of its own"`
	List   string   `json:"list" doc:"whether the page is in its section's lists: never or local"`
}

// SitemapOptions are Hugo's sitemap options of a page.
type SitemapOptions struct {
	_       struct{} `doc:"Hugo's sitemap options"`
	Disable bool     `json:"disable" doc:"true: the page is not in the sitemap"`
}

// never is the build options of a page read only through site.GetPage.
var never = BuildOptions{Render: "never", List: "never"}

// sectionSettings is the build options of a section whose pages are all
// of one kind: it is never rendered, and holds its pages only for them.
var sectionSettings = page{"build": BuildOptions{Render: "never", List: "local"}}

func (p MaterialPage) published() published {
	return published{url: p.URL, aliases: p.Aliases, lastmod: p.Lastmod}
}
func (p PracticePage) published() published {
	return published{url: p.URL, aliases: p.Aliases, lastmod: p.Lastmod}
}
func (p EventPage) published() published {
	return published{url: p.URL, aliases: p.Aliases, lastmod: p.Lastmod}
}
func (p AssociationPage) published() published {
	return published{url: p.URL, lastmod: p.Lastmod}
}
func (p TeacherPage) published() published { return published{url: p.URL} }
func (p SchoolPage) published() published  { return published{url: p.URL} }
func (p MonthPage) published() published   { return published{url: p.URL} }
func (p VerifyPage) published() published {
	return published{url: p.URL, unlisted: p.Noindex || p.Sitemap.Disable}
}
func (p ShelfPage) published() published      { return published{url: p.URL, unlisted: p.Build != nil} }
func (p TermsPage) published() published      { return published{url: p.URL} }
func (HomeLists) published() published        { return published{} }
func (CalendarLists) published() published    { return published{} }
func (SchoolsList) published() published      { return published{} }
func (TeachersList) published() published     { return published{} }
func (AssociationsList) published() published { return published{} }

// encoded is a T encoded as JSON once per build: cards are embedded in
// many pages, and encodePage splices them in as they are.
type encoded[T any] json.RawMessage

func (e encoded[T]) MarshalJSON() ([]byte, error) {
	if len(e) == 0 {
		return []byte("null"), nil
	}
	return e, nil
}

func (encoded[T]) holds() reflect.Type { return reflect.TypeFor[T]() }

// encodedJSON is an encoded[T] of any T.
type encodedJSON interface{ holds() reflect.Type }

// encode encodes v once, for many pages; the first error is kept in err.
func encode[T any](v T, err *error) encoded[T] {
	b, e := json.Marshal(v)
	if e != nil && *err == nil {
		*err = e
	}
	return b
}

// Reference is the restylers' reference of the page data, layouts/README.md.
func Reference() string {
	var b strings.Builder
	b.WriteString(referenceIntro)
	b.WriteString("\n## Page kinds\n\n| kind | content file | address | layout |\n|---|---|---|---|\n")
	for _, k := range PageKinds {
		addr := "`" + k.URL + "`"
		if k.URL == "" {
			addr = "none: read with `site.GetPage \"" + k.GetPage + "\"`"
		}
		fmt.Fprintf(&b, "| [%s](#%s) | `%s` | %s | `%s` |\n", k.Name, k.Name, cell(k.Content), cell(addr), k.Layout)
	}
	var nested []reflect.Type
	seen := map[reflect.Type]bool{}
	shown := map[reflect.Type]string{} // page struct → the first kind that showed it
	for _, k := range PageKinds {
		t := reflect.TypeOf(k.Data)
		fmt.Fprintf(&b, "\n### %s\n\n%s.\n\n", k.Name, capitalize(k.About))
		fmt.Fprintf(&b, "- Content file: `%s`\n", k.Content)
		if k.URL != "" {
			fmt.Fprintf(&b, "- Address: `%s`\n", k.URL)
		} else {
			fmt.Fprintf(&b, "- No address of its own: templates read it with `site.GetPage \"%s\"`, then its `.Params`\n", k.GetPage)
		}
		fmt.Fprintf(&b, "- Layout: `%s`", k.Layout)
		if len(k.Partials) > 0 {
			fmt.Fprintf(&b, ", with `%s`", strings.Join(k.Partials, "`, `"))
		}
		fmt.Fprintf(&b, "\n- Front matter: `%s`\n\n", t.Name())
		if first, ok := shown[t]; ok {
			fmt.Fprintf(&b, "The same fields as [%s](#%s).\n", first, first)
			continue
		}
		shown[t] = k.Name
		b.WriteString("| key | type | description |\n|---|---|---|\n")
		for _, f := range docFields(t) {
			fmt.Fprintf(&b, "| `.Params.%s` | %s | %s |\n", f.key, typeText(f.typ), cell(escapeHTML(f.doc)))
			for _, n := range structsIn(f.typ) {
				if !seen[n] {
					seen[n] = true
					nested = append(nested, n)
				}
			}
		}
	}
	b.WriteString("\n## Nested data\n\nWhat the lists and links above hold; a template reads a field of one as `.<key>`, e.g. `.title` of a card in a `range`.\n")
	for i := 0; i < len(nested); i++ { // grows as nested structs name more
		t := nested[i]
		own, _ := t.FieldByName("_")
		fmt.Fprintf(&b, "\n### %s\n\n%s.\n\n| key | type | description |\n|---|---|---|\n", t.Name(), escapeHTML(capitalize(own.Tag.Get("doc"))))
		for _, f := range docFields(t) {
			fmt.Fprintf(&b, "| `.%s` | %s | %s |\n", f.key, typeText(f.typ), cell(escapeHTML(f.doc)))
			for _, n := range structsIn(f.typ) {
				if !seen[n] {
					seen[n] = true
					nested = append(nested, n)
				}
			}
		}
	}
	return b.String()
}

const referenceIntro = `# Page data of the public site

<!-- Generated by sitegen.Reference from internal/sitegen/pagedata.go; do not edit. To update: KOPILKA_UPDATE_REFERENCE=1 go test ./internal/sitegen -run TestLayoutsReferenceIsUpToDate -->

kopilka writes one content file for each page of the public site, with JSON
front matter and no body; the templates of this folder turn them into HTML.
A restyled site replaces some of these templates with its own (the override
folder) and reads the same data.

## The contract

kopilka renders the site in parts and, when live, only the pages a change
touched: no Hugo run holds the whole site. So:

- A page shows only its own front matter, as ` + "`.Params.<key>`" + `. What it
  shows of other pages (the cards of materials, events, practices,
  teachers; the names and pages of schools and authors) is copied into it.
- The home page and the section pages, which have no data of their own,
  read the hidden list pages under /lists/ with ` + "`site.GetPage \"/lists/…\"`" + `:
  ` + "`/lists/home`, `/lists/calendar`, `/lists/schools`, `/lists/teachers`,\n  `/lists/mo`, `/lists/front/materials`, `/lists/front/practices`" + `.
- Templates must not ask Hugo for other pages: no ` + "`.Pages`" + `,
  ` + "`.RegularPages`" + `, ` + "`.Paginate`" + ` or ` + "`.Paginator`" + `, no taxonomies
  (` + "`.Site.Taxonomies`, `.GetTerms`" + `), no ` + "`.Related`" + `, ` + "`.Next`" + ` or ` + "`.Prev`" + `,
  no ` + "`site.GetPage`" + ` of anything but a hidden list page. They would show
  whatever part of the site happens to be in the run. The build refuses a
  template that uses them, naming its file, line and the data to use
  instead (internal/sitegen/contract.go).

Keys marked Hugo's are front matter Hugo reads itself; templates may use
them as ` + "`.Title`, `.Date`" + ` and so on. HTML fields (` + "`…_html`" + `) are sanitized;
print them with ` + "`safeHTML`" + `. An empty list and a missing one (a school
without a page, a page without aliases) are alike to ` + "`with`" + ` and ` + "`range`" + `.
Every page also goes through ` + "`layouts/_partials/head.html`" + `, which reads
` + "`.Params.description`, `.Params.noindex`" + ` and ` + "`.Params.rss`" + ` (the last set by the
theme's own section pages in content/).
`

// docField is a field of a front-matter struct as the reference shows it.
type docField struct {
	key, doc string
	typ      reflect.Type
}

// docFields are the JSON fields of t, those of embedded structs in place.
func docFields(t reflect.Type) []docField {
	var out []docField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, docFields(f.Type)...)
			continue
		}
		key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || key == "" || key == "-" {
			continue
		}
		out = append(out, docField{key: key, doc: f.Tag.Get("doc"), typ: f.Type})
	}
	return out
}

// cardsOf are the card structs a ShelfCard may be.
var cardsOf = []reflect.Type{reflect.TypeFor[MaterialCard](), reflect.TypeFor[PracticeCard]()}

// typeText says what a field holds, for restylers, linking the structs.
func typeText(t reflect.Type) string {
	if t.Implements(reflect.TypeFor[encodedJSON]()) {
		t = reflect.Zero(t).Interface().(encodedJSON).holds()
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "list of " + typeText(t.Elem())
	case reflect.Map:
		return "map of " + typeText(t.Elem()) + " by " + typeText(t.Key())
	case reflect.Pointer:
		return typeText(t.Elem()) + " or nothing"
	case reflect.Interface:
		var names []string
		for _, c := range cardsOf {
			if c.Implements(t) {
				names = append(names, typeText(c))
			}
		}
		return strings.Join(names, " or ")
	case reflect.Struct:
		return fmt.Sprintf("[%s](#%s)", t.Name(), strings.ToLower(t.Name()))
	}
	panic("sitegen: no text for the type " + t.String())
}

// structsIn are the structs a field of type t holds, in the order the
// reference shows them.
func structsIn(t reflect.Type) []reflect.Type {
	if t.Implements(reflect.TypeFor[encodedJSON]()) {
		t = reflect.Zero(t).Interface().(encodedJSON).holds()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Pointer, reflect.Map:
		return structsIn(t.Elem())
	case reflect.Interface:
		var out []reflect.Type
		for _, c := range cardsOf {
			if c.Implements(t) {
				out = append(out, c)
			}
		}
		return out
	case reflect.Struct:
		return []reflect.Type{t}
	}
	return nil
}

// cell keeps a table cell's bars from ending it, in code too.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// escapeHTML keeps Markdown from reading <slug> in a description as a tag.
var escapeHTML = strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// AdoptForm is the form «Я применил(а) у себя» of a material's or a
// practice's page, with what teachers reported of using it.
type AdoptForm struct {
	_          struct{}          `doc:"the form «Я применил(а) у себя» of a material or a practice, and what teachers reported"`
	URL        string            `json:"url" doc:"where the form posts (this server's /api/kopilka/adoptions)"`
	Collection string            `json:"collection" doc:"materials or practices"`
	Slug       string            `json:"slug" doc:"the item's slug"`
	Count      int               `json:"count" doc:"how many of the municipality's schools applied it"`
	CountText  string            `json:"count_text" doc:"that number in words: «Применили в 3 школах»; empty when none"`
	Comments   []AdoptionComment `json:"comments" doc:"the comments its author or a curator let others read"`
}
