package apis

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/qrsheet"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

// BindCodeSheets serves GET /api/kopilka/qr.pdf.
func BindCodeSheets(e *core.ServeEvent, st sitesettings.Settings) {
	e.Router.GET("/api/kopilka/qr.pdf", serveCodeSheets(st))
}

// serveCodeSheets answers GET /api/kopilka/qr.pdf for curators, with the
// same selection as the qr command in the query string.
func serveCodeSheets(st sitesettings.Settings) func(*core.RequestEvent) error {
	return func(re *core.RequestEvent) error {
		if !isCurator(re) {
			return re.ForbiddenError(ru.MsgCuratorsOnly, nil)
		}
		q := re.Request.URL.Query()
		sel := qrsheet.Selection{School: q.Get("school"), Practice: q.Get("practice"), Event: q.Get("event"), Codes: qrsheet.SplitCodes(q.Get("codes"))}
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
