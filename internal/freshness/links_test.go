package freshness

import (
	"slices"
	"testing"
)

// The links of a text are those a reader can follow or copy: link and
// image targets, autolinks, reference links, bare addresses (by name, by
// IP, Cyrillic ones, in a table) without the punctuation that ends a
// sentence; each once. Code, relative links, anchors and mail are not.
func TestLinksFindsEveryExternalAddressOfATextOnce(t *testing.T) {
	src := "Ссылки: [задачник](https://a.example/x), https://b.example/y. И ещё <https://c.example>, www.d.example/page;\n" +
		"по адресу http://127.0.0.1:8080/p и https://сайт.рф/страница?x=1&y=2!\n\n" +
		"![схема](https://img.example/a.png) [ещё раз](https://a.example/x) [по ссылке][1]\n\n" +
		"| адрес | что |\n|---|---|\n| https://t.example/a | таблица |\n\n" +
		"`https://code.example/span` и\n\n```\nhttps://code.example/block\n```\n\n" +
		"[страница](/materials/x/), [якорь](#top), [почта](mailto:a@b.example), [ftp](ftp://f.example/), a@b.example\n\n" +
		"[1]: https://ref.example/doc\n"
	want := []string{"https://a.example/x", "https://b.example/y", "https://c.example", "http://www.d.example/page",
		"http://127.0.0.1:8080/p", "https://сайт.рф/страница?x=1&y=2", "https://img.example/a.png", "https://ref.example/doc",
		"https://t.example/a"}
	got := Links(src)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Links:\n got %q\nwant %q", got, want)
	}
	if got := Links("Без ссылок, только /materials/x/ и текст."); len(got) != 0 {
		t.Errorf("a text without links: %q", got)
	}
}
