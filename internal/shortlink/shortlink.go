// Package shortlink serves /q/{code}, the address every printed QR code
// holds: it counts the scan — per code per day, nothing about the person —
// and sends the phone to the item's current page.
package shortlink

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/shortcode"
)

// Resolver answers short codes.
type Resolver struct {
	App core.App
	// Location is the municipality's zone: a scan counts on its local day.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Outcome is what a code leads to.
type Outcome int

// Outcomes of a code.
const (
	Unknown Outcome = iota // no such code, or an item not yet public
	Gone                   // archived, rejected or deleted
	Live                   // a public page
)

// Resolve finds where code leads: the outcome, and for a live item the path
// of its page, its collection and id, and its organization's id.
func (r *Resolver) Resolve(code string) (Outcome, Target, error) {
	code = shortcode.Normalize(code)
	if code == "" {
		return Unknown, Target{}, nil
	}
	var row struct {
		Collection string `db:"target_collection"`
		Id         string `db:"target_id"`
		Retired    bool   `db:"retired"`
	}
	err := r.App.DB().Select("target_collection", "target_id", "retired").From(schema.QRCodes).
		Where(dbx.HashExp{"code": code}).One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return Unknown, Target{}, nil
	}
	if err != nil {
		return Unknown, Target{}, fmt.Errorf("qr code %s: %w", code, err)
	}
	if row.Retired {
		return Gone, Target{}, nil
	}
	rec, err := r.App.FindRecordById(row.Collection, row.Id)
	if errors.Is(err, sql.ErrNoRows) {
		return Gone, Target{}, nil
	}
	if err != nil {
		return Unknown, Target{}, fmt.Errorf("qr code %s: %w", code, err)
	}
	t := Target{Code: code, Collection: row.Collection, Id: row.Id, Path: "/" + row.Collection + "/" + rec.GetString("slug") + "/"}
	switch row.Collection {
	case schema.Events:
		t.Organization = rec.GetString("organizer")
		return Live, t, nil
	default:
		t.Organization = rec.GetString("organization")
		switch rec.GetString("status") {
		case schema.StatusPublished:
			return Live, t, nil
		case schema.StatusArchived, schema.StatusRejected:
			return Gone, Target{}, nil
		}
		return Unknown, Target{}, nil
	}
}

// Target is a live item a code leads to.
type Target struct {
	Code, Collection, Id, Organization string
	Path                               string // e.g. /materials/urok-drobi/
}

// Count adds one scan of t on today's local date.
func (r *Resolver) Count(t Target) error {
	now := time.Now()
	if r.Now != nil {
		now = r.Now()
	}
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	stamp := now.UTC().Format("2006-01-02 15:04:05.000Z")
	_, err := r.App.DB().NewQuery(`INSERT INTO qr_scans (id, code, day, count, target_collection, target_id, organization, created, updated)
		VALUES ({:id}, {:code}, {:day}, 1, {:coll}, {:target}, {:org}, {:now}, {:now})
		ON CONFLICT(code, day) DO UPDATE SET count = count + 1, updated = {:now}`).Bind(dbx.Params{
		"id": core.GenerateDefaultRandomId(), "code": t.Code, "day": now.In(loc).Format("2006-01-02"),
		"coll": t.Collection, "target": t.Id, "org": t.Organization, "now": stamp,
	}).Execute()
	if err != nil {
		return fmt.Errorf("count scan of %s: %w", t.Code, err)
	}
	return nil
}

// ServeHTTP answers /q/{code}: 302 to the page of a live item after
// counting the scan, 410 for an item withdrawn, 404 for anything else.
// Neither of the last two names anything of the item.
func (r *Resolver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	outcome, t, err := r.Resolve(req.PathValue("code"))
	if err != nil {
		r.App.Logger().Error("short link", "error", err)
		page(w, http.StatusInternalServerError, ru.ShortLinkErrorTitle, ru.ShortLinkErrorText)
		return
	}
	switch outcome {
	case Live:
		if err := r.Count(t); err != nil {
			// a lost count must not cost the teacher the page
			r.App.Logger().Error("short link", "error", err)
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, req, t.Path, http.StatusFound)
	case Gone:
		page(w, http.StatusGone, ru.ShortLinkGoneTitle, ru.ShortLinkGoneText)
	default:
		page(w, http.StatusNotFound, ru.ShortLinkUnknownTitle, ru.ShortLinkUnknownText)
	}
}

func page(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>%s</title><link rel="stylesheet" href="/css/site.css"></head><body><main class="wrap item"><h1>%s</h1><p>%s</p><p><a href="/">На главную</a> · <a href="/materials/">Банк материалов</a> · <a href="/search/">Поиск</a></p></main></body></html>`,
		title, title, text)
}
