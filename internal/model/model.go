// Package model gives typed access to the records of kopilka's main
// collections: materials, practices, events, teachers, organizations,
// routes (ИОМ), route steps, self-diagnoses, mentorships, reviews and
// certificates.
//
// Each type is a PocketBase record proxy (core.BaseRecordProxy): it wraps
// a *core.Record and reads and writes its fields through typed getters and
// setters, so the field names are spelled once, in this package. A proxy
// is the record: saving it (app.Save(proxy)) saves the record, and every
// *core.Record method stays at hand.
//
// The package only reads and writes fields; the rules about them live in
// internal/workflow, internal/iom and internal/certificate.
package model

import (
	"database/sql"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/kopilka/kopilka/internal/schema"
)

// base is embedded by every proxy of the package: the record and the
// autodate fields every collection has.
type base struct {
	core.BaseRecordProxy
}

// Created returns when the record was created.
func (b *base) Created() types.DateTime { return b.GetDateTime(fieldCreated) }

// Updated returns when the record was last saved.
func (b *base) Updated() types.DateTime { return b.GetDateTime(fieldUpdated) }

// newRecord is a new, unsaved record of collection.
func newRecord(app core.App, collection string) (*core.Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, fmt.Errorf("model: %s: %w", collection, err)
	}
	return core.NewRecord(c), nil
}

// errNotFound is the error of a finder that found no record of
// collection; it wraps sql.ErrNoRows, as PocketBase's finders do.
func errNotFound(collection string) error {
	return fmt.Errorf("model: no such record of %s: %w", collection, sql.ErrNoRows)
}

// wrap loads rec into a new proxy p, or gives nil for a nil rec.
func wrap[P any, PP interface {
	*P
	core.RecordProxy
}](rec *core.Record) *P {
	if rec == nil {
		return nil
	}
	p := PP(new(P))
	p.SetProxyRecord(rec)
	return (*P)(p)
}

// create makes a proxy over a new record of collection.
func create[P any, PP interface {
	*P
	core.RecordProxy
}](app core.App, collection string) (*P, error) {
	rec, err := newRecord(app, collection)
	if err != nil {
		return nil, err
	}
	return wrap[P, PP](rec), nil
}

// find makes a proxy over the record of collection with id.
func find[P any, PP interface {
	*P
	core.RecordProxy
}](app core.App, collection, id string) (*P, error) {
	rec, err := app.FindRecordById(collection, id)
	if err != nil {
		return nil, err
	}
	return wrap[P, PP](rec), nil
}

// Slugged is a record with a slug made from its title or name: an
// organization, a teacher, a material, a practice or an event.
type Slugged interface {
	core.RecordProxy
	// Slug returns the record's slug.
	Slug() string
	// SetSlug sets the record's slug.
	SetSlug(slug string)
	// SlugSource returns the text the slug is made from: the title or the name.
	SlugSource() string
}

// SluggedCollections are the collections whose records have a slug.
var SluggedCollections = []string{schema.Organizations, schema.Teachers, schema.Materials, schema.Practices, schema.Events,
	schema.Routes, schema.RouteSteps, schema.Diagnostics, schema.Mentorships, schema.ContestResults, schema.Attestations,
	schema.ResultDynamics, schema.IndicatorTargets, schema.Associations, schema.PlanItems, schema.Courses, schema.LessonVisits}

// slugSources make the slug of a record of a collection without a title:
// its name in the interchange format.
var slugSources = map[string]func(r *core.Record) string{
	schema.Routes:         func(r *core.Record) string { return r.GetString(fieldTheme) },
	schema.RouteSteps:     func(r *core.Record) string { return r.GetString(fieldAction) },
	schema.Diagnostics:    func(r *core.Record) string { return "diagnostika " + r.GetString(fieldStage) },
	schema.Mentorships:    func(r *core.Record) string { return "nastavnichestvo " + r.GetString(fieldForm) },
	schema.ContestResults: func(r *core.Record) string { return r.GetString(fieldTitle) },
	schema.Attestations:   func(r *core.Record) string { return fmt.Sprintf("attestaciya %d", r.GetInt("year")) },
	schema.ResultDynamics: func(r *core.Record) string {
		return fmt.Sprintf("rezultaty %s %d", r.GetString("kind"), r.GetInt("year"))
	},
	schema.IndicatorTargets: func(r *core.Record) string { return fmt.Sprintf("%s %d", r.GetString("indicator"), r.GetInt("year")) },
	schema.Associations:     func(r *core.Record) string { return r.GetString(fieldName) },
	schema.PlanItems:        func(r *core.Record) string { return r.GetString("content") },
	schema.Courses:          func(r *core.Record) string { return r.GetString(fieldTitle) },
	schema.LessonVisits: func(r *core.Record) string {
		return "poseshchenie urokov " + r.GetDateTime(fieldDate).Time().Format("2006-01-02")
	},
}

// namedRecord is a record whose slug is made by its collection's slugSources.
type namedRecord struct {
	core.BaseRecordProxy
	source func(*core.Record) string
}

// Slug is the record's name in the interchange format.
func (n *namedRecord) Slug() string { return n.GetString(fieldSlug) }

// SetSlug sets the record's slug.
func (n *namedRecord) SetSlug(s string) { n.Set(fieldSlug, s) }

// SlugSource is what the slug is made from.
func (n *namedRecord) SlugSource() string { return n.source(n.ProxyRecord()) }

// AsSlugged wraps rec in the proxy of its collection; ok is false when
// records of that collection have no slug.
func AsSlugged(rec *core.Record) (s Slugged, ok bool) {
	switch rec.Collection().Name {
	case schema.Organizations:
		return AsOrganization(rec), true
	case schema.Teachers:
		return AsTeacher(rec), true
	case schema.Materials:
		return AsMaterial(rec), true
	case schema.Practices:
		return AsPractice(rec), true
	case schema.Events:
		return AsEvent(rec), true
	}
	if source, ok := slugSources[rec.Collection().Name]; ok {
		n := &namedRecord{source: source}
		n.SetProxyRecord(rec)
		return n, true
	}
	return nil, false
}

// SlugInUse reports whether another record of collection than the one
// with exceptId has slug, compared case-insensitively as the unique
// index does.
func SlugInUse(app core.App, collection, slug, exceptId string) (bool, error) {
	var n int
	err := app.DB().Select("count(*)").From(collection).
		Where(dbx.NewExp(fieldSlug+" = {:slug} COLLATE NOCASE AND id != {:id}", dbx.Params{"slug": slug, "id": exceptId})).
		Row(&n)
	return n > 0, err
}

// Coded is a record that carries a QR short code: a material, a practice
// or an event (schema.CodedCollections).
type Coded interface {
	core.RecordProxy
	// QRCode returns the record's QR short code.
	QRCode() string
	// SetQRCode sets the record's QR short code.
	SetQRCode(code string)
}

// AsCoded wraps rec in the proxy of its collection; ok is false when
// records of that collection carry no QR code.
func AsCoded(rec *core.Record) (c Coded, ok bool) {
	switch rec.Collection().Name {
	case schema.Materials:
		return AsMaterial(rec), true
	case schema.Practices:
		return AsPractice(rec), true
	case schema.Events:
		return AsEvent(rec), true
	}
	return nil, false
}
