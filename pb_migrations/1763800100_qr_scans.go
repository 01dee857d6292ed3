package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// qr_scans counts scans of printed QR codes: one row per code per day in
// the municipality's time zone, nothing about the person. Curators read it.
func init() {
	m.Register(func(app core.App) error {
		orgs, err := app.FindCollectionByNameOrId("organizations")
		if err != nil {
			return fmt.Errorf("qr_scans: %w", err)
		}
		scans := core.NewBaseCollection("qr_scans", "pbc_qr_scans")
		scans.ListRule = ptr(ruleCurator)
		scans.ViewRule = ptr(ruleCurator)
		scans.Fields.Add(
			&core.TextField{Name: "code", Required: true, Max: 6, Pattern: qrPattern},
			&core.TextField{Name: "day", Required: true, Max: 10, Pattern: `^\d{4}-\d{2}-\d{2}$`},
			&core.NumberField{Name: "count", OnlyInt: true},
			sel("target_collection", true, 1, []string{"materials", "practices", "events"}),
			text("target_id", true, 15),
			rel("organization", orgs, false, 1),
		)
		timestamps(scans)
		scans.AddIndex("idx_qr_scans_code_day", true, "`code`, `day`", "")
		scans.AddIndex("idx_qr_scans_day", false, "`day`", "")
		scans.AddIndex("idx_qr_scans_org_day", false, "`organization`, `day`", "")
		scans.AddIndex("idx_qr_scans_target_day", false, "`target_collection`, `target_id`, `day`", "")
		if err := app.Save(scans); err != nil {
			return fmt.Errorf("qr_scans: %w", err)
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("qr_scans")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
