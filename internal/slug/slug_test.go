package slug

import (
	"errors"
	"testing"
)

func TestMakeTransliteratesRussianTitles(t *testing.T) {
	tests := []struct {
		name, title, want string
	}{
		{"plain words", "Урок дроби 5 класс", "urok-drobi-5-klass"},
		{"shch and soft sign", "Дебаты на уроках обществознания", "debaty-na-urokah-obshchestvoznaniya"},
		{"yo and short i", "Кейс-метод: Черёмухина", "kejs-metod-cheryomuhina"},
		{"ts as c", "Функциональная грамотность", "funkcionalnaya-gramotnost"},
		{"quotes and dashes collapse", "Мастер-класс «Театр на ладошке» — ДОУ №5", "master-klass-teatr-na-ladoshke-dou-5"},
		{"latin kept", "Python: циклы for", "python-cikly-for"},
		{"hard sign dropped", "Подъём", "podyom"},
		{"nothing to write", "«—»", ""},
		{"other scripts skipped", "Урок 汉字", "urok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Make(tt.title); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

func TestMakeCutsLongTitlesAtAWordBoundary(t *testing.T) {
	got := Make("Формирование читательской грамотности младших школьников через проектную деятельность на уроках литературного чтения")
	if len(got) > MaxLen {
		t.Fatalf("slug %q is %d bytes, over %d", got, len(got), MaxLen)
	}
	if got[len(got)-1] == '-' {
		t.Fatalf("slug %q ends with a hyphen", got)
	}
	if got != "formirovanie-chitatelskoj-gramotnosti-mladshih-shkolnikov-cherez-proektnuyu" {
		t.Fatalf("slug %q not cut at a word boundary", got)
	}
}

func TestUniqueAppendsTheFirstFreeNumber(t *testing.T) {
	used := map[string]bool{"urok": true, "urok-2": true}
	got, err := Unique("urok", func(c string) (bool, error) { return used[c], nil })
	if err != nil {
		t.Fatal(err)
	}
	if got != "urok-3" {
		t.Fatalf("Unique = %q, want urok-3", got)
	}
	got, err = Unique("free", func(c string) (bool, error) { return used[c], nil })
	if err != nil || got != "free" {
		t.Fatalf("Unique(free) = %q, %v", got, err)
	}
	boom := errors.New("db down")
	if _, err := Unique("x", func(string) (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Fatalf("error not passed through: %v", err)
	}
}
