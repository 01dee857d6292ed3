package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/methodwork"
	"github.com/kopilka/kopilka/internal/schema"
)

// planLine is an item of a school's annual plan in seed 001's words:
// section, content, period, the months or the day it falls on, who
// answers for it and what it should give.
type planLine struct {
	section, content, period string
	months                   []string
	month, day, days         int    // a date: the month and day, and how many days it runs
	who                      string // a role, in words
	byMO                     bool   // the school's first ШМО answers for it
	byTeacher                bool   // a teacher of the school answers for it
	expected                 string
}

// schoolPlan is a school's methodical plan for a year, after seed 001:
// every month from September to May has its items.
var schoolPlan = []planLine{
	{section: "Курсовая подготовка", content: "Составление графика прохождения педагогами курсов повышения квалификации", period: "month", months: []string{"sep"},
		who: "Заместитель директора по УВР", expected: "Перспективный план курсовой переподготовки"},
	{section: "Курсовая подготовка", content: "Изучение банка программ повышения квалификации. Составление заявок по прохождению курсов", period: "quarterly",
		who: "Заместитель директора по УВР", expected: "Организация прохождения курсов"},
	{section: "Курсовая подготовка", content: "Контроль за прохождением курсов повышения квалификации, корректировка плана повышения квалификации", period: "year",
		who: "Заместитель директора по УВР", expected: "Организованное прохождение курсов. Получение удостоверений"},
	{section: "Аттестация", content: "Уточнение списка аттестуемых педагогических работников", period: "month", months: []string{"sep"},
		who: "Заместитель директора по УВР", expected: "Список аттестуемых руководящих и педагогических работников"},
	{section: "Аттестация", content: "Теоретический семинар «Нормативно-правовая база и методические рекомендации по вопросу аттестации»", period: "month", months: []string{"oct"},
		who: "Заместитель директора по УВР", expected: "Принятие решения о прохождении аттестации педагогами. Подача заявления"},
	{section: "Аттестация", content: "Индивидуальные консультации по заполнению заявлений при прохождении аттестации", period: "schedule",
		who: "Заместитель директора по УВР", expected: "Рекомендации педагогам"},
	{section: "Распространение опыта", content: "Пополнение методической копилки", period: "month", months: []string{"nov", "dec", "mar", "may"},
		byMO: true, who: "Руководители ШМО", expected: "Конспекты, тезисы, доклады: от каждого МО по 4 материала за учебный год (по 1 в четверть)"},
	{section: "Распространение опыта", content: "Открытые уроки педагогов. Работа по заполнению портфолио педагогов", period: "year",
		who: "Заместитель директора по УВР, руководители ШМО, учителя-предметники", expected: "Материал опыта"},
	{section: "Педагогический совет", content: "Педагогический совет «Функциональная грамотность: от диагностики к уроку»", period: "date", month: 11, day: 12,
		who: "Заместитель директора по УВР", expected: "Решение педсовета, план мероприятий по функциональной грамотности"},
	{section: "Предметные недели", content: "Неделя русского языка и литературы", period: "date", month: 12, day: 8, days: 5,
		byTeacher: true, who: "учителя-предметники", expected: "Повышение интереса к предмету, материалы для копилки"},
	{section: "Предметные недели", content: "Неделя математики", period: "date", month: 1, day: 26, days: 5,
		byTeacher: true, who: "учителя-предметники", expected: "Развитие интереса к математике, открытые уроки"},
	{section: "Распространение опыта", content: "Методический день «Методический калейдоскоп»", period: "month", months: []string{"feb"},
		byMO: true, who: "руководители ШМО", expected: "Повышение профессионального мастерства, обмен опытом"},
	{section: "Методический совет", content: "Заседание методического совета: итоги III четверти, подготовка к ВПР", period: "month", months: []string{"mar"},
		who: "Заместитель директора по УВР", expected: "Анализ результатов, план подготовки к ВПР"},
	{section: "Предметные недели", content: "Неделя естественных наук", period: "date", month: 4, day: 13, days: 5,
		byTeacher: true, who: "учителя-предметники", expected: "Исследовательские работы обучающихся"},
	{section: "Курсовая подготовка", content: "Отчёт по повышению квалификации педагогов школы", period: "month", months: []string{"may"},
		who: "Заместитель директора по УВР", expected: "Прохождение квалификации"},
	{section: "Аттестация", content: "Отчёт по аттестации педагогических и руководящих работников школы", period: "month", months: []string{"may"},
		who: "Заместитель директора по УВР", expected: "Мониторинг"},
	{section: "Работа ШМО", content: "Подготовка к творческому отчёту МО", period: "quarter",
		byMO: true, who: "Руководители ШМО", expected: "Творческий отчёт МО"},
}

// municipalPlan is the methodical service's plan for the municipality.
var municipalPlan = []planLine{
	{section: "Школа завуча", content: "Совещание заместителей директоров по УВР", period: "quarterly",
		who: "Методисты ИМЦ", expected: "Единые подходы к методической работе школ"},
	{section: "Школа молодого учителя", content: "Занятия школы молодого учителя", period: "month", months: []string{"oct", "dec", "feb", "apr"},
		who: "Методисты ИМЦ, наставники", expected: "Адаптация молодых педагогов"},
	{section: "РМО", content: "Заседания районных методических объединений", period: "month", months: []string{"sep", "jan", "may"},
		byMO: true, who: "Руководители РМО", expected: "Планы РМО, обмен опытом"},
	{section: "Конкурсы", content: "Муниципальный конкурс «Педагог года»", period: "month", months: []string{"feb"},
		who: "ИМЦ", expected: "Выявление и распространение лучших практик"},
	{section: "Методическая копилка", content: "Экспертиза материалов, поступивших в методическую копилку", period: "year",
		who: "Методисты ИМЦ", expected: "Опубликованные материалы и лучшие практики"},
}

// seedStructure gives the demo municipality its methodical structure of
// the school year: two ШМО in each school with the materials they handed
// in, an РМО of the municipality, each school's annual plan and the
// municipal one, the teachers' course training over four years, lesson
// visits within mentorships, and mentorships across schools — one
// confirmed, one proposed.
func seedStructure(app core.App, now time.Time) error {
	schools, err := app.FindRecordsByFilter(schema.Organizations, "kind = 'school' || kind = 'kindergarten'", "slug", 0, 0)
	if err != nil {
		return fmt.Errorf("demo structure: %w", err)
	}
	services, err := app.FindRecordsByFilter(schema.Organizations, "kind = 'methodical_service'", "slug", 1, 0)
	if err != nil {
		return fmt.Errorf("demo structure: %w", err)
	}
	loc := now.Location()
	year := methodwork.SchoolYearOf(now)
	day := func(t time.Time) types.DateTime {
		d, _ := types.ParseDateTime(time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, time.UTC))
		return d
	}
	s := &saver{app: app}
	var rmoMembers []string
	var firstTeachers []*core.Record
	for i, org := range schools {
		teachers, err := app.FindRecordsByFilter(schema.Teachers, "organization = {:o}", "slug", 0, 0, map[string]any{"o": org.Id})
		if err != nil {
			return fmt.Errorf("demo structure: %w", err)
		}
		if len(teachers) == 0 {
			continue
		}
		firstTeachers = append(firstTeachers, teachers[0])
		materials, err := app.FindRecordsByFilter(schema.Materials, "organization = {:o} && status = 'published'", "published_at", 0, 0, map[string]any{"o": org.Id})
		if err != nil {
			return fmt.Errorf("demo structure: %w", err)
		}
		events, err := app.FindRecordsByFilter(schema.Events, "organizer = {:o}", "start", 0, 0, map[string]any{"o": org.Id})
		if err != nil {
			return fmt.Errorf("demo structure: %w", err)
		}
		// two ШМО: the first half of the teachers and the second
		half := (len(teachers) + 1) / 2
		ids := func(rs []*core.Record) []string {
			out := make([]string, len(rs))
			for i, r := range rs {
				out[i] = r.Id
			}
			return out
		}
		var mats1, mats2 []string
		for j, m := range materials {
			if j%2 == 0 {
				mats1 = append(mats1, m.Id)
			} else {
				mats2 = append(mats2, m.Id)
			}
		}
		var meetings []string
		for _, e := range events {
			if e.GetString("kind") == "mo-meeting" || e.GetString("kind") == "subject-week" || e.GetString("kind") == "method-day" {
				meetings = append(meetings, e.Id)
			}
		}
		// the materials each ШМО handed in this year, one a quarter so far;
		// the second ШМО missed the first quarter
		handIn := func(mats []string, skipFirst bool) {
			next := 0
			for q := 0; q < 4 && next < len(mats); q++ {
				start := methodwork.QuarterStart(year, q, loc)
				if !start.Before(now) {
					break
				}
				if skipFirst && q == 0 {
					continue
				}
				when := start.AddDate(0, 0, 20)
				if !when.Before(now) {
					when = now.AddDate(0, 0, -1)
				}
				for _, m := range materials {
					if m.Id == mats[next] {
						s.update(m, map[string]any{"published_at": day(when)})
					}
				}
				next++
			}
		}
		handIn(mats1, false)
		handIn(mats2, true)
		kind := "school_mo"
		mo1 := s.save(schema.Associations, map[string]any{"name": "ШМО учителей естественно-математического цикла", "kind": kind,
			"organization": org.Id, "subjects": []string{"математика", "физика", "информатика", "биология"},
			"head": teachers[0].Id, "members": ids(teachers[:half]), "year": year,
			"theme":     "Формирование функциональной грамотности обучающихся на уроках естественно-математического цикла",
			"materials": mats1, "events": meetings,
			"about": "Объединение учителей математики, физики, информатики и биологии. Заседания — раз в четверть."})
		if half < len(teachers) {
			s.save(schema.Associations, map[string]any{"name": "ШМО учителей гуманитарного цикла", "kind": kind,
				"organization": org.Id, "subjects": []string{"русский язык", "литература", "история", "обществознание"},
				"head": teachers[half].Id, "members": ids(teachers[half:]), "year": year,
				"theme": "Смысловое чтение и работа с информацией на уроках гуманитарного цикла", "materials": mats2,
				"about": "Объединение учителей русского языка, литературы, истории и обществознания."})
		}
		rmoMembers = append(rmoMembers, teachers[0].Id)

		// the school's plan of the year
		deputy := teachers[len(teachers)-1]
		for _, l := range schoolPlan {
			fields := map[string]any{"organization": org.Id, "year": year, "section": l.section, "content": l.content,
				"period": l.period, "responsible_text": l.who, "expected_result": l.expected, "months": l.months}
			switch l.period {
			case "date":
				y := year
				if l.month < 9 {
					y++
				}
				start := time.Date(y, time.Month(l.month), l.day, 9, 0, 0, 0, loc)
				fields["date"] = day(start)
				if l.days > 1 {
					fields["date_end"] = day(start.AddDate(0, 0, l.days-1))
				}
				fields["done"] = start.Before(now)
			case "month":
				first := l.months[0]
				m := methodwork.MonthOfCode(first)
				y := year
				if m < time.September {
					y++
				}
				fields["done"] = time.Date(y, m+1, 1, 0, 0, 0, 0, loc).Before(now)
			case "quarter":
				fields["quarter"] = 2
			}
			if l.byMO {
				fields["responsible_association"] = mo1.Id
			}
			if l.byTeacher {
				fields["responsible"] = []string{teachers[i%len(teachers)].Id}
			} else if l.who == "Заместитель директора по УВР" {
				fields["responsible"] = []string{deputy.Id}
			}
			s.save(schema.PlanItems, fields)
		}

		// course training over four years: some teachers are overdue
		for j, t := range teachers {
			ago := j % 5 // years since the last course: 0 … 4
			end := now.AddDate(-ago, -2, 0)
			s.save(schema.Courses, map[string]any{"teacher": t.Id, "title": courseTitles[j%len(courseTitles)], "provider": "Институт развития образования",
				"hours": []int{36, 72, 24, 108, 16}[j%5], "form": schema.CourseForms[j%len(schema.CourseForms)],
				"start": day(end.AddDate(0, 0, -20)), "end": day(end), "status": "completed",
				"certificate_number": fmt.Sprintf("ПК-%d-%04d", end.Year(), 100+i*20+j)})
			if ago >= 3 {
				next := now.AddDate(0, 2, 0)
				s.save(schema.Courses, map[string]any{"teacher": t.Id, "title": "Реализация требований обновлённых ФГОС", "provider": "Институт развития образования",
					"hours": 36, "form": "distance", "start": day(next), "end": day(next.AddDate(0, 0, 14)), "status": "planned"})
			}
		}

		// lesson visits within the school's pair mentorships
		pairs, err := app.FindRecordsByFilter(schema.Mentorships, "organization = {:o} && form = 'pair'", "", 0, 0, map[string]any{"o": org.Id})
		if err != nil {
			return fmt.Errorf("demo structure: %w", err)
		}
		for _, p := range pairs {
			mentees := p.GetStringSlice("mentees")
			if len(mentees) == 0 {
				continue
			}
			s.save(schema.LessonVisits, map[string]any{"teacher": mentees[0], "visitor": p.GetString("mentor"), "date": day(now.AddDate(0, 0, -21)),
				"lesson": "6 класс, урок открытия нового знания", "purpose": "Организация работы с классом",
				"analysis":   "Цели урока достигнуты. Рекомендовано разнообразить формы обратной связи и оставить время на рефлексию.",
				"mentorship": p.Id})
			s.save(schema.LessonVisits, map[string]any{"teacher": p.GetString("mentor"), "visitor": mentees[0], "date": day(now.AddDate(0, 0, -35)),
				"lesson": "7 класс, урок-практикум", "purpose": "Приёмы формирующего оценивания", "mentorship": p.Id,
				"analysis": "Отмечены приёмы: лист самооценки, «светофор», взаимопроверка по образцу."})
		}
	}

	// the municipality: an РМО and its plan
	if len(services) == 1 {
		ms := services[0]
		rmo := s.save(schema.Associations, map[string]any{"name": "РМО учителей математики", "kind": "rmo", "organization": ms.Id,
			"subjects": []string{"математика"}, "members": rmoMembers, "year": year,
			"theme": "Функциональная грамотность: математическая грамотность в основной школе",
			"about": "Районное методическое объединение учителей математики: заседания раз в четверть, открытые уроки, банк заданий."})
		if len(rmoMembers) > 0 {
			s.update(rmo, map[string]any{"head": rmoMembers[0]})
		}
		for _, l := range municipalPlan {
			fields := map[string]any{"organization": ms.Id, "year": year, "section": l.section, "content": l.content,
				"period": l.period, "responsible_text": l.who, "expected_result": l.expected, "months": l.months}
			if l.byMO {
				fields["responsible_association"] = rmo.Id
			}
			s.save(schema.PlanItems, fields)
		}
	}

	// mentorships across schools: a mentor of one school with a teacher of
	// another, confirmed; a team of the two schools, proposed
	var mentor, mentee *core.Record
	for _, org := range schools {
		if org.GetString("kind") != "school" {
			continue
		}
		if mentor == nil {
			mentor, _ = app.FindFirstRecordByFilter(schema.Teachers, "mentor = true && organization = {:o}", map[string]any{"o": org.Id})
			continue
		}
		for _, t := range firstTeachers {
			if t.GetString("organization") == org.Id && mentee == nil {
				mentee = t
			}
		}
	}
	if mentor != nil && mentee != nil && s.err == nil {
		s.save(schema.Mentorships, map[string]any{"mentor": mentor.Id, "mentees": []string{mentee.Id}, "form": "pair",
			"organization": mentee.GetString("organization"), "status": "confirmed",
			"program": "Наставник из другой школы: подготовка к муниципальному конкурсу «Педагог года»",
			"start":   day(now.AddDate(0, -2, 0)), "end": day(now.AddDate(0, 5, 0))})
		s.save(schema.Mentorships, map[string]any{"mentor": mentor.Id, "mentees": []string{mentee.Id}, "form": "team",
			"organization": mentee.GetString("organization"), "organizations": []string{mentor.GetString("organization")}, "status": "proposed",
			"program": "Сетевая команда двух школ: общий банк заданий по функциональной грамотности",
			"start":   day(now.AddDate(0, 1, 0)), "end": day(now.AddDate(1, 0, 0))})
	}
	seedAdoptions(s, schools)
	return s.err
}

// adoptionComments are what teachers wrote of using a material.
var adoptionComments = []string{
	"Провела урок в двух параллелях, дети работали в парах с интересом.",
	"Взяла только задания для самопроверки, сократила до 15 минут.",
	"Адаптировала для класса с детьми с ОВЗ: упростила инструкции.",
	"",
}

// seedAdoptions has teachers of other schools say they applied the first
// published materials: the busiest in three schools, comments let
// through or waiting for the author.
func seedAdoptions(s *saver, schools []*core.Record) {
	if s.err != nil || len(schools) == 0 {
		return
	}
	materials, err := s.app.FindRecordsByFilter(schema.Materials, "status = 'published'", "-published_at", 6, 0)
	if err != nil {
		s.err = fmt.Errorf("demo adoptions: %w", err)
		return
	}
	for i, m := range materials {
		for j := 0; j < 3-i/2; j++ {
			school := schools[(i+j+1)%len(schools)]
			fields := map[string]any{"material": m.Id, "school": school.Id, "kind": schema.AdoptionKinds[(i+j)%len(schema.AdoptionKinds)],
				"group": fmt.Sprintf("%d класс", 5+(i+j)%5)}
			if c := adoptionComments[(i+j)%len(adoptionComments)]; c != "" {
				fields["comment"] = c
				fields["comment_status"] = map[bool]string{true: "shown", false: "pending"}[j == 0]
			}
			s.save(schema.Adoptions, fields)
		}
	}
}

// courseTitles are the programmes of the demo's course training.
var courseTitles = []string{
	"Функциональная грамотность: от заданий к уроку",
	"Цифровая образовательная среда школы",
	"Формирующее оценивание в основной школе",
	"Наставничество в образовательной организации",
	"Обучение детей с ОВЗ в условиях инклюзии",
}
