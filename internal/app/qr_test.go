package app_test

import (
	"image"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
)

// decodeCards reads the code of every card on every page of a cards PDF.
//
// The test's decoder misses about one code in two hundred at a given
// resolution (the modules' edges fall between pixels) that it reads at
// another, as a phone would; so a card that does not decode at 150 dpi is
// tried at 100 and 200 dpi before it counts as unreadable.
func decodeCards(t *testing.T, pdf []byte) []string {
	t.Helper()
	dpis := []int{150, 100, 200}
	pages := make([][]image.Image, len(dpis)) // by resolution, drawn when first needed
	raster := func(i int) []image.Image {
		if pages[i] == nil {
			pages[i] = qrtest.RasterizePDF(t, pdf, dpis[i])
		}
		return pages[i]
	}
	var got []string
	for p := range raster(0) {
		for n := 0; n < printout.CardsPerPage; n++ {
			for i := range dpis {
				page := raster(i)[p]
				b := page.Bounds()
				w, h := b.Dx()/2, b.Dy()/4
				x, y := (n%2)*w, (n/2)*h
				if text, err := qrtest.DecodeIn(qrtest.Crop(page, image.Rect(x, y, x+w, y+h))); err == nil {
					got = append(got, text)
					break
				}
			}
		}
	}
	return got
}

func TestQRCommandPrintsTheSchoolsPublishedItems(t *testing.T) {
	data := filepath.Join(t.TempDir(), "pb_data")
	if code, _, stderr := run(t, "import", corpusDir, "--dir", data, "--timezone", "Asia/Sakhalin"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	out := filepath.Join(t.TempDir(), "cards.pdf")
	code, _, stderr := run(t, "qr", "--school", "maou-gimnaziya-2", "--out", out, "--dir", data, "--base-url", "https://kopilka.example")
	if code != 0 {
		t.Fatalf("qr exited %d: %s", code, stderr)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}

	// what the school has published, read back from the data
	a := importCorpus(t)
	org, err := a.FindFirstRecordByData("organizations", "slug", "maou-gimnaziya-2")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	var titles []string
	for _, c := range []struct{ collection, filter string }{
		{"materials", "status = 'published' && organization = '" + org.Id + "'"},
		{"practices", "status = 'published' && organization = '" + org.Id + "'"},
		{"events", "organizer = '" + org.Id + "'"},
	} {
		records, err := a.FindRecordsByFilter(c.collection, c.filter, "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			titles = append(titles, r.GetString("title"))
		}
	}
	// codes differ between the two imports except the ones the corpus
	// gives; check those by value and the rest by count
	got := decodeCards(t, pdf)
	if len(got) != len(titles) {
		t.Errorf("%d codes decoded, the school has %d published items", len(got), len(titles))
	}
	for _, u := range got {
		if !strings.HasPrefix(u, "https://kopilka.example/q/") {
			t.Errorf("a card decodes to %q", u)
		}
	}
	sort.Strings(got)
	for _, fixed := range []string{"4BGXV7", "D5G65J"} { // gimnaziya-2's materials with printed codes
		want = append(want, "https://kopilka.example/q/"+fixed)
	}
	for _, w := range want {
		if i := sort.SearchStrings(got, w); i == len(got) || got[i] != w {
			t.Errorf("no card decodes to %s", w)
		}
	}
	// compare without white space: cards wrap titles, even inside long words
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	text := squash(qrtest.PDFText(t, pdf))
	for _, title := range titles {
		head := []rune(squash(title))
		if !strings.Contains(text, string(head[:min(20, len(head))])) {
			t.Errorf("the sheet does not print %q", title)
		}
	}
	if strings.Contains(text, "DRAFT") {
		t.Error("the sheet prints a draft's marker")
	}
	// another school's material, the school's draft and its archived one
	for _, title := range []string{"Робототехника в дополнительном образовании", "Подготовка к олимпиаде по программированию", "Рабочая программа по физике"} {
		if head := []rune(squash(title)); strings.Contains(text, string(head[:20])) {
			t.Errorf("the sheet prints %q, which the school has not published", title)
		}
	}
}

func TestQRSheetsForCuratorsThroughTheAPI(t *testing.T) {
	a := fixture.App(t)
	h, _ := serve(t, a)
	for actor, code := range map[string]int{"anonymous": 403, "teacherA1": 403, "editorA": 403} {
		if rec := get(h, "/api/kopilka/qr.pdf?school=school-a", fixture.Tokens[actor]); rec.Code != code {
			t.Errorf("%s got %d", actor, rec.Code)
		}
	}
	rec := get(h, "/api/kopilka/qr.pdf?school=school-a&layout=cards", fixture.Tokens["curator"])
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("curator got %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	pub := record(t, a, "materials", "matPubA1")
	got := decodeCards(t, rec.Body.Bytes())
	found := false
	for _, u := range got {
		if u == "https://kopilka.example/q/"+pub.GetString("qr_code") {
			found = true
		}
	}
	if !found {
		t.Errorf("the school's published material is not on the sheet: %v", got)
	}
	draft := record(t, a, "materials", "matDraftA1")
	for _, u := range got {
		if strings.HasSuffix(u, draft.GetString("qr_code")) {
			t.Error("a draft is on the sheet")
		}
	}
	for query, want := range map[string]string{
		"school=nope":                         "нет организации",
		"codes=" + draft.GetString("qr_code"): "не ведёт к опубликованной",
		"school=school-a&layout=banner":       "неизвестный макет",
		"":                                    "укажите одно",
	} {
		rec := get(h, "/api/kopilka/qr.pdf?"+query, fixture.Tokens["curator"])
		if rec.Code != http.StatusBadRequest || !strings.Contains(strings.ToLower(rec.Body.String()), want) {
			t.Errorf("%q: %d %s", query, rec.Code, rec.Body.String())
		}
	}
}
