// Package shortcode makes and checks the short codes printed in QR codes:
// six characters of Crockford base32, easy to read aloud and to type.
package shortcode

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// Length is the number of characters of a code.
const Length = 6

// Alphabet is Crockford's base32: no I, L, O, U.
const Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// New returns a random code.
func New() (string, error) {
	buf := make([]byte, Length)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("shortcode: %w", err)
	}
	for i, b := range buf {
		buf[i] = Alphabet[int(b)%len(Alphabet)] // 256 is a multiple of 32: no bias
	}
	return string(buf), nil
}

// Valid reports whether code is a canonical code.
func Valid(code string) bool {
	if len(code) != Length {
		return false
	}
	for i := 0; i < len(code); i++ {
		if strings.IndexByte(Alphabet, code[i]) < 0 {
			return false
		}
	}
	return true
}

// Normalize turns what a person typed into the canonical code, the way
// Crockford decoding reads it: case-insensitive, O as 0, I and L as 1,
// hyphens and spaces ignored. It returns "" when the result is not a code.
func Normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case '-', ' ':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		b.WriteRune(r)
	}
	if !Valid(b.String()) {
		return ""
	}
	return b.String()
}
