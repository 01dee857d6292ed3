package pb_migrations

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Every form of methodical work the seeds name becomes a kind of event
// (seeds 002 and 003: образовательный тур, интенсив, форсайт-сессия, …),
// and an event of kind «другое» whose title names one of them takes it.
func init() {
	forms := []string{"educational-tour", "intensive", "educational-event", "focus-group", "communication-platform",
		"coaching", "trend-session", "foresight-session", "pitch-session", "methodical-landing", "tutor-consultation",
		"methodical-audit", "unified-method-day", "deputy-school", "young-teacher-school", "ped-readings"}
	m.Register(func(app core.App) error {
		events, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return fmt.Errorf("event forms: %w", err)
		}
		f, ok := events.Fields.GetByName("kind").(*core.SelectField)
		if !ok {
			return fmt.Errorf("event forms: events.kind is not a select")
		}
		for _, k := range forms {
			if !contains(f.Values, k) {
				f.Values = append(f.Values, k)
			}
		}
		if err := app.Save(events); err != nil {
			return fmt.Errorf("event forms: %w", err)
		}
		var others []struct {
			ID    string `db:"id"`
			Title string `db:"title"`
		}
		if err := app.DB().Select("id", "title").From("events").Where(dbx.HashExp{"kind": "other"}).All(&others); err != nil {
			return fmt.Errorf("event forms: %w", err)
		}
		for _, e := range others {
			if kind := formInTitle(e.Title); kind != "" {
				if _, err := app.DB().Update("events", dbx.Params{"kind": kind}, dbx.HashExp{"id": e.ID}).Execute(); err != nil {
					return fmt.Errorf("event forms: %w", err)
				}
			}
		}
		return nil
	}, func(app core.App) error {
		if _, err := app.DB().NewQuery("UPDATE {{events}} SET [[kind]] = 'other' WHERE [[kind]] IN ('" +
			strings.Join(forms, "','") + "')").Execute(); err != nil {
			return err
		}
		events, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		if f, ok := events.Fields.GetByName("kind").(*core.SelectField); ok {
			var kept []string
			for _, v := range f.Values {
				if !contains(forms, v) {
					kept = append(kept, v)
				}
			}
			f.Values = kept
		}
		return app.Save(events)
	})
}

// formsInTitles are words of an event's title that name a form of
// methodical work, the most specific first.
var formsInTitles = []struct{ words, kind string }{
	{"единый методический день", "unified-method-day"}, {"методический десант", "methodical-landing"},
	{"методического десанта", "methodical-landing"}, {"образовательный тур", "educational-tour"},
	{"образовательное событие", "educational-event"}, {"коммуникационная площадка", "communication-platform"},
	{"тьюторская консультация", "tutor-consultation"}, {"методический аудит", "methodical-audit"},
	{"школа молодого", "young-teacher-school"}, {"школа завуча", "deputy-school"}, {"педагогические чтения", "ped-readings"},
	{"фокус-групп", "focus-group"}, {"форсайт", "foresight-session"}, {"тренд-сесси", "trend-session"},
	{"питч", "pitch-session"}, {"интенсив", "intensive"}, {"коучинг", "coaching"},
}

// formInTitle is the form of methodical work an event's title names, or
// "" when it names none.
func formInTitle(title string) string {
	title = strings.ToLower(title)
	for _, f := range formsInTitles {
		if strings.Contains(title, f.words) {
			return f.kind
		}
	}
	return ""
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
