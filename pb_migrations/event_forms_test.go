package pb_migrations

import "testing"

func TestAnEventOfKindOtherTakesTheFormItsTitleNames(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"Методический десант ИМЦ в ООШ с. Сосновка", "methodical-landing"},
		{"Единый методический день в СОШ № 1", "unified-method-day"},
		{"Форсайт-сессия «Школа 2030»", "foresight-session"},
		{"Школа молодого учителя: занятие 3", "young-teacher-school"},
		{"Районные педагогические чтения", "ped-readings"},
		{"ИНТЕНСИВ для заместителей директоров", "intensive"},
		{"Всероссийская акция «Урок цифры»", ""},
	} {
		if got := formInTitle(tt.title); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.title, got, tt.want)
		}
	}
}
