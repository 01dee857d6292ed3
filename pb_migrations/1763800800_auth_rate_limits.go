package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// authRateLimits bound how fast one address may try passwords, one-time
// codes and reset mails through the REST API, for every auth collection
// including _superusers. No rule limits the rest of /api/: a school's
// teachers share one address, and QR scans come in bursts after a seminar.
// Wrong passwords are also counted per account by kopilka's own guard
// (internal/signin), shared with the CMS sign-in form.
var authRateLimits = []core.RateLimitRule{
	{Label: "*:auth", MaxRequests: 5, Duration: 10},
	{Label: "*:requestPasswordReset", MaxRequests: 3, Duration: 60},
	{Label: "*:requestOTP", MaxRequests: 3, Duration: 60},
	{Label: "*:requestVerification", MaxRequests: 3, Duration: 60},
	{Label: "*:requestEmailChange", MaxRequests: 3, Duration: 60},
}

// PocketBase's rate limiter is off by default; kopilka turns it on from
// install with the rules above in place of PocketBase's defaults, whose
// /api/ rule would throttle a whole school behind one address. The
// dashboard (Settings → Rate limits) changes them afterwards.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = authRateLimits
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Enabled = false
		return app.Save(s)
	})
}
