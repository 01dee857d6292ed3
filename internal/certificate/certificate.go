// Package certificate issues kopilka's free certificates — of publication,
// of expert review and of presenting at an event — in the name of the
// municipal methodical service. A certificate is only a number and its
// facts; the site's verification page for that number is the proof.
package certificate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/adoption"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/shortcode"
)

// Request asks for a certificate; ids of records.
type Request struct {
	Kind     string
	Teacher  string
	Material string
	Practice string
	Event    string
}

// ErrFacts is wrapped by every refusal because the facts do not hold.
var ErrFacts = errors.New("certificate facts")

func refuse(msg string, args ...any) error {
	return refusal.New(ErrFacts, msg, args...)
}

// Issue checks the facts of req and returns its certificate, the one
// issued before for the same facts or a new one.
func Issue(app core.App, req Request) (*core.Record, error) {
	teacher, err := model.FindTeacher(app, req.Teacher)
	if err != nil {
		return nil, refuse(ru.CertNoTeacher)
	}
	if !teacher.Public() {
		return nil, refuse(ru.CertNeedsPublicProfile)
	}
	cert, err := model.NewCertificate(app)
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	cert.SetKind(req.Kind)
	cert.SetTeacher(teacher.Id)
	authored := func(collection, id string) error {
		item, err := model.FindItem(app, collection, id)
		if err != nil || !item.IsPublished() {
			return refuse(ru.CertNotPublished)
		}
		if !item.HasAuthor(teacher.Id) {
			return refuse(ru.CertNotAuthor)
		}
		return nil
	}
	switch req.Kind {
	case schema.CertPublication:
		if req.Practice != "" {
			if err := authored(schema.Practices, req.Practice); err != nil {
				return nil, err
			}
			cert.SetPractice(req.Practice)
		} else {
			if err := authored(schema.Materials, req.Material); err != nil {
				return nil, err
			}
			cert.SetMaterial(req.Material)
		}
	case schema.CertReview:
		if err := authored(schema.Materials, req.Material); err != nil {
			return nil, err
		}
		review, err := model.FindLatestPublishingReview(app, req.Material)
		if err != nil {
			return nil, refuse(ru.CertNoReview)
		}
		cert.SetMaterial(req.Material)
		cert.SetReview(review.Id)
	case schema.CertPresentation:
		if err := authored(schema.Materials, req.Material); err != nil {
			return nil, err
		}
		event, err := model.FindEvent(app, req.Event)
		if err != nil || !event.HasMaterial(req.Material) {
			return nil, refuse(ru.CertNotPresented)
		}
		cert.SetMaterial(req.Material)
		cert.SetEvent(req.Event)
	case schema.CertDissemination:
		if err := authored(schema.Materials, req.Material); err != nil {
			return nil, err
		}
		schools, err := adoption.Schools(app, schema.Materials, req.Material)
		if err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
		if need := DisseminationSchools(app); schools < need {
			return nil, refuse(ru.CertTooFewSchools, schools, need)
		}
		cert.SetMaterial(req.Material)
		cert.ProxyRecord().Set("schools", schools)
	default:
		return nil, refuse(ru.CertUnknownKind, req.Kind)
	}
	if existing, err := model.FindSameCertificate(app, cert); err == nil {
		return existing.ProxyRecord(), nil
	}
	for attempt := 0; ; attempt++ {
		n, err := number()
		if err != nil {
			return nil, err
		}
		cert.SetNumber(n)
		err = app.Save(cert.ProxyRecord())
		if err == nil {
			return cert.ProxyRecord(), nil
		}
		if attempt > 5 || !cert.NumberRefused(err) {
			return nil, fmt.Errorf("certificate: %w", err)
		}
	}
}

func number() (string, error) {
	a, err := shortcode.New()
	if err != nil {
		return "", err
	}
	b, err := shortcode.New()
	if err != nil {
		return "", err
	}
	return (a + b)[:8], nil
}

// VerifyURL is the page that proves a certificate.
func VerifyURL(baseURL, number string) string {
	return strings.TrimRight(baseURL, "/") + "/verify/" + number + "/"
}

// Describe turns a certificate into what its PDF and its verification
// page say.
func Describe(app core.App, rec *core.Record, baseURL, municipality string) (printout.Certificate, error) {
	cert := model.AsCertificate(rec)
	teacher := found(model.FindTeacher(app, cert.Teacher()))
	if teacher == nil {
		return printout.Certificate{}, refuse(ru.CertNoTeacher)
	}
	org := found(model.FindOrganization(app, teacher.Organization()))
	issuer := municipality
	if service, err := model.FindMethodicalService(app); err == nil {
		issuer = service.Name()
	}
	c := printout.Certificate{
		Number: cert.Number(), Issuer: issuer, Municipality: municipality,
		Teacher: teacher.Name(), Position: teacher.Position(),
		Date:      ru.Date(cert.Created().Time()),
		VerifyURL: VerifyURL(baseURL, cert.Number()),
	}
	if org != nil {
		c.Organization = org.Name()
	}
	material := found(model.FindMaterial(app, cert.Material()))
	practice := found(model.FindPractice(app, cert.Practice()))
	switch cert.Kind() {
	case schema.CertPublication:
		c.Title = ru.CertTitlePublication
		if practice != nil {
			c.Statement = fmt.Sprintf(ru.CertPracticePublished, municipality, practice.Title(), ru.Date(practice.PublishedAt().Time()))
		} else if material != nil {
			c.Statement = fmt.Sprintf(ru.CertMaterialPublished, municipality, material.Title(), ru.Date(material.PublishedAt().Time()))
		}
	case schema.CertReview:
		c.Title = ru.CertTitleReview
		review := found(model.FindReview(app, cert.Review()))
		score := 0
		if review != nil {
			score = review.Relevance() + review.Quality() + review.Reproducibility() + review.Presentation()
		}
		if material != nil {
			c.Statement = fmt.Sprintf(ru.CertMaterialReviewed, material.Title(), score)
		}
	case schema.CertDissemination:
		c.Title = ru.CertTitleDissemination
		if material != nil {
			n := rec.GetInt("schools")
			c.Statement = fmt.Sprintf(ru.CertMaterialDisseminated, material.Title(), municipality, n,
				ru.Plural(n, "образовательной организации", "образовательных организаций", "образовательных организаций"))
		}
	case schema.CertPresentation:
		c.Title = ru.CertTitlePresentation
		event := found(model.FindEvent(app, cert.Event()))
		if material != nil && event != nil {
			c.Statement = fmt.Sprintf(ru.CertMaterialPresented, material.Title(), event.Title(), ru.Date(event.Start().Time()))
		}
	}
	if c.Statement == "" {
		return printout.Certificate{}, refuse(ru.CertNotPublished)
	}
	return c, nil
}

// found is the record a finder found, or nil when it found none (an
// empty id included).
func found[T any](record *T, err error) *T {
	if err != nil {
		return nil
	}
	return record
}

// PDF makes the certificate's printable PDF.
func PDF(app core.App, cert *core.Record, baseURL, municipality string) ([]byte, error) {
	c, err := Describe(app, cert, baseURL, municipality)
	if err != nil {
		return nil, err
	}
	return printout.CertificatePDF(c)
}

// DisseminationSchools is how many schools must have applied a material for
// its author's certificate «о распространении опыта»: the curator's
// parameter, or schema.DefaultDisseminationSchools.
func DisseminationSchools(app core.App) int {
	p, err := app.FindFirstRecordByData(schema.Parameters, "name", schema.ParamDisseminationSchools)
	if err != nil || p.GetInt("value") < 1 {
		return schema.DefaultDisseminationSchools
	}
	return p.GetInt("value")
}
