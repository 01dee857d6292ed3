package apis

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/shortlink"
)

// BindShortLinks serves /q/{code}, the address every QR code holds: it
// counts the scan and sends the reader to the item's page.
func BindShortLinks(e *core.ServeEvent, loc *time.Location) {
	links := &shortlink.Resolver{App: e.App, Location: loc}
	serveLink := func(re *core.RequestEvent) error {
		links.ServeHTTP(re.Response, re.Request)
		return nil
	}
	e.Router.GET("/q/{code}", serveLink)
	e.Router.GET("/q/{code}/", serveLink)
}
