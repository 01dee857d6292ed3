package apis

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/shortlink"
)

// BindScans serves GET /api/kopilka/scans: scan counts for curators, by
// item, school or day, for a period.
func BindScans(e *core.ServeEvent) {
	e.Router.GET("/api/kopilka/scans", func(re *core.RequestEvent) error {
		if !isCurator(re) {
			return re.ForbiddenError(ru.MsgCuratorsOnly, nil)
		}
		q := re.Request.URL.Query()
		rows, err := shortlink.Stats(re.App, shortlink.StatsQuery{From: q.Get("from"), To: q.Get("to"), School: q.Get("school"), By: q.Get("by")})
		if err != nil {
			return re.BadRequestError(ru.MsgBadStatsQuery, err)
		}
		return re.JSON(http.StatusOK, rows)
	})
}
