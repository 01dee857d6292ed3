package app

import (
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/qrsheet"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

func splitCodes(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func (c commands) qrCmd() *cobra.Command {
	var sel qrsheet.Selection
	var codes, layout, out string
	cmd := &cobra.Command{
		Use:   "qr (--school SLUG | --practice SLUG | --event SLUG | --codes C1,C2,…) --layout poster|cards --out FILE.pdf",
		Short: "Print QR posters or sheets of 8 cards for published items, as an A4 PDF",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := c.prepare(); err != nil {
				return c.fail(err)
			}
			sel.Codes = splitCodes(codes)
			pdf, err := qrsheet.CodeSheets(c.app, c.cfg.BaseURL, c.cfg.Municipality, sel, layout)
			if err != nil {
				return c.fail(fmt.Errorf("qr: %w", err))
			}
			if err := os.WriteFile(out, pdf, 0o644); err != nil {
				return c.fail(fmt.Errorf("qr: %w", err))
			}
			fmt.Fprintf(c.stdout, "wrote %s (%d bytes)\n", out, len(pdf))
			return nil
		},
	}
	cmd.Flags().StringVar(&sel.School, "school", "", "organization slug: its published materials, practices and events")
	cmd.Flags().StringVar(&sel.Practice, "practice", "", "practice slug: the practice and its materials")
	cmd.Flags().StringVar(&sel.Event, "event", "", "event slug: the event and its handouts")
	cmd.Flags().StringVar(&codes, "codes", "", "comma-separated QR codes")
	cmd.Flags().StringVar(&layout, "layout", "cards", "poster (one A4 poster per item) or cards (8 per A4 sheet)")
	cmd.Flags().StringVar(&out, "out", "qr.pdf", "PDF file to write")
	return cmd
}

// serveCodeSheets answers GET /api/kopilka/qr.pdf for curators, with the
// same selection as the qr command in the query string.
func serveCodeSheets(st sitesettings.Settings) func(*core.RequestEvent) error {
	return func(re *core.RequestEvent) error {
		if !isCurator(re) {
			return re.ForbiddenError(ru.MsgCuratorsOnly, nil)
		}
		q := re.Request.URL.Query()
		sel := qrsheet.Selection{School: q.Get("school"), Practice: q.Get("practice"), Event: q.Get("event"), Codes: splitCodes(q.Get("codes"))}
		pdf, err := qrsheet.CodeSheets(re.App, st.BaseURL, st.Municipality, sel, q.Get("layout"))
		if why := refusal.Of(err); why != nil {
			return re.BadRequestError(why.Message, nil)
		}
		if err != nil {
			return re.InternalServerError("", err)
		}
		re.Response.Header().Set("Content-Disposition", `inline; filename="qr.pdf"`)
		return re.Blob(http.StatusOK, "application/pdf", pdf)
	}
}
