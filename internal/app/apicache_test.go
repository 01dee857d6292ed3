package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
)

// get sends a GET to the shared app and returns the status, the body and
// whether the answer came from the cache.
func (sh *mxShared) get(t *testing.T, target, authorization string) (int, string, bool) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	sh.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String(), rec.Header().Get("X-Kopilka-Cache") == "hit"
}

func TestAnonymousReadsAreCachedUntilTheDataChanges(t *testing.T) {
	sh := mxNewShared(t)
	list := "/api/collections/materials/records?sort=-published_at&perPage=20"

	status, first, hit := sh.get(t, list, "")
	if status != 200 || hit || !strings.Contains(first, "Материал matPubA1") {
		t.Fatalf("first read: %d hit=%v %s", status, hit, first)
	}
	if _, again, hit := sh.get(t, list, ""); !hit || again != first {
		t.Errorf("a repeated anonymous read was not answered from memory (hit=%v)", hit)
	}

	// a signed-in author sees her draft; her answer is neither taken from
	// nor left in the cache
	_, own, hit := sh.get(t, list, fixture.Tokens["teacherA1"])
	if hit || !strings.Contains(own, "Материал matDraftA1") {
		t.Errorf("a signed-in read: hit=%v, draft shown=%v", hit, strings.Contains(own, "Материал matDraftA1"))
	}
	if _, anon, _ := sh.get(t, list, ""); strings.Contains(anon, "matDraftA1") {
		t.Error("an anonymous reader got the author's draft")
	}

	// a curator archives the material: the next anonymous read is fresh
	m, err := sh.app.FindRecordById(schema.Materials, fixture.IDs["matPubA1"])
	if err != nil {
		t.Fatal(err)
	}
	m.Set("status", schema.StatusArchived)
	if err := sh.app.Save(m); err != nil {
		t.Fatal(err)
	}
	if _, after, hit := sh.get(t, list, ""); hit || strings.Contains(after, "Материал matPubA1") {
		t.Errorf("after archiving, an anonymous read still shows the material (hit=%v)", hit)
	}
}

func TestReadsThatDependOnTheClockOrAreNotPublicAreNotCached(t *testing.T) {
	sh := mxNewShared(t)
	for _, target := range []string{
		"/api/collections/events/records?filter=" + url.QueryEscape("start >= @now"),
		"/api/collections/reviews/records",
		"/api/collections/materials/records/" + fixture.IDs["matDraftA1"], // 404
	} {
		sh.get(t, target, "")
		if _, _, hit := sh.get(t, target, ""); hit {
			t.Errorf("%s was answered from the cache", target)
		}
	}
}
