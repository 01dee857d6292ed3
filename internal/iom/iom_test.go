package iom

import (
	"reflect"
	"testing"
	"time"
)

func TestDeficitsAreTheLowScores(t *testing.T) {
	s := Scores{"subject": 3, "methodology": 2, "psych_ped": 4, "functional_literacy": 1, "ict": 2, "soft_skills": 3}
	if got := Deficits(s); !reflect.DeepEqual(got, []string{"methodology", "functional_literacy", "ict"}) {
		t.Errorf("Deficits = %v", got)
	}
	if got := Change(s, Scores{"methodology": 3, "functional_literacy": 3, "ict": 2}); !reflect.DeepEqual(got, map[string]int{"methodology": 1, "functional_literacy": 2, "ict": 0}) {
		t.Errorf("Change = %v", got)
	}
}

func month(y int, m time.Month) time.Time { return time.Date(y, m, 15, 0, 0, 0, 0, time.UTC) }

func TestCardByMonthAndQuarter(t *testing.T) {
	steps := []CardStep{
		{Id: "a", Action: "Курсы ПК", Due: month(2025, time.October)},
		{Id: "b", Action: "Открытый урок", Due: month(2026, time.February)},
		{Id: "c", Action: "Посещение уроков", Due: month(2025, time.November)},
		{Id: "d", Action: "Статья", Due: month(2026, time.May)},
		{Id: "e", Action: "Самообразование"},
		{Id: "f", Action: "После периода", Due: month(2026, time.August)},
	}
	c := BuildCard(month(2025, time.September), month(2026, time.May), steps)
	if len(c.Months) != 9 || c.Months[0].Label != "Сентябрь 2025" || c.Months[8].Label != "Май 2026" {
		t.Fatalf("months: %d %v", len(c.Months), c.Months)
	}
	ids := func(list []CardStep) []string {
		var out []string
		for _, s := range list {
			out = append(out, s.Id)
		}
		return out
	}
	if got := ids(c.Months[1].Steps); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("October: %v", got)
	}
	want := [][]string{{"a"}, {"c"}, {"b"}, {"d"}, nil}
	for q, w := range want {
		if got := ids(c.Quarters[q].Steps); !reflect.DeepEqual(got, w) {
			t.Errorf("%s: %v, want %v", c.Quarters[q].Label, got, w)
		}
	}
	if got := ids(c.Undated); !reflect.DeepEqual(got, []string{"e", "f"}) {
		t.Errorf("undated: %v", got)
	}
}

func TestIndicatorsOnKnownFacts(t *testing.T) {
	facts := []TeacherFacts{
		{ActiveRoute: true},
		{InMentorship: true},
		{ActiveRoute: true, CompletedRoute: true, RaisedCategory: true, Change: map[string]int{"ict": 2, "methodology": 1}},
		{CompletedRoute: true, ContestResult: true, Change: map[string]int{"ict": 1}},
		{},
		{},
		{},
		{},
	}
	got := Compute(facts)
	if got.Teachers != 8 || got.WithRoute != 37.5 || got.Completed != 25 || got.RaisedCategory != 12.5 || got.ContestResults != 12.5 {
		t.Errorf("indicators: %+v", got)
	}
	if got.MeanChange["ict"] != 1.5 || got.MeanChange["methodology"] != 1 {
		t.Errorf("mean change: %v", got.MeanChange)
	}
	if empty := Compute(nil); empty.Teachers != 0 || empty.WithRoute != 0 {
		t.Errorf("no teachers: %+v", empty)
	}
}
