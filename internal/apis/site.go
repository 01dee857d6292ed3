package apis

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"

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
	site := compressed(builder)
	e.Router.GET("/{path...}", func(re *core.RequestEvent) error {
		site.ServeHTTP(re.Response, re.Request)
		return nil
	})
}

// compressedTypes are the site's text: pages, styles, scripts, the search
// index, feeds, the sitemap and calendars. Attachments (PDF, office
// documents, images) are compressed already or gain nothing.
var compressedTypes = []string{"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
	"application/xml", "text/xml", "application/atom+xml", "application/rss+xml", "text/calendar", "text/plain", "image/svg+xml"}

// compressed serves h gzipped to clients that accept it, for the site's
// text only (klauspost/compress's gzhttp: Vary, ranges and ETags handled).
func compressed(h http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.ContentTypes(compressedTypes), gzhttp.MinSize(256))
	if err != nil {
		// the options are constants: this cannot fail at run time
		return h
	}
	gz := wrap(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// a HEAD gets the headers of the GET, compression included; the
		// server sends no body to a HEAD whatever the handler writes
		if r.Method == http.MethodHead {
			r = r.Clone(r.Context())
			r.Method = http.MethodGet
		}
		gz.ServeHTTP(w, r)
	})
}
