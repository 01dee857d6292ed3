package apis

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/ru"
)

// BindSite serves the public site at / from builder (the API, the
// dashboard and the other routes are more specific and win over it), and
// for curators the site's status (GET /api/kopilka/site) and a rebuild
// (POST /api/kopilka/site/rebuild).
func BindSite(e *core.ServeEvent, builder *publish.Builder) {
	e.Router.GET("/api/kopilka/site", func(re *core.RequestEvent) error {
		if !isCurator(re) {
			return re.ForbiddenError(ru.MsgCuratorsOnly, nil)
		}
		st := builder.Status()
		return re.JSON(http.StatusOK, map[string]any{
			"lastBuild": st.LastBuild, "durationMs": st.Duration.Milliseconds(), "pages": st.Pages,
			"error": st.Error, "errorAt": st.ErrorAt,
		})
	})
	e.Router.POST("/api/kopilka/site/rebuild", func(re *core.RequestEvent) error {
		if !isCurator(re) {
			return re.ForbiddenError(ru.MsgCuratorsOnly, nil)
		}
		builder.Schedule()
		return re.NoContent(http.StatusAccepted)
	})
	e.Router.GET("/{path...}", func(re *core.RequestEvent) error {
		builder.ServeHTTP(re.Response, re.Request)
		return nil
	})
}
