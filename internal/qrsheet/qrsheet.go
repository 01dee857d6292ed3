// Package qrsheet prints the QR codes of public items on A4: one poster an
// item or sheets of eight cards, for a school, a practice, an event or a
// hand-picked list of codes.
package qrsheet

import (
	"errors"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/printout"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/shortcode"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// Selection says which public items to print codes for; exactly one of
// its fields is set.
type Selection struct {
	School   string   // organization slug: its materials, practices and events
	Practice string   // practice slug: the practice and its materials
	Event    string   // event slug: the event and its handouts
	Codes    []string // a hand-picked list
}

// ErrSelection is wrapped by errors about what was asked for (as opposed
// to failures of the database), so the API can answer 400.
var ErrSelection = errors.New("selection")

func selErr(format string, args ...any) error {
	return refusal.New(ErrSelection, format, args...)
}

// Printable lists the items of sel that the public can open, in print order.
func Printable(app core.App, sel Selection, baseURL string) ([]printout.Item, error) {
	set := 0
	for _, s := range []string{sel.School, sel.Practice, sel.Event, strings.Join(sel.Codes, "")} {
		if s != "" {
			set++
		}
	}
	if set != 1 {
		return nil, selErr(ru.MsgSelectOne)
	}
	orgNames := map[string]string{}
	orgName := func(id string) string {
		if n, ok := orgNames[id]; ok {
			return n
		}
		o, err := app.FindRecordById(schema.Organizations, id)
		if err != nil {
			return ""
		}
		n := o.GetString("short_name")
		if n == "" {
			n = o.GetString("name")
		}
		orgNames[id] = n
		return n
	}
	item := func(r *core.Record) printout.Item {
		it := printout.Item{Title: r.GetString("title"), ShortURL: sitegen.ShortURL(baseURL, r.GetString("qr_code"))}
		switch r.Collection().Name {
		case schema.Materials:
			it.Kind, it.Organization = ru.KindMaterial, orgName(r.GetString("organization"))
		case schema.Practices:
			it.Kind, it.Organization = ru.KindPractice, orgName(r.GetString("organization"))
		case schema.Events:
			it.Kind, it.Organization = ru.KindEvent, orgName(r.GetString("organizer"))
		}
		return it
	}
	published := func(collection, filter string, params dbx.Params, sort string) ([]*core.Record, error) {
		return app.FindRecordsByFilter(collection, "status = 'published' && ("+filter+")", sort, 0, 0, params)
	}
	var items []printout.Item
	add := func(records []*core.Record, err error) error {
		if err != nil {
			return err
		}
		for _, r := range records {
			items = append(items, item(r))
		}
		return nil
	}
	byIds := func(collection string, ids []string, status bool) ([]*core.Record, error) {
		var out []*core.Record
		for _, id := range ids {
			r, err := app.FindRecordById(collection, id)
			if err != nil {
				continue // a dangling relation prints nothing
			}
			if status && r.GetString("status") != schema.StatusPublished {
				continue
			}
			out = append(out, r)
		}
		return out, nil
	}
	switch {
	case sel.School != "":
		org, err := app.FindFirstRecordByData(schema.Organizations, "slug", sel.School)
		if err != nil {
			return nil, selErr(ru.MsgNoSuchSchool, sel.School)
		}
		p := dbx.Params{"org": org.Id}
		if err := add(published(schema.Materials, "organization = {:org}", p, "-published_at")); err != nil {
			return nil, err
		}
		if err := add(published(schema.Practices, "organization = {:org}", p, "-published_at")); err != nil {
			return nil, err
		}
		if err := add(app.FindRecordsByFilter(schema.Events, "organizer = {:org}", "-start", 0, 0, p)); err != nil {
			return nil, err
		}
	case sel.Practice != "":
		pr, err := app.FindFirstRecordByData(schema.Practices, "slug", sel.Practice)
		if err != nil || pr.GetString("status") != schema.StatusPublished {
			return nil, selErr(ru.MsgNoSuchPractice, sel.Practice)
		}
		items = append(items, item(pr))
		if err := add(byIds(schema.Materials, pr.GetStringSlice("materials"), true)); err != nil {
			return nil, err
		}
	case sel.Event != "":
		ev, err := app.FindFirstRecordByData(schema.Events, "slug", sel.Event)
		if err != nil {
			return nil, selErr(ru.MsgNoSuchEvent, sel.Event)
		}
		items = append(items, item(ev))
		if err := add(byIds(schema.Materials, ev.GetStringSlice("materials"), true)); err != nil {
			return nil, err
		}
	default:
		for _, raw := range sel.Codes {
			code := shortcode.Normalize(raw)
			r, err := liveByCode(app, code)
			if err != nil {
				return nil, err
			}
			if r == nil {
				return nil, selErr(ru.MsgCodeNotPublic, strings.TrimSpace(raw))
			}
			items = append(items, item(r))
		}
	}
	if len(items) == 0 {
		return nil, selErr(ru.MsgNothingToPrint)
	}
	return items, nil
}

// liveByCode returns the public record a code leads to, or nil.
func liveByCode(app core.App, code string) (*core.Record, error) {
	if code == "" {
		return nil, nil
	}
	row, err := app.FindFirstRecordByData(schema.QRCodes, "code", code)
	if err != nil || row.GetBool("retired") {
		return nil, nil
	}
	r, err := app.FindRecordById(row.GetString("target_collection"), row.GetString("target_id"))
	if err != nil {
		return nil, nil
	}
	if r.Collection().Name != schema.Events && r.GetString("status") != schema.StatusPublished {
		return nil, nil
	}
	return r, nil
}

// CodeSheets makes the PDF of QR codes for sel: posters or sheets of cards.
func CodeSheets(app core.App, baseURL, municipality string, sel Selection, layout string) ([]byte, error) {
	items, err := Printable(app, sel, baseURL)
	if err != nil {
		return nil, err
	}
	switch layout {
	case printout.LayoutPoster:
		return printout.Posters(items, municipality)
	case printout.LayoutCards, "":
		return printout.Cards(items, municipality)
	}
	return nil, selErr(ru.MsgUnknownLayout, layout)
}

// SplitCodes reads a comma-separated list of codes, as the qr command and
// the API take it.
func SplitCodes(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}
