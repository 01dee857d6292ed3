package app

import (
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/certificate"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitesettings"
	"github.com/kopilka/kopilka/internal/workflow"
)

// certificateRoutes: a teacher asks for a certificate of their own facts,
// a curator for anyone's; the PDF is for its teacher and curators.
func certificateRoutes(e *core.ServeEvent, st sitesettings.Settings) {
	e.Router.POST("/api/kopilka/certificates", func(re *core.RequestEvent) error {
		var body struct {
			Kind     string `json:"kind"`
			Teacher  string `json:"teacher"`
			Material string `json:"material"`
			Practice string `json:"practice"`
			Event    string `json:"event"`
		}
		if err := re.BindBody(&body); err != nil {
			return re.BadRequestError(ru.MsgBadRequest, err)
		}
		req := certificate.Request{Kind: body.Kind, Teacher: body.Teacher, Material: body.Material, Practice: body.Practice, Event: body.Event}
		switch workflow.RoleOf(re) {
		case schema.RoleCurator, schema.RoleSuperuser:
		case schema.RoleTeacher, schema.RoleSchoolEditor:
			own, err := re.App.FindFirstRecordByData(schema.Teachers, "user", re.Auth.Id)
			if err != nil {
				return re.BadRequestError(ru.CertNoTeacher, err)
			}
			req.Teacher = own.Id // one's own certificates only
		default:
			return re.UnauthorizedError(ru.MsgSignIn, nil)
		}
		cert, err := certificate.Issue(re.App, req)
		if why := refusal.Of(err); why != nil {
			return re.BadRequestError(why.Message, nil)
		}
		if err != nil {
			return re.InternalServerError("", err)
		}
		n := cert.GetString("number")
		return re.JSON(http.StatusOK, map[string]string{
			"number": n, "verify_url": certificate.VerifyURL(st.BaseURL, n), "pdf_url": "/api/kopilka/certificates/" + n + ".pdf",
		})
	})
	e.Router.GET("/api/kopilka/certificates/{file}", func(re *core.RequestEvent) error {
		number := strings.TrimSuffix(re.Request.PathValue("file"), ".pdf")
		cert, err := re.App.FindFirstRecordByData(schema.Certificates, "number", number)
		if err != nil {
			return re.NotFoundError("", err)
		}
		info, err := re.RequestInfo()
		if err != nil {
			return re.NotFoundError("", err)
		}
		owner := info.Auth != nil && !info.Auth.IsSuperuser() && isOwner(re.App, cert, info.Auth.Id)
		if !owner && !isCurator(re) {
			return re.NotFoundError("", nil)
		}
		pdf, err := certificate.PDF(re.App, cert, st.BaseURL, st.Municipality)
		if why := refusal.Of(err); why != nil {
			return re.BadRequestError(why.Message, err)
		}
		if err != nil {
			return re.InternalServerError("", err)
		}
		re.Response.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="svidetelstvo-%s.pdf"`, number))
		return re.Blob(http.StatusOK, "application/pdf", pdf)
	})
}

func isOwner(app core.App, cert *core.Record, userId string) bool {
	t, err := app.FindRecordById(schema.Teachers, cert.GetString("teacher"))
	return err == nil && t.GetString("user") == userId
}

func (c commands) certificateCmd() *cobra.Command {
	var kind, teacher, material, practice, event, out string
	cmd := &cobra.Command{
		Use:   "certificate --kind publication|review|presentation --teacher SLUG (--material SLUG | --practice SLUG) [--event SLUG] --out FILE.pdf",
		Short: "Issue a free certificate with a QR code to its verification page on the site",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := c.prepare(); err != nil {
				return c.fail(err)
			}
			req := certificate.Request{Kind: kind}
			for _, ref := range []struct {
				collection, slug string
				id               *string
			}{{schema.Teachers, teacher, &req.Teacher}, {schema.Materials, material, &req.Material},
				{schema.Practices, practice, &req.Practice}, {schema.Events, event, &req.Event}} {
				if ref.slug == "" {
					continue
				}
				r, err := c.app.FindFirstRecordByData(ref.collection, "slug", ref.slug)
				if err != nil {
					return c.fail(fmt.Errorf("certificate: no %s %q", ref.collection, ref.slug))
				}
				*ref.id = r.Id
			}
			cert, err := certificate.Issue(c.app, req)
			if err != nil {
				return c.fail(fmt.Errorf("certificate: %w", err))
			}
			settings, err := sitesettings.From(*c.cfg)
			if err != nil {
				return c.fail(err)
			}
			pdf, err := certificate.PDF(c.app, cert, settings.BaseURL, settings.Municipality)
			if err != nil {
				return c.fail(fmt.Errorf("certificate: %w", err))
			}
			if err := os.WriteFile(out, pdf, 0o644); err != nil {
				return c.fail(fmt.Errorf("certificate: %w", err))
			}
			fmt.Fprintf(c.stdout, "certificate %s written to %s; verified at %s once the site is rebuilt\n",
				cert.GetString("number"), out, certificate.VerifyURL(settings.BaseURL, cert.GetString("number")))
			return nil
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "publication", "publication, review or presentation")
	cmd.Flags().StringVar(&teacher, "teacher", "", "teacher slug")
	cmd.Flags().StringVar(&material, "material", "", "material slug")
	cmd.Flags().StringVar(&practice, "practice", "", "practice slug (publication only)")
	cmd.Flags().StringVar(&event, "event", "", "event slug (presentation)")
	cmd.Flags().StringVar(&out, "out", "certificate.pdf", "PDF file to write")
	return cmd
}
