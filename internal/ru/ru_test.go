package ru

import (
	"strings"
	"testing"
	"time"
)

func TestIOMFigureAgreesWithTheNumber(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, ""},
		{1, "В 2025/26 учебном году 1 педагог реализует индивидуальные образовательные маршруты."},
		{2, "В 2025/26 учебном году 2 педагога реализуют индивидуальные образовательные маршруты."},
		{5, "В 2025/26 учебном году 5 педагогов реализуют индивидуальные образовательные маршруты."},
		{11, "В 2025/26 учебном году 11 педагогов реализуют индивидуальные образовательные маршруты."},
		{21, "В 2025/26 учебном году 21 педагог реализует индивидуальные образовательные маршруты."},
		{37, "В 2025/26 учебном году 37 педагогов реализуют индивидуальные образовательные маршруты."},
		{112, "В 2025/26 учебном году 112 педагогов реализуют индивидуальные образовательные маршруты."},
	}
	for _, tt := range tests {
		if got := IOMFigure(tt.n, "2025/26"); got != tt.want {
			t.Errorf("IOMFigure(%d) = %q", tt.n, got)
		}
	}
}

func TestDurationsAreWrittenAsPeopleReadThem(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{866733428 * time.Nanosecond, "0,9 с"},
		{12400 * time.Millisecond, "12,4 с"},
		{125 * time.Second, "2 мин 5 с"},
	} {
		if got := Seconds(tt.d); got != tt.want {
			t.Errorf("Seconds(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestLicensesHaveRussianNamesAndPages(t *testing.T) {
	l := LicenseOf("CC-BY-4.0")
	if l.Name != "CC BY 4.0 — с указанием авторства" || !strings.HasSuffix(l.Page, "deed.ru") {
		t.Errorf("CC BY 4.0: %+v", l)
	}
	if u := LicenseOf("MIT"); u.Name != "MIT" || u.Page != "https://spdx.org/licenses/MIT.html" {
		t.Errorf("an unknown licence: %+v", u)
	}
}
