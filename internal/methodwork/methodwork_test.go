package methodwork

import (
	"strings"
	"testing"
	"time"
)

var msk = time.FixedZone("MSK", 3*3600)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, msk) }

func TestQuotaCountsEachQuarterAndJudgesThoseOver(t *testing.T) {
	tests := []struct {
		name   string
		quota  int
		dates  []time.Time
		now    time.Time
		states [4]string
		counts [4]int
	}{
		{"seed 001: one a quarter, the first two handed in, now in the third",
			0, []time.Time{day(2026, 10, 5), day(2026, 12, 20), day(2025, 10, 1)}, day(2027, 2, 1),
			[4]string{QuotaDone, QuotaDone, QuotaDue, QuotaDue}, [4]int{1, 1, 0, 0}},
		{"a quarter over with nothing is missed",
			4, []time.Time{day(2026, 9, 5)}, day(2027, 1, 10),
			[4]string{QuotaDone, QuotaMissed, QuotaDue, QuotaDue}, [4]int{1, 0, 0, 0}},
		{"summer counts for the fourth quarter; after May nothing is due",
			4, []time.Time{day(2027, 6, 15), day(2027, 1, 20)}, day(2027, 6, 20),
			[4]string{QuotaMissed, QuotaMissed, QuotaDone, QuotaDone}, [4]int{0, 0, 1, 1}},
		{"six a year: the first two quarters ask for two",
			6, []time.Time{day(2026, 9, 1), day(2026, 11, 3), day(2026, 11, 4)}, day(2026, 12, 1),
			[4]string{QuotaMissed, QuotaDone, QuotaDue, QuotaDue}, [4]int{1, 2, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := QuotaOf(2026, tt.quota, tt.dates, tt.now)
			for i, c := range q.Cells {
				if c.State != tt.states[i] || c.Count != tt.counts[i] {
					t.Errorf("quarter %d: %s with %d, want %s with %d", i+1, c.State, c.Count, tt.states[i], tt.counts[i])
				}
			}
		})
	}
	if q := QuotaOf(2026, 6, nil, day(2026, 9, 1)); q.Cells[0].Want != 2 || q.Cells[2].Want != 1 || q.Want != 6 {
		t.Errorf("six a year spread as %+v", q.Cells)
	}
}

func TestPeriodsAreWrittenAsTheSchoolPlanWritesThem(t *testing.T) {
	tests := []struct {
		p    Period
		want string
	}{
		{Period{Kind: "month", Months: []time.Month{time.May, time.November, time.December, time.March}}, "ноябрь, декабрь, март, май"},
		{Period{Kind: "date", Date: day(2027, 1, 23), DateEnd: day(2027, 1, 27), Location: msk}, "23–27.01.2027"},
		{Period{Kind: "date", Date: day(2026, 10, 14), Location: msk}, "14.10.2026"},
		{Period{Kind: "quarter", Quarter: 2}, "II четверть"},
		{Period{Kind: "year"}, "в течение года"},
		{Period{Kind: "quarterly"}, "ежеквартально"},
		{Period{Kind: "schedule"}, "по графику"},
	}
	for _, tt := range tests {
		if got := tt.p.Text(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestThePlanShowsEveryMonthOfTheSchoolYear(t *testing.T) {
	entries := []Entry{
		{Content: "Контроль за прохождением курсов", Period: Period{Kind: "year"}},
		{Content: "Неделя математики", Period: Period{Kind: "date", Date: day(2027, 1, 23), Location: msk}},
		{Content: "Составление графика", Period: Period{Kind: "month", Months: []time.Month{time.September}}},
		{Content: "Пополнение методической копилки", Period: Period{Kind: "month", Months: []time.Month{time.November, time.May}}},
		{Content: "Предметная декада", Period: Period{Kind: "quarter", Quarter: 3}},
		{Content: "Методический день", Period: Period{Kind: "date", Date: day(2027, 1, 10), Location: msk}},
		{Content: "Летняя школа", Period: Period{Kind: "date", Date: day(2027, 7, 1), Location: msk}},
	}
	groups := ByMonth(2026, entries)
	var heads []string
	for _, g := range groups {
		heads = append(heads, g.Heading)
	}
	want := "В течение года|Сентябрь 2026|Октябрь 2026|Ноябрь 2026|Декабрь 2026|Январь 2027|Февраль 2027|Март 2027|Апрель 2027|Май 2027|Июль 2027"
	if got := strings.Join(heads, "|"); got != want {
		t.Fatalf("headings\n%s\nwant\n%s", got, want)
	}
	in := func(i int) string {
		var s []string
		for _, e := range groups[i].Entries {
			s = append(s, e.Content)
		}
		return strings.Join(s, "|")
	}
	for i, want := range map[int]string{
		0: "Контроль за прохождением курсов", 1: "Составление графика", 3: "Пополнение методической копилки",
		5: "Методический день|Неделя математики|Предметная декада", 9: "Пополнение методической копилки", 2: "",
	} {
		if got := in(i); got != want {
			t.Errorf("%s: %q, want %q", groups[i].Heading, got, want)
		}
	}
}

func TestATeacherWithoutCoursesForThreeYearsIsOverdue(t *testing.T) {
	now := day(2026, 11, 27)
	for _, tt := range []struct {
		last time.Time
		want bool
	}{
		{time.Time{}, true},
		{day(2023, 11, 1), true},
		{day(2023, 12, 1), false},
		{day(2026, 5, 1), false},
	} {
		if got := CourseOverdue(tt.last, now); got != tt.want {
			t.Errorf("last course %v: overdue %v, want %v", tt.last, got, tt.want)
		}
	}
	if got := CourseDue(day(2024, 3, 1)); !got.Equal(day(2027, 3, 1)) {
		t.Errorf("next course due %v", got)
	}
}
