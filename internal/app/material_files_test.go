package app_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/schema"
)

// The author of a draft downloads its files from the CMS under the names
// they were uploaded with; a teacher of another school cannot.
func TestAnAuthorDownloadsTheFilesOfHerDraft(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	author := newBrowser(t, h)
	author.login("teacherA1")
	page := author.get("/app/materials/" + fixture.IDs["matDraftA1"]).Body.String()
	link := regexp.MustCompile(`href="(/app/materials/` + fixture.IDs["matDraftA1"] + `/files/[^"]+)"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatalf("the draft's page links no file:\n%s", page)
	}
	rec := author.get(link[1])
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), "matDraftA1.pdf") {
		t.Errorf("the author's download: %d %q", rec.Code, rec.Header().Get("Content-Disposition"))
	}
	other := newBrowser(t, h)
	other.login("teacherB")
	if code := other.get(link[1]).Code; code != http.StatusNotFound {
		t.Errorf("a teacher of another school downloads the draft's file: %d", code)
	}
	if code := author.get("/app/materials/" + fixture.IDs["matDraftA1"] + "/files/..%2F..%2Fdata.db").Code; code != http.StatusNotFound {
		t.Errorf("a path as a file name: %d", code)
	}
}

// A list counts each record once, even when its rule matches it through
// several related records (a material of two of the reader's authors).
func TestAListCountsARecordOnceWhateverItsRuleJoins(t *testing.T) {
	a := fixture.App(t)
	m, err := a.FindRecordById(schema.Materials, fixture.IDs["matSubA1"])
	if err != nil {
		t.Fatal(err)
	}
	m.Set("authors", []string{fixture.IDs["tA1"], fixture.IDs["tA2"]})
	if err := a.Save(m); err != nil {
		t.Fatal(err)
	}
	for _, actor := range []string{"teacherA1", "editorA", "curator"} {
		res, items, err := recordapi.List(mxEvent(t, a, actor), schema.Materials, nil, "materials.created", recordapi.Page{Number: 1, PerPage: 50})
		if err != nil {
			t.Fatal(err)
		}
		if res.TotalItems != len(items) {
			t.Errorf("%s: %d materials counted, %d listed", actor, res.TotalItems, len(items))
		}
	}
}
