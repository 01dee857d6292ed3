package freshness

import (
	"fmt"
	"html"
	"net/mail"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// Describe says reason r in Russian, its dates written in loc.
func Describe(r Reason, loc *time.Location) string {
	switch r.Code {
	case ReasonPeriod:
		return fmt.Sprintf(ru.FreshPeriod, ru.Years(r.Years), ru.Date(r.Reviewed.In(loc)))
	case ReasonDead:
		return ru.FreshDead
	case ReasonBroken:
		return ru.FreshBroken
	}
	return r.Code
}

// DescribeTarget says which link or file is at fault, and why.
func DescribeTarget(t Target) string {
	if t.Name != "" {
		return t.Name + " — " + t.Error
	}
	return t.URL + " — " + ru.FreshLinkError(t.Code, t.Error)
}

// CMSPath is the CMS page of the queue.
const CMSPath = "/app/freshness"

// letter is what one author is told.
type letter struct {
	to      mail.Address
	entries []Entry
}

// notify tells the authors of the materials and practices in the queue,
// by e-mail, of the reasons that appeared since they were last told: one
// letter to each author. Nothing is sent, nor marked as told, when mail is
// not set up (PocketBase's SMTP settings).
func (g *Guard) notify(now time.Time) (int, error) {
	if !g.app.Settings().SMTP.Enabled {
		return 0, nil
	}
	entries, err := Queue(g.app, AppLister(g.app), now)
	if err != nil {
		return 0, err
	}
	rows, err := g.app.FindAllRecords(schema.LinkChecks, dbx.HashExp{"kind": schema.CheckItem})
	if err != nil {
		return 0, fmt.Errorf("freshness: notify: %w", err)
	}
	itemRows := map[string]*core.Record{}
	for _, r := range rows {
		itemRows[rowItem(r)] = r
	}
	letters := map[string]*letter{} // by user id
	sentTo := map[string][]string{} // item key → the users told of it
	for _, e := range entries {
		row := itemRows[itemKey(e.Collection, e.Record.Id)]
		if e.Collection == schema.Events || row == nil {
			continue // events have no authors; an item never checked has nowhere to note it
		}
		if told := row.GetDateTime("notified_at").Time(); !told.IsZero() && !e.Latest.After(told) {
			continue
		}
		for _, u := range g.authorsOf(e.Record) {
			if u.Email() == "" {
				continue
			}
			l := letters[u.Id]
			if l == nil {
				l = &letter{to: mail.Address{Name: u.GetString("name"), Address: u.Email()}}
				letters[u.Id] = l
			}
			l.entries = append(l.entries, e)
			key := itemKey(e.Collection, e.Record.Id)
			sentTo[key] = append(sentTo[key], u.Id)
		}
	}
	ids := make([]string, 0, len(letters))
	for id := range letters {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	failed := map[string]bool{}
	sent := 0
	for _, id := range ids {
		if err := g.send(letters[id]); err != nil {
			g.app.Logger().Warn("freshness: a letter to an author was not sent", "to", letters[id].to.Address, "error", err.Error())
			failed[id] = true
			continue
		}
		sent++
	}
	// an item is marked as told when every letter that named it went
	for key, users := range sentTo {
		ok := true
		for _, u := range users {
			ok = ok && !failed[u]
		}
		if !ok {
			continue
		}
		row := itemRows[key]
		row.Set("notified_at", now)
		if err := g.app.Save(row); err != nil {
			return sent, fmt.Errorf("freshness: notify: %s: %w", key, err)
		}
	}
	return sent, nil
}

// authorsOf are the accounts of the authors of item r.
func (g *Guard) authorsOf(r *core.Record) []*core.Record {
	teachers, err := g.app.FindRecordsByIds(schema.Teachers, r.GetStringSlice("authors"))
	if err != nil {
		return nil
	}
	var ids []string
	for _, t := range teachers {
		if u := t.GetString("user"); u != "" {
			ids = append(ids, u)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	users, err := g.app.FindRecordsByIds(schema.Users, ids)
	if err != nil {
		return nil
	}
	return users
}

// send sends letter l.
func (g *Guard) send(l *letter) error {
	meta := g.app.Settings().Meta
	link := strings.TrimRight(meta.AppURL, "/") + CMSPath
	var text, body strings.Builder
	text.WriteString(ru.FreshMailHello + "\n\n" + ru.FreshMailIntro + "\n\n")
	body.WriteString("<p>" + html.EscapeString(ru.FreshMailHello) + "</p>\n<p>" + html.EscapeString(ru.FreshMailIntro) + "</p>\n<ul>\n")
	for _, e := range l.entries {
		title := e.Record.GetString("title")
		text.WriteString("— «" + title + "»\n")
		body.WriteString("<li><strong>«" + html.EscapeString(title) + "»</strong><ul>\n")
		for _, r := range e.Reasons {
			why := Describe(r, g.cfg.Location) + " (" + fmt.Sprintf(ru.FreshSince, ru.Date(r.Since.In(g.cfg.Location))) + ")"
			text.WriteString("   • " + why + "\n")
			body.WriteString("<li>" + html.EscapeString(why))
			if len(r.Targets) > 0 {
				body.WriteString("<ul>")
				for _, t := range r.Targets {
					text.WriteString("       " + DescribeTarget(t) + "\n")
					body.WriteString("<li>" + html.EscapeString(DescribeTarget(t)) + "</li>")
				}
				body.WriteString("</ul>")
			}
			body.WriteString("</li>\n")
		}
		body.WriteString("</ul></li>\n")
	}
	text.WriteString("\n" + ru.FreshMailMore + " " + link + "\n" + ru.FreshMailHow + "\n")
	body.WriteString("</ul>\n<p>" + html.EscapeString(ru.FreshMailMore) + ` <a href="` + html.EscapeString(link) + `">` +
		html.EscapeString(link) + "</a></p>\n<p>" + html.EscapeString(ru.FreshMailHow) + "</p>\n")
	msg := &mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{l.to},
		Subject: ru.FreshMailSubject,
		HTML:    body.String(),
		Text:    text.String(),
	}
	if err := g.app.NewMailClient().Send(msg); err != nil {
		return fmt.Errorf("freshness: mail to %s: %w", l.to.Address, err)
	}
	return nil
}
