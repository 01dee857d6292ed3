// Package httpsec holds the HTTP headers every response of kopilka carries:
// the content security policy and friends, and safe download names.
package httpsec

import (
	"net/http"
	"strings"
)

// SiteCSP is the content security policy of the public site and the CMS:
// nothing but our own scripts, styles and images, no framing.
const SiteCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every page of ours carries.
func SecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", SiteCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
}

// AttachmentDisposition makes a file a download under its original name,
// Cyrillic kept for browsers that read RFC 5987 and an ASCII fallback for
// those that do not.
func AttachmentDisposition(name string) string {
	fallback := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '/' {
			return '_'
		}
		return r
	}, name)
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + pathEscape(name)
}

func pathEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteString("%")
			b.WriteString(strings.ToUpper(string("0123456789abcdef"[c>>4])) + strings.ToUpper(string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}
