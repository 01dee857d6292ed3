package iom

import (
	"slices"

	"github.com/kopilka/kopilka/internal/schema"
)

// The indicators of the municipal project (seed 002, «Показатели
// реализации проекта»), by code, in the seed's order.
const (
	// «доля педагогов, имеющих высокие результаты профконкурсов, олимпиад»
	Contests = "contests"
	// «доля педагогов, получивших квалификационную категорию»
	Category = "category"
	// «доля педагогов, реализующих ИОМ/персонифицированные программы
	// наставничества» — the one share of all the schools' teachers
	Participation = "participation"
	// «доля педагогов, успешно реализовавших ИОМ/персонифицированные
	// программы наставничества»
	Completed = "completed"
	// «доля педагогов, имеющих средний и высокий уровень оценки предметных
	// и методических компетенций»
	Competence = "competence"
	// «доля педагогических работников, имеющих положительную динамику
	// образовательных результатов за 2 года»
	Dynamics = "dynamics"
)

// IndicatorCodes lists the indicators in the seed's order.
var IndicatorCodes = schema.IndicatorCodes

// SeedTargets are the base values (2024) and targets (2025) seed 002 sets,
// in percent: the defaults until the municipal service sets its own.
var SeedTargets = map[string][2]float64{
	Contests: {10, 30}, Category: {5, 10}, Participation: {15, 30},
	Completed: {85, 90}, Competence: {50, 60}, Dynamics: {30, 50},
}

// Competence levels of a self-diagnosis.
const (
	LevelLow    = "low"
	LevelMedium = "medium"
	LevelHigh   = "high"
)

// CompetenceLevel derives the level of subject and methodical competences
// from a self-diagnosis: the mean of its six areas (1–4) below 2.5 is low,
// from 2.5 below 3.5 medium, from 3.5 high. "" for no diagnosis.
func CompetenceLevel(s Scores) string {
	if len(s) == 0 {
		return ""
	}
	sum, n := 0, 0
	for _, area := range schema.Deficits {
		if v, ok := s[area]; ok {
			sum += v
			n++
		}
	}
	switch {
	case n == 0:
		return ""
	case sum*2 < 5*n: // mean < 2.5
		return LevelLow
	case sum*2 < 7*n: // mean < 3.5
		return LevelMedium
	}
	return LevelHigh
}

// placeRank orders contest places: a laureate ranks with a prize winner,
// both below the winner and above a participant.
var placeRank = map[string]int{"participant": 0, "laureate": 1, "prizewinner": 1, "winner": 2}

// Thresholds say which contest results are «высокие»: at MinLevel or
// above and at MinPlace or above.
type Thresholds struct {
	MinLevel, MinPlace string
}

// DefaultThresholds: a prize winner (or laureate) and above, at the
// municipal level and above.
var DefaultThresholds = Thresholds{MinLevel: "municipal", MinPlace: "prizewinner"}

// High tells whether a result of level and place counts as high.
func (t Thresholds) High(level, place string) bool {
	lv, min := slices.Index(schema.ContestLevels, level), slices.Index(schema.ContestLevels, t.MinLevel)
	p, ok := placeRank[place]
	mp, okMin := placeRank[t.MinPlace]
	return lv >= 0 && min >= 0 && lv >= min && ok && okMin && p >= mp
}

// TeacherFacts is what the indicators count of one teacher in a period.
type TeacherFacts struct {
	Organization    string
	ActiveRoute     bool // an ИОМ in progress during the period
	InMentorship    bool // a mentorship programme during the period
	CompletedRoute  bool // an ИОМ completed within the period
	EndedMentorship bool // a mentorship programme that ended within the period
	HighContest     bool // a high contest result within the period
	CategoryAwarded bool // the first or highest category awarded within the period
	Competence      string
	Dynamics        int // +1 results higher than the year before, -1 not, 0 unknown
	Change          map[string]int
}

// Implementing is «педагог, реализующий ИОМ/программу наставничества».
func (f TeacherFacts) Implementing() bool { return f.ActiveRoute || f.InMentorship }

// Share is a numerator over a denominator.
type Share struct{ Num, Den int }

// Percent is the share in percent rounded to one decimal, half up; 0
// when the denominator is 0.
func (s Share) Percent() float64 {
	if s.Den <= 0 {
		return 0
	}
	// tenths of a percent, rounded half up in integers
	tenths := (s.Num*2000 + s.Den) / (2 * s.Den)
	return float64(tenths) / 10
}

// Figures are the indicators of a group of teachers.
type Figures struct {
	Teachers int
	Shares   map[string]Share
	// MeanChange is the mean change of self-assessment per area over the
	// teachers whose route in the period has the initial diagnosis and a
	// later one (the final, else the interim).
	MeanChange map[string]float64
}

// Compute derives the indicators from facts, each with the seed's own
// denominator: all the teachers for the participation share, the teachers
// implementing an ИОМ or a mentorship programme for the rest.
func Compute(facts []TeacherFacts) Figures {
	f := Figures{Teachers: len(facts), Shares: map[string]Share{}, MeanChange: map[string]float64{}}
	var impl, contests, category, completed, competence, dynamics int
	sums, counts := map[string]int{}, map[string]int{}
	for _, t := range facts {
		for area, d := range t.Change {
			sums[area] += d
			counts[area]++
		}
		if !t.Implementing() {
			continue
		}
		impl++
		if t.HighContest {
			contests++
		}
		if t.CategoryAwarded {
			category++
		}
		if t.CompletedRoute || t.EndedMentorship {
			completed++
		}
		if t.Competence == LevelMedium || t.Competence == LevelHigh {
			competence++
		}
		if t.Dynamics > 0 {
			dynamics++
		}
	}
	f.Shares[Participation] = Share{impl, len(facts)}
	f.Shares[Contests] = Share{contests, impl}
	f.Shares[Category] = Share{category, impl}
	f.Shares[Completed] = Share{completed, impl}
	f.Shares[Competence] = Share{competence, impl}
	f.Shares[Dynamics] = Share{dynamics, impl}
	for area, n := range counts {
		f.MeanChange[area] = float64(sums[area]*100/n) / 100
	}
	return f
}
