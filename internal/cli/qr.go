package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/qrsheet"
)

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
			sel.Codes = qrsheet.SplitCodes(codes)
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
