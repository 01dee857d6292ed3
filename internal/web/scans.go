package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/refusal"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// scanDays is the default period of the scan counts, in days up to today.
const scanDays = 30

// maxScanDays bounds the period the scan counts are read for.
const maxScanDays = 366

type scansData struct {
	From, To string // inclusive local days, YYYY-MM-DD
	Total    int
	Items    []scanRow // by item, the most scanned first
	Schools  []scanRow // by school, the most scanned first
	Days     []scanRow // every day of the period, in order
	Query    string    // the period as a query string, for the downloads
}

// scanRow is a line of the scan counts: an item, a school or a day.
type scanRow struct {
	Key         string // "collection/id", organization id or YYYY-MM-DD
	Label, Link string
	Kind        string // of an item: material, practice or event
	School      string // of an item
	Code        string // of an item: its QR code
	Scans       int
	Share       int // of the largest row of its list, 0–100, for its bar
}

// scanKinds names what a QR code leads to, by collection, and scanLinks is
// the CMS page of each.
var (
	scanKinds = map[string]string{schema.Materials: ru.KindMaterial, schema.Practices: ru.KindPractice, schema.Events: ru.KindEvent}
	scanLinks = map[string]string{schema.Materials: "/app/materials/", schema.Practices: "/app/practices/", schema.Events: "/app/events/"}
)

// scanData sums the scans of QR codes of the period the request asks for
// (the last 30 days by default) by item, by school and by day, reading the
// counts, titles and names through the collections' rules.
func (s *Server) scanData(r *http.Request) (scansData, error) {
	loc := s.location()
	today := s.now().In(loc)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	d := scansData{From: today.AddDate(0, 0, 1-scanDays).Format(time.DateOnly), To: today.Format(time.DateOnly)}
	q := r.URL.Query()
	if v := q.Get("from"); v != "" {
		d.From = v
	}
	if v := q.Get("to"); v != "" {
		d.To = v
	}
	d.Query = filters("from", d.From, "to", d.To)
	from, err1 := time.ParseInLocation(time.DateOnly, d.From, loc)
	to, err2 := time.ParseInLocation(time.DateOnly, d.To, loc)
	if err1 != nil || err2 != nil || to.Before(from) {
		return d, &refusal.Error{Message: ru.WebBadPeriod}
	}
	if to.Sub(from) >= maxScanDays*24*time.Hour {
		return d, &refusal.Error{Message: ru.ScansPeriodTooLong}
	}
	scans, err := s.list(r, schema.QRScans, func(q *dbx.SelectQuery) {
		q.AndWhere(dbx.Between("qr_scans.day", d.From, d.To))
	}, "qr_scans.day", 0)
	if err != nil {
		return d, err
	}
	schools := namesOf(s.options(r, schema.Organizations, "", nil, "organizations.name", 0))
	items, bySchool, byDay := map[string]*scanRow{}, map[string]*scanRow{}, map[string]int{}
	targets := map[string][]string{} // collection → ids
	for _, sc := range scans {
		n, coll, id, org := sc.GetInt("count"), sc.GetString("target_collection"), sc.GetString("target_id"), sc.GetString("organization")
		d.Total += n
		byDay[sc.GetString("day")] += n
		key := coll + "/" + id
		if items[key] == nil {
			items[key] = &scanRow{Key: key, Kind: ru.Label(scanKinds, coll), Code: sc.GetString("code"), School: schools[org]}
			targets[coll] = append(targets[coll], id)
		}
		items[key].Scans += n
		if bySchool[org] == nil {
			bySchool[org] = &scanRow{Key: org, Label: schools[org]}
			if org == "" || bySchool[org].Label == "" {
				bySchool[org].Label = ru.ScansNoSchool
			}
		}
		bySchool[org].Scans += n
	}
	for coll, ids := range targets {
		for _, rec := range s.byIDs(r, coll, ids, "") {
			row := items[coll+"/"+rec.Id]
			row.Label, row.Link = model.AsItem(rec).Title(), scanLinks[coll]+rec.Id
		}
	}
	for _, row := range items {
		if row.Label == "" { // deleted, or not the reader's to see
			row.Label = ru.ScansCode + " " + row.Code + " (" + ru.ScansDeleted + ")"
		}
		d.Items = append(d.Items, *row)
	}
	for _, row := range bySchool {
		d.Schools = append(d.Schools, *row)
	}
	for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
		key := day.Format(time.DateOnly)
		d.Days = append(d.Days, scanRow{Key: key, Label: shortDay(day), Scans: byDay[key]})
	}
	mostFirst(d.Items)
	mostFirst(d.Schools)
	for _, list := range [][]scanRow{d.Items, d.Schools, d.Days} {
		shares(list)
	}
	return d, nil
}

// shortDay writes a day of the chart: «20 ноября, пт».
func shortDay(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + ru.MonthsGenitive[t.Month()-1] + ", " + ru.Weekdays[(int(t.Weekday())+6)%7]
}

// mostFirst sorts rows by their scans, the most first, then by label.
func mostFirst(rows []scanRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Scans != rows[j].Scans {
			return rows[i].Scans > rows[j].Scans
		}
		return rows[i].Label < rows[j].Label
	})
}

// shares sets each row's share of the largest row, for its bar.
func shares(rows []scanRow) {
	top := 0
	for _, row := range rows {
		top = max(top, row.Scans)
	}
	if top == 0 {
		return
	}
	for i := range rows {
		rows[i].Share = rows[i].Scans * 100 / top
	}
}

// scans shows the scan counts of QR codes for a period.
func (s *Server) scans(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.scanData(r)
	if err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "scans", page{Title: ru.ScansTitle, User: u, Data: d,
			Errors: map[string]string{"form": s.shown(r, err)}, Section: "scans"})
		return
	}
	s.render(w, r, http.StatusOK, "scans", page{Title: ru.ScansTitle, User: u, Data: d, Section: "scans"})
}

// scansCSV is one list of the scan counts (by=item, school or day) for a
// spreadsheet, with the total on its last line.
func (s *Server) scansCSV(w http.ResponseWriter, r *http.Request, u *core.Record) {
	d, err := s.scanData(r)
	if err != nil {
		http.Error(w, s.shown(r, err), http.StatusUnprocessableEntity)
		return
	}
	by := r.URL.Query().Get("by")
	var rows [][]string
	switch by {
	case "", "item":
		by = "item"
		rows = append(rows, []string{ru.ScansCode, ru.ScansKind, ru.ScansItem, ru.ScansSchool, ru.ScansCount})
		for _, row := range d.Items {
			rows = append(rows, []string{row.Code, row.Kind, row.Label, row.School, strconv.Itoa(row.Scans)})
		}
		rows = append(rows, []string{ru.ScansTotal, "", "", "", strconv.Itoa(d.Total)})
	case "school":
		rows = append(rows, []string{ru.ScansSchool, ru.ScansCount})
		for _, row := range d.Schools {
			rows = append(rows, []string{row.Label, strconv.Itoa(row.Scans)})
		}
		rows = append(rows, []string{ru.ScansTotal, strconv.Itoa(d.Total)})
	case "day":
		rows = append(rows, []string{ru.ScansDay, ru.ScansCount})
		for _, row := range d.Days {
			rows = append(rows, []string{row.Key, strconv.Itoa(row.Scans)})
		}
		rows = append(rows, []string{ru.ScansTotal, strconv.Itoa(d.Total)})
	default:
		http.Error(w, ru.WebNotFound, http.StatusNotFound)
		return
	}
	s.sendCSV(w, r, "skanirovaniya-"+by+"-"+d.From+"-"+d.To+".csv", rows)
}
