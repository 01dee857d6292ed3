package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/adrg/frontmatter"

	"github.com/kopilka/kopilka/internal/ru"
)

// Front matter formats.
const (
	formatYAML = "YAML"
	formatTOML = "TOML"
	formatJSON = "JSON"
)

// delimiters are the opening lines github.com/adrg/frontmatter knows, with
// the format and the closing line of each.
var delimiters = []struct{ open, close, format string }{
	{"---", "---", formatYAML},
	{"---yaml", "---", formatYAML},
	{"+++", "+++", formatTOML},
	{"---toml", "---", formatTOML},
	{";;;", ";;;", formatJSON},
	{"---json", "---", formatJSON},
	{"{", "}", formatJSON},
}

// head is where a file's front matter is, found as
// github.com/adrg/frontmatter finds it: the first line that is not blank
// opens it.
type head struct {
	format   string
	close    string // the closing line
	openLine int    // 1-based line of the opening delimiter
	start    int    // byte offset of what the parser reads: after the opening line, or at «{»
	line     int    // the file's line of the parser's line 1
	end      int    // byte offset of the closing line (for «{», after it); len(data) when unclosed
	closed   bool
}

// line is one line of a file, without its line break.
type line struct {
	text   string
	number int // 1-based
	offset int // byte offset of its start
}

func splitLines(data []byte) []line {
	var out []line
	offset := 0
	for i, s := range strings.SplitAfter(string(data), "\n") {
		if s == "" {
			break
		}
		out = append(out, line{text: strings.TrimRight(s, "\n"), number: i + 1, offset: offset})
		offset += len(s)
	}
	return out
}

// findHead finds the front matter of data; ok is false when the first line
// that is not blank opens none.
func findHead(data []byte) (h head, ok bool) {
	lines := splitLines(data)
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i].text) == "" {
		i++
	}
	if i == len(lines) {
		return head{}, false
	}
	opening := strings.TrimSpace(lines[i].text)
	for _, d := range delimiters {
		if d.open != opening {
			continue
		}
		h = head{format: d.format, close: d.close, openLine: lines[i].number, end: len(data)}
		if d.open == "{" {
			h.start, h.line = lines[i].offset, lines[i].number
		} else if i+1 < len(lines) {
			h.start, h.line = lines[i+1].offset, lines[i+1].number
		} else {
			h.start, h.line = len(data), lines[i].number+1
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.TrimSpace(lines[j].text) != d.close {
				continue
			}
			if d.open == "{" {
				// a JSON object ends at a «}» line followed by a blank one
				if j+1 < len(lines) && strings.TrimSpace(lines[j+1].text) != "" {
					continue
				}
				h.end = len(data)
				if j+1 < len(lines) {
					h.end = lines[j+1].offset
				}
			} else {
				h.end = lines[j].offset
			}
			h.closed = true
			break
		}
		return h, true
	}
	return head{}, false
}

// content is what the parser of h reads.
func (h head) content(data []byte) []byte { return data[h.start:h.end] }

// keyAt is one top-level key of a front matter and its line.
type keyAt struct {
	key  string
	line int
}

// topKeys lists the top-level keys of the front matter h of data in the
// order written, repeated keys included.
func topKeys(data []byte, h head) []keyAt {
	if h.format == formatJSON {
		return jsonKeys(h.content(data), h.line)
	}
	var out []keyAt
	inTable, inMultiline := false, false
	for _, l := range splitLines(h.content(data)) {
		n := h.line + l.number - 1
		if h.format == formatTOML {
			// a key of a [table] is not a top-level key; nor is a line of
			// a multi-line string
			if strings.Count(l.text, `"""`)%2 == 1 || strings.Count(l.text, `'''`)%2 == 1 {
				was := inMultiline
				inMultiline = !inMultiline
				if was {
					continue
				}
			} else if inMultiline {
				continue
			}
			t := strings.TrimSpace(l.text)
			if m := tomlTable.FindStringSubmatch(t); m != nil {
				if !inTable {
					out = append(out, keyAt{unquote(m[1]), n})
				}
				inTable = true
				continue
			}
			if inTable || t == "" || t[0] == '#' {
				continue
			}
			if m := tomlKey.FindStringSubmatch(t); m != nil {
				out = append(out, keyAt{unquote(m[1]), n})
			}
			continue
		}
		if k := yamlKey(l.text); k != "" {
			out = append(out, keyAt{k, n})
		}
	}
	return out
}

// tomlKey matches a line that sets a key, bare or quoted, dotted or not;
// its first part is the top-level key. A line inside a list does not match.
// tomlTable matches the header of a table or of an array of tables.
var (
	tomlKey   = regexp.MustCompile(`^` + tomlName + `\s*=`)
	tomlTable = regexp.MustCompile(`^\[\[?\s*` + tomlName + `\s*\]\]?\s*(?:#.*)?$`)
)

// tomlName is a key, bare or quoted, dotted or not: its first part is
// the submatch.
const tomlName = `([A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*`

// yamlKey is the key a YAML line starts, or "" for a line that starts none:
// an indented one, a comment, an item of a list, a bare scalar.
func yamlKey(s string) string {
	if s == "" || strings.ContainsRune(" \t#-?:[]{}&*!|>%@`,", rune(s[0])) {
		return ""
	}
	if s[0] == '"' || s[0] == '\'' {
		q := s[0]
		if j := strings.IndexByte(s[1:], q); j >= 0 {
			rest := strings.TrimLeft(s[j+2:], " \t")
			if strings.HasPrefix(rest, ":") {
				return s[1 : j+1]
			}
		}
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
			return strings.TrimSpace(s[:i])
		}
	}
	return ""
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// jsonKeys reads the keys of the JSON object content, whose first line is
// the file's line first, as far as it is well formed.
func jsonKeys(content []byte, first int) []keyAt {
	dec := json.NewDecoder(bytes.NewReader(content))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out []keyAt
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := t.(string)
		out = append(out, keyAt{key, first + bytes.Count(content[:dec.InputOffset()], []byte("\n"))})
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return out
		}
	}
	return out
}

// keyOf is the key a problem on line n of the front matter is about: the
// key written on that line, or else the last one before it.
func keyOf(keys []keyAt, n int) string {
	key := ""
	for _, k := range keys {
		if k.line > n {
			break
		}
		key = k.key
	}
	return key
}

// A parser's error: «yaml: line 3: …», «toml: line 2 (last key "x"): …».
var (
	yamlErrorLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)
	yamlTypeError = regexp.MustCompile(`(?s)^yaml: unmarshal errors:\s*line (\d+): (.*)$`)
	tomlErrorLine = regexp.MustCompile(`(?s)^toml: line (\d+)(?: \(last key "((?:[^"\\]|\\.)*)"\))?: (.*)$`)
)

// malformed locates the error err the parser of h gave for data: the line
// the front matter is wrong on, the key it is about and why.
func malformed(data []byte, h head, err error) (n int, key, reason string) {
	switch h.format {
	case formatYAML:
		return malformedYAML(data, h, err)
	case formatTOML:
		return malformedTOML(data, h, err)
	}
	return malformedJSON(data, h, err)
}

// malformedYAML finds the key whose lines YAML cannot read on their own and,
// among them, the first line where the reader fails as it fails for the
// whole key: the parser's own line is often the end of the text, or the
// line before.
func malformedYAML(data []byte, h head, err error) (int, string, string) {
	lines := splitLines(h.content(data))
	type block struct {
		key   string
		lines []line
	}
	var blocks []block
	for _, l := range lines {
		if k := yamlKey(l.text); k != "" || len(blocks) == 0 {
			blocks = append(blocks, block{key: k})
		}
		blocks[len(blocks)-1].lines = append(blocks[len(blocks)-1].lines, l)
	}
	join := func(ls []line) string {
		var b strings.Builder
		for _, l := range ls {
			b.WriteString(l.text)
			b.WriteByte('\n')
		}
		return b.String()
	}
	for _, b := range blocks {
		whole := probeYAML(join(b.lines))
		if whole == nil {
			continue
		}
		want := yamlMessage(whole)
		first := -1
		for i := range b.lines {
			e := probeYAML(join(b.lines[:i+1]))
			if e == nil {
				continue
			}
			if first < 0 {
				first = i
			}
			if yamlMessage(e) == want {
				first = i
				break
			}
		}
		if first < 0 {
			first = len(b.lines) - 1
		}
		return h.line + b.lines[first].number - 1, b.key, yamlReason(whole)
	}
	// nothing wrong in any key on its own (an alias of an anchor elsewhere):
	// the parser's line
	n := 1
	if m := yamlErrorLine.FindStringSubmatch(err.Error()); m != nil && m[1] != "" {
		n, _ = strconv.Atoi(m[1])
	} else if m := yamlTypeError.FindStringSubmatch(err.Error()); m != nil {
		n, _ = strconv.Atoi(m[1])
	}
	n = min(max(n, 1), max(len(lines), 1))
	return h.line + n - 1, keyOf(topKeys(data, h), h.line+n-1), yamlReason(err)
}

// probeYAML reads text as a YAML front matter on its own.
func probeYAML(text string) error {
	var v map[string]any
	_, err := frontmatter.MustParse(strings.NewReader("---\n"+text+"---\n"), &v)
	if errors.Is(err, frontmatter.ErrNotFound) {
		return nil
	}
	return err
}

// yamlMessage is the parser's message without the line it names.
func yamlMessage(err error) string {
	s := err.Error()
	if m := yamlTypeError.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[2])
	}
	return strings.TrimSpace(yamlErrorLine.ReplaceAllString(s, ""))
}

// yamlHints says in Russian what the commonest YAML errors mean.
var yamlHints = []struct{ message, hint string }{
	{"mapping values are not allowed in this context", ru.ImpYAMLColon},
	{"did not find expected ',' or ']'", ru.ImpYAMLList},
	{"did not find expected ',' or '}'", ru.ImpYAMLMap},
	{"found unexpected end of stream", ru.ImpYAMLQuote},
	{"found a tab character", ru.ImpYAMLTab},
	{"found character that cannot start any token", ru.ImpYAMLStart},
	{"did not find expected key", ru.ImpYAMLIndent},
	{"could not find expected ':'", ru.ImpYAMLNoColon},
}

func yamlReason(err error) string {
	msg := yamlMessage(err)
	if strings.Contains(msg, "into map[string]interface {}") {
		return ru.ImpNotMapping
	}
	for _, h := range yamlHints {
		if strings.HasPrefix(msg, h.message) {
			return fmt.Sprintf(ru.ImpMalformed, h.hint+" (YAML: "+msg+")")
		}
	}
	return fmt.Sprintf(ru.ImpMalformed, "YAML: "+msg)
}

// malformedTOML takes the parser's line, counted from the line after the
// opening delimiter, and the key whose value it was reading.
func malformedTOML(data []byte, h head, err error) (int, string, string) {
	m := tomlErrorLine.FindStringSubmatch(err.Error())
	if m == nil {
		return h.line, "", fmt.Sprintf(ru.ImpMalformed, "TOML: "+err.Error())
	}
	n, _ := strconv.Atoi(m[1])
	n = h.line + max(n, 1) - 1
	keys := topKeys(data, h)
	key, msg := m[2], strings.TrimSpace(m[3])
	if key == "" || !strings.Contains(key, ".") && keyLine(keys, key) == 0 {
		key = keyOf(keys, n)
	} else if j := strings.IndexByte(key, '.'); j > 0 {
		key = key[:j] // a key of a table is the table's problem
	}
	reason := fmt.Sprintf(ru.ImpMalformed, "TOML: "+msg)
	switch {
	case strings.Contains(msg, "has already been defined"):
		for _, k := range keys {
			if k.key == key && k.line < n {
				return n, key, fmt.Sprintf(ru.ImpDuplicateKey, k.line)
			}
		}
	case strings.HasPrefix(msg, "expected value but found") && keyLine(keys, key) == n:
		// «type = article» on the line of its key
		reason = fmt.Sprintf(ru.ImpMalformed, ru.ImpTOMLValue+" (TOML: "+msg+")")
	case strings.HasPrefix(msg, "expected value but found"):
		// a list or a string of a key above runs on into the next key
		reason = fmt.Sprintf(ru.ImpMalformed, ru.ImpTOMLOpen+" (TOML: "+msg+")")
	}
	return n, key, reason
}

// keyLine is the line key is first written on, 0 when it is not.
func keyLine(keys []keyAt, key string) int {
	for _, k := range keys {
		if k.key == key {
			return k.line
		}
	}
	return 0
}

// malformedJSON turns the decoder's byte offset into the file's line.
func malformedJSON(data []byte, h head, err error) (int, string, string) {
	content := h.content(data)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// the offending character is the last one read; what is missing
		// (a comma, a value) or too many (a comma before «}») is right
		// after the last character before it
		at := min(max(int(syntax.Offset)-1, 0), len(content))
		at = len(bytes.TrimRight(content[:at], " \t\r\n"))
		n := h.line + bytes.Count(content[:at], []byte("\n"))
		return n, keyOf(topKeys(data, h), n), fmt.Sprintf(ru.ImpMalformed, "JSON: "+syntax.Error())
	case errors.As(err, &typ) && typ.Field == "":
		return h.line, "", ru.ImpNotMapping
	}
	return h.line, "", fmt.Sprintf(ru.ImpMalformed, "JSON: "+err.Error())
}
