package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/schema"
)

// seedYear gives the demo municipality a school year of methodical
// support up to now: in each school and kindergarten a route completed with
// its three diagnoses, a route in progress with an interim diagnosis, a
// route just drafted after its diagnosis, and a mentor; mentorships of every
// form; contest results, attestations and pupils' results of two years; and
// the year's base values and targets of the municipal project. teacher is
// the demo teacher's profile: hers is the route in progress.
func seedYear(app core.App, now time.Time, teacher *core.Record) error {
	orgs, err := app.FindRecordsByFilter(schema.Organizations, "kind = 'school' || kind = 'kindergarten'", "slug", 0, 0)
	if err != nil {
		return fmt.Errorf("demo year: %w", err)
	}
	year := iom.SchoolYear(now)
	day := func(t time.Time) types.DateTime {
		d, _ := types.ParseDateTime(time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, time.UTC))
		return d
	}
	monthsAgo := func(n int) time.Time { return now.AddDate(0, -n, 0) }
	s := &saver{app: app}
	group, team := false, false // one mentorship of each of these forms
	for oi, org := range orgs {
		teachers, err := app.FindRecordsByFilter(schema.Teachers, "organization = {:o}", "slug", 0, 0, map[string]any{"o": org.Id})
		if err != nil {
			return fmt.Errorf("demo year: %w", err)
		}
		// the demo teacher's route is the one in progress
		if teacher != nil && len(teachers) > 1 && teachers[0].Id == teacher.Id {
			teachers[0], teachers[1] = teachers[1], teachers[0]
		}
		if len(teachers) < 2 {
			continue
		}
		kind := "gia"
		if org.GetString("kind") == "kindergarten" {
			kind = "diagnostics"
		}

		// a route completed this year, with all three diagnoses
		done := teachers[0]
		r := s.save(schema.Routes, map[string]any{"teacher": done.Id, "theme": themes[oi%len(themes)][0],
			"goals": "Освоить приёмы и представить опыт коллегам района.", "status": "active",
			"period_start": day(year.From.AddDate(-1, 0, 0)), "period_end": day(now.AddDate(0, 0, -5)),
			"deficits": []string{"methodology", "functional_literacy"}, "category_at_start": "first",
			"result_forms": []string{"methodical_product", "master_class"}})
		s.diagnosis(done.Id, r, "initial", [6]int{3, 2, 3, 2, 3, 3})
		s.diagnosis(done.Id, r, "interim", [6]int{3, 3, 3, 2, 3, 3})
		for i, st := range stepsDone {
			s.save(schema.RouteSteps, map[string]any{"route": r.Id, "direction": st[0], "action": st[1],
				"due": day(monthsAgo(12 - i)), "done_at": day(monthsAgo(12 - i)), "reflection": st[2]})
		}
		s.diagnosis(done.Id, r, "final", [6]int{4, 3, 4, 3, 4, 3})
		s.update(r, map[string]any{"status": "completed", "completed_at": day(now.AddDate(0, 0, -7))})
		s.save(schema.Attestations, map[string]any{"teacher": done.Id, "year": now.Year(), "category_current": "first",
			"category_sought": "highest", "application_date": day(monthsAgo(3)), "decision_date": day(now.AddDate(0, 0, -20)), "result": "awarded"})
		s.save(schema.ContestResults, map[string]any{"teacher": done.Id, "title": "Муниципальный конкурс «Педагог года»",
			"level": "municipal", "place": "prizewinner", "date": day(monthsAgo(1))})
		s.dynamics(done.Id, kind, now.Year(), 4.0, 4.3)

		// a route in progress, with an interim diagnosis and steps ahead
		going := teachers[1]
		r = s.save(schema.Routes, map[string]any{"teacher": going.Id, "theme": themes[oi%len(themes)][1],
			"goals": "Разработать серию уроков и провести открытый урок.", "status": "active",
			"period_start": day(year.From), "period_end": day(year.To.AddDate(0, -3, 0)),
			"deficits": []string{"subject", "ict"}, "category_at_start": "conformity",
			"result_forms": []string{"open_lessons", "portfolio"}})
		s.diagnosis(going.Id, r, "initial", [6]int{2, 3, 3, 3, 2, 3})
		s.diagnosis(going.Id, r, "interim", [6]int{3, 3, 3, 3, 3, 3})
		for i, st := range stepsAhead {
			fields := map[string]any{"route": r.Id, "direction": st[0], "action": st[1]}
			switch {
			case i == len(stepsAhead)-1: // without a month
			case i < 2:
				fields["due"], fields["done_at"], fields["reflection"] = day(year.From.AddDate(0, i+1, 0)), day(year.From.AddDate(0, i+1, 0)), st[2]
			default:
				fields["due"] = day(year.From.AddDate(0, i+2, 0))
			}
			s.save(schema.RouteSteps, fields)
		}
		s.save(schema.ContestResults, map[string]any{"teacher": going.Id, "title": "Школьный конкурс методических разработок",
			"level": "school", "place": "winner", "date": day(monthsAgo(2))})
		s.dynamics(going.Id, kind, now.Year(), 76, 72)

		// a route drafted after its diagnosis, and a mentor for its teacher
		if len(teachers) >= 4 {
			fresh, mentor := teachers[2], teachers[3]
			r = s.save(schema.Routes, map[string]any{"teacher": fresh.Id, "theme": themes[oi%len(themes)][2], "status": "draft",
				"period_start": day(now), "period_end": day(year.To), "deficits": []string{"psych_ped"}, "category_at_start": "none"})
			s.diagnosis(fresh.Id, r, "initial", [6]int{3, 3, 1, 2, 3, 2})
			s.update(mentor, map[string]any{"mentor": true})
			s.save(schema.Mentorships, map[string]any{"mentor": mentor.Id, "mentees": []string{fresh.Id}, "form": "pair",
				"organization": org.Id, "program": "Адаптация молодого педагога: планирование уроков и работа с классом",
				"start": day(year.From), "end": day(year.To)})
			s.save(schema.Attestations, map[string]any{"teacher": mentor.Id, "year": now.Year() + 1, "category_current": "first",
				"category_sought": "highest", "result": "planned"})
		}
		if !group && len(teachers) >= 5 {
			group = true
			// a group: one mentor, several teachers of the school
			s.save(schema.Mentorships, map[string]any{"mentor": teachers[0].Id, "mentees": []string{teachers[1].Id, teachers[4].Id},
				"form": "group", "organization": org.Id, "program": "Функциональная грамотность: общий банк заданий",
				"start": day(year.From.AddDate(-1, 0, 0)), "end": day(now.AddDate(0, 0, -10))})
		} else if !team && len(teachers) >= 3 {
			team = true
			s.save(schema.Mentorships, map[string]any{"mentor": teachers[2].Id, "mentees": []string{teachers[0].Id, teachers[1].Id},
				"form": "team", "organization": org.Id, "program": "Проектная команда «Школьный музей»",
				"start": day(year.From), "end": day(year.To)})
		}
	}
	for code, bt := range iom.SeedTargets {
		s.save(schema.IndicatorTargets, map[string]any{"indicator": code, "year": year.To.Year(), "base": bt[0], "target": bt[1]})
	}
	return s.err
}

// themes of self-education, three a school in turn.
var themes = [][3]string{
	{"Формирование функциональной грамотности на уроках математики", "Смысловое чтение на уроках истории", "Организация проектной деятельности в 5–6 классах"},
	{"Цифровые инструменты в преподавании физики", "Развитие речи дошкольников через театрализованную игру", "Формирующее оценивание на уроках русского языка"},
	{"Исследовательская деятельность на уроках биологии", "Наставничество: от молодого педагога к мастеру", "Читательская грамотность в начальной школе"},
}

// stepsDone are the steps of a completed route: direction, what, what came of it.
var stepsDone = [][3]string{
	{"self_education", "Изучить литературу по функциональной грамотности", "Составлен список из 12 источников и конспект приёмов"},
	{"courses", "Курсы ПК «Функциональная грамотность: от заданий к уроку», 36 ч", "Получено удостоверение, разработаны 5 заданий"},
	{"peer_lessons", "Посетить уроки коллег по теме", "Посещено 4 урока, проведён анализ"},
	{"events", "Вебинар регионального института развития образования", "Приёмы работы с текстом опробованы в 7 классе"},
	{"programme_support", "Пополнить рабочую программу заданиями PISA-типа", "В программу включено 20 заданий"},
	{"mentoring", "Совместные уроки с наставником", "Проведено 2 совместных урока"},
	{"school_methodical_work", "Выступить на заседании ШМО", "Доклад «Контекстные задачи на уроке»"},
	{"generalization", "Провести мастер-класс для учителей района", "Мастер-класс на районном методическом дне"},
	{"self_analysis", "Самоанализ продвижения по маршруту", "Написан отчёт, дефициты устранены"},
}

// stepsAhead are the steps of a route in progress.
var stepsAhead = [][3]string{
	{"self_education", "Изучить методические рекомендации по теме", "Прочитаны рекомендации, выписаны приёмы"},
	{"courses", "Курсы ПК «Цифровая образовательная среда», 24 ч", "Освоены онлайн-тренажёры"},
	{"peer_lessons", "Посетить уроки наставника", ""},
	{"school_methodical_work", "Выступить на педсовете", ""},
	{"self_analysis", "Промежуточный самоанализ", ""},
}

// saver creates the year's records, stopping at the first failure.
type saver struct {
	app core.App
	err error
}

func (s *saver) save(collection string, fields map[string]any) *core.Record {
	if s.err != nil {
		return &core.Record{}
	}
	c, err := s.app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		s.err = fmt.Errorf("demo year: %w", err)
		return &core.Record{}
	}
	r := core.NewRecord(c)
	r.Load(fields)
	if err := s.app.Save(r); err != nil {
		s.err = fmt.Errorf("demo year: %s: %w", collection, err)
	}
	return r
}

func (s *saver) update(r *core.Record, fields map[string]any) {
	if s.err != nil {
		return
	}
	r.Load(fields)
	if err := s.app.Save(r); err != nil {
		s.err = fmt.Errorf("demo year: %s: %w", r.Collection().Name, err)
	}
}

func (s *saver) diagnosis(teacher string, route *core.Record, stage string, v [6]int) {
	fields := map[string]any{"teacher": teacher, "route": route.Id, "stage": stage}
	for i, area := range schema.Deficits {
		fields[area] = v[i]
	}
	s.save(schema.Diagnostics, fields)
}

// dynamics records the pupils' results of the year before and of year.
func (s *saver) dynamics(teacher, kind string, year int, before, now float64) {
	s.save(schema.ResultDynamics, map[string]any{"teacher": teacher, "year": year - 1, "kind": kind, "value": before})
	s.save(schema.ResultDynamics, map[string]any{"teacher": teacher, "year": year, "kind": kind, "value": now})
}
