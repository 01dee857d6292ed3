// Package slug makes URL slugs from Russian titles by transliteration.
package slug

import (
	"strconv"
	"strings"
	"unicode"
)

// MaxLen is the longest slug Make produces; longer titles are cut at a word
// boundary so URLs stay readable on a printed poster.
const MaxLen = 80

// translit follows the scheme the municipal sites already use in their
// URLs: й→j, х→h, ц→c, щ→shch, soft and hard signs dropped.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "j", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "c", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "",
	'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Ukrainian and Belarusian letters occasionally appear in names.
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
}

// Make returns the slug of title: lowercase Latin letters, digits and single
// hyphens. It returns "" when the title has nothing to transliterate.
func Make(title string) string {
	var b strings.Builder
	pendingHyphen := false
	for _, r := range strings.ToLower(title) {
		var part string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			part = string(r)
		case translit[r] != "" || hasKey(r):
			part = translit[r]
			if part == "" {
				continue // soft and hard signs vanish inside a word
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			continue // letters of other scripts: nothing sensible to write
		default:
			pendingHyphen = b.Len() > 0
			continue
		}
		if pendingHyphen {
			b.WriteByte('-')
			pendingHyphen = false
		}
		b.WriteString(part)
	}
	return cut(b.String(), MaxLen)
}

func hasKey(r rune) bool {
	_, ok := translit[r]
	return ok
}

// cut shortens s to at most n bytes, preferring to end at a hyphen.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}

// Unique returns base, or base-2, base-3, … — the first that taken reports
// as free. base must be non-empty.
func Unique(base string, taken func(candidate string) (bool, error)) (string, error) {
	candidate := base
	for i := 2; ; i++ {
		used, err := taken(candidate)
		if err != nil {
			return "", err
		}
		if !used {
			return candidate, nil
		}
		suffix := "-" + strconv.Itoa(i)
		candidate = cut(base, MaxLen-len(suffix)) + suffix
	}
}
