package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Backups are on from install: every night at 03:00, the last 7 kept (in
// pb_data/backups; a dashboard setting may send them to S3 too).
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		if s.Backups.Cron == "" {
			s.Backups.Cron = "0 3 * * *"
			s.Backups.CronMaxKeep = 7
		}
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.Backups.Cron = ""
		return app.Save(s)
	})
}
