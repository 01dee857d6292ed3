// Package certificate issues kopilka's free certificates — of publication,
// of expert review and of presenting at an event — in the name of the
// municipal methodical service. A certificate is only a number and its
// facts; the site's verification page for that number is the proof.
package certificate

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

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
	teacher, err := app.FindRecordById(schema.Teachers, req.Teacher)
	if err != nil {
		return nil, refuse(ru.CertNoTeacher)
	}
	if !teacher.GetBool("public") {
		return nil, refuse(ru.CertNeedsPublicProfile)
	}
	fields := map[string]any{"kind": req.Kind, "teacher": teacher.Id, "material": "", "practice": "", "event": "", "review": ""}
	authored := func(collection, id string) (*core.Record, error) {
		r, err := app.FindRecordById(collection, id)
		if err != nil || r.GetString("status") != schema.StatusPublished {
			return nil, refuse(ru.CertNotPublished)
		}
		if !slices.Contains(r.GetStringSlice("authors"), teacher.Id) {
			return nil, refuse(ru.CertNotAuthor)
		}
		return r, nil
	}
	switch req.Kind {
	case schema.CertPublication:
		if req.Practice != "" {
			if _, err := authored(schema.Practices, req.Practice); err != nil {
				return nil, err
			}
			fields["practice"] = req.Practice
		} else {
			if _, err := authored(schema.Materials, req.Material); err != nil {
				return nil, err
			}
			fields["material"] = req.Material
		}
	case schema.CertReview:
		if _, err := authored(schema.Materials, req.Material); err != nil {
			return nil, err
		}
		reviews, err := app.FindRecordsByFilter(schema.Reviews, "material = {:m} && decision = 'publish'", "-created", 1, 0, dbx.Params{"m": req.Material})
		if err != nil || len(reviews) == 0 {
			return nil, refuse(ru.CertNoReview)
		}
		fields["material"], fields["review"] = req.Material, reviews[0].Id
	case schema.CertPresentation:
		if _, err := authored(schema.Materials, req.Material); err != nil {
			return nil, err
		}
		event, err := app.FindRecordById(schema.Events, req.Event)
		if err != nil || !slices.Contains(event.GetStringSlice("materials"), req.Material) {
			return nil, refuse(ru.CertNotPresented)
		}
		fields["material"], fields["event"] = req.Material, req.Event
	default:
		return nil, refuse(ru.CertUnknownKind, req.Kind)
	}
	// an empty relation compares as NULL with a bound '' but not with a
	// literal one, so empty facts are spelled out
	filter := "kind = {:kind} && teacher = {:teacher}"
	for _, f := range []string{"material", "practice", "event"} {
		if fields[f] == "" {
			filter += " && " + f + " = ''"
		} else {
			filter += " && " + f + " = {:" + f + "}"
		}
	}
	existing, err := app.FindFirstRecordByFilter(schema.Certificates, filter, dbx.Params(fields))
	if err == nil {
		return existing, nil
	}
	collection, err := app.FindCollectionByNameOrId(schema.Certificates)
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	cert := core.NewRecord(collection)
	cert.Load(fields)
	for attempt := 0; ; attempt++ {
		n, err := number()
		if err != nil {
			return nil, err
		}
		cert.Set("number", n)
		err = app.Save(cert)
		if err == nil {
			return cert, nil
		}
		if attempt > 5 || !strings.Contains(err.Error(), "number") {
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
func Describe(app core.App, cert *core.Record, baseURL, municipality string) (printout.Certificate, error) {
	find := func(collection, id string) *core.Record {
		if id == "" {
			return nil
		}
		r, err := app.FindRecordById(collection, id)
		if err != nil {
			return nil
		}
		return r
	}
	teacher := find(schema.Teachers, cert.GetString("teacher"))
	if teacher == nil {
		return printout.Certificate{}, refuse(ru.CertNoTeacher)
	}
	org := find(schema.Organizations, teacher.GetString("organization"))
	issuer := municipality
	if services, err := app.FindRecordsByFilter(schema.Organizations, "kind = 'methodical_service'", "name", 1, 0); err == nil && len(services) > 0 {
		issuer = services[0].GetString("name")
	}
	c := printout.Certificate{
		Number: cert.GetString("number"), Issuer: issuer, Municipality: municipality,
		Teacher: teacher.GetString("name"), Position: teacher.GetString("position"),
		Date:      ru.Date(cert.GetDateTime("created").Time()),
		VerifyURL: VerifyURL(baseURL, cert.GetString("number")),
	}
	if org != nil {
		c.Organization = org.GetString("name")
	}
	material := find(schema.Materials, cert.GetString("material"))
	practice := find(schema.Practices, cert.GetString("practice"))
	switch cert.GetString("kind") {
	case schema.CertPublication:
		c.Title = ru.CertTitlePublication
		if practice != nil {
			c.Statement = fmt.Sprintf(ru.CertPracticePublished, municipality, practice.GetString("title"), ru.Date(practice.GetDateTime("published_at").Time()))
		} else if material != nil {
			c.Statement = fmt.Sprintf(ru.CertMaterialPublished, municipality, material.GetString("title"), ru.Date(material.GetDateTime("published_at").Time()))
		}
	case schema.CertReview:
		c.Title = ru.CertTitleReview
		review := find(schema.Reviews, cert.GetString("review"))
		score := 0
		if review != nil {
			for _, f := range []string{"relevance", "quality", "reproducibility", "presentation"} {
				score += review.GetInt(f)
			}
		}
		if material != nil {
			c.Statement = fmt.Sprintf(ru.CertMaterialReviewed, material.GetString("title"), score)
		}
	case schema.CertPresentation:
		c.Title = ru.CertTitlePresentation
		event := find(schema.Events, cert.GetString("event"))
		if material != nil && event != nil {
			c.Statement = fmt.Sprintf(ru.CertMaterialPresented, material.GetString("title"), event.GetString("title"), ru.Date(event.GetDateTime("start").Time()))
		}
	}
	if c.Statement == "" {
		return printout.Certificate{}, refuse(ru.CertNotPublished)
	}
	return c, nil
}

// PDF makes the certificate's printable PDF.
func PDF(app core.App, cert *core.Record, baseURL, municipality string) ([]byte, error) {
	c, err := Describe(app, cert, baseURL, municipality)
	if err != nil {
		return nil, err
	}
	return printout.CertificatePDF(c)
}
