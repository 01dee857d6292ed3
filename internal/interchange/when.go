package interchange

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// when is a date or date-time as written: the calendar date and clock its
// author wrote, and the instant when an offset (or Z) fixed one.
type when struct {
	wall     time.Time // the date and clock as written, in UTC fields
	at       time.Time // the instant, when fixed
	dateOnly bool
	fixed    bool
}

// date is the calendar date the author wrote, at midnight UTC: a date field
// keeps 14.01.2026 of «2026-01-14T09:15:00+11:00», not the UTC date.
func (w when) date() time.Time {
	return time.Date(w.wall.Year(), w.wall.Month(), w.wall.Day(), 0, 0, 0, 0, time.UTC)
}

// instant places a wall-clock value in loc; a fixed value keeps its instant.
func (w when) instant(loc *time.Location) time.Time {
	if w.fixed {
		return w.at
	}
	return time.Date(w.wall.Year(), w.wall.Month(), w.wall.Day(), w.wall.Hour(), w.wall.Minute(), w.wall.Second(), 0, loc).UTC()
}

// timestampPattern is a date, or a date and a time with an optional offset,
// in the forms of RFC 3339, YAML 1.1 timestamps and TOML dates: «T», «t» or
// spaces between date and time, seconds and their fractions optional, the
// offset «Z», «z», «±hh:mm», «±hhmm» or «±hh», spaces before it allowed.
var timestampPattern = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})` +
	`(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?` +
	`(?:[ \t]*(?:([Zz])|([+-])(\d{1,2})(?::?(\d{2}))?))?)?$`)

// parseWhen reads a date or date-time from YAML and JSON strings or TOML
// values. TOML's local dates and date-times arrive as time.Time in a
// location named "date-local"/"datetime-local" (BurntSushi/toml), its
// offset date-times in a fixed zone: in every case the wall clock is what
// the author wrote.
func parseWhen(raw any) (when, bool) {
	switch v := raw.(type) {
	case time.Time:
		wall := time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.UTC)
		switch v.Location().String() {
		case "date-local":
			return when{wall: wall, dateOnly: true}, true
		case "datetime-local":
			return when{wall: wall}, true
		case "time-local":
			return when{}, false // a time of no day
		}
		return when{wall: wall, at: v.UTC(), fixed: true}, true
	case string:
		return parseTimestamp(strings.TrimSpace(v))
	}
	return when{}, false
}

// parseTimestamp reads the text of a date or date-time (timestampPattern).
// A date alone must have two-digit month and day, as RFC 3339 and YAML ask.
func parseTimestamp(s string) (when, bool) {
	m := timestampPattern.FindStringSubmatch(s)
	if m == nil {
		return when{}, false
	}
	num := func(i int) int {
		n, _ := strconv.Atoi(m[i])
		return n
	}
	year, month, day := num(1), num(2), num(3)
	if m[4] == "" {
		if len(m[2]) != 2 || len(m[3]) != 2 {
			return when{}, false
		}
		t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if !sameDate(t, year, month, day) {
			return when{}, false
		}
		return when{wall: t, dateOnly: true}, true
	}
	hour, minute, second := num(4), num(5), 0
	if m[6] != "" {
		second = num(6)
	}
	nanos := 0
	if m[7] != "" {
		nanos, _ = strconv.Atoi((m[7] + "00000000")[:9])
	}
	if hour > 23 || minute > 59 || second > 59 {
		return when{}, false
	}
	wall := time.Date(year, time.Month(month), day, hour, minute, second, nanos, time.UTC)
	if !sameDate(wall, year, month, day) {
		return when{}, false
	}
	switch {
	case m[8] != "":
		return when{wall: wall, at: wall, fixed: true}, true
	case m[9] != "":
		offHours, offMinutes := num(10), 0
		if m[11] != "" {
			offMinutes = num(11)
		}
		if offHours > 23 || offMinutes > 59 {
			return when{}, false
		}
		offset := offHours*3600 + offMinutes*60
		if m[9] == "-" {
			offset = -offset
		}
		at := wall.Add(-time.Duration(offset) * time.Second)
		return when{wall: wall, at: at, fixed: true}, true
	}
	return when{wall: wall}, true
}

// sameDate reports whether t is the date y-m-d, which time.Date would
// have moved had the day not existed (2026-02-30).
func sameDate(t time.Time, y, m, d int) bool {
	return t.Year() == y && int(t.Month()) == m && t.Day() == d
}
