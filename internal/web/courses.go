package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/methodwork"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// courseLine is a teacher on the schedule of course training («график
// прохождения курсов»).
type courseLine struct {
	Teacher, TeacherID, School string
	Last                       string // the last completed course, «нет сведений» when none
	LastTitle                  string
	Due                        string // when the next one is due
	Overdue                    bool
	Planned                    []string // planned courses: title and dates
}

// courseReportRow counts a school's courses completed in a school year.
type courseReportRow struct {
	School                      string
	Teachers, Trained, Overdue  int
	Courses, Hours, Planned     int
	FullTime, PartTime, Distant int
}

type coursesData struct {
	Year    int
	Years   []int
	School  string
	Schools []*core.Record
	Curator bool
	Lines   []courseLine
	Report  []courseReportRow
	Query   string
}

// coursesOf is the course training of the teachers the person of r may
// read: each teacher's last course, whether three years have passed, the
// planned ones, and a report of the school year by school.
func (s *Server) coursesOf(r *http.Request, u *core.Record) (coursesData, error) {
	d := coursesData{Curator: u.GetString("role") == schema.RoleCurator, School: r.URL.Query().Get("school")}
	d.Year, d.Years = s.schoolYearParam(r)
	if !d.Curator {
		d.School = u.GetString("organization")
	}
	schools, names, teachers, err := s.schoolsAndTeachers(r)
	if err != nil {
		return d, err
	}
	d.Schools = schools
	courses, err := s.list(r, schema.Courses, nil, "courses.end", 0)
	if err != nil {
		return d, err
	}
	loc := s.location()
	now := s.now().In(loc)
	from := time.Date(d.Year, time.September, 1, 0, 0, 0, 0, loc)
	to := from.AddDate(1, 0, 0)
	last := map[string]*core.Record{}
	planned := map[string][]string{}
	byID := map[string]*courseReportRow{}
	row := func(org string) *courseReportRow {
		if byID[org] == nil {
			byID[org] = &courseReportRow{School: names[org]}
		}
		return byID[org]
	}
	trained := map[string]bool{}
	for _, c := range courses {
		t := teachers[c.GetString("teacher")]
		if t == nil || (d.School != "" && t.Organization() != d.School) {
			continue
		}
		end := c.GetDateTime("end").Time()
		if c.GetString("status") == "planned" {
			when := ""
			if st := c.GetDateTime("start"); !st.IsZero() {
				when = ", " + ru.Date(st.Time().In(loc))
			}
			planned[t.Id] = append(planned[t.Id], c.GetString("title")+when)
			if start := c.GetDateTime("start").Time(); start.IsZero() || (!start.Before(from) && start.Before(to)) {
				row(t.Organization()).Planned++
			}
			continue
		}
		if prev := last[t.Id]; prev == nil || end.After(prev.GetDateTime("end").Time()) {
			last[t.Id] = c
		}
		if !end.IsZero() && !end.Before(from) && end.Before(to) {
			rr := row(t.Organization())
			rr.Courses++
			rr.Hours += c.GetInt("hours")
			switch c.GetString("form") {
			case "full_time":
				rr.FullTime++
			case "part_time":
				rr.PartTime++
			case "distance":
				rr.Distant++
			}
			if !trained[t.Id] {
				trained[t.Id] = true
				rr.Trained++
			}
		}
	}
	for _, t := range teachers {
		if d.School != "" && t.Organization() != d.School {
			continue
		}
		if _, isSchool := names[t.Organization()]; !isSchool {
			continue
		}
		line := courseLine{Teacher: t.Name(), TeacherID: t.Id, School: names[t.Organization()], Last: ru.CoursesNone, Planned: planned[t.Id]}
		var lastEnd time.Time
		if c := last[t.Id]; c != nil {
			lastEnd = c.GetDateTime("end").Time()
			line.LastTitle = c.GetString("title")
			if !lastEnd.IsZero() {
				line.Last = ru.Date(lastEnd.In(loc))
				line.Due = ru.Date(methodwork.CourseDue(lastEnd).In(loc))
			}
		}
		line.Overdue = methodwork.CourseOverdue(lastEnd, now)
		rr := row(t.Organization())
		rr.Teachers++
		if line.Overdue {
			rr.Overdue++
		}
		d.Lines = append(d.Lines, line)
	}
	sort.SliceStable(d.Lines, func(i, j int) bool {
		if d.Lines[i].School != d.Lines[j].School {
			return d.Lines[i].School < d.Lines[j].School
		}
		return d.Lines[i].Teacher < d.Lines[j].Teacher
	})
	for _, rr := range byID {
		d.Report = append(d.Report, *rr)
	}
	sort.Slice(d.Report, func(i, j int) bool { return d.Report[i].School < d.Report[j].School })
	d.Query = "?" + filters("year", strconv.Itoa(d.Year), "school", map[bool]string{true: d.School}[d.Curator])
	return d, nil
}

// courses shows the schedule of course training and the year's report.
func (s *Server) courses(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.coursesOf(r, u)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	s.render(w, r, http.StatusOK, "courses", page{Title: ru.CoursesTitle, User: u, Data: d, Section: "courses"})
}

// coursesTable is the report and the schedule as rows of a spreadsheet.
func coursesTable(d coursesData) [][]string {
	rows := [][]string{{ru.CoursesReport, fmt.Sprintf(ru.PlanSchoolYear, d.Year, d.Year+1)},
		{ru.RegSchool, "Педагогов", "Прошли курсы", ru.CoursesCompleted, ru.CoursesHours, ru.CoursesPlanned, ru.CoursesOverdue}}
	for _, r := range d.Report {
		rows = append(rows, []string{r.School, strconv.Itoa(r.Teachers), strconv.Itoa(r.Trained), strconv.Itoa(r.Courses),
			strconv.Itoa(r.Hours), strconv.Itoa(r.Planned), strconv.Itoa(r.Overdue)})
	}
	rows = append(rows, []string{}, []string{ru.CoursesSchedule},
		[]string{ru.RegTeacher, ru.RegSchool, ru.CoursesLast, ru.CoursesNext, ru.CoursesPlanned})
	for _, l := range d.Lines {
		due := l.Due
		if l.Overdue {
			due = ru.CoursesOverdue
		}
		planned := ""
		for i, p := range l.Planned {
			if i > 0 {
				planned += "; "
			}
			planned += p
		}
		rows = append(rows, []string{l.Teacher, l.School, l.Last, due, planned})
	}
	return rows
}

// coursesCSV is the report and the schedule for a spreadsheet.
func (s *Server) coursesCSV(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.coursesOf(r, u)
	if err != nil {
		s.logCause(r, ru.WebError, err)
		http.Error(w, ru.WebError, http.StatusInternalServerError)
		return
	}
	s.sendCSV(w, r, fmt.Sprintf("kursy-%d.csv", d.Year), coursesTable(d))
}

// courseCertificate sends the scan of a course's «удостоверение» to those
// who may read the course.
func (s *Server) courseCertificate(w http.ResponseWriter, r *http.Request, u *core.Record) {
	c, err := recordapi.View(event(r), schema.Courses, r.PathValue("id"))
	if err != nil || c.GetString("certificate") == "" {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	s.sendRecordFile(w, r, u, c, c.GetString("certificate"), c.GetString("certificate"))
}
