package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/certificate"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

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
