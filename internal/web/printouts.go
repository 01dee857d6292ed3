package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/certificate"
	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/qrsheet"
	"github.com/kopilka/kopilka/internal/recordapi"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

type qrData struct {
	Schools []*core.Record
	Sel     qrsheet.Selection
	Codes   string
	Layout  string
}

// qrPage lets a curator print posters or cards for any selection.
func (s *Server) qrPage(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d := qrData{Layout: printout.LayoutCards}
	d.Schools = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
	s.render(w, r, http.StatusOK, "qr", page{Title: ru.WebQRTitle, User: u, Data: d, Section: "qr"})
}

func (s *Server) qrPDF(w http.ResponseWriter, r *http.Request, u *core.Record) {
	q := r.URL.Query()
	sel := qrsheet.Selection{School: q.Get("school"), Practice: strings.TrimSpace(q.Get("practice")), Event: strings.TrimSpace(q.Get("event"))}
	for _, c := range strings.Split(q.Get("codes"), ",") {
		if c = strings.TrimSpace(c); c != "" {
			sel.Codes = append(sel.Codes, c)
		}
	}
	pdf, err := qrsheet.CodeSheets(s.App, s.Settings.BaseURL, s.Settings.Municipality, sel, q.Get("layout"))
	if err != nil {
		d := qrData{Sel: sel, Codes: q.Get("codes"), Layout: q.Get("layout")}
		d.Schools = s.options(r, schema.Organizations, "", nil, "organizations.name", 0)
		msg := ru.WebError
		if why := refusal.Of(err); why != nil {
			msg = why.Message
		} else {
			s.logCause(r, msg, err)
		}
		s.render(w, r, http.StatusUnprocessableEntity, "qr", page{Title: ru.WebQRTitle, User: u, Data: d,
			Errors: map[string]string{"form": msg}, Section: "qr"})
		return
	}
	sendPDF(w, "qr.pdf", pdf)
}

func sendPDF(w http.ResponseWriter, name string, pdf []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, name))
	httpsec.SecurityHeaders(w.Header())
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(pdf)
}

// poster prints the QR poster of a published material for anyone who may
// view it — its author hangs it on the school's methodical stand.
func (s *Server) poster(w http.ResponseWriter, r *http.Request, u *core.Record) {
	m, ok := s.loadMaterial(w, r, u)
	if !ok {
		return
	}
	code := model.AsMaterial(m).QRCode()
	pdf, err := qrsheet.CodeSheets(s.App, s.Settings.BaseURL, s.Settings.Municipality,
		qrsheet.Selection{Codes: []string{code}}, printout.LayoutPoster)
	if err != nil {
		s.fail(w, r, u, http.StatusUnprocessableEntity, ru.MsgNothingToPrint, err)
		return
	}
	sendPDF(w, "plakat-"+code+".pdf", pdf)
}

// certify issues the author's certificate of publication and opens it.
func (s *Server) certify(w http.ResponseWriter, r *http.Request, u *core.Record) {
	m, ok := s.loadMaterial(w, r, u)
	if !ok {
		return
	}
	profile, err := model.FindTeacherOfUser(s.App, u.Id)
	if err != nil {
		s.fail(w, r, u, http.StatusUnprocessableEntity, ru.WebNoProfile, err)
		return
	}
	kind := schema.CertPublication
	if r.FormValue("kind") == schema.CertDissemination {
		kind = schema.CertDissemination
	}
	cert, err := certificate.Issue(s.App, certificate.Request{Kind: kind, Teacher: profile.Id, Material: m.Id})
	if err != nil {
		msg := ru.WebError
		if why := refusal.Of(err); why != nil {
			msg = why.Message
		} else {
			s.logCause(r, msg, err)
		}
		s.render(w, r, http.StatusUnprocessableEntity, "material", page{Title: model.AsMaterial(m).Title(), User: u, Section: "materials",
			Data: s.materialData(r, m, false), Errors: map[string]string{"form": msg}})
		return
	}
	s.redirect(w, r, "/app/certificates/"+model.AsCertificate(cert).Number(), "")
}

// certificatePDF gives a certificate to its teacher and to curators.
func (s *Server) certificatePDF(w http.ResponseWriter, r *http.Request, u *core.Record) {
	var cert *core.Record
	found, err := model.FindCertificateByNumber(s.App, r.PathValue("number"))
	if err == nil {
		cert, err = recordapi.View(event(r), schema.Certificates, found.Id)
	}
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	c := model.AsCertificate(cert)
	teacher, err := model.FindTeacher(s.App, c.Teacher())
	if u.GetString("role") != schema.RoleCurator && (err != nil || teacher.User() != u.Id) {
		s.fail(w, r, u, http.StatusNotFound, ru.WebNotFound, err)
		return
	}
	pdf, err := certificate.PDF(s.App, cert, s.Settings.BaseURL, s.Settings.Municipality)
	if err != nil {
		s.fail(w, r, u, http.StatusUnprocessableEntity, ru.WebError, err)
		return
	}
	sendPDF(w, "svidetelstvo-"+c.Number()+".pdf", pdf)
}
