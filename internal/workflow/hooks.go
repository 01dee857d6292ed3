package workflow

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/shortcode"
	"github.com/kopilka/kopilka/internal/slug"
)

var workflowCollections = []string{schema.Materials, schema.Practices}

// Register binds the record rules to app. They run for every save — API,
// dashboard, import — except where a hook says it is about API requests.
func Register(app core.App) {
	app.OnRecordCreate().BindFunc(normalizeLineEndings)
	app.OnRecordUpdate().BindFunc(normalizeLineEndings)
	app.OnRecordCreate(model.SluggedCollections...).BindFunc(fillSlug)
	app.OnRecordCreate(schema.CodedCollections...).BindFunc(claimCode)
	app.OnRecordUpdate(schema.CodedCollections...).BindFunc(keepCode)
	app.OnRecordDelete(schema.CodedCollections...).BindFunc(retireCode)
	app.OnRecordCreate(workflowCollections...).BindFunc(stampPublication)
	app.OnRecordUpdate(workflowCollections...).BindFunc(stampPublication)

	app.OnRecordCreateRequest(workflowCollections...).BindFunc(checkCreateRequest)
	app.OnRecordUpdateRequest(workflowCollections...).BindFunc(checkUpdateRequest)
	app.OnRecordCreate(schema.Routes).BindFunc(themeOfProfile)
	app.OnRecordUpdate(schema.Routes).BindFunc(themeOfProfile)
	app.OnRecordCreateRequest(schema.Events).BindFunc(checkCodeNotGiven)
	app.OnRecordUpdateRequest(schema.Events).BindFunc(checkCodeUnchanged)
	app.OnRecordCreateRequest(schema.Mentorships).BindFunc(proposeAcrossSchools)
	app.OnRecordUpdateRequest(schema.Mentorships).BindFunc(proposeAcrossSchools)
}

// RoleOf returns the role of the user behind a request: a stored role, or
// RoleSuperuser, or RoleAnonymous.
func RoleOf(e *core.RequestEvent) string {
	if e.Auth == nil {
		return schema.RoleAnonymous
	}
	if e.Auth.IsSuperuser() {
		return schema.RoleSuperuser
	}
	return e.Auth.GetString("role")
}

func fillSlug(e *core.RecordEvent) error {
	r, ok := model.AsSlugged(e.Record)
	if ok && r.Slug() == "" {
		base := slug.Make(r.SlugSource())
		if base == "" {
			base = "zapis" // «запись»: a title with no letters to transliterate
		}
		collection := e.Record.Collection().Name
		s, err := slug.Unique(base, func(candidate string) (bool, error) {
			return model.SlugInUse(e.App, collection, candidate, e.Record.Id)
		})
		if err != nil {
			return fmt.Errorf("slug for %s: %w", collection, err)
		}
		r.SetSlug(s)
	}
	return e.Next()
}

// ErrCodeTaken is returned when a record asks for a QR code that is, or
// once was, another record's.
var ErrCodeTaken = &refusal.Error{Message: ru.MsgQRCodeTaken}

// ErrCodeInvalid is returned for a QR code that is not six Crockford
// base32 characters.
var ErrCodeInvalid = &refusal.Error{Message: ru.MsgQRCodeInvalid}

// claimCode gives a new record its QR code — the one it brings, when an
// import keeps a printed code, or a fresh one — and records it in the
// registry in the same transaction as the record itself.
func claimCode(e *core.RecordEvent) error {
	return e.App.RunInTransaction(func(tx core.App) error {
		e.App = tx
		r, ok := model.AsCoded(e.Record)
		if !ok {
			return e.Next()
		}
		code := r.QRCode()
		if code != "" {
			if !shortcode.Valid(code) {
				return ErrCodeInvalid
			}
			if err := register(tx, code, e.Record); err != nil {
				return err
			}
			return e.Next()
		}
		for attempt := 0; ; attempt++ {
			fresh, err := shortcode.New()
			if err != nil {
				return err
			}
			err = register(tx, fresh, e.Record)
			if errors.Is(err, ErrCodeTaken) && attempt < 20 {
				continue
			}
			if err != nil {
				return err
			}
			r.SetQRCode(fresh)
			return e.Next()
		}
	})
}

func register(app core.App, code string, record *core.Record) error {
	var existing struct {
		Id string `db:"id"`
	}
	err := app.DB().Select("id").From(schema.QRCodes).Where(dbx.HashExp{"code": code}).One(&existing)
	switch {
	case err == nil:
		return ErrCodeTaken
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("qr registry: %w", err)
	}
	if record.Id == "" {
		record.Id = core.GenerateDefaultRandomId()
	}
	codes, err := app.FindCachedCollectionByNameOrId(schema.QRCodes)
	if err != nil {
		return fmt.Errorf("qr registry: %w", err)
	}
	row := core.NewRecord(codes)
	row.Set("code", code)
	row.Set("target_collection", record.Collection().Name)
	row.Set("target_id", record.Id)
	if err := app.Save(row); err != nil {
		return fmt.Errorf("qr registry: %w", err)
	}
	return nil
}

func keepCode(e *core.RecordEvent) error {
	now, ok := model.AsCoded(e.Record)
	if !ok {
		return e.Next()
	}
	old, _ := model.AsCoded(e.Record.Original())
	if before := old.QRCode(); before != "" && now.QRCode() != before {
		return &refusal.Error{Message: ru.MsgQRCodeImmutable}
	}
	return e.Next()
}

// retireCode keeps the registry row as a tombstone: the code of a deleted
// record still answers "gone" and is never handed out again.
func retireCode(e *core.RecordEvent) error {
	return e.App.RunInTransaction(func(tx core.App) error {
		e.App = tx
		_, err := tx.DB().Update(schema.QRCodes, dbx.Params{"retired": true},
			dbx.HashExp{"target_collection": e.Record.Collection().Name, "target_id": e.Record.Id}).Execute()
		if err != nil {
			return fmt.Errorf("retire qr code: %w", err)
		}
		return e.Next()
	})
}

func stampPublication(e *core.RecordEvent) error {
	item := model.AsItem(e.Record)
	var was bool
	if !e.Record.IsNew() {
		was = model.AsItem(e.Record.Original()).IsPublished()
	}
	if item.IsPublished() && !was && item.PublishedAt().IsZero() {
		item.SetPublishedAt(types.NowDateTime())
	}
	return e.Next()
}

// Refusal is a workflow rule a change breaks, with the Russian message to
// show beside the form or in the API's 400 answer.
type Refusal = refusal.Error

// CheckCreate applies the workflow to a new material or practice made by a
// user of role; it fills the initial status when empty.
func CheckCreate(app core.App, role string, r *core.Record) *Refusal {
	item := model.AsItem(r)
	if item.Status() == "" {
		item.SetStatus(schema.StatusDraft)
	}
	if role != schema.RoleSuperuser {
		if item.QRCode() != "" {
			return &Refusal{Message: ru.MsgQRCodeImmutable}
		}
		if !item.PublishedAt().IsZero() {
			return &Refusal{Message: ru.MsgPublishedAtReadOnly}
		}
	}
	if !InitialAllowed(role, item.Status()) {
		if item.IsPublished() {
			return &Refusal{Message: ru.MsgOnlyCuratorPublishes}
		}
		return &Refusal{Message: ru.MsgInitialStatus}
	}
	if item.BestPractice() && role != schema.RoleCurator && role != schema.RoleSuperuser {
		return &Refusal{Message: ru.MsgBestPracticeCurator}
	}
	return authorsOfTheSchool(app, role, item, nil)
}

// authorsOfTheSchool refuses authors added by a teacher or a school
// editor who work in another organization than the record's: such an
// author could then edit the school's draft. Authors already there stay,
// so an old record can still be edited.
func authorsOfTheSchool(app core.App, role string, item *model.Item, before []string) *Refusal {
	if role == schema.RoleCurator || role == schema.RoleSuperuser {
		return nil
	}
	for _, id := range item.Authors() {
		if slices.Contains(before, id) {
			continue
		}
		t, err := model.FindTeacher(app, id)
		if err != nil || t.Organization() != item.Organization() {
			return &Refusal{Message: ru.MsgAuthorOfAnotherSchool}
		}
	}
	return nil
}

// CheckUpdate applies the workflow to a change of a material or practice
// (r against r.Original()) by user userId of role.
func CheckUpdate(app core.App, role, userId string, r *core.Record) *Refusal {
	item, old := model.AsItem(r), model.AsItem(r.Original())
	if role != schema.RoleSuperuser {
		if item.QRCode() != old.QRCode() {
			return &Refusal{Message: ru.MsgQRCodeImmutable}
		}
		if !item.PublishedAt().Equal(old.PublishedAt()) {
			return &Refusal{Message: ru.MsgPublishedAtReadOnly}
		}
	}
	if item.BestPractice() != old.BestPractice() &&
		role != schema.RoleCurator && role != schema.RoleSuperuser {
		return &Refusal{Message: ru.MsgBestPracticeCurator}
	}
	from, to := old.Status(), item.Status()
	if !Allowed(role, from, to) {
		if to == schema.StatusPublished && role != schema.RoleCurator {
			return &Refusal{Message: ru.MsgOnlyCuratorPublishes}
		}
		return &Refusal{Message: ru.TransitionForbidden(from, to)}
	}
	authors, before := item.Authors(), old.Authors()
	if role == schema.RoleTeacher && !slices.Equal(authors, before) {
		own, err := ownProfileId(app, userId)
		if err != nil || !slices.Contains(authors, own) {
			return &Refusal{Message: ru.MsgMustStayAuthor}
		}
		// co-authors are equals: only the school editor or a curator
		// takes an author off a material
		for _, id := range before {
			if !slices.Contains(authors, id) {
				return &Refusal{Message: ru.MsgOnlyEditorRemovesAuthors}
			}
		}
	}
	return authorsOfTheSchool(app, role, item, before)
}

func checkCreateRequest(e *core.RecordRequestEvent) error {
	if refusal := CheckCreate(e.App, RoleOf(e.RequestEvent), e.Record); refusal != nil {
		return e.BadRequestError(refusal.Message, nil)
	}
	return e.Next()
}

func checkUpdateRequest(e *core.RecordRequestEvent) error {
	userId := ""
	if e.Auth != nil {
		userId = e.Auth.Id
	}
	if refusal := CheckUpdate(e.App, RoleOf(e.RequestEvent), userId, e.Record); refusal != nil {
		return e.BadRequestError(refusal.Message, nil)
	}
	return e.Next()
}

func ownProfileId(app core.App, userId string) (string, error) {
	profile, err := model.FindTeacherOfUser(app, userId)
	if err != nil {
		return "", fmt.Errorf("teacher profile of %s: %w", userId, err)
	}
	return profile.Id, nil
}

func checkCodeNotGiven(e *core.RecordRequestEvent) error {
	if RoleOf(e.RequestEvent) != schema.RoleSuperuser && model.AsEvent(e.Record).QRCode() != "" {
		return e.BadRequestError(ru.MsgQRCodeImmutable, nil)
	}
	return e.Next()
}

func checkCodeUnchanged(e *core.RecordRequestEvent) error {
	if model.AsEvent(e.Record).QRCode() != model.AsEvent(e.Record.Original()).QRCode() {
		return e.BadRequestError(ru.MsgQRCodeImmutable, nil)
	}
	return e.Next()
}

// themeOfProfile keeps a teacher's theme of self-education the theme of
// her current ИОМ, in the same save: the two are one. A completed route's
// theme stays on the route.
func themeOfProfile(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	r := model.AsRoute(e.Record)
	if r.IsCompleted() || r.Theme() == "" {
		return nil
	}
	t, err := model.FindTeacher(e.App, r.Teacher())
	if err != nil {
		return fmt.Errorf("theme of the profile of route %s: %w", r.Id, err)
	}
	if t.SelfEducationTheme() == r.Theme() {
		return nil
	}
	t.SetSelfEducationTheme(r.Theme())
	if err := e.App.Save(t); err != nil {
		return fmt.Errorf("theme of the profile of route %s: %w", r.Id, err)
	}
	return nil
}
