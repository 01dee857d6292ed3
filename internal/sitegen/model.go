// Package sitegen publishes the public site with Hugo used as a library:
// from a Site — plain view values, already filtered to what the public may
// see — it writes a Hugo project and builds it in-process into a folder.
// It is the only package that imports Hugo, and it knows nothing of where
// the data comes from.
package sitegen

import (
	"io"
	"time"
)

// Site is everything the public site shows.
type Site struct {
	Title        string // e.g. «Методическая копилка»
	Municipality string
	BaseURL      string // absolute, no trailing slash needed
	// APIURL is the server the pages' forms post to («Я применил(а)»);
	// "" when the site has none, and the forms are left out.
	APIURL   string
	Location *time.Location
	// Now fixes the clock for "upcoming"; tests set it, builds use time.Now.
	Now time.Time

	// Close releases what the File openers hold; nil when nothing.
	Close func() error

	Organizations []Organization
	Teachers      []Teacher // public profiles only
	Materials     []Material
	Practices     []Practice
	Events        []Event
	Associations  []Association
	Certificates  []Certificate // only those whose facts hold

	// IOM is the one figure of the ИОМ the public sees: how many teachers
	// follow a route in the current school year. Never a name.
	IOM IOMFigure

	// LeftOut lists the records the snapshot could not describe and so
	// left off the site, each with the reason; the generator ignores it.
	LeftOut []LeftOut
}

// LeftOut is a record left off a build: one bad record never stops the
// site, and the curators see why it is missing.
type LeftOut struct {
	Collection string
	ID, Slug   string
	Reason     string // for curators, in Russian
	Detail     string // the error behind it, for the log
}

// IOMFigure is an aggregate number of teachers following an ИОМ.
type IOMFigure struct {
	SchoolYear string // «2025/26»
	Teachers   int
}

// Certificate is a certificate whose facts hold, for its verification page.
type Certificate struct {
	Number, Title, Issuer string
	Teacher               string // slug of the public teacher
	TeacherName           string
	Statement             string
	Issued                string // the date, written out
}

// Organization is a school, kindergarten or the methodical service.
type Organization struct {
	Slug, Name, ShortName, Kind, Address, Website string
	AboutHTML                                     string
}

// Teacher is a public teacher profile.
type Teacher struct {
	Slug, Name, Organization, Position string
	Subjects                           []string
	Category                           string
	ExperienceYears                    int
	SelfEducationTheme                 string
	Mentor, MethodicalActive           bool
	Expert, Tutor                      bool
	BioHTML                            string
	Photo                              *File // published only with the profile
}

// File is an attachment copied into the site.
type File struct {
	Name   string // the author's file name, shown and used in the URL
	Size   int64
	Format string // e.g. "PDF", "DOCX"
	// Key names the stored file: a live site copies the file again only
	// when it changes (a replaced attachment keeps its name)
	Key  string
	Open func() (io.ReadCloser, error)
}

// Material is a published material.
type Material struct {
	Slug, Title, Summary, BodyHTML string
	Type                           string
	Subjects, Levels, Tags         []string
	Authors                        []string // slugs of public teachers only
	Organization                   string
	License                        string
	Adoption                       Adoption
	BestPractice                   bool
	QRCode                         string
	Date, PublishedAt, Updated     time.Time
	Files                          []File
	Related                        []string
	Check                          Check
}

// Check is what the freshness guard last found of an item's links and
// files (internal/freshness); its zero value: never checked.
type Check struct {
	// Fine is when a check last found every link and file working; zero
	// when the last check did not.
	Fine time.Time
	// Dead is whether the last check found a link that does not open.
	Dead bool
}

// Practice is a published pedagogical practice.
type Practice struct {
	Slug, Title, Summary, BodyHTML, ResultsHTML string
	Organization                                string
	Authors, Materials, Events                  []string
	License                                     string // SPDX; "" when none
	Adoption                                    Adoption
	QRCode                                      string
	PublishedAt, Updated                        time.Time
	Check                                       Check
}

// Adoption is what teachers reported of using an item: how many of the
// municipality's schools, and the comments its author or a curator let
// others read.
type Adoption struct {
	Schools  int
	Comments []AdoptionComment
}

// AdoptionComment is a moderated comment of a report.
type AdoptionComment struct {
	_      struct{} `doc:"a comment of a report of use, let through by the author or a curator"`
	Text   string   `json:"text" doc:"the comment, plain text"`
	School string   `json:"school" doc:"the school's short name; empty for one not on the list"`
	Group  string   `json:"group" doc:"the class, group or age"`
	Kind   string   `json:"kind" doc:"how it was used, in words"`
}

// Event is an event of the calendar.
type Event struct {
	Slug, Title, Kind, Level string
	Start, End               time.Time // End is zero when unknown; all-day: the last day, inclusive
	AllDay                   bool
	TimeZone                 string // IANA; "" means the municipality's
	Location, OnlineURL      string
	Organizer, Audience      string
	Subjects                 []string
	RegistrationURL          string
	Materials                []string
	Status                   string
	License                  string // SPDX; "" when none
	QRCode                   string
	BodyHTML                 string
	Updated                  time.Time
	Check                    Check
}

// Association is a methodical association (МО): a school's ШМО, the
// municipality's РМО, the methodical council, a creative or problem group.
// The people and items it names are the public ones only: a teacher
// without a public profile is never among them.
type Association struct {
	Slug, Name   string
	Kind         string // school_mo, rmo, method_council, creative_group, problem_group
	Organization string // slug of its organization
	Subjects     []string
	Head         string   // slug of its head, a public teacher; "" when none is public
	Members      []string // slugs of its public members
	Year         int      // the school year it works in, by the year it starts; 0 when not given
	Theme        string   // the year's theme
	Materials    []string // slugs of the published materials it handed in
	Events       []string // slugs of its meetings
	AboutHTML    string
	Updated      time.Time
}
