// Package filename decides which names of attachments kopilka keeps. A
// name somebody gave a file is data: it is shown on pages and used as one
// segment of a path under the record's own folder, never as a path of its
// own. Every write path (the REST API, the CMS, an import) checks names
// here, and everything that writes files from stored names (export, the
// site build) checks them again, since a database may predate the checks.
package filename

import (
	"errors"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxBytes bounds one name. File systems allow 255 bytes a name; the
// margin leaves room for a numbered copy.
const MaxBytes = 200

// MaxPathBytes bounds a relative path of the interchange format's files/
// folder (a name and the folders above it).
const MaxPathBytes = 1000

// Reasons a name is refused; each says what is wrong in a way the caller
// turns into a message for people.
var (
	ErrEmpty     = errors.New("empty name")
	ErrDots      = errors.New(`the name "." or ".."`)
	ErrSeparator = errors.New("a path separator in a name")
	ErrControl   = errors.New("a control or direction character")
	ErrEncoding  = errors.New("not UTF-8")
	ErrTooLong   = errors.New("too long")
	ErrAbsolute  = errors.New("an absolute path")
)

// Check reports whether name may be stored as the name of one file.
func Check(name string) error {
	switch {
	case name == "":
		return ErrEmpty
	case !utf8.ValidString(name):
		return ErrEncoding
	case name == "." || name == "..":
		return ErrDots
	case strings.ContainsAny(name, `/\`):
		return ErrSeparator
	case len(name) > MaxBytes:
		return ErrTooLong
	}
	for _, r := range name {
		if hidden(r) {
			return ErrControl
		}
	}
	return nil
}

// CheckPath reports whether p may be stored as a path relative to an
// attachments folder: slash-separated names, each passing Check, with no
// empty, "." or ".." segment.
func CheckPath(p string) error {
	switch {
	case p == "":
		return ErrEmpty
	case strings.HasPrefix(p, "/"):
		return ErrAbsolute
	case len(p) > MaxPathBytes:
		return ErrTooLong
	}
	for _, segment := range strings.Split(p, "/") {
		if err := Check(segment); err != nil {
			return err
		}
	}
	return nil
}

// FromUpload makes the name kept for an uploaded file from the name its
// client sent: the last segment of either kind of path, without control
// and direction characters and surrounding spaces, cut to MaxBytes keeping
// the extension. It returns "" when nothing usable is left, and then the
// caller keeps the stored name.
func FromUpload(original string) string {
	original = strings.ToValidUTF8(original, "")
	original = original[strings.LastIndexAny(original, `/\`)+1:]
	name := strings.TrimSpace(strings.Map(func(r rune) rune {
		if hidden(r) {
			return -1
		}
		return r
	}, original))
	if len(name) > MaxBytes {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = cut(name[:len(name)-len(ext)], MaxBytes-len(ext)) + ext
	}
	if Check(name) != nil {
		return ""
	}
	return name
}

// ForUpload makes the name kept for a file uploaded as original and
// stored by PocketBase as stored: FromUpload's name, given the stored
// file's extension when it has another or none (PocketBase gives a file
// sent without one an extension by its content, and the extension decides
// how the site serves it). It returns "" when nothing usable is left.
func ForUpload(original, stored string) string {
	name := FromUpload(original)
	if name == "" {
		return ""
	}
	ext := path.Ext(stored)
	if ext == "" || strings.EqualFold(path.Ext(name), ext) {
		return name
	}
	ext = strings.ToLower(ext)
	if len(name)+len(ext) > MaxBytes {
		name = cut(name, MaxBytes-len(ext))
	}
	name = strings.TrimSpace(name) + ext
	if Check(name) != nil {
		return ""
	}
	return name
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// hidden reports characters that change how a name looks without being
// seen: controls, and format characters such as the bidirectional
// overrides that make «exe.pdf» out of «fdp.exe».
func hidden(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError ||
		unicode.In(r, unicode.Zl, unicode.Zp)
}
