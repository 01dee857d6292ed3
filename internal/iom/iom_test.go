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

// The school: one teacher of six finished an ИОМ, raised her
// category and won a contest. Seed 002 counts the participation share of
// all six and the rest of the one who implements an ИОМ.
func TestEachIndicatorHasTheSeedsOwnDenominator(t *testing.T) {
	six := []TeacherFacts{
		{ActiveRoute: true, CompletedRoute: true, CategoryAwarded: true, HighContest: true},
		{}, {}, {}, {}, {},
	}
	got := Compute(six)
	want := map[string]Share{Participation: {1, 6}, Completed: {1, 1}, Category: {1, 1}, Contests: {1, 1}, Competence: {0, 1}, Dynamics: {0, 1}}
	for code, w := range want {
		if got.Shares[code] != w {
			t.Errorf("%s: %+v, want %+v", code, got.Shares[code], w)
		}
	}
	if p := got.Shares[Participation].Percent(); p != 16.7 {
		t.Errorf("participation %.2f %%, want 16.7", p)
	}
	if p := got.Shares[Completed].Percent(); p != 100 {
		t.Errorf("completed %.2f %%, want 100", p)
	}

	// facts of teachers who implement nothing count only in the participation
	// share; a mentorship counts as implementing, and its end as completing
	facts := []TeacherFacts{
		{ActiveRoute: true, Competence: LevelMedium, Dynamics: 1, Change: map[string]int{"ict": 2, "methodology": 1}},
		{InMentorship: true, EndedMentorship: true, Competence: LevelLow, Dynamics: -1},
		{ActiveRoute: true, CompletedRoute: true, Competence: LevelHigh, Change: map[string]int{"ict": 1}},
		{HighContest: true, CategoryAwarded: true, Competence: LevelHigh, Dynamics: 1},
		{}, {}, {}, {},
	}
	got = Compute(facts)
	want = map[string]Share{Participation: {3, 8}, Completed: {2, 3}, Category: {0, 3}, Contests: {0, 3}, Competence: {2, 3}, Dynamics: {1, 3}}
	for code, w := range want {
		if got.Shares[code] != w {
			t.Errorf("%s: %+v, want %+v", code, got.Shares[code], w)
		}
	}
	if got.MeanChange["ict"] != 1.5 || got.MeanChange["methodology"] != 1 {
		t.Errorf("mean change: %v", got.MeanChange)
	}
	if empty := Compute(nil); empty.Teachers != 0 || empty.Shares[Contests].Percent() != 0 {
		t.Errorf("no teachers: %+v", empty)
	}
}

func TestSharesRoundToOneDecimalHalfUp(t *testing.T) {
	for _, tt := range []struct {
		s    Share
		want float64
	}{
		{Share{1, 6}, 16.7}, {Share{5, 6}, 83.3}, {Share{2, 3}, 66.7}, {Share{1, 3}, 33.3},
		{Share{1, 8}, 12.5}, {Share{1, 16}, 6.3}, {Share{3, 16}, 18.8}, {Share{1, 2000}, 0.1},
		{Share{1, 2001}, 0}, {Share{0, 5}, 0}, {Share{4, 4}, 100}, {Share{1, 0}, 0},
	} {
		if got := tt.s.Percent(); got != tt.want {
			t.Errorf("%d/%d = %.2f %%, want %.1f", tt.s.Num, tt.s.Den, got, tt.want)
		}
	}
}

func TestCompetenceLevelIsTheMeanOfTheSixAreas(t *testing.T) {
	all := func(v int) Scores {
		s := Scores{}
		for _, a := range []string{"subject", "methodology", "psych_ped", "functional_literacy", "ict", "soft_skills"} {
			s[a] = v
		}
		return s
	}
	mixed := Scores{"subject": 3, "methodology": 2, "psych_ped": 3, "functional_literacy": 2, "ict": 3, "soft_skills": 2} // 2.5
	below := Scores{"subject": 3, "methodology": 2, "psych_ped": 2, "functional_literacy": 2, "ict": 3, "soft_skills": 2} // 2.33
	high := Scores{"subject": 4, "methodology": 3, "psych_ped": 4, "functional_literacy": 3, "ict": 4, "soft_skills": 3}  // 3.5
	for _, tt := range []struct {
		s    Scores
		want string
	}{{all(1), LevelLow}, {below, LevelLow}, {mixed, LevelMedium}, {all(3), LevelMedium}, {high, LevelHigh}, {all(4), LevelHigh}, {nil, ""}} {
		if got := CompetenceLevel(tt.s); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestHighContestResultsByLevelAndPlace(t *testing.T) {
	for _, tt := range []struct {
		level, place string
		want         bool
	}{
		{"municipal", "prizewinner", true}, {"municipal", "laureate", true}, {"federal", "winner", true},
		{"school", "winner", false}, {"regional", "participant", false}, {"bogus", "winner", false},
	} {
		if got := DefaultThresholds.High(tt.level, tt.place); got != tt.want {
			t.Errorf("%s/%s: %v", tt.level, tt.place, got)
		}
	}
	if !(Thresholds{MinLevel: "school", MinPlace: "participant"}).High("school", "participant") {
		t.Error("a threshold of any result does not count a school participant")
	}
}

// The card of seed 004: a row for each of its nine directions, filled or
// not, the steps of each in the quarter of their month with what was done,
// and the steps without a month in the route's period kept apart, never
// dropped.
func TestCardHasTheNineDirectionsOfTheSeed(t *testing.T) {
	steps := []CardStep{
		{Id: "a", Direction: "courses", Action: "Курсы «Функциональная грамотность»", Due: month(2025, time.October), Done: true, Reflection: "36 часов, удостоверение"},
		{Id: "b", Direction: "peer_lessons", Action: "Уроки коллег", Due: month(2026, time.February)},
		{Id: "c", Direction: "self_education", Action: "Статьи по смысловому чтению"},
		{Id: "d", Direction: "other", Action: "Летняя школа", Due: month(2026, time.August)},
	}
	c := BuildCard(month(2025, time.September), month(2026, time.May), steps)
	if len(c.Rows) != 10 {
		t.Fatalf("%d rows, want the nine directions and «другое»", len(c.Rows))
	}
	for i, d := range []string{"self_education", "programme_support", "events", "peer_lessons", "generalization",
		"school_methodical_work", "courses", "mentoring", "self_analysis", "other"} {
		if c.Rows[i].Direction != d {
			t.Errorf("row %d is %s, want %s", i, c.Rows[i].Direction, d)
		}
	}
	courses := c.Rows[6].Quarters[0]
	if len(courses) != 1 || courses[0].Month != "октябрь 2025" || !courses[0].Done || courses[0].Reflection != "36 часов, удостоверение" {
		t.Errorf("courses in the I quarter: %+v", courses)
	}
	if got := c.Rows[3].Quarters[2]; len(got) != 1 || got[0].Id != "b" {
		t.Errorf("peer lessons in the III quarter: %+v", got)
	}
	if got := c.Rows[0].Undated; len(got) != 1 || got[0].Id != "c" || got[0].Month != "" {
		t.Errorf("a step without a month: %+v", got)
	}
	if got := c.Rows[9].Undated; len(got) != 1 || got[0].Month != "август 2026" {
		t.Errorf("a step after the route's period: %+v", got)
	}
	if empty := BuildCard(month(2025, time.September), month(2026, time.May), nil); len(empty.Rows) != 9 {
		t.Errorf("an empty card has %d rows, want the nine directions", len(empty.Rows))
	}
}
