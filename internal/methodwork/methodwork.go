// Package methodwork holds the rules of a school's methodical year that
// seed 001 writes down: school quarters, the materials quota of a
// methodical association («От каждого МО по 4 материала за учебный год (по
// 1 в четверть)»), the annual plan grouped by month with its «сроки», and
// the three-year rhythm of course training.
package methodwork

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// SchoolYearOf is the year in which the school year containing t began:
// a school year runs from 1 September to 31 August.
func SchoolYearOf(t time.Time) int {
	if t.Month() < time.September {
		return t.Year() - 1
	}
	return t.Year()
}

// QuarterOf is the school quarter (0 to 3) of a month: I Sep–Oct, II
// Nov–Dec, III Jan–Mar, IV Apr–May; the summer belongs to IV, so that a
// material handed in in June still counts for the year.
func QuarterOf(m time.Month) int {
	switch {
	case m >= time.September && m <= time.October:
		return 0
	case m >= time.November:
		return 1
	case m <= time.March:
		return 2
	}
	return 3
}

// quarterMonths are the months each quarter begins and ends with.
var quarterMonths = [4][2]time.Month{
	{time.September, time.October}, {time.November, time.December},
	{time.January, time.March}, {time.April, time.May},
}

// QuarterEnd is the last instant of quarter q of the school year that
// began in year, in loc.
func QuarterEnd(year, q int, loc *time.Location) time.Time {
	last := quarterMonths[q][1]
	y := year
	if last < time.September {
		y++
	}
	return time.Date(y, last+1, 1, 0, 0, 0, 0, loc).Add(-time.Nanosecond)
}

// QuarterStart is the first instant of quarter q of the school year that
// began in year, in loc.
func QuarterStart(year, q int, loc *time.Location) time.Time {
	first := quarterMonths[q][0]
	y := year
	if first < time.September {
		y++
	}
	return time.Date(y, first, 1, 0, 0, 0, 0, loc)
}

// States of a quarter of a quota.
const (
	QuotaDone   = "done"   // handed in as many as the quarter asks
	QuotaDue    = "due"    // the quarter is running or ahead
	QuotaMissed = "missed" // the quarter is over and short
)

// QuotaCell is one quarter of an association's quota.
type QuotaCell struct {
	Quarter int // 0 to 3
	Want    int // materials the quarter asks for
	Count   int // materials handed in
	State   string
}

// Label is the cell's state in Russian.
func (c QuotaCell) Label() string { return ru.Label(ru.QuotaStates, c.State) }

// Quota is an association's materials of a school year against its quota.
type Quota struct {
	Year        int
	Want, Count int
	Cells       [4]QuotaCell
}

// QuotaOf counts the materials handed in (their dates) in each quarter of
// the school year that began in year, against a quota a year (0 means
// schema.DefaultQuota) spread evenly over the quarters, the first
// quarters taking what does not divide; now decides which quarters are
// over.
func QuotaOf(year, quota int, handedIn []time.Time, now time.Time) Quota {
	if quota <= 0 {
		quota = schema.DefaultQuota
	}
	q := Quota{Year: year, Want: quota}
	for i := range q.Cells {
		q.Cells[i] = QuotaCell{Quarter: i, Want: quota / 4}
		if i < quota%4 {
			q.Cells[i].Want++
		}
	}
	for _, t := range handedIn {
		t = t.In(now.Location())
		if SchoolYearOf(t) != year {
			continue
		}
		q.Cells[QuarterOf(t.Month())].Count++
		q.Count++
	}
	for i := range q.Cells {
		c := &q.Cells[i]
		switch {
		case c.Count >= c.Want:
			c.State = QuotaDone
		case now.After(QuarterEnd(year, i, now.Location())):
			c.State = QuotaMissed
		default:
			c.State = QuotaDue
		}
	}
	return q
}

// Period is when a plan item is to be done, as seed 001's «Сроки» say it.
type Period struct {
	Kind     string // one of schema.PlanPeriods
	Date     time.Time
	DateEnd  time.Time // a range of days: «23-27.01.23»
	Months   []time.Month
	Quarter  int // 1 to 4
	Location *time.Location
}

// Text is the period as the printed plan writes it.
func (p Period) Text() string {
	switch p.Kind {
	case "date":
		if p.Date.IsZero() {
			return ""
		}
		from := p.Date.In(p.loc())
		if p.DateEnd.IsZero() || !p.DateEnd.After(p.Date) {
			return from.Format("02.01.2006")
		}
		to := p.DateEnd.In(p.loc())
		if from.Month() == to.Month() && from.Year() == to.Year() {
			return fmt.Sprintf("%02d–%s", from.Day(), to.Format("02.01.2006"))
		}
		return from.Format("02.01.2006") + "–" + to.Format("02.01.2006")
	case "month":
		names := make([]string, 0, len(p.Months))
		for _, m := range p.schoolOrder() {
			names = append(names, strings.ToLower(ru.MonthsNominative[m-1]))
		}
		return strings.Join(names, ", ")
	case "quarter":
		if p.Quarter >= 1 && p.Quarter <= 4 {
			return ru.QuartersShort[p.Quarter-1]
		}
		return ""
	}
	return ru.Label(ru.PlanPeriods, p.Kind)
}

func (p Period) loc() *time.Location {
	if p.Location == nil {
		return time.UTC
	}
	return p.Location
}

// schoolOrder is the months in the order of a school year.
func (p Period) schoolOrder() []time.Month {
	ms := append([]time.Month(nil), p.Months...)
	sort.Slice(ms, func(i, j int) bool { return schoolIndex(ms[i]) < schoolIndex(ms[j]) })
	return ms
}

// schoolIndex is a month's place in a school year: September is 0.
func schoolIndex(m time.Month) int { return (int(m) + 3) % 12 }

// months are the months under which a period is printed; none means
// «в течение года».
func (p Period) months() []time.Month {
	switch p.Kind {
	case "date":
		if p.Date.IsZero() {
			return nil
		}
		return []time.Month{p.Date.In(p.loc()).Month()}
	case "month":
		return p.schoolOrder()
	case "quarter":
		if p.Quarter >= 1 && p.Quarter <= 4 {
			return []time.Month{quarterMonths[p.Quarter-1][0]}
		}
	}
	return nil
}

// Entry is a line of the annual plan: a plan item or an event.
type Entry struct {
	Content     string
	Section     string
	Period      Period
	Responsible string
	Expected    string
	Done        bool
	DoneTitle   string
	DoneURL     string
	// Ref is what the entry stands for, for its caller: a record's id.
	Ref string
}

// Group is a heading of the plan with its entries.
type Group struct {
	Heading string
	Month   time.Month // 0 for «В течение года»
	Entries []Entry
}

// ByMonth lays the entries of the school year that began in year out as
// the printed plan shows them: «В течение года» first (the whole year,
// «ежеквартально», «по графику»), then every month from September to May,
// each even when empty, and the summer months that have entries. An entry
// of several months is under each of them; an entry of a quarter under the
// quarter's first month. Within a month dated entries go by day, the rest
// keep their order.
func ByMonth(year int, entries []Entry) []Group {
	groups := []Group{{Heading: ru.PlanYearRound}}
	byMonth := map[time.Month]int{}
	for i := 0; i < 12; i++ {
		m := time.Month((i+8)%12 + 1)
		y := year
		if m < time.September {
			y++
		}
		byMonth[m] = len(groups)
		groups = append(groups, Group{Heading: fmt.Sprintf("%s %d", ru.MonthsNominative[m-1], y), Month: m})
	}
	for _, e := range entries {
		ms := e.Period.months()
		if len(ms) == 0 {
			groups[0].Entries = append(groups[0].Entries, e)
			continue
		}
		for _, m := range ms {
			g := &groups[byMonth[m]]
			g.Entries = append(g.Entries, e)
		}
	}
	out := make([]Group, 0, len(groups))
	for i, g := range groups {
		sort.SliceStable(g.Entries, func(a, b int) bool {
			da, db := g.Entries[a].Period, g.Entries[b].Period
			if da.Kind == "date" && db.Kind == "date" {
				return da.Date.Before(db.Date)
			}
			return da.Kind == "date" && db.Kind != "date"
		})
		summer := g.Month >= time.June && g.Month <= time.August
		if i > 0 && summer && len(g.Entries) == 0 {
			continue
		}
		out = append(out, g)
	}
	return out
}

// CourseCycle is how often a teacher takes course training: at least
// once in three years.
const CourseCycle = 3

// CourseDue is when a teacher whose last completed course ended at last
// should take the next one; the zero time when there is none on record.
func CourseDue(last time.Time) time.Time {
	if last.IsZero() {
		return time.Time{}
	}
	return last.AddDate(CourseCycle, 0, 0)
}

// CourseOverdue reports whether a teacher whose last completed course
// ended at last has gone three years without one by now; a teacher
// without any course on record is overdue.
func CourseOverdue(last, now time.Time) bool {
	return last.IsZero() || now.After(CourseDue(last))
}

// MonthOfCode is the month of a plan item's month code
// (schema.PlanMonths: "sep" … "aug"); zero for an unknown code.
func MonthOfCode(code string) time.Month {
	for i, c := range schema.PlanMonths {
		if c == code {
			return time.Month((i+8)%12 + 1)
		}
	}
	return 0
}
