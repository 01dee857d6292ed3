package web

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"sync"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/onboard"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// The onboarding of a school's folder (internal/onboard) as an upload:
// a deputy director (or a curator, choosing the school) sends a ZIP of
// the folder, the drafts are created through the API's door in one
// transaction, and the report is shown and offered as CSV. The archive
// is read where it was uploaded and never stored; it is no attachment
// (uploads refuse ZIP files).

// maxOnboardZip bounds the archive, under the CMS's form limit.
const maxOnboardZip = 100 << 20

// onboardLimits bound what the archive unpacks to: no more than a
// document's upload checks allow one document.
var onboardLimits = onboard.Limits{MaxFiles: 1000, MaxFileBytes: onboard.DefaultLimits.MaxFileBytes,
	MaxTotalBytes: 500 << 20, MaxDepth: onboard.DefaultLimits.MaxDepth}

// lastReports keeps each person's last report as the rows of its CSV,
// for the download beside it: the archive is not kept to run again.
var lastReports = struct {
	sync.Mutex
	rows map[reportKey][][]string
}{rows: map[reportKey][][]string{}}

type reportKey struct {
	s    *Server
	user string
}

type onboardData struct {
	Schools  []*core.Record // a curator chooses; a deputy director has one
	School   string
	DryRun   bool
	MaxMB    int
	MaxFiles int
	Report   *onboard.Report
	Groups   []onboardGroup
	Message  string // what the run did
	Problems []string
	HasCSV   bool
	T        onboardTexts
}

// onboardTexts are the page's words (internal/ru).
type onboardTexts struct {
	Title, Intro, School, Archive, ArchiveHint, DryRun, Submit, CSV             string
	File, TitleCol, TitleFrom, Guessed, Type, Levels, Subjects, Authors, Reason string
}

var onboardWords = onboardTexts{Title: ru.OnboardTitle, Intro: ru.OnboardIntro, School: ru.OnboardSchool,
	Archive: ru.OnboardArchive, ArchiveHint: fmt.Sprintf(ru.OnboardArchiveHint, maxOnboardZip>>20, onboardLimits.MaxFiles),
	DryRun: ru.OnboardDryRun, Submit: ru.OnboardSubmit, CSV: ru.OnboardCSV, File: ru.OnboardColFile, TitleCol: ru.OnboardColTitle,
	TitleFrom: ru.OnboardColTitleFrom, Guessed: ru.OnboardColGuessed,
	Type: ru.OnboardColType, Levels: ru.OnboardColLevels, Subjects: ru.OnboardColSubjects, Authors: ru.OnboardColAuthors,
	Reason: ru.OnboardColReason}

// onboardGroup is the files of one outcome, for the report's sections.
type onboardGroup struct {
	Title string
	Items []*onboard.Item
}

func (s *Server) onboardData(r *http.Request, u *core.Record) onboardData {
	d := onboardData{MaxMB: maxOnboardZip >> 20, MaxFiles: onboardLimits.MaxFiles, School: u.GetString("organization"), T: onboardWords}
	if u.GetString("role") == schema.RoleCurator {
		d.School = r.FormValue("school")
		d.Schools = s.options(r, schema.Organizations, "kind != 'methodical_service'", nil, "organizations.name", 0)
	}
	lastReports.Lock()
	_, d.HasCSV = lastReports.rows[reportKey{s, u.Id}]
	lastReports.Unlock()
	return d
}

func (s *Server) onboardPage(w http.ResponseWriter, r *http.Request, u *core.Record) {
	s.render(w, r, http.StatusOK, "onboard", page{Title: ru.OnboardTitle, User: u, Section: "onboard", Data: s.onboardData(r, u)})
}

// onboardRun reads the uploaded archive, and creates the drafts unless
// only a check is asked for.
func (s *Server) onboardRun(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d := s.onboardData(r, u)
	d.DryRun = r.FormValue("dry_run") != ""
	show := func(status int, errs map[string]string) {
		s.render(w, r, status, "onboard", page{Title: ru.OnboardTitle, User: u, Section: "onboard", Data: d, Errors: errs})
	}
	// the school as the person may see it: a deputy director's own, any
	// for a curator
	org, err := recordapi.View(event(r), schema.Organizations, d.School)
	if d.School == "" || err != nil {
		show(http.StatusUnprocessableEntity, map[string]string{"school": ru.OnboardNoSchool})
		return
	}
	var archives []*multipart.FileHeader
	if r.MultipartForm != nil {
		archives = r.MultipartForm.File["archive"]
	}
	if len(archives) != 1 {
		show(http.StatusUnprocessableEntity, map[string]string{"archive": ru.OnboardNoArchive})
		return
	}
	size := archives[0].Size
	if size > maxOnboardZip {
		show(http.StatusUnprocessableEntity, map[string]string{"archive": fmt.Sprintf(ru.OnboardArchiveLarge, maxOnboardZip>>20)})
		return
	}
	f, err := archives[0].Open()
	if err != nil {
		s.fail(w, r, u, http.StatusBadRequest, ru.WebBadForm, err)
		return
	}
	defer f.Close()
	// kept open until the drafts are written: each is read again then
	entries, err := onboard.ReadZip(f, size, onboardLimits)
	var limit *onboard.LimitError
	if errors.As(err, &limit) {
		show(http.StatusUnprocessableEntity, map[string]string{"archive": limit.Message})
		return
	}
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	bank, err := s.onboardBank(r, org.Id)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	// a person who leaves the page cancels the run: nothing is written
	report, err := onboard.Analyze(r.Context(), entries, bank)
	if err != nil {
		s.fail(w, r, u, http.StatusInternalServerError, ru.WebError, err)
		return
	}
	d.Report = report
	if d.DryRun {
		d.Message = ru.OnboardDryRunDone
	} else {
		err := onboard.Write(r.Context(), report, org.Id, s.onboardTransactor(r))
		var save *onboard.SaveError
		switch {
		case errors.As(err, &save):
			for _, p := range save.Problems {
				d.Problems = append(d.Problems, p.String())
			}
			d.Message = fmt.Sprintf(ru.OnboardNothingSaved, save.Problems[0].String())
		case err != nil:
			s.logCause(r, ru.WebError, err)
			d.Message = fmt.Sprintf(ru.OnboardNothingSaved, ru.WebError)
		default:
			d.Message = fmt.Sprintf(ru.OnboardWritten, report.Count(onboard.Draft))
		}
	}
	for _, o := range onboard.Outcomes {
		g := onboardGroup{Title: onboard.OutcomeTitle(o)}
		for _, it := range report.Items {
			if it.Outcome == o {
				g.Items = append(g.Items, it)
			}
		}
		if len(g.Items) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	lastReports.Lock()
	lastReports.rows[reportKey{s, u.Id}] = report.Rows(s.Settings.BaseURL)
	lastReports.Unlock()
	d.HasCSV = true
	show(http.StatusOK, nil)
}

// onboardBank is the school's teachers and materials as the person may
// list them.
func (s *Server) onboardBank(r *http.Request, org string) (*onboard.Bank, error) {
	teachers, err := s.list(r, schema.Teachers, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.HashExp{"teachers.organization": org})
	}, "teachers.name", 0)
	if err != nil {
		return nil, err
	}
	materials, err := s.list(r, schema.Materials, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.HashExp{"materials.organization": org})
	}, "materials.created", 0)
	if err != nil {
		return nil, err
	}
	return onboard.NewBank(s.App, teachers, materials)
}

// onboardTransactor creates the drafts as the person of r, through the
// API's door (its create rule and hooks), all in one transaction; a
// refusal is told in the CMS's words.
func (s *Server) onboardTransactor(r *http.Request) onboard.Transactor {
	return func(fn func(onboard.Creator) error) error {
		return recordapi.Transaction(event(r), func(tx *core.RequestEvent) error {
			return fn(func(data map[string]any) (*core.Record, error) {
				rec, err := recordapi.Create(tx, schema.Materials, data)
				if err == nil {
					return rec, nil
				}
				if denied(err) {
					s.logCause(r, ru.WebForbiddenTitle, err)
					return nil, validation.Errors{"form": validation.NewError("forbidden", ru.WebForbiddenTitle)}
				}
				out := validation.Errors{}
				for field, msg := range s.formErrors(r, err) {
					out[field] = validation.NewError("refused", msg)
				}
				return nil, out
			})
		})
	}
}

// onboardCSV sends the person's last report as CSV.
func (s *Server) onboardCSV(w http.ResponseWriter, r *http.Request, u *core.Record) {
	lastReports.Lock()
	rows, ok := lastReports.rows[reportKey{s, u.Id}]
	lastReports.Unlock()
	if !ok {
		s.fail(w, r, u, http.StatusNotFound, ru.OnboardNoReport, nil)
		return
	}
	s.sendCSV(w, r, "onboard.csv", rows)
}
