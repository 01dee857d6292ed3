package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/adrg/frontmatter"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/shortcode"
)

// doc is one parsed and checked file.
type doc struct {
	kind   kind
	file   string // relative path with forward slashes
	slug   string
	values map[string]any // by key, typed as the field says
	lines  map[string]int // line of each key present
	open   int            // line of the front matter's opening delimiter
	body   string
}

// line is where key is written, or the front matter's first line for a
// key left out.
func (d *doc) line(key string) int {
	if l, ok := d.lines[key]; ok {
		return l
	}
	return max(d.open, 1)
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// readFolder parses every record file of dir; problems of parsing and of
// each file on its own are appended to probs.
//
// The slugs of all record files, parsable or not, are returned too, so that
// a reference to a broken file is not reported once more as missing.
func readFolder(dir string, probs *Problems) ([]*doc, map[string]map[string]bool, error) {
	present := map[string]map[string]bool{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", dir, err)
	}
	known := map[string]bool{filesDir: true}
	for _, k := range kinds {
		known[k.dir] = true
	}
	var allowed []string
	for _, k := range kinds {
		allowed = append(allowed, k.dir)
	}
	allowed = append(allowed, filesDir)
	for _, e := range entries {
		if e.IsDir() && !known[e.Name()] && !strings.HasPrefix(e.Name(), ".") {
			*probs = append(*probs, Problem{File: e.Name() + "/", Reason: fmt.Sprintf(ru.ImpUnknownFolder, strings.Join(allowed, ", "))})
		}
	}
	var docs []*doc
	for _, k := range kinds {
		present[k.collection] = map[string]bool{}
		entries, err := os.ReadDir(filepath.Join(dir, k.dir))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", k.dir, err)
		}
		for _, e := range entries {
			rel := k.dir + "/" + e.Name()
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
				*probs = append(*probs, Problem{File: rel, Reason: ru.ImpNotMarkdown})
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, k.dir, e.Name()))
			if err != nil {
				return nil, nil, fmt.Errorf("read %s: %w", rel, err)
			}
			present[k.collection][strings.TrimSuffix(e.Name(), ".md")] = true
			if d := parseDoc(k, rel, data, probs); d != nil {
				docs = append(docs, d)
			}
		}
	}
	return docs, present, nil
}

// parseDoc parses one file. It returns nil when the file cannot be read as
// a record at all; field problems still return the doc so references to it
// resolve and report no spurious "missing" problems.
func parseDoc(k kind, rel string, data []byte, probs *Problems) *doc {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		*probs = append(*probs, Problem{File: rel, Reason: ru.ImpBinary})
		return nil
	}
	d := &doc{kind: k, file: rel, slug: strings.TrimSuffix(path.Base(rel), ".md"), values: map[string]any{}}
	if !slugPattern.MatchString(d.slug) {
		*probs = append(*probs, Problem{File: rel, Line: 1, Field: "slug", Reason: ru.ImpBadSlug})
	}
	h, found := findHead(data)
	if !found {
		*probs = append(*probs, Problem{File: rel, Line: 1, Reason: ru.ImpNoFrontMatter})
		return nil
	}
	if !h.closed {
		reason := fmt.Sprintf(ru.ImpUnclosed, h.close)
		if h.close == "}" {
			reason = ru.ImpUnclosedJSON
		}
		*probs = append(*probs, Problem{File: rel, Line: h.openLine, Reason: reason})
		return nil
	}
	raw := map[string]any{}
	rest, err := frontmatter.MustParse(bytes.NewReader(data), &raw)
	if err != nil {
		if errors.Is(err, frontmatter.ErrNotFound) {
			*probs = append(*probs, Problem{File: rel, Line: h.openLine, Reason: ru.ImpNoFrontMatter})
			return nil
		}
		n, key, reason := malformed(data, h, err)
		*probs = append(*probs, Problem{File: rel, Line: n, Field: key, Reason: reason})
		return nil
	}
	d.body = strings.TrimSpace(string(rest))
	if k.body == "" && d.body != "" {
		at := len(data) - len(bytes.TrimLeft(rest, " \t\n"))
		*probs = append(*probs, Problem{File: rel, Line: 1 + bytes.Count(data[:at], []byte("\n")), Reason: ru.ImpNoBody})
	}
	d.open = h.openLine
	d.lines = map[string]int{}
	for _, ka := range topKeys(data, h) {
		first, seen := d.lines[ka.key]
		if !seen {
			d.lines[ka.key] = ka.line
			continue
		}
		if h.format != formatTOML { // TOML's parser refuses a repeated key itself
			*probs = append(*probs, Problem{File: rel, Line: ka.line, Field: ka.key, Reason: fmt.Sprintf(ru.ImpDuplicateKey, first)})
		}
	}

	keys := make([]string, 0, len(raw))
	for key := range raw {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		fl, ok := k.field(key)
		if !ok {
			*probs = append(*probs, Problem{File: rel, Line: d.line(key), Field: key,
				Reason: fmt.Sprintf(ru.ImpUnknownKey, strings.Join(k.keys(), ", "))})
			continue
		}
		v, reason := convert(fl, raw[key])
		if reason != "" {
			*probs = append(*probs, Problem{File: rel, Line: d.line(key), Field: key, Reason: reason})
			continue
		}
		if v != nil {
			d.values[key] = v
		}
	}
	for _, fl := range k.fields {
		if !fl.required {
			continue
		}
		if _, bad := raw[fl.key]; bad && d.values[fl.key] == nil {
			continue // already reported as a bad value
		}
		if isEmpty(d.values[fl.key]) {
			reason := ru.ImpRequired
			if fl.key == k.title {
				reason = ru.ImpEmptyTitle
			}
			*probs = append(*probs, Problem{File: rel, Line: d.line(fl.key), Field: fl.key, Reason: reason})
		}
	}
	return d
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []string:
		return len(x) == 0
	}
	return false
}

// convert checks one raw value against its field and returns the typed
// value, or a reason it is wrong. A nil value with no reason means "empty".
func convert(fl field, raw any) (any, string) {
	if raw == nil {
		return nil, ""
	}
	switch fl.typ {
	case tString, tText:
		s, ok := scalarString(raw)
		if !ok {
			return nil, ru.ImpNotString
		}
		if fl.typ == tString {
			s = strings.TrimSpace(s)
		} else {
			s = strings.TrimRight(s, "\n")
		}
		return s, ""
	case tStrings, tRefs, tFiles, tEnums:
		list, ok := stringList(raw)
		if !ok {
			return nil, ru.ImpNotList
		}
		if fl.typ == tEnums {
			for _, c := range list {
				if !contains(fl.codes, c) {
					return nil, fmt.Sprintf(ru.ImpUnknownCode, c, strings.Join(fl.codes, ", "))
				}
			}
		}
		if fl.typ == tFiles {
			seen := map[string]bool{}
			for _, p := range list {
				if seen[p] {
					return nil, fmt.Sprintf(ru.ImpDuplicateFile, p)
				}
				seen[p] = true
			}
		}
		return list, ""
	case tBool:
		b, ok := raw.(bool)
		if !ok {
			return nil, ru.ImpNotBool
		}
		return b, ""
	case tInt:
		switch n := raw.(type) {
		case int:
			if n >= 0 {
				return n, ""
			}
		case int64:
			if n >= 0 && n <= math.MaxInt32 {
				return int(n), ""
			}
		case float64:
			if n >= 0 && n == math.Trunc(n) && n <= math.MaxInt32 {
				return int(n), ""
			}
		}
		return nil, ru.ImpNotInt
	case tNumber:
		switch n := raw.(type) {
		case int:
			if n >= 0 {
				return float64(n), ""
			}
		case int64:
			if n >= 0 {
				return float64(n), ""
			}
		case float64:
			if n >= 0 && !math.IsInf(n, 0) && !math.IsNaN(n) {
				return n, ""
			}
		}
		return nil, ru.ImpNotNumber
	case tEnum, tRef, tZone, tURL, tQR:
		s, ok := scalarString(raw)
		if !ok {
			return nil, ru.ImpNotString
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, ""
		}
		switch fl.typ {
		case tEnum:
			if !contains(fl.codes, s) {
				return nil, fmt.Sprintf(ru.ImpUnknownCode, s, strings.Join(fl.codes, ", "))
			}
		case tZone:
			if _, err := time.LoadLocation(s); err != nil || s == "Local" {
				return nil, fmt.Sprintf(ru.ImpUnknownZone, s)
			}
		case tURL:
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, fmt.Sprintf(ru.ImpBadURL, s)
			}
		case tQR:
			if !shortcode.Valid(s) {
				return nil, fmt.Sprintf(ru.ImpBadQR, s)
			}
		}
		return s, ""
	case tDate:
		// a date-time is taken for the date its author wrote: Hugo writes
		// «date: 2026-01-14T09:15:00+11:00»
		w, ok := parseWhen(raw)
		if !ok {
			return nil, fmt.Sprintf(ru.ImpBadDateAny, whenText(raw))
		}
		return w, ""
	case tDateTime:
		w, ok := parseWhen(raw)
		if !ok {
			return nil, fmt.Sprintf(ru.ImpBadDateTimeAny, whenText(raw))
		}
		return w, ""
	}
	return nil, ru.ImpNotString
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// scalarString accepts strings and, since YAML reads 2025 or 7 as numbers,
// integers; anything else (lists, maps, floats) is not a string.
func scalarString(raw any) (string, bool) {
	switch v := raw.(type) {
	case string:
		return v, true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	}
	return "", false
}

func stringList(raw any) ([]string, bool) {
	items, ok := raw.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := scalarString(it)
		if !ok {
			return nil, false
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, true
}

// whenText is a refused date as its author wrote it.
func whenText(raw any) string {
	if t, ok := raw.(time.Time); ok {
		return t.Format(time.RFC3339)
	}
	return fmt.Sprint(raw)
}
