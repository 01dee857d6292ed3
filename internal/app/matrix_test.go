package app_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
)

// The access matrix of DESIGN.md ("Access (enforced by API rules and
// tested for every cell)"), with the refinements the rules in
// pb_migrations spell out, checked through the REST API for every actor ×
// collection × verb, and for every fixture record where the verb takes
// one. The table says who may do what; the tests derive every other cell
// as a denial.

// mxCollection is one row group of the matrix.
type mxCollection struct {
	name    string
	records []string // every fixture record of the collection (qr_codes: the one the matrix uses)
	// superuserOnly: every rule is null; each verb answers 403 to everyone.
	superuserOnly bool
	// readOnly: the write rules are null; create, update and delete answer
	// 403 to everyone, reads follow read.
	readOnly bool
	// writeNull: create and update rules are null (403 to everyone);
	// delete follows del.
	writeNull bool
	// updatedOK replaces the usual check of a permitted update, for
	// collections without a text field to carry the marker.
	updatedOK  *mxWant
	read       map[string][]string // actor → records it lists and views
	update     map[string][]string // actor → records it may update
	del        map[string][]string // actor → records it may delete (spares included)
	spares     []string            // extra records for delete cells (see mxSpareIDs)
	blocked    map[string]bool     // records a permitted delete cannot remove (required relations)
	updateBody string
	creates    []mxCreate
}

// mxCreate is one create request, sent by every actor.
type mxCreate struct {
	variant string
	body    func(actor string) string
	allow   []string          // actors whose create succeeds
	want    map[string]mxWant // other outcomes, by actor
	// factory, when set, prepares the app for the actor (default: a fresh clone)
	factory func(actor string) func(testing.TB) *tests.TestApp
}

// mxAuthorElsewhere is the workflow's refusal of an author from another
// organization than the item's.
var mxAuthorElsewhere = mxWant{status: 400, content: []string{`"data":{}`, "Авторами могут быть только педагоги организации"}}

func (c mxCreate) wantFor(actor string) mxWant {
	if w, ok := c.want[actor]; ok {
		return w
	}
	if mxContains(c.allow, actor) {
		return mxCreatedOK
	}
	return mxCreateDenied
}

func (c mxCollection) wantRead(actor, key string) mxWant {
	switch {
	case c.superuserOnly:
		return mxSuperOnly
	case mxContains(c.read[actor], key):
		return mxWant{status: 200, content: []string{mxIDIs(fixture.IDs[key])}}
	default:
		return mxNotFound
	}
}

func (c mxCollection) wantUpdate(actor, key string) mxWant {
	switch {
	case c.superuserOnly || c.readOnly || c.writeNull:
		return mxSuperOnly
	case mxContains(c.update[actor], key):
		if c.updatedOK != nil {
			return *c.updatedOK
		}
		return mxUpdatedOK
	default:
		return mxNotFound
	}
}

func (c mxCollection) wantDelete(actor, key string) mxWant {
	switch {
	case c.superuserOnly || c.readOnly:
		return mxSuperOnly
	case !mxContains(c.del[actor], key):
		return mxNotFound
	case c.blocked[key]:
		return mxDelBlocked
	default:
		return mxDeleted
	}
}

// mxJSON builds a JSON object body; values that are []string become
// arrays of fixture ids, strings starting with "@" fixture ids, other
// strings stay as they are.
func mxJSON(kv ...any) string {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:", kv[i])
		switch v := kv[i+1].(type) {
		case []string:
			ids := make([]string, len(v))
			for j, k := range v {
				ids[j] = fmt.Sprintf("%q", fixture.IDs[k])
			}
			b.WriteString("[" + strings.Join(ids, ",") + "]")
		case string:
			if strings.HasPrefix(v, "@") {
				fmt.Fprintf(&b, "%q", fixture.IDs[v[1:]])
			} else {
				fmt.Fprintf(&b, "%q", v)
			}
		default:
			fmt.Fprintf(&b, "%v", v)
		}
	}
	b.WriteString("}")
	return b.String()
}

func mxAll(keys ...string) map[string][]string {
	m := map[string][]string{}
	for _, a := range mxActors {
		m[a] = keys
	}
	return m
}

func mxJoin(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// mxMatrix is the table. It needs the fixture's ids, so it is built by a
// function, after TestMain.
func mxMatrix() []mxCollection {
	fixed := func(body string) func(string) string { return func(string) string { return body } }

	users := []string{"teacherA1", "teacherA2", "teacherB", "editorA", "editorB", "curator"}
	orgs := []string{"orgA", "orgB", "orgM"}
	teachers := []string{"tA1", "tA2", "tB", "tPrivB"}
	matPub := []string{"matPubA1", "matPubB", "matPubPrivB"}
	matOwnA1 := []string{"matDraftA1", "matSubA1", "matChangesA1", "matArchA1"}
	materials := mxJoin(matPub, matOwnA1, []string{"matDraftA2", "matDraftB"})
	practices := []string{"prPubA1", "prDraftA1", "prSubA1", "prDraftB"}

	material := func(org string, authors ...string) func(string) string {
		return fixed(mxJSON("title", mxCreated, "type", "lesson-plan", "organization", "@"+org, "authors", authors))
	}
	practice := func(org string, authors ...string) func(string) string {
		return fixed(mxJSON("title", mxCreated, "organization", "@"+org, "authors", authors))
	}
	event := func(org string) func(string) string {
		return fixed(mxJSON("title", mxCreated, "kind", "seminar", "level", "school",
			"start", "2027-01-15 06:00:00.000Z", "organizer", "@"+org, "status", "planned"))
	}
	review := func(reviewer func(actor string) string) func(string) string {
		return func(actor string) string {
			return mxJSON("material", "@matSubA1", "reviewer", reviewer(actor), "decision", "publish", "comment", mxCreated)
		}
	}
	// a teacher who already has a profile does not get a second one
	// (whether the create rule or the unique index on user refuses it)
	ownProfile := func(actor string) string {
		return mxJSON("name", mxCreated, "organization", "@"+mxOrgOf[actor], "user", "@"+actor)
	}
	secondProfile := mxWant{status: 400, content: []string{`"message":"Failed to create record."`}}

	return []mxCollection{
		{
			name:    "users",
			records: users,
			read: map[string][]string{
				"teacherA1": {"teacherA1"}, "teacherA2": {"teacherA2"}, "teacherB": {"teacherB"},
				"editorA": {"teacherA1", "teacherA2", "editorA"}, "editorB": {"teacherB", "editorB"},
				"curator": users,
			},
			update: map[string][]string{
				"teacherA1": {"teacherA1"}, "teacherA2": {"teacherA2"}, "teacherB": {"teacherB"},
				"editorA": {"editorA"}, "editorB": {"editorB"}, "curator": users,
			},
			del:        map[string][]string{"curator": users},
			blocked:    map[string]bool{"curator": true, "teacherA2": true}, // the reviewer of rvA1 and rvB; the author of cmA1
			updateBody: mxJSON("name", mxUpdated),
			creates: []mxCreate{{
				variant: "teacher-of-orgA",
				body: fixed(mxJSON("email", "new-user@test.example", "password", "kopilka-test-1", "passwordConfirm", "kopilka-test-1",
					"role", "teacher", "organization", "@orgA", "name", mxCreated)),
				allow: []string{"curator"},
			}},
		},
		{
			name:    "organizations",
			records: orgs,
			read:    mxAll(orgs...),
			update:  map[string][]string{"editorA": {"orgA"}, "editorB": {"orgB"}, "curator": orgs},
			del:     map[string][]string{"curator": mxJoin(orgs, []string{"orgSpare"})},
			spares:  []string{"orgSpare"},
			// every fixture organization has teachers, materials or events
			blocked:    map[string]bool{"orgA": true, "orgB": true, "orgM": true},
			updateBody: mxJSON("address", mxUpdated),
			creates: []mxCreate{{
				variant: "school",
				body:    fixed(mxJSON("name", mxCreated, "kind", "school")),
				allow:   []string{"curator"},
			}},
		},
		{
			name:    "teachers",
			records: teachers,
			read: map[string][]string{
				"anonymous": {"tA1", "tB"},
				"teacherA1": {"tA1", "tB"}, "teacherA2": {"tA1", "tA2", "tB"}, "teacherB": {"tA1", "tB"},
				"editorA": {"tA1", "tA2", "tB"}, "editorB": {"tA1", "tB", "tPrivB"},
				"curator": teachers,
			},
			update: map[string][]string{
				"teacherA1": {"tA1"}, "teacherA2": {"tA2"}, "teacherB": {"tB"},
				"editorA": {"tA1", "tA2"}, "editorB": {"tB", "tPrivB"}, "curator": teachers,
			},
			del: map[string][]string{
				"editorA": {"tA1", "tA2", "tSpareA"}, "editorB": {"tB", "tPrivB", "tSpareB"},
				"curator": mxJoin(teachers, []string{"tSpareA", "tSpareB"}),
			},
			spares: []string{"tSpareA", "tSpareB"},
			// routes, mentorships hold every fixture teacher by a required relation
			blocked:    map[string]bool{"tA1": true, "tA2": true, "tB": true, "tPrivB": true},
			updateBody: mxJSON("position", mxUpdated),
			creates: []mxCreate{
				// a teacher's new profile is linked to their account, which
				// already has one: refused as a second profile
				{variant: "orgA", body: fixed(mxJSON("name", mxCreated, "organization", "@orgA")), allow: []string{"curator", "editorA"},
					want: map[string]mxWant{"teacherA1": secondProfile, "teacherA2": secondProfile}},
				{variant: "orgB", body: fixed(mxJSON("name", mxCreated, "organization", "@orgB")), allow: []string{"curator", "editorB"},
					want: map[string]mxWant{"teacherB": secondProfile}},
				{
					variant: "own-account-own-org",
					body:    ownProfile,
					allow:   []string{"curator", "editorA", "editorB"},
					want:    map[string]mxWant{"teacherA1": secondProfile, "teacherA2": secondProfile, "teacherB": secondProfile},
				},
				{
					// the actor's account has no profile yet (the fixture's is
					// unlinked first): a teacher makes their own, in their
					// own school — the teacher branch of the create rule
					variant: "own-account-no-profile-yet",
					body:    ownProfile,
					factory: mxWithoutProfileOf,
					allow:   []string{"curator", "editorA", "editorB", "teacherA1", "teacherA2", "teacherB"},
				},
			},
		},
		{
			name:    "materials",
			records: materials,
			read: map[string][]string{
				"anonymous": matPub,
				"teacherA1": mxJoin(matPub, matOwnA1),
				"teacherA2": mxJoin(matPub, []string{"matDraftA2"}),
				"teacherB":  mxJoin(matPub, []string{"matDraftB"}),
				"editorA":   mxJoin(matPub, matOwnA1, []string{"matDraftA2"}),
				"editorB":   mxJoin(matPub, []string{"matDraftB"}),
				"curator":   materials,
			},
			update: map[string][]string{
				"teacherA1": {"matDraftA1", "matChangesA1"}, "teacherA2": {"matDraftA2"}, "teacherB": {"matDraftB"},
				"editorA": {"matDraftA1", "matChangesA1", "matDraftA2"}, "editorB": {"matDraftB"},
				"curator": materials,
			},
			del: map[string][]string{
				"teacherA1": {"matDraftA1"}, "teacherA2": {"matDraftA2"}, "teacherB": {"matDraftB"},
				"editorA": {"matDraftA1", "matDraftA2"}, "editorB": {"matDraftB"},
				"curator": materials,
			},
			updateBody: mxJSON("summary", mxUpdated),
			creates: []mxCreate{
				{variant: "orgA-by-tA1", body: material("orgA", "tA1"), allow: []string{"curator", "editorA", "teacherA1"}},
				{variant: "orgA-by-tA2", body: material("orgA", "tA2"), allow: []string{"curator", "editorA", "teacherA2"}},
				{variant: "orgB-by-tB", body: material("orgB", "tB"), allow: []string{"curator", "editorB", "teacherB"}},
				{variant: "orgB-by-tA1", body: material("orgB", "tA1"), allow: []string{"curator"}},
				{variant: "orgA-no-authors", body: material("orgA"), allow: []string{"curator", "editorA"}},
				// co-authors from two schools: only a curator attributes a
				// school's item to another school's teacher, who could
				// otherwise edit the school's draft
				{variant: "orgA-by-tA1-tB", body: material("orgA", "tA1", "tB"), allow: []string{"curator"},
					want: map[string]mxWant{"teacherA1": mxAuthorElsewhere}},
			},
		},
		{
			name:    "practices",
			records: practices,
			read: map[string][]string{
				"anonymous": {"prPubA1"},
				"teacherA1": {"prPubA1", "prDraftA1", "prSubA1"}, "teacherA2": {"prPubA1"}, "teacherB": {"prPubA1", "prDraftB"},
				"editorA": {"prPubA1", "prDraftA1", "prSubA1"}, "editorB": {"prPubA1", "prDraftB"},
				"curator": practices,
			},
			update: map[string][]string{
				"teacherA1": {"prDraftA1"}, "teacherB": {"prDraftB"},
				"editorA": {"prDraftA1"}, "editorB": {"prDraftB"}, "curator": practices,
			},
			del: map[string][]string{
				"teacherA1": {"prDraftA1"}, "teacherB": {"prDraftB"},
				"editorA": {"prDraftA1"}, "editorB": {"prDraftB"}, "curator": practices,
			},
			updateBody: mxJSON("summary", mxUpdated),
			creates: []mxCreate{
				{variant: "orgA-by-tA1", body: practice("orgA", "tA1"), allow: []string{"curator", "editorA", "teacherA1"}},
				{variant: "orgA-by-tA2", body: practice("orgA", "tA2"), allow: []string{"curator", "editorA", "teacherA2"}},
				{variant: "orgB-by-tB", body: practice("orgB", "tB"), allow: []string{"curator", "editorB", "teacherB"}},
				{variant: "orgB-by-tA1", body: practice("orgB", "tA1"), allow: []string{"curator"}},
				{variant: "orgA-no-authors", body: practice("orgA"), allow: []string{"curator", "editorA"}},
				// co-authors from two schools: only a curator attributes a
				// school's item to another school's teacher, who could
				// otherwise edit the school's draft
				{variant: "orgA-by-tA1-tB", body: practice("orgA", "tA1", "tB"), allow: []string{"curator"},
					want: map[string]mxWant{"teacherA1": mxAuthorElsewhere}},
			},
		},
		{
			name:       "events",
			records:    []string{"evA", "evB", "evM"},
			read:       mxAll("evA", "evB", "evM"), // evM is cancelled and stays visible
			update:     map[string][]string{"editorA": {"evA"}, "editorB": {"evB"}, "curator": {"evA", "evB", "evM"}},
			del:        map[string][]string{"curator": {"evA", "evB", "evM"}},
			updateBody: mxJSON("location", mxUpdated),
			creates: []mxCreate{
				{variant: "organizer-orgA", body: event("orgA"), allow: []string{"curator", "editorA"}},
				{variant: "organizer-orgB", body: event("orgB"), allow: []string{"curator", "editorB"}},
				{variant: "organizer-orgM", body: event("orgM"), allow: []string{"curator"}},
			},
		},
		{
			name:    "routes",
			records: []string{"rtA1", "rtB"},
			read: map[string][]string{
				"teacherA1": {"rtA1"}, "teacherA2": {"rtA1"} /* mentor */, "teacherB": {"rtB"},
				"editorA": {"rtA1"}, "editorB": {"rtB"}, "curator": {"rtA1", "rtB"},
			},
			update:     map[string][]string{"teacherA1": {"rtA1"}, "teacherB": {"rtB"}},
			del:        map[string][]string{"teacherA1": {"rtA1"}, "teacherB": {"rtB"}},
			updateBody: mxJSON("goals", mxUpdated),
			creates: []mxCreate{
				{variant: "teacher-tA1", body: fixed(mxJSON("teacher", "@tA1", "theme", mxCreated, "status", "draft")), allow: []string{"teacherA1"}},
				{variant: "teacher-tB", body: fixed(mxJSON("teacher", "@tB", "theme", mxCreated, "status", "draft")), allow: []string{"teacherB"}},
				{variant: "teacher-tPrivB", body: fixed(mxJSON("teacher", "@tPrivB", "theme", mxCreated, "status", "draft"))},
			},
		},
		{
			name:    "route_steps",
			records: []string{"stA1", "stB"},
			read: map[string][]string{
				"teacherA1": {"stA1"}, "teacherA2": {"stA1"} /* mentor */, "teacherB": {"stB"},
				"editorA": {"stA1"}, "editorB": {"stB"}, "curator": {"stA1", "stB"},
			},
			update:     map[string][]string{"teacherA1": {"stA1"}, "teacherB": {"stB"}},
			del:        map[string][]string{"teacherA1": {"stA1"}, "teacherB": {"stB"}},
			updateBody: mxJSON("reflection", mxUpdated),
			creates: []mxCreate{
				{variant: "on-rtA1", body: fixed(mxJSON("route", "@rtA1", "direction", "other", "action", mxCreated)), allow: []string{"teacherA1"}},
				{variant: "on-rtB", body: fixed(mxJSON("route", "@rtB", "direction", "other", "action", mxCreated)), allow: []string{"teacherB"}},
			},
		},
		{
			// msX: a mentor of school B with a teacher of school A, school B
			// a partner of the team: both deputy directors read it, the
			// programme's school (A) keeps it
			name:    "mentorships",
			records: []string{"msA", "msB", "msX"},
			read: map[string][]string{
				"teacherA1": {"msA", "msX"} /* mentee */, "teacherA2": {"msA"} /* mentor */, "teacherB": {"msB", "msX"}, /* mentor */
				"editorA": {"msA", "msX"}, "editorB": {"msB", "msX"}, "curator": {"msA", "msB", "msX"},
			},
			update:     map[string][]string{"editorA": {"msA", "msX"}, "editorB": {"msB"}, "curator": {"msA", "msB", "msX"}},
			del:        map[string][]string{"editorA": {"msA", "msX"}, "editorB": {"msB"}, "curator": {"msA", "msB", "msX"}},
			updateBody: mxJSON("program", mxUpdated),
			creates: []mxCreate{
				{variant: "orgA", body: fixed(mxJSON("mentor", "@tA2", "mentees", []string{"tA1"}, "form", "pair", "organization", "@orgA", "program", mxCreated)),
					allow: []string{"curator", "editorA"}},
				{variant: "orgB", body: fixed(mxJSON("mentor", "@tB", "mentees", []string{"tPrivB"}, "form", "pair", "organization", "@orgB", "program", mxCreated)),
					allow: []string{"curator", "editorB"}},
			},
		},
		{
			name:    "reviews",
			records: []string{"rvA1", "rvB"},
			read: map[string][]string{
				"teacherA1": {"rvA1"}, "teacherB": {"rvB"}, // authors of the reviewed materials
				"editorA": {"rvA1"}, "editorB": {"rvB"}, "curator": {"rvA1", "rvB"},
			},
			update:     map[string][]string{"curator": {"rvA1", "rvB"}},
			del:        map[string][]string{"curator": {"rvA1", "rvB"}},
			updateBody: mxJSON("comment", mxUpdated),
			creates: []mxCreate{
				{variant: "reviewer-self", body: review(func(actor string) string {
					if actor == "anonymous" {
						return "@curator"
					}
					return "@" + actor
				}), allow: []string{"curator"}},
				{variant: "reviewer-curator", body: review(func(string) string { return "@curator" }), allow: []string{"curator"}},
				{variant: "reviewer-editorA", body: review(func(string) string { return "@editorA" })},
			},
		},
		{
			name:          "qr_codes",
			records:       []string{"qrA1"},
			superuserOnly: true,
			updateBody:    mxJSON("retired", true),
			creates: []mxCreate{{
				variant: "code",
				body:    fixed(mxJSON("code", "ABCDEF", "target_collection", "materials", "target_id", "@matPubA1")),
				want: map[string]mxWant{"anonymous": mxSuperOnly, "teacherA1": mxSuperOnly, "teacherA2": mxSuperOnly,
					"teacherB": mxSuperOnly, "editorA": mxSuperOnly, "editorB": mxSuperOnly, "curator": mxSuperOnly},
			}},
		},
		{
			// methodical associations: public; a school keeps its own ШМО
			// with its own teachers and materials, the municipal service all
			name:       "associations",
			records:    []string{"asA", "asM"},
			read:       mxAll("asA", "asM"),
			update:     map[string][]string{"editorA": {"asA"}, "curator": {"asA", "asM"}},
			del:        map[string][]string{"editorA": {"asA"}, "curator": {"asA", "asM"}},
			updateBody: mxJSON("theme", mxUpdated),
			creates: []mxCreate{
				{variant: "orgA", body: fixed(mxJSON("name", mxCreated, "kind", "school_mo", "organization", "@orgA", "members", []string{"tA1"})),
					allow: []string{"curator", "editorA"}},
				{variant: "orgA-member-of-orgB", body: fixed(mxJSON("name", mxCreated, "kind", "school_mo", "organization", "@orgA", "members", []string{"tA1", "tB"})),
					allow: []string{"curator"}},
				{variant: "orgA-material-of-orgB", body: fixed(mxJSON("name", mxCreated, "kind", "school_mo", "organization", "@orgA", "materials", []string{"matPubB"})),
					allow: []string{"curator"}},
				{variant: "orgA-head-of-orgB", body: fixed(mxJSON("name", mxCreated, "kind", "school_mo", "organization", "@orgA", "head", "@tB")),
					allow: []string{"curator"}},
				{variant: "rmo-orgM", body: fixed(mxJSON("name", mxCreated, "kind", "rmo", "organization", "@orgM", "members", []string{"tA1", "tB"})),
					allow: []string{"curator"}},
				{variant: "orgA-meeting-of-orgB", body: fixed(mxJSON("name", mxCreated, "kind", "school_mo", "organization", "@orgA", "events", []string{"evB"})),
					allow: []string{"curator"}},
				{variant: "orgA-own-meeting", body: fixed(mxJSON("name", mxCreated, "kind", "school_mo", "organization", "@orgA", "events", []string{"evA"}, "head", "@tA1")),
					allow: []string{"curator", "editorA"}},
			},
		},
		{
			// the annual plan: the school's people read its plan, everyone
			// signed in the municipal one; deputy directors keep their
			// school's, the municipal service all
			name:    "plan_items",
			records: []string{"piA", "piB", "piM"},
			read: map[string][]string{
				"teacherA1": {"piA", "piM"}, "teacherA2": {"piA", "piM"}, "teacherB": {"piB", "piM"},
				"editorA": {"piA", "piM"}, "editorB": {"piB", "piM"}, "curator": {"piA", "piB", "piM"},
			},
			update:     map[string][]string{"editorA": {"piA"}, "editorB": {"piB"}, "curator": {"piA", "piB", "piM"}},
			del:        map[string][]string{"editorA": {"piA"}, "editorB": {"piB"}, "curator": {"piA", "piB", "piM"}},
			updateBody: mxJSON("expected_result", mxUpdated),
			creates: []mxCreate{
				{variant: "orgA", body: fixed(mxJSON("organization", "@orgA", "year", 2026, "content", mxCreated, "period", "year")),
					allow: []string{"curator", "editorA"}},
				{variant: "orgA-responsible-of-orgB", body: fixed(mxJSON("organization", "@orgA", "year", 2026, "content", mxCreated, "period", "year",
					"responsible", []string{"tB"})), allow: []string{"curator"}},
				{variant: "orgA-by-mo-of-orgM", body: fixed(mxJSON("organization", "@orgA", "year", 2026, "content", mxCreated, "period", "year",
					"responsible_association", "@asM")), allow: []string{"curator"}},
				{variant: "orgM", body: fixed(mxJSON("organization", "@orgM", "year", 2026, "content", mxCreated, "period", "quarterly")),
					allow: []string{"curator"}},
				{variant: "orgA-event-of-orgB", body: fixed(mxJSON("organization", "@orgA", "year", 2026, "content", mxCreated, "period", "year", "event", "@evB")),
					allow: []string{"curator"}},
				{variant: "orgA-material-of-orgB", body: fixed(mxJSON("organization", "@orgA", "year", 2026, "content", mxCreated, "period", "year", "material", "@matPubB")),
					allow: []string{"curator"}},
				{variant: "orgA-own-event-and-mo", body: fixed(mxJSON("organization", "@orgA", "year", 2026, "content", mxCreated, "period", "year",
					"event", "@evA", "material", "@matPubA1", "responsible_association", "@asA", "responsible", []string{"tA1"})),
					allow: []string{"curator", "editorA"}},
			},
		},
		// course training: a fact the school keeps, like attestation
		mxTeacherFacts("courses", "coA1", "coB", mxJSON("provider", mxUpdated), nil,
			func(teacher string) string {
				return mxJSON("teacher", teacher, "title", mxCreated, "hours", 72, "status", "planned")
			}),
		{
			// lesson visits: the visited teacher and the visitor read, the
			// visitor records his own; the deputy directors of both schools
			name:    "lesson_visits",
			records: []string{"lvA", "lvB"},
			read: map[string][]string{
				"teacherA1": {"lvA"}, "teacherA2": {"lvA"}, "teacherB": {"lvB"},
				"editorA": {"lvA"}, "editorB": {"lvB"}, "curator": {"lvA", "lvB"},
			},
			update:     map[string][]string{"teacherA2": {"lvA"}, "teacherB": {"lvB"}, "editorA": {"lvA"}, "editorB": {"lvB"}, "curator": {"lvA", "lvB"}},
			del:        map[string][]string{"teacherA2": {"lvA"}, "teacherB": {"lvB"}, "editorA": {"lvA"}, "editorB": {"lvB"}, "curator": {"lvA", "lvB"}},
			updateBody: mxJSON("analysis", mxUpdated),
			creates: []mxCreate{
				{variant: "of-tA1-by-tA2", body: fixed(mxJSON("teacher", "@tA1", "visitor", "@tA2", "date", "2026-11-02 00:00:00.000Z", "lesson", mxCreated)),
					allow: []string{"curator", "editorA", "teacherA2"}},
				// a mentor of another school visits the lesson of his mentee
				{variant: "of-tA1-by-tB", body: fixed(mxJSON("teacher", "@tA1", "visitor", "@tB", "date", "2026-11-02 00:00:00.000Z", "lesson", mxCreated)),
					allow: []string{"curator", "editorA", "teacherB"}},
				{variant: "of-tB-by-tA1", body: fixed(mxJSON("teacher", "@tB", "visitor", "@tA1", "date", "2026-11-02 00:00:00.000Z", "lesson", mxCreated)),
					allow: []string{"curator", "editorB", "teacherA1"}},
			},
		},
		{
			// reports of use: the item's authors and school read them and
			// the authors may hide a comment; only the server writes them
			name:    "adoptions",
			records: []string{"adA1", "adB"},
			read: map[string][]string{
				"teacherA1": {"adA1"}, "teacherB": {"adB"}, "editorA": {"adA1"}, "editorB": {"adB"}, "curator": {"adA1", "adB"},
			},
			update:     map[string][]string{"teacherA1": {"adA1"}, "teacherB": {"adB"}, "curator": {"adA1", "adB"}},
			del:        map[string][]string{"curator": {"adA1", "adB"}},
			updateBody: mxJSON("comment_status", "hidden"),
			updatedOK:  &mxWant{status: 200, content: []string{`"comment_status":"hidden"`}},
			creates: []mxCreate{{
				variant: "report",
				body:    fixed(mxJSON("material", "@matPubA1", "kind", "lesson", "school", "@orgA")),
				want: map[string]mxWant{"anonymous": mxSuperOnly, "teacherA1": mxSuperOnly, "teacherA2": mxSuperOnly,
					"teacherB": mxSuperOnly, "editorA": mxSuperOnly, "editorB": mxSuperOnly, "curator": mxSuperOnly},
			}},
		},
		{
			// the municipal service's parameters
			name:       "parameters",
			records:    []string{"prmM"},
			read:       map[string][]string{"editorA": {"prmM"}, "editorB": {"prmM"}, "curator": {"prmM"}},
			update:     map[string][]string{"curator": {"prmM"}},
			del:        map[string][]string{"curator": {"prmM"}},
			updateBody: mxJSON("value", 5),
			updatedOK:  &mxWant{status: 200, content: []string{`"value":5`}},
			creates: []mxCreate{{variant: "review-period", body: fixed(mxJSON("name", "review_period.lesson-plan", "value", 3)),
				want: map[string]mxWant{"curator": {status: 200, content: []string{`"value":3`}}}}},
		},
		// facts of seed 002's indicators: the teacher reads, the school's
		// deputy director and the municipal service keep them
		mxTeacherFacts("contest_results", "crA1", "crB", mxJSON("title", mxUpdated), nil,
			func(teacher string) string {
				return mxJSON("teacher", teacher, "title", mxCreated, "level", "municipal", "place", "winner", "date", "2026-04-01 00:00:00.000Z")
			}),
		mxTeacherFacts("attestations", "atA1", "atB", mxJSON("result", "awarded"), &mxWant{status: 200, content: []string{`"result":"awarded"`}},
			func(teacher string) string {
				return mxJSON("teacher", teacher, "year", 2026, "category_sought", "first", "result", "planned")
			}),
		mxTeacherFacts("result_dynamics", "rdA1", "rdB", mxJSON("note", mxUpdated), nil,
			func(teacher string) string {
				return mxJSON("teacher", teacher, "year", 2026, "kind", "gia", "value", 4.2, "note", mxCreated)
			}),
		{
			// base values and targets: the municipal service sets them,
			// school deputy directors see them
			name:       "indicator_targets",
			records:    []string{"itM"},
			read:       map[string][]string{"editorA": {"itM"}, "editorB": {"itM"}, "curator": {"itM"}},
			update:     map[string][]string{"curator": {"itM"}},
			del:        map[string][]string{"curator": {"itM"}},
			updateBody: mxJSON("target", 35),
			updatedOK:  &mxWant{status: 200, content: []string{`"target":35`}},
			creates: []mxCreate{{variant: "2027", body: fixed(mxJSON("indicator", "participation", "year", 2027, "base", 30, "target", 40)),
				want: map[string]mxWant{"curator": {status: 200, content: []string{`"year":2027`}}}}},
		},
		{
			// self-diagnosis of an ИОМ: like the route it belongs to
			name:    "diagnostics",
			records: []string{"dgA1", "dgB"},
			read: map[string][]string{
				"teacherA1": {"dgA1"}, "teacherA2": {"dgA1"}, "teacherB": {"dgB"},
				"editorA": {"dgA1"}, "editorB": {"dgB"}, "curator": {"dgA1", "dgB"},
			},
			update:     map[string][]string{"teacherA1": {"dgA1"}, "teacherB": {"dgB"}},
			del:        map[string][]string{"teacherA1": {"dgA1"}, "teacherB": {"dgB"}},
			updateBody: mxJSON("ict", 3),
			updatedOK:  &mxWant{status: 200, content: []string{`"ict":3`}},
			creates: []mxCreate{{
				variant: "own-tA1",
				body: fixed(mxJSON("teacher", "@tA1", "stage", "final", "subject", 2, "methodology", 2, "psych_ped", 2,
					"functional_literacy", 2, "ict", 2, "soft_skills", 2)),
				want: map[string]mxWant{"teacherA1": {status: 200, content: []string{`"stage":"final"`}}},
			}},
		},
		{
			// comments on ИОМ steps: the teacher and the mentor write, the
			// route's readers read, nobody edits
			name:    "step_comments",
			records: []string{"cmA1"},
			read: map[string][]string{
				"teacherA1": {"cmA1"}, "teacherA2": {"cmA1"}, "editorA": {"cmA1"}, "curator": {"cmA1"},
			},
			writeNull:  true,
			del:        map[string][]string{"teacherA2": {"cmA1"}},
			updateBody: mxJSON("text", "изменено"),
			creates: []mxCreate{{
				variant: "on-stA1",
				body:    func(actor string) string { return mxJSON("step", "@stA1", "author", "@"+actor, "text", mxCreated) },
				allow:   []string{"teacherA1", "teacherA2"},
			}},
		},
		{
			// certificates: public while their facts hold; the owner and
			// curators see all of theirs; only the server issues them
			name:    "certificates",
			records: []string{"certA1", "certStale"},
			read: map[string][]string{
				"anonymous": {"certA1"}, "teacherA1": {"certA1", "certStale"}, "teacherA2": {"certA1"},
				"teacherB": {"certA1"}, "editorA": {"certA1"}, "editorB": {"certA1"}, "curator": {"certA1", "certStale"},
			},
			writeNull:  true,
			del:        map[string][]string{"curator": {"certA1", "certStale"}},
			updateBody: mxJSON("kind", "review"),
			creates: []mxCreate{{
				variant: "publication",
				body:    fixed(mxJSON("number", "ABCDEFGH", "kind", "publication", "teacher", "@tA1", "material", "@matPubA1")),
				want: map[string]mxWant{"anonymous": mxSuperOnly, "teacherA1": mxSuperOnly, "teacherA2": mxSuperOnly,
					"teacherB": mxSuperOnly, "editorA": mxSuperOnly, "editorB": mxSuperOnly, "curator": mxSuperOnly},
			}},
		},
		{
			// what the freshness guard found: curators read everything, an
			// item's authors and its school's deputy director what is of
			// the item; only the server writes
			name:     "link_checks",
			records:  []string{"lcMatA1", "lcPrA1", "lcMatB", "lcEvB"},
			readOnly: true,
			read: map[string][]string{
				"teacherA1": {"lcMatA1", "lcPrA1"}, "teacherB": {"lcMatB"},
				"editorA": {"lcMatA1", "lcPrA1"}, "editorB": {"lcMatB", "lcEvB"},
				"curator": {"lcMatA1", "lcPrA1", "lcMatB", "lcEvB"},
			},
			updateBody: mxJSON("status", "ok"),
			creates: []mxCreate{{
				variant: "check",
				body:    fixed(mxJSON("material", "@matPubA1", "kind", "link", "url", "https://example.org/x", "status", "ok")),
				want: map[string]mxWant{"anonymous": mxSuperOnly, "teacherA1": mxSuperOnly, "teacherA2": mxSuperOnly,
					"teacherB": mxSuperOnly, "editorA": mxSuperOnly, "editorB": mxSuperOnly, "curator": mxSuperOnly},
			}},
		},
		{
			// scan counts: curators read them; only the short-link handler writes
			name:       "qr_scans",
			records:    []string{"scanA1"},
			readOnly:   true,
			read:       map[string][]string{"curator": {"scanA1"}},
			updateBody: mxJSON("count", 1000),
			creates: []mxCreate{{
				variant: "scan",
				body:    fixed(mxJSON("code", "ABCDEF", "day", "2026-11-23", "count", 5, "target_collection", "materials", "target_id", "@matPubA1")),
				want: map[string]mxWant{"anonymous": mxSuperOnly, "teacherA1": mxSuperOnly, "teacherA2": mxSuperOnly,
					"teacherB": mxSuperOnly, "editorA": mxSuperOnly, "editorB": mxSuperOnly, "curator": mxSuperOnly},
			}},
		},
	}
}

// TestMatrixRead: list and view, every actor × collection (× record).
// Reads change nothing, so they share one app.
func TestMatrixRead(t *testing.T) {
	sh := mxNewShared(t)
	for _, c := range mxMatrix() {
		for _, actor := range mxActors {
			// list
			var w mxWant
			if c.superuserOnly {
				w = mxSuperOnly
			} else {
				visible := c.read[actor]
				w = mxWant{status: 200, content: []string{fmt.Sprintf(`"totalItems":%d`, len(visible))}}
				for _, k := range c.records {
					if mxContains(visible, k) {
						w.content = append(w.content, mxIDIs(fixture.IDs[k]))
					} else {
						w.not = append(w.not, mxIDIs(fixture.IDs[k]))
					}
				}
			}
			sh.run(t, mxScenario(c.name+"/list/"+actor, actor, http.MethodGet, mxRecords(c.name, "perPage", "200"), "", w, nil))
			// view
			for _, k := range c.records {
				sh.run(t, mxScenario(c.name+"/view/"+k+"/"+actor, actor, http.MethodGet, mxRecord(c.name, fixture.IDs[k]), "", c.wantRead(actor, k), nil))
			}
		}
	}
}

// TestMatrixCreate: every create variant, every actor, a fresh app each.
func TestMatrixCreate(t *testing.T) {
	for _, c := range mxMatrix() {
		for _, cr := range c.creates {
			for _, actor := range mxActors {
				factory := mxFreshApp
				if cr.factory != nil {
					factory = cr.factory(actor)
				}
				s := mxScenario(c.name+"/create/"+cr.variant+"/"+actor, actor, http.MethodPost, mxRecords(c.name),
					cr.body(actor), cr.wantFor(actor), factory)
				s.Test(t)
			}
		}
	}
}

// TestMatrixUpdate: every record, every actor, a fresh app each.
func TestMatrixUpdate(t *testing.T) {
	for _, c := range mxMatrix() {
		for _, k := range c.records {
			for _, actor := range mxActors {
				s := mxScenario(c.name+"/update/"+k+"/"+actor, actor, http.MethodPatch, mxRecord(c.name, fixture.IDs[k]),
					c.updateBody, c.wantUpdate(actor, k), mxFreshApp)
				s.Test(t)
			}
		}
	}
}

// TestMatrixDelete: every record (and spare), every actor, a fresh app each.
func TestMatrixDelete(t *testing.T) {
	for _, c := range mxMatrix() {
		for _, k := range mxJoin(c.records, c.spares) {
			factory := mxFreshApp
			if mxContains(c.spares, k) {
				factory = mxSpareFactory
			}
			for _, actor := range mxActors {
				s := mxScenario(c.name+"/delete/"+k+"/"+actor, actor, http.MethodDelete, mxRecord(c.name, mxID(t, k)),
					"", c.wantDelete(actor, k), factory)
				s.Test(t)
			}
		}
	}
}

// TestMatrixCoversEveryCollection fails when a collection (or a fixture
// record of one) has no row in the matrix.
func TestMatrixCoversEveryCollection(t *testing.T) {
	app := fixture.App(t)
	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	table := map[string]mxCollection{}
	for _, c := range mxMatrix() {
		table[c.name] = c
	}
	var names []string
	for _, col := range all {
		if strings.HasPrefix(col.Name, "_") {
			continue
		}
		names = append(names, col.Name)
		c, ok := table[col.Name]
		if !ok {
			t.Errorf("collection %q is missing from the access matrix", col.Name)
			continue
		}
		if col.Name == "qr_codes" {
			continue // a registry row per coded record; the matrix uses one
		}
		n, err := app.CountRecords(col.Name)
		if err != nil {
			t.Fatal(err)
		}
		if int(n) != len(c.records) {
			t.Errorf("collection %q has %d fixture records, the matrix lists %d", col.Name, n, len(c.records))
		}
	}
	sort.Strings(names)
	for name := range table {
		if !mxContains(names, name) {
			t.Errorf("the matrix has a row for %q, which the app does not have", name)
		}
	}
	// every record of the table is a fixture record
	for _, c := range mxMatrix() {
		for _, k := range c.records {
			if fixture.IDs[k] == "" {
				t.Errorf("%s: no fixture record %q", c.name, k)
			}
		}
	}
}

// mxLeak is one attempt to read what the rules hide.
type mxLeak struct {
	name, url string
	status    int
	content   []string
	not       []string
}

// TestMatrixDeniedReadsLeakNothing: what anonymous and teacherB may not
// read does not come out by filters, fields, expands, relations or file
// URLs. Each filter probe gets a fresh app: PocketBase throttles repeated
// filtered lists that come back empty, per app.
func TestMatrixDeniedReadsLeakNothing(t *testing.T) {
	id := func(k string) string { return fixture.IDs[k] }
	hiddenA := []string{ // school A's unpublished items, private teachers' text
		"BODY-matDraftA1", "BODY-matSubA1", "BODY-matChangesA1", "BODY-matArchA1", "BODY-matDraftA2",
		"BODY-prDraftA1", "BODY-prSubA1", "PRIVATE-PROFILE-MARKER", "Петрова", "Скрытова",
		"BODY-rtA1", "BODY-stA1", "BODY-msA", "BODY-rvA1",
	}
	emptyList := func(hide ...string) []string { return hide }
	probes := func(actor string) []mxLeak {
		l := []mxLeak{
			// filters on a field of a hidden record
			{name: "materials/filter-body", url: mxRecords("materials", "filter", "(body~'BODY-matDraftA1')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("matDraftA1")))},
			{name: "materials/filter-id", url: mxRecords("materials", "filter", "(id='"+id("matDraftA1")+"')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("matDraftA1")))},
			{name: "materials/filter-status", url: mxRecords("materials", "filter", "(status!='published')"), status: 200,
				not: hiddenA},
			{name: "practices/filter-body", url: mxRecords("practices", "filter", "(body~'BODY-prDraftA1')"), status: 200,
				content: []string{`"totalItems":0`}},
			{name: "teachers/filter-bio", url: mxRecords("teachers", "filter", "(bio~'PRIVATE-PROFILE-MARKER')"), status: 200,
				content: []string{`"totalItems":0`}},
			{name: "teachers/filter-name", url: mxRecords("teachers", "filter", "(name~'Петрова' || name~'Скрытова')"), status: 200,
				content: []string{`"totalItems":0`}},
			{name: "teachers/filter-public", url: mxRecords("teachers", "filter", "(public=false)"), status: 200,
				content: []string{`"totalItems":0`}},
			{name: "routes/filter-goals", url: mxRecords("routes", "filter", "(goals~'BODY-rtA1')"), status: 200,
				content: []string{`"totalItems":0`}},
			{name: "route_steps/filter-action", url: mxRecords("route_steps", "filter", "(action~'BODY-stA1')"), status: 200,
				content: []string{`"totalItems":0`}},
			{name: "mentorships/filter-program", url: mxRecords("mentorships", "filter", "(program~'BODY-msA')"), status: 200,
				content: []string{`"totalItems":0`}},
			{name: "reviews/filter-comment", url: mxRecords("reviews", "filter", "(comment~'BODY-rvA1')"), status: 200,
				content: []string{`"totalItems":0`}},
			{name: "users/filter-name", url: mxRecords("users", "filter", "(name~'teacherA1')"), status: 200,
				content: []string{`"totalItems":0`}},
			// fields= selects nothing the rule hides
			{name: "materials/fields", url: mxRecords("materials", "fields", "id,body", "perPage", "200"), status: 200,
				content: []string{"BODY-matPubA1"}, not: hiddenA},
			{name: "teachers/fields", url: mxRecords("teachers", "fields", "id,name,bio", "perPage", "200"), status: 200,
				content: []string{"Иванова"}, not: hiddenA},
			// expand of a private author from a published material
			{name: "materials/view-matPubPrivB-expand-authors", url: mxRecord("materials", id("matPubPrivB"), "expand", "authors"), status: 200,
				content: []string{"BODY-matPubPrivB"}, not: hiddenA},
			{name: "materials/list-expand-authors", url: mxRecords("materials", "expand", "authors", "perPage", "200"), status: 200,
				content: []string{"BODY-matPubPrivB", "Иванова"}, not: hiddenA},
			// back-relation expands from visible records
			{name: "teachers/view-tA1-expand-materials", url: mxRecord("teachers", id("tA1"), "expand", "materials_via_authors,routes_via_teacher,mentorships_via_mentees"),
				status: 200, content: []string{"Иванова"}, not: hiddenA},
			{name: "organizations/view-orgA-expand-teachers", url: mxRecord("organizations", id("orgA"), "expand", "teachers_via_organization,materials_via_organization,practices_via_organization"),
				status: 200, content: []string{"Иванова"}, not: hiddenA},
			{name: "organizations/view-orgB-expand-teachers", url: mxRecord("organizations", id("orgB"), "expand", "teachers_via_organization"),
				status: 200, content: []string{"Сидоров"}, not: hiddenA},
			// filters through a relation from a visible record to a hidden one
			{name: "materials/filter-authors.name", url: mxRecords("materials", "filter", "(authors.name~'Скрытова')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("matPubPrivB")))},
			{name: "materials/filter-authors.name-any", url: mxRecords("materials", "filter", "(authors.name?~'Скрытова')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("matPubPrivB")))},
			{name: "materials/filter-authors.bio-any", url: mxRecords("materials", "filter", "(authors.bio?~'PRIVATE-PROFILE-MARKER')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("matPubPrivB")))},
			{name: "materials/filter-authors.public", url: mxRecords("materials", "filter", "(authors.public=false)"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("matPubPrivB")))},
			// ... and back from a visible record to hidden ones
			{name: "teachers/filter-materials_via_authors", url: mxRecords("teachers", "filter", "(materials_via_authors.body~'BODY-matDraftA1')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("tA1")))},
			{name: "teachers/filter-materials_via_authors-any", url: mxRecords("teachers", "filter", "(materials_via_authors.body?~'BODY-matDraftA1')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("tA1")))},
			{name: "teachers/filter-routes_via_teacher-any", url: mxRecords("teachers", "filter", "(routes_via_teacher.goals?~'BODY-rtA1')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("tA1")))},
			{name: "teachers/filter-mentorships_via_mentees-any", url: mxRecords("teachers", "filter", "(mentorships_via_mentees.program?~'BODY-msA')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("tA1")))},
			{name: "organizations/filter-materials_via_organization-any", url: mxRecords("organizations", "filter", "(materials_via_organization.body?~'BODY-matDraftA1')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("orgA")))},
			{name: "organizations/filter-teachers_via_organization-any", url: mxRecords("organizations", "filter", "(teachers_via_organization.bio?~'PRIVATE-PROFILE-MARKER')"), status: 200,
				content: []string{`"totalItems":0`}, not: emptyList(mxIDIs(id("orgA")), mxIDIs(id("orgB")))},
			// the account behind a public profile is hidden: no filter on it
			{name: "teachers/filter-user", url: mxRecords("teachers", "filter", "(user='"+id("teacherA1")+"')"), status: 400,
				not: emptyList(mxIDIs(id("tA1")))},
			{name: "teachers/filter-user.email", url: mxRecords("teachers", "filter", "(user.email~'teacherA1')"), status: 400,
				not: emptyList(mxIDIs(id("tA1")))},
		}
		if actor == "teacherB" {
			// teacherB mentors tPrivB: the pair is readable, the private profile is not
			l = append(l, mxLeak{name: "mentorships/view-msB-expand-mentees", url: mxRecord("mentorships", id("msB"), "expand", "mentees"),
				status: 200, content: []string{"BODY-msB"}, not: hiddenA})
		}
		return l
	}
	for _, actor := range []string{"anonymous", "teacherB"} {
		for _, p := range probes(actor) {
			w := mxWant{status: p.status, content: p.content, not: p.not}
			if len(w.content) == 0 && len(w.not) == 0 {
				w.not = []string{"\x00"}
			}
			s := mxScenario(p.name+"/"+actor, actor, http.MethodGet, p.url, "", w, mxFreshApp)
			s.Test(t)
		}
	}
}

// TestMatrixFileURLs: an attachment is served to whoever may view its
// record, and to nobody else (the app's OnFileDownloadRequest guard; the
// files are not "protected", so no file token is involved).
func TestMatrixFileURLs(t *testing.T) {
	sh := mxNewShared(t)
	app := sh.app
	fileURL := func(key string) string {
		r, err := app.FindRecordById("materials", fixture.IDs[key])
		if err != nil {
			t.Fatal(err)
		}
		files := r.GetStringSlice("files")
		if len(files) == 0 {
			t.Fatalf("%s has no file", key)
		}
		return "/api/files/materials/" + r.Id + "/" + files[0]
	}
	may := map[string][]string{
		"matPubA1":   mxActors,
		"matDraftA1": {"teacherA1", "editorA", "curator"},
		"matDraftB":  {"teacherB", "editorB", "curator"},
	}
	for _, key := range []string{"matPubA1", "matDraftA1", "matDraftB"} {
		u := fileURL(key)
		for _, actor := range mxActors {
			w := mxNotFound
			if mxContains(may[key], actor) {
				w = mxWant{status: 200, content: []string{"%PDF-1.4"}}
			}
			sh.run(t, mxScenario("files/materials/"+key+"/"+actor, actor, http.MethodGet, u, "", w, nil))
		}
	}
}

// TestMatrixPrivateTeacherProfiles: a profile without consent shows
// nothing, and a public one does not show the account behind it.
func TestMatrixPrivateTeacherProfiles(t *testing.T) {
	sh := mxNewShared(t)
	id := func(k string) string { return fixture.IDs[k] }
	private := []string{"PRIVATE-PROFILE-MARKER", "Петрова Вера Ильинична", "Скрытова Дина Романовна",
		mxIDIs(id("tA2")), mxIDIs(id("tPrivB"))}
	accounts := []string{`"user":`, id("teacherA1"), id("teacherA2"), id("teacherB")}
	scenarios := []tests.ApiScenario{
		mxScenario("teachers/list/anonymous", "anonymous", http.MethodGet, mxRecords("teachers", "perPage", "200"), "",
			mxWant{status: 200, content: []string{mxIDIs(id("tA1")), mxIDIs(id("tB")), `"totalItems":2`},
				not: mxJoin(private, accounts)}, nil),
		mxScenario("teachers/view/tA1/anonymous", "anonymous", http.MethodGet, mxRecord("teachers", id("tA1")), "",
			mxWant{status: 200, content: []string{"Иванова Анна Петровна"}, not: accounts}, nil),
		mxScenario("teachers/view/tB/anonymous", "anonymous", http.MethodGet, mxRecord("teachers", id("tB")), "",
			mxWant{status: 200, content: []string{"Сидоров Борис Олегович"}, not: accounts}, nil),
		mxScenario("teachers/view-expand-user/tA1/anonymous", "anonymous", http.MethodGet, mxRecord("teachers", id("tA1"), "expand", "user"), "",
			mxWant{status: 200, content: []string{"Иванова Анна Петровна"}, not: mxJoin(accounts, []string{"teacherA1@"})}, nil),
		mxScenario("teachers/view/tA1/teacherB", "teacherB", http.MethodGet, mxRecord("teachers", id("tA1")), "",
			mxWant{status: 200, content: []string{"Иванова Анна Петровна"}, not: accounts}, nil),
		mxScenario("teachers/view/tA2/anonymous", "anonymous", http.MethodGet, mxRecord("teachers", id("tA2")), "",
			mxWant{status: 404, content: mxNotFound.content, not: private}, nil),
		mxScenario("teachers/view/tPrivB/anonymous", "anonymous", http.MethodGet, mxRecord("teachers", id("tPrivB")), "",
			mxWant{status: 404, content: mxNotFound.content, not: private}, nil),
		mxScenario("materials/list/anonymous/no-private-author", "anonymous", http.MethodGet, mxRecords("materials", "expand", "authors", "perPage", "200"), "",
			mxWant{status: 200, content: []string{mxIDIs(id("matPubPrivB"))}, not: private}, nil),
	}
	for _, s := range scenarios {
		sh.run(t, s)
	}
}

// TestMatrixUpdateCannotMoveRecords: the "…:changed = false" parts of the
// update rules. Each actor here may update the record (see the matrix),
// but not move it to another school, owner or reviewer, nor raise their
// own role.
func TestMatrixUpdateCannotMoveRecords(t *testing.T) {
	cases := []struct{ collection, key, actor, body string }{
		{"users", "teacherA1", "teacherA1", mxJSON("role", "curator")},
		{"users", "editorA", "editorA", mxJSON("role", "curator")},
		{"users", "editorA", "editorA", mxJSON("organization", "@orgB")},
		{"teachers", "tA1", "teacherA1", mxJSON("organization", "@orgB")},
		{"teachers", "tA1", "editorA", mxJSON("organization", "@orgB")},
		{"materials", "matDraftA1", "teacherA1", mxJSON("organization", "@orgB")},
		{"materials", "matDraftA2", "editorA", mxJSON("organization", "@orgB")},
		{"practices", "prDraftA1", "editorA", mxJSON("organization", "@orgB")},
		{"events", "evA", "editorA", mxJSON("organizer", "@orgB")},
		{"routes", "rtA1", "teacherA1", mxJSON("teacher", "@tA2")},
		{"route_steps", "stA1", "teacherA1", mxJSON("route", "@rtB")},
		{"mentorships", "msA", "editorA", mxJSON("organization", "@orgB")},
		{"reviews", "rvA1", "curator", mxJSON("reviewer", "@editorA")},
	}
	for _, c := range cases {
		s := mxScenario(c.collection+"/update-move/"+c.key+"/"+c.actor, c.actor, http.MethodPatch,
			mxRecord(c.collection, fixture.IDs[c.key]), c.body, mxNotFound, mxFreshApp)
		s.Test(t)
	}
}

// mxTeacherFacts is the row of a collection of facts about teachers kept by
// their schools, with one fixture record of tA1 (school A) and one of tB
// (school B).
// updatedOK, when set, is what an allowed update or create answers, for a
// collection without a text field to carry the markers.
func mxTeacherFacts(name, keyA, keyB, updateBody string, updatedOK *mxWant, create func(teacher string) string) mxCollection {
	both := []string{keyA, keyB}
	fixedTeacher := func(teacher string) func(string) string { return func(string) string { return create(teacher) } }
	return mxCollection{
		name:    name,
		records: both,
		read: map[string][]string{
			"teacherA1": {keyA}, "teacherB": {keyB}, "editorA": {keyA}, "editorB": {keyB}, "curator": both,
		},
		update:     map[string][]string{"editorA": {keyA}, "editorB": {keyB}, "curator": both},
		del:        map[string][]string{"editorA": {keyA}, "editorB": {keyB}, "curator": both},
		updateBody: updateBody,
		updatedOK:  updatedOK,
		creates: []mxCreate{
			{variant: "of-tA1", body: fixedTeacher("@tA1"), allow: []string{"curator", "editorA"}, want: createdAs(updatedOK, "curator", "editorA")},
			{variant: "of-tB", body: fixedTeacher("@tB"), allow: []string{"curator", "editorB"}, want: createdAs(updatedOK, "curator", "editorB")},
		},
	}
}

// createdAs is, when the collection has no text field for the marker
// (updatedOK set), what each actor's allowed create answers: the record
// made; nil keeps the usual marker.
func createdAs(updatedOK *mxWant, actors ...string) map[string]mxWant {
	if updatedOK == nil {
		return nil
	}
	out := map[string]mxWant{}
	for _, a := range actors {
		out[a] = mxWant{status: 200, content: []string{`"teacher":`}}
	}
	return out
}
