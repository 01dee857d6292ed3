package apis

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/certificate"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitesettings"
	"github.com/kopilka/kopilka/internal/workflow"
)

// BindCertificates serves /api/kopilka/certificates: a teacher asks for a certificate of their own facts,
// a curator for anyone's; the PDF is for its teacher and curators.
func BindCertificates(e *core.ServeEvent, st sitesettings.Settings) {
	e.Router.POST("/api/kopilka/certificates", func(re *core.RequestEvent) error {
		var body struct {
			Kind     string `json:"kind"`
			Teacher  string `json:"teacher"`
			Material string `json:"material"`
			Practice string `json:"practice"`
			Event    string `json:"event"`
		}
		if err := re.BindBody(&body); err != nil {
			return re.BadRequestError(ru.MsgBadRequest, err)
		}
		req := certificate.Request{Kind: body.Kind, Teacher: body.Teacher, Material: body.Material, Practice: body.Practice, Event: body.Event}
		switch workflow.RoleOf(re) {
		case schema.RoleCurator, schema.RoleSuperuser:
		case schema.RoleTeacher, schema.RoleSchoolEditor:
			own, err := re.App.FindFirstRecordByData(schema.Teachers, "user", re.Auth.Id)
			if err != nil {
				return re.BadRequestError(ru.CertNoTeacher, err)
			}
			req.Teacher = own.Id // one's own certificates only
		default:
			return re.UnauthorizedError(ru.MsgSignIn, nil)
		}
		cert, err := certificate.Issue(re.App, req)
		if why := refusal.Of(err); why != nil {
			return re.BadRequestError(why.Message, nil)
		}
		if err != nil {
			return re.InternalServerError("", err)
		}
		n := cert.GetString("number")
		return re.JSON(http.StatusOK, map[string]string{
			"number": n, "verify_url": certificate.VerifyURL(st.BaseURL, n), "pdf_url": "/api/kopilka/certificates/" + n + ".pdf",
		})
	})
	e.Router.GET("/api/kopilka/certificates/{file}", func(re *core.RequestEvent) error {
		number := strings.TrimSuffix(re.Request.PathValue("file"), ".pdf")
		cert, err := re.App.FindFirstRecordByData(schema.Certificates, "number", number)
		if err != nil {
			return re.NotFoundError("", err)
		}
		info, err := re.RequestInfo()
		if err != nil {
			return re.NotFoundError("", err)
		}
		owner := info.Auth != nil && !info.Auth.IsSuperuser() && isOwner(re.App, cert, info.Auth.Id)
		if !owner && !isCurator(re) {
			return re.NotFoundError("", nil)
		}
		pdf, err := certificate.PDF(re.App, cert, st.BaseURL, st.Municipality)
		if why := refusal.Of(err); why != nil {
			return re.BadRequestError(why.Message, err)
		}
		if err != nil {
			return re.InternalServerError("", err)
		}
		re.Response.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="svidetelstvo-%s.pdf"`, number))
		return re.Blob(http.StatusOK, "application/pdf", pdf)
	})
}

func isOwner(app core.App, cert *core.Record, userId string) bool {
	t, err := app.FindRecordById(schema.Teachers, cert.GetString("teacher"))
	return err == nil && t.GetString("user") == userId
}
