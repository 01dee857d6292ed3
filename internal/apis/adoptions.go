package apis

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/adoption"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/signin"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

// Limits of «Я применил(а)» reports: from one address a day, and of one
// item a day from everyone.
const (
	AdoptionsPerAddress = 10
	AdoptionsPerItem    = 200
	adoptionWindow      = 24 * time.Hour
)

// BindAdoptions serves POST /api/kopilka/adoptions, the form «Я
// применил(а) у себя» of a published page: no account, no name. The
// site's own origin may post from a static copy of the site (CORS for it
// alone); an address or an item past its limits is refused; a form whose
// hidden field a robot filled is thanked and forgotten.
func BindAdoptions(e *core.ServeEvent, st sitesettings.Settings) {
	origin := siteOrigin(st.BaseURL)
	perAddress := signin.NewLimiter(AdoptionsPerAddress, adoptionWindow)
	perItem := signin.NewLimiter(AdoptionsPerItem, adoptionWindow)
	cors := func(re *core.RequestEvent) bool {
		o := re.Request.Header.Get("Origin")
		if o == "" {
			return true
		}
		// the site's address, or this server's own (a page it serves)
		if o != origin && o != requestOrigin(re.Request) {
			return false
		}
		h := re.Response.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		return true
	}
	// the page asks whether this server takes its form before showing it,
	// and gets the schools to choose from: kept here, not on every page
	e.Router.GET("/api/kopilka/adoptions", func(re *core.RequestEvent) error {
		if !cors(re) {
			return re.ForbiddenError(ru.AdoptNoItem, nil)
		}
		schools, err := adoption.SchoolChoices(re.App)
		if err != nil {
			return re.InternalServerError("", err)
		}
		return re.JSON(http.StatusOK, map[string]any{"schools": schools})
	}).Unbind(apis.DefaultCorsMiddlewareId)
	e.Router.OPTIONS("/api/kopilka/adoptions", func(re *core.RequestEvent) error {
		if !cors(re) {
			return re.ForbiddenError(ru.AdoptNoItem, nil)
		}
		h := re.Response.Header()
		h.Set("Access-Control-Allow-Methods", "POST")
		h.Set("Access-Control-Allow-Headers", "Content-Type")
		h.Set("Access-Control-Max-Age", "86400")
		return re.NoContent(http.StatusNoContent)
	}).Unbind(apis.DefaultCorsMiddlewareId)
	e.Router.POST("/api/kopilka/adoptions", func(re *core.RequestEvent) error {
		if !cors(re) {
			return re.ForbiddenError(ru.AdoptNoItem, nil)
		}
		var form struct {
			Collection string `json:"collection" form:"collection"`
			Slug       string `json:"slug" form:"slug"`
			School     string `json:"school" form:"school"`
			Group      string `json:"group" form:"group"`
			Kind       string `json:"kind" form:"kind"`
			Comment    string `json:"comment" form:"comment"`
			Website    string `json:"website" form:"website"` // the honeypot
		}
		if err := re.BindBody(&form); err != nil {
			return re.BadRequestError(ru.AdoptNoItem, err)
		}
		if strings.TrimSpace(form.Website) != "" {
			return re.JSON(http.StatusCreated, map[string]any{"message": ru.AdoptThanks})
		}
		now := time.Now()
		address, item := signin.HostKey(re.RealIP()), form.Collection+"/"+form.Slug
		if perAddress.Blocked(now, address) || perItem.Blocked(now, item) {
			return re.JSON(http.StatusTooManyRequests, map[string]any{"message": ru.AdoptTooMany})
		}
		schools, err := adoption.Record(re.App, adoption.Report{Collection: form.Collection, Slug: form.Slug, School: form.School,
			Group: form.Group, Kind: form.Kind, Comment: form.Comment})
		var problem *adoption.Problem
		if errors.As(err, &problem) {
			return re.JSON(http.StatusBadRequest, map[string]any{"field": problem.Field, "message": problem.Message})
		}
		if err != nil {
			return re.InternalServerError("", err)
		}
		perAddress.Fail(now, address)
		perItem.Fail(now, item)
		return re.JSON(http.StatusCreated, map[string]any{"message": ru.AdoptThanks, "schools": schools, "schools_text": ru.AdoptedIn(schools)})
	}).Unbind(apis.DefaultCorsMiddlewareId)
}

// siteOrigin is the scheme and host of the site's address.
func siteOrigin(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// requestOrigin is the origin a request was made to.
func requestOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
