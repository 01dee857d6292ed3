package printout_test

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
)

func items(n int) []printout.Item {
	var out []printout.Item
	for i := 0; i < n; i++ {
		out = append(out, printout.Item{Kind: "Материал", Title: fmt.Sprintf("Урок %d: сравнение обыкновенных дробей с одинаковыми знаменателями", i),
			Organization: "МАОУ Гимназия № 2", ShortURL: fmt.Sprintf("https://kopilka.example/q/ABC%03d", i)})
	}
	return out
}

// cardCell cuts card n (0-based, on its page) out of a page image.
func cardCell(page image.Image, n int) image.Image {
	b := page.Bounds()
	w, h := b.Dx()/2, b.Dy()/4
	x, y := (n%2)*w, (n/2)*h
	return qrtest.Crop(page, image.Rect(x, y, x+w, y+h))
}

func TestCardsDecodeInPrintOrder(t *testing.T) {
	its := items(10)
	pdf, err := printout.Cards(its, "Тестовый округ")
	if err != nil {
		t.Fatal(err)
	}
	pages := qrtest.RasterizePDF(t, pdf, 150)
	if len(pages) != 2 {
		t.Fatalf("%d pages for 10 cards, want 2", len(pages))
	}
	for i, it := range its {
		got, err := qrtest.DecodeIn(cardCell(pages[i/printout.CardsPerPage], i%printout.CardsPerPage))
		if err != nil || got != it.ShortURL {
			t.Errorf("card %d decodes to %q (%v), want %s", i, got, err, it.ShortURL)
		}
	}
	text := qrtest.PDFText(t, pdf)
	for _, want := range []string{"Урок 9: сравнение", "МАОУ Гимназия № 2", "https://kopilka.example/q/ABC009", "Тестовый округ"} {
		if !strings.Contains(text, want) {
			t.Errorf("cards text lacks %q", want)
		}
	}
}

func TestPosterDecodesAndFitsALongTitle(t *testing.T) {
	it := items(1)[0]
	it.Title = strings.Repeat("Очень длинное название материала о дробях ", 12)
	pdf, err := printout.Posters([]printout.Item{it}, "Тестовый округ")
	if err != nil {
		t.Fatal(err)
	}
	pages := qrtest.RasterizePDF(t, pdf, 100)
	if len(pages) != 1 {
		t.Fatalf("%d pages", len(pages))
	}
	if got, err := qrtest.DecodeIn(pages[0]); err != nil || got != it.ShortURL {
		t.Errorf("poster decodes to %q (%v)", got, err)
	}
	if text := qrtest.PDFText(t, pdf); !strings.Contains(text, "…") || !strings.Contains(text, it.ShortURL) {
		t.Errorf("a long title is not cut with an ellipsis or the URL is missing:\n%s", text)
	}
}

func TestNothingToPrintIsAnError(t *testing.T) {
	if _, err := printout.Cards(nil, "x"); err == nil {
		t.Error("cards of nothing")
	}
	if _, err := printout.Posters(nil, "x"); err == nil {
		t.Error("posters of nothing")
	}
}

// The same cards give the same bytes, whatever was printed before them:
// fpdf must not carry anything from one document to the next.
func TestCardsGiveTheSameBytesWhateverWasPrintedBefore(t *testing.T) {
	first, err := printout.Cards(items(3), "Тестовый округ")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := printout.Posters(items(2), "Другой округ"); err != nil {
		t.Fatal(err)
	}
	again, err := printout.Cards(items(3), "Тестовый округ")
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(again) {
		t.Error("the same cards printed twice differ")
	}
}

// officialTitle is a title of a thousand characters, as official Russian
// documents have, of numbered words so a cut inside one shows.
func officialTitle() (string, map[string]bool) {
	var b strings.Builder
	words := map[string]bool{}
	for i := 0; b.Len() < 4000 && len([]rune(b.String())) < 1000; i++ {
		w := fmt.Sprintf("положение%dя", i)
		if i%7 == 3 {
			w = "о" // a one-letter word, never the last before «…»
		}
		words[w] = true
		b.WriteString(w + " ")
	}
	return strings.TrimSpace(b.String()), words
}

// A poster and a card shorten a title of a thousand characters at a word
// boundary with «…»: the last word printed is a whole word of the title.
func TestPostersAndCardsShortenALongTitleAtAWord(t *testing.T) {
	title, words := officialTitle()
	it := items(1)[0]
	it.Title = title
	for name, print := range map[string]func([]printout.Item, string) ([]byte, error){
		"poster": printout.Posters, "cards": printout.Cards,
	} {
		pdf, err := print([]printout.Item{it}, "Тестовый округ")
		if err != nil {
			t.Fatal(err)
		}
		text := qrtest.PDFText(t, pdf)
		cut := strings.Index(text, "…")
		if cut < 0 {
			t.Errorf("%s: the long title is not shortened:\n%s", name, text)
			continue
		}
		printed := strings.Fields(text[:cut])
		last := printed[len(printed)-1]
		if !words[last] || last == "о" {
			t.Errorf("%s: the title is cut inside a word or after «о»: %q…", name, last)
		}
		if !strings.Contains(text, "положение0я положение1я") {
			t.Errorf("%s: the title's beginning is missing:\n%s", name, text)
		}
	}
}
