// Package iom holds the rules of individual educational routes (ИОМ):
// deficits from a self-diagnosis, the route card by months and quarters of
// the school year, and the municipal indicators.
package iom

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// Scores is a self-diagnosis: 1 (a serious gap) to 4 (confident) per area.
type Scores map[string]int

// DeficitThreshold is the highest score that still counts as a deficit.
const DeficitThreshold = 2

// Deficits lists the areas of s scored at or below the threshold, in the
// order of schema.Deficits.
func Deficits(s Scores) []string {
	var out []string
	for _, area := range schema.Deficits {
		if v, ok := s[area]; ok && v <= DeficitThreshold {
			out = append(out, area)
		}
	}
	return out
}

// Change is final minus initial, per area present in both.
func Change(initial, final Scores) map[string]int {
	out := map[string]int{}
	for _, area := range schema.Deficits {
		a, okA := initial[area]
		b, okB := final[area]
		if okA && okB {
			out[area] = b - a
		}
	}
	return out
}

// CardStep is one step as the card shows it.
type CardStep struct {
	Id, Direction, Action string
	Reflection            string    // what was done, written when the step is marked done
	Due                   time.Time // zero: no month set
	Done                  bool
}

// CardEntry is a step in a cell of the card by directions: its month, and
// what is planned or what was done.
type CardEntry struct {
	Month string // «октябрь 2025», "" without a month
	CardStep
}

// CardRow is a direction of seed 004 with its steps by school quarter
// (I–IV, the summer) and those without a month in the route's period.
type CardRow struct {
	Direction string
	Quarters  [5][]CardEntry
	Undated   []CardEntry
}

// CardMonth is one column of the card by months.
type CardMonth struct {
	Label string // «Сентябрь 2025»
	Steps []CardStep
}

// CardQuarter is one column of the card by quarters.
type CardQuarter struct {
	Label string // «I четверть (сентябрь — октябрь)»
	Steps []CardStep
}

// Card is the ИОМ card (seed 004): steps by month and by school quarter,
// and the table of the seed — a row for each of its nine directions, the
// quarters as columns, and in each cell what concretely was done.
type Card struct {
	Months   []CardMonth
	Quarters []CardQuarter
	Undated  []CardStep
	Rows     []CardRow
}

// quarterOf names the school quarter of a month: I Sep–Oct, II Nov–Dec,
// III Jan–Mar, IV Apr–May; June to August are the summer.
func quarterOf(m time.Month) int {
	switch {
	case m >= time.September && m <= time.October:
		return 0
	case m >= time.November:
		return 1
	case m <= time.March:
		return 2
	case m <= time.May:
		return 3
	}
	return 4
}

// BuildCard lays steps out over the months from start to end (inclusive)
// and over the school quarters those months fall in.
func BuildCard(start, end time.Time, steps []CardStep) Card {
	var c Card
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].Due.Before(steps[j].Due) })
	first := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC)
	if end.IsZero() || last.Before(first) {
		last = first
	}
	index := map[string]int{}
	for m := first; !m.After(last) && len(c.Months) < 36; m = m.AddDate(0, 1, 0) {
		index[m.Format("2006-01")] = len(c.Months)
		c.Months = append(c.Months, CardMonth{Label: fmt.Sprintf("%s %d", ru.MonthsNominative[m.Month()-1], m.Year())})
	}
	quarters := make([][]CardStep, 5)
	for _, s := range steps {
		if s.Due.IsZero() {
			c.Undated = append(c.Undated, s)
			continue
		}
		if i, ok := index[s.Due.Format("2006-01")]; ok {
			c.Months[i].Steps = append(c.Months[i].Steps, s)
		} else {
			c.Undated = append(c.Undated, s) // outside the route's period
			continue
		}
		q := quarterOf(s.Due.Month())
		quarters[q] = append(quarters[q], s)
	}
	for q, list := range quarters {
		c.Quarters = append(c.Quarters, CardQuarter{Label: ru.Quarters[q], Steps: list})
	}
	c.Rows = directionRows(steps, index)
	return c
}

// directionRows lays steps out by direction: every direction of seed 004
// has its row, filled or not; «другое» only when a step has it.
func directionRows(steps []CardStep, inPeriod map[string]int) []CardRow {
	rows := make([]CardRow, 0, len(schema.StepDirections))
	at := map[string]int{}
	for _, d := range schema.StepDirections {
		if d == "other" {
			continue
		}
		at[d] = len(rows)
		rows = append(rows, CardRow{Direction: d})
	}
	for _, s := range steps {
		i, ok := at[s.Direction]
		if !ok {
			at[s.Direction] = len(rows)
			i = len(rows)
			rows = append(rows, CardRow{Direction: s.Direction})
		}
		e := CardEntry{CardStep: s}
		if _, in := inPeriod[s.Due.Format("2006-01")]; s.Due.IsZero() || !in {
			if !s.Due.IsZero() {
				e.Month = monthLabel(s.Due)
			}
			rows[i].Undated = append(rows[i].Undated, e)
			continue
		}
		e.Month = monthLabel(s.Due)
		q := quarterOf(s.Due.Month())
		rows[i].Quarters[q] = append(rows[i].Quarters[q], e)
	}
	return rows
}

func monthLabel(t time.Time) string {
	return fmt.Sprintf("%s %d", strings.ToLower(ru.MonthsNominative[t.Month()-1]), t.Year())
}

// CategoryRank orders qualification categories; a raise is a higher rank.
// No category recorded counts as none.
func CategoryRank(c string) int {
	if c == "" {
		c = "none"
	}
	for i, v := range schema.Categories {
		if v == c {
			return i
		}
	}
	return -1
}
