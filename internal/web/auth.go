package web

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/signin"
)

func urlEscape(s string) string { return url.QueryEscape(s) }

// safeNext keeps a post-login redirect inside /app/.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/app/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/app/"
}

// clientIP is the address the request came from; behind a trusted proxy,
// the last address in X-Forwarded-For that is not itself a trusted proxy.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if !s.trusted(hop) {
			return hop
		}
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range s.TrustedProxies {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}

type loginData struct {
	Email, Next string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	if u != nil {
		http.Redirect(w, r, "/app/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", page{Title: ru.WebLoginTitle, Data: loginData{Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *core.Record) {
	email := strings.TrimSpace(strings.ToLower(r.FormValue("email")))
	next := safeNext(r.FormValue("next"))
	data := loginData{Email: email, Next: next}
	host, account := signin.HostKey(s.clientIP(r)), signin.AccountKey(schema.Users, email)
	now := s.now()
	if s.signin.Blocked(now, account, host) {
		s.render(w, r, http.StatusTooManyRequests, "login", page{Title: ru.WebLoginTitle, Data: data,
			Errors: map[string]string{"form": ru.WebLoginLimited}})
		return
	}
	u, err := s.userByEmail(email)
	if err != nil || !u.ValidatePassword(r.FormValue("password")) {
		s.signin.Fail(now, account, host)
		s.render(w, r, http.StatusUnauthorized, "login", page{Title: ru.WebLoginTitle, Data: data,
			Errors: map[string]string{"form": ru.WebLoginFailed}})
		return
	}
	token, err := u.NewAuthToken()
	if err != nil {
		s.logCause(r, ru.WebError, err)
		s.render(w, r, http.StatusInternalServerError, "login", page{Title: ru.WebLoginTitle, Data: data,
			Errors: map[string]string{"form": ru.WebError}})
		return
	}
	s.setSession(w, token, int(u.Collection().AuthToken.Duration))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ *core.Record) {
	s.setSession(w, "", -1)
	http.Redirect(w, r, "/app/login", http.StatusSeeOther)
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request, u *core.Record) {
	s.render(w, r, http.StatusOK, "reset", page{Title: ru.WebResetTitle, User: u})
}

// reset sends PocketBase's password reset mail; the answer is the same
// whether the address exists or not, so it tells nobody who has an account.
func (s *Server) reset(w http.ResponseWriter, r *http.Request, _ *core.Record) {
	email := strings.TrimSpace(strings.ToLower(r.FormValue("email")))
	keys := []string{"reset-ip:" + s.clientIP(r), "reset-email:" + email}
	if !s.requests.Blocked(s.now(), keys...) {
		s.requests.Fail(s.now(), keys...) // counts requests, so mail cannot be used to flood
		if u, err := s.userByEmail(email); err == nil {
			if err := mails.SendRecordPasswordReset(s.App, u); err != nil {
				s.App.Logger().Warn("web: password reset mail", "error", err)
			}
		}
	}
	s.redirect(w, r, "/app/login", "reset")
}

type homeData struct {
	Profile *model.Teacher // nil if u has no teacher profile
	// Stale says how many of the items u keeps need updating
	// (internal/freshness); "" when none do.
	Stale string
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, u *core.Record) {
	profile, _ := model.FindTeacherOfUser(s.App, u.Id)
	d := homeData{Profile: profile, Stale: s.staleNotice(r, u)}
	s.render(w, r, http.StatusOK, "home", page{Title: ru.WebHomeTitle, User: u, Data: d})
}

func (s *Server) siteStatus(w http.ResponseWriter, r *http.Request, u *core.Record) {
	var st any
	if s.Builder != nil {
		st = s.Builder.Status()
	}
	s.render(w, r, http.StatusOK, "site", page{Title: ru.WebSiteTitle, User: u, Data: st, Section: "site"})
}

func (s *Server) rebuild(w http.ResponseWriter, r *http.Request, _ *core.Record) {
	if s.Builder != nil {
		s.Builder.Schedule()
	}
	s.redirect(w, r, "/app/site", "rebuild")
}

// userByEmail finds a user whatever the case of the address they type.
func (s *Server) userByEmail(email string) (*core.Record, error) {
	rec := &core.Record{}
	err := s.App.RecordQuery(schema.Users).AndWhere(dbx.NewExp("LOWER(email) = {:e}", dbx.Params{"e": strings.ToLower(email)})).Limit(1).One(rec)
	return rec, err
}
