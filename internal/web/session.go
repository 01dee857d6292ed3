package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

const (
	sessionCookie = "kopilka_session"
	csrfCookie    = "kopilka_csrf"
	csrfField     = "_csrf"
)

// user returns the signed-in user of the request, or nil. The session
// cookie holds a PocketBase auth token, checked on every request, so
// signing out elsewhere or a changed password ends the session.
func (s *Server) user(r *http.Request) *core.Record {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	rec, err := s.App.FindAuthRecordByToken(c.Value, core.TokenTypeAuth)
	if err != nil || rec.Collection().Name != "users" {
		return nil
	}
	return rec
}

func (s *Server) secure() bool { return strings.HasPrefix(s.Settings.BaseURL, "https://") }

func (s *Server) setSession(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(), MaxAge: maxAge})
}

// csrfToken returns the request's CSRF token, setting the cookie that
// carries it when there is none. Forms echo it in a hidden field; a POST
// whose field does not match its cookie is refused (double submit, with a
// SameSite=Strict cookie another site cannot send).
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	token := base64.RawURLEncoding.EncodeToString(buf)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/app/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secure()})
	return token
}

func validCSRF(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) < 32 {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.FormValue(csrfField))) == 1
}
