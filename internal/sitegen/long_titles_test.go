package sitegen_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// An official title of a thousand characters is the page's heading
// whole; the browser's tab, the lists and the feeds shorten it with «…».
func TestALongTitleIsWholeOnItsPageAndShortElsewhere(t *testing.T) {
	s := fixtureSite(t)
	long := "Положение о " + strings.Repeat("порядке организации методической работы в общеобразовательных организациях ", 14)
	long = strings.TrimSpace(long)
	s.Materials[0].Title = long
	out := build(t, s)
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	page := read(filepath.Join("materials", s.Materials[0].Slug, "index.html"))
	if !strings.Contains(page, "<h1>"+long+"</h1>") {
		t.Error("the page's heading is not the whole title")
	}
	title := regexp.MustCompile(`<title>(.*?)</title>`).FindStringSubmatch(page)
	if title == nil || !strings.Contains(title[1], "…") || utf8.RuneCountInString(title[1]) > 80+len(" — Методическая копилка") {
		t.Errorf("the tab's title: %q", title)
	}
	list := read(filepath.Join("materials", "index.html"))
	if strings.Contains(list, long) || !strings.Contains(list, "…") {
		t.Error("the list shows the whole title")
	}
	feed := read(filepath.Join("materials", "index.xml"))
	items := regexp.MustCompile(`(?s)<item>\s*<title>(.*?)</title>`).FindAllStringSubmatch(feed, -1)
	if len(items) == 0 {
		t.Fatalf("no items in the feed:\n%s", feed)
	}
	for _, m := range items {
		if utf8.RuneCountInString(m[1]) > 160 {
			t.Errorf("a feed's title of %d characters", utf8.RuneCountInString(m[1]))
		}
	}
}
