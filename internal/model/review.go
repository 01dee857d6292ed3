package model

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// Review is a record of reviews: a curator's expert review of a material
// or a practice.
type Review struct {
	base
}

var _ core.RecordProxy = (*Review)(nil)

// AsReview wraps a record of reviews.
func AsReview(rec *core.Record) *Review { return wrap[Review](rec) }

// NewReview returns a new, unsaved review.
func NewReview(app core.App) (*Review, error) { return create[Review](app, schema.Reviews) }

// FindReview returns the review with id.
func FindReview(app core.App, id string) (*Review, error) {
	return find[Review](app, schema.Reviews, id)
}

// FindLatestPublishingReview returns the latest review of the material
// with id that decided to publish it.
func FindLatestPublishingReview(app core.App, materialId string) (*Review, error) {
	found, err := app.FindRecordsByFilter(schema.Reviews, fieldMaterial+" = {:m} && "+fieldDecision+" = {:d}", "-"+fieldCreated, 1, 0,
		dbx.Params{"m": materialId, "d": decisionPublish})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, errNotFound(schema.Reviews)
	}
	return AsReview(found[0]), nil
}

// Material returns the id of the reviewed material, if a material was reviewed.
func (r *Review) Material() string { return r.GetString(fieldMaterial) }

// SetMaterial sets the id of the reviewed material.
func (r *Review) SetMaterial(id string) { r.Set(fieldMaterial, id) }

// Practice returns the id of the reviewed practice, if a practice was reviewed.
func (r *Review) Practice() string { return r.GetString(fieldPractice) }

// SetPractice sets the id of the reviewed practice.
func (r *Review) SetPractice(id string) { r.Set(fieldPractice, id) }

// Reviewer returns the id of the reviewing curator's user account.
func (r *Review) Reviewer() string { return r.GetString(fieldReviewer) }

// SetReviewer sets the id of the reviewing curator's user account.
func (r *Review) SetReviewer(id string) { r.Set(fieldReviewer, id) }

// Relevance returns the relevance score, 1 to 3; 0 if not scored.
func (r *Review) Relevance() int { return r.GetInt(fieldRelevance) }

// SetRelevance sets the relevance score, 1 to 3.
func (r *Review) SetRelevance(score int) { r.Set(fieldRelevance, score) }

// Quality returns the quality score, 1 to 3; 0 if not scored.
func (r *Review) Quality() int { return r.GetInt(fieldQuality) }

// SetQuality sets the quality score, 1 to 3.
func (r *Review) SetQuality(score int) { r.Set(fieldQuality, score) }

// Reproducibility returns the reproducibility score, 1 to 3; 0 if not scored.
func (r *Review) Reproducibility() int { return r.GetInt(fieldReproducibility) }

// SetReproducibility sets the reproducibility score, 1 to 3.
func (r *Review) SetReproducibility(score int) { r.Set(fieldReproducibility, score) }

// Presentation returns the presentation score, 1 to 3; 0 if not scored.
func (r *Review) Presentation() int { return r.GetInt(fieldPresentation) }

// SetPresentation sets the presentation score, 1 to 3.
func (r *Review) SetPresentation(score int) { r.Set(fieldPresentation, score) }

// Decision returns the decision code: publish, changes_requested or reject.
func (r *Review) Decision() string { return r.GetString(fieldDecision) }

// SetDecision sets the decision code: publish, changes_requested or reject.
func (r *Review) SetDecision(code string) { r.Set(fieldDecision, code) }

// Publishes reports whether the review decided to publish.
func (r *Review) Publishes() bool { return r.Decision() == decisionPublish }

// Comment returns the reviewer's comment.
func (r *Review) Comment() string { return r.GetString(fieldComment) }

// SetComment sets the reviewer's comment.
func (r *Review) SetComment(comment string) { r.Set(fieldComment, comment) }

// Certificate is a record of certificates: a number and the facts it
// certifies.
type Certificate struct {
	base
}

var _ core.RecordProxy = (*Certificate)(nil)

// AsCertificate wraps a record of certificates.
func AsCertificate(rec *core.Record) *Certificate { return wrap[Certificate](rec) }

// NewCertificate returns a new, unsaved certificate.
func NewCertificate(app core.App) (*Certificate, error) {
	return create[Certificate](app, schema.Certificates)
}

// FindCertificate returns the certificate with id.
func FindCertificate(app core.App, id string) (*Certificate, error) {
	return find[Certificate](app, schema.Certificates, id)
}

// FindCertificateByNumber returns the certificate with number.
func FindCertificateByNumber(app core.App, number string) (*Certificate, error) {
	rec, err := app.FindFirstRecordByData(schema.Certificates, fieldNumber, number)
	if err != nil {
		return nil, err
	}
	return AsCertificate(rec), nil
}

// FindSameCertificate returns the certificate issued before for the same
// facts as c: its kind, teacher, material, practice and event.
func FindSameCertificate(app core.App, c *Certificate) (*Certificate, error) {
	facts := dbx.Params{fieldKind: c.Kind(), fieldTeacher: c.Teacher(),
		fieldMaterial: c.Material(), fieldPractice: c.Practice(), fieldEvent: c.Event()}
	// an empty relation compares as NULL with a bound '' but not with a
	// literal one, so empty facts are spelled out
	filter := fieldKind + " = {:" + fieldKind + "} && " + fieldTeacher + " = {:" + fieldTeacher + "}"
	for _, f := range []string{fieldMaterial, fieldPractice, fieldEvent} {
		if facts[f] == "" {
			filter += " && " + f + " = ''"
		} else {
			filter += " && " + f + " = {:" + f + "}"
		}
	}
	rec, err := app.FindFirstRecordByFilter(schema.Certificates, filter, facts)
	if err != nil {
		return nil, err
	}
	return AsCertificate(rec), nil
}

// Number returns the certificate's number, eight Crockford base32 characters.
func (c *Certificate) Number() string { return c.GetString(fieldNumber) }

// SetNumber sets the certificate's number.
func (c *Certificate) SetNumber(number string) { c.Set(fieldNumber, number) }

// NumberRefused reports whether err, from saving c, refuses its number
// (most likely because another certificate has it).
func (c *Certificate) NumberRefused(err error) bool {
	return err != nil && strings.Contains(err.Error(), fieldNumber)
}

// Kind returns the certificate kind (schema.CertPublication, CertReview, CertPresentation).
func (c *Certificate) Kind() string { return c.GetString(fieldKind) }

// SetKind sets the certificate kind.
func (c *Certificate) SetKind(kind string) { c.Set(fieldKind, kind) }

// Teacher returns the id of the certified teacher's profile.
func (c *Certificate) Teacher() string { return c.GetString(fieldTeacher) }

// SetTeacher sets the id of the certified teacher's profile.
func (c *Certificate) SetTeacher(id string) { c.Set(fieldTeacher, id) }

// Material returns the id of the certified material, if any.
func (c *Certificate) Material() string { return c.GetString(fieldMaterial) }

// SetMaterial sets the id of the certified material.
func (c *Certificate) SetMaterial(id string) { c.Set(fieldMaterial, id) }

// Practice returns the id of the certified practice, if any.
func (c *Certificate) Practice() string { return c.GetString(fieldPractice) }

// SetPractice sets the id of the certified practice.
func (c *Certificate) SetPractice(id string) { c.Set(fieldPractice, id) }

// Event returns the id of the event the material was presented at, if any.
func (c *Certificate) Event() string { return c.GetString(fieldEvent) }

// SetEvent sets the id of the event the material was presented at.
func (c *Certificate) SetEvent(id string) { c.Set(fieldEvent, id) }

// Review returns the id of the review the certificate is for, if any.
func (c *Certificate) Review() string { return c.GetString(fieldReview) }

// SetReview sets the id of the review the certificate is for.
func (c *Certificate) SetReview(id string) { c.Set(fieldReview, id) }
