// Package sitesettings describes the installation a public site is for:
// its title, the municipality, its address and time zone.
package sitesettings

import (
	"strings"
	"time"

	"github.com/kopilka/kopilka/internal/config"
)

// Title is the name of every kopilka site.
const Title = "Методическая копилка"

// Settings describe the installation the site is for.
type Settings struct {
	Title        string
	Municipality string
	BaseURL      string
	// APIURL is where the site's forms post: this server; "" when none.
	APIURL   string
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// From checks cfg and gives the settings of its site.
func From(cfg config.Config) (Settings, error) {
	if err := cfg.Validate(); err != nil {
		return Settings{}, err
	}
	loc, _ := cfg.Location()
	api := cfg.APIURL
	switch api {
	case "":
		api = cfg.BaseURL
	case "off":
		api = ""
	}
	return Settings{Title: Title, Municipality: cfg.Municipality, BaseURL: cfg.BaseURL, APIURL: strings.TrimRight(api, "/"), Location: loc}, nil
}
