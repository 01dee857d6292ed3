package ru

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShortenCutsAtAWordBoundaryWithAnEllipsis(t *testing.T) {
	const order = "Об утверждении Положения о методическом объединении учителей математики, физики и информатики"
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"Сравнение дробей", 100, "Сравнение дробей"},
		{"  Сравнение дробей  ", 16, "Сравнение дробей"},
		{order, len([]rune(order)), order},
		{order, 40, "Об утверждении Положения о методическом…"},
		// no one-letter word hangs before «…»
		{order, 30, "Об утверждении Положения…"},
		{order, 29, "Об утверждении Положения…"},
		// a cut right before a space keeps the whole last word
		{order, 25, "Об утверждении Положения…"},
		// punctuation left hanging goes
		{order, 74, "Об утверждении Положения о методическом объединении учителей математики…"},
		{order, 80, "Об утверждении Положения о методическом объединении учителей математики, физики…"},
		// a non-breaking space holds «№ 7» together
		{"Приказ по СОШ №\u00a07 от 14 января", 17, "Приказ по СОШ…"},
		{"Приказ по СОШ №\u00a07 от 14 января", 18, "Приказ по СОШ №\u00a07…"},
		// one long word is cut inside
		{"Сверхдлинноеслово и ещё", 10, "Сверхдлин…"},
		{"Урок", 1, "…"},
		{"Урок", 0, ""},
		{"", 5, ""},
	}
	for _, tt := range tests {
		got := Shorten(tt.s, tt.n)
		if got != tt.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
		if tt.n > 0 && utf8.RuneCountInString(got) > tt.n {
			t.Errorf("Shorten(%q, %d) = %q is %d characters", tt.s, tt.n, got, utf8.RuneCountInString(got))
		}
	}
}

// Whatever the limit, a shortened title is a run of whole words of the
// title followed by «…».
func TestShortenKeepsWholeWords(t *testing.T) {
	title := strings.Repeat("Положение о порядке аттестации педагогических работников ", 20)
	words := map[string]bool{}
	for _, w := range strings.Fields(title) {
		words[w] = true
	}
	for n := 12; n < 400; n += 7 {
		got := Shorten(title, n)
		if !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) > n {
			t.Fatalf("Shorten(…, %d) = %q", n, got)
		}
		for _, w := range strings.Fields(strings.TrimSuffix(got, "…")) {
			if !words[w] {
				t.Errorf("Shorten(…, %d) = %q cuts the word %q", n, got, w)
			}
		}
	}
}
