// Package signin slows down password guessing on every door: the CMS
// sign-in form and PocketBase's REST auth-with-password of every auth
// collection (users and _superusers) count wrong passwords in one guard,
// so an account locked in the CMS is locked through the API too.
package signin

import (
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// Limits of wrong passwords within Window: per account few, per address
// many, so a school behind one address is not locked out by one guesser.
const (
	PerAccount = 5
	PerAddress = 100
	Window     = 10 * time.Minute
)

// Guard counts failures by key (an account, an address).
type Guard struct {
	Accounts *Limiter
	Hosts    *Limiter
}

// NewGuard returns a guard with the package's limits.
func NewGuard() *Guard {
	return &Guard{Accounts: NewLimiter(PerAccount, Window), Hosts: NewLimiter(PerAddress, Window)}
}

const storeKey = "kopilka.signin.guard"

// For returns the guard of app, the same for every caller of one app.
func For(app core.App) *Guard {
	return app.Store().GetOrSet(storeKey, func() any { return NewGuard() }).(*Guard)
}

// AccountKey names an account of an auth collection by its identity.
func AccountKey(collection, identity string) string {
	identity = strings.ToLower(strings.TrimSpace(identity))
	if collection == schema.Users {
		return "email:" + identity // the CMS signs in users by e-mail
	}
	return collection + ":" + identity
}

// HostKey names a client address.
func HostKey(ip string) string { return "ip:" + ip }

// Blocked reports whether the account or the address must wait.
func (g *Guard) Blocked(now time.Time, account, host string) bool {
	return g.Accounts.Blocked(now, account) || g.Hosts.Blocked(now, host)
}

// Fail records a wrong password for the account from the address.
func (g *Guard) Fail(now time.Time, account, host string) {
	g.Accounts.Fail(now, account)
	g.Hosts.Fail(now, host)
}

// Register guards PocketBase's auth-with-password of every auth
// collection with the app's guard.
func Register(app core.App) {
	app.OnRecordAuthWithPasswordRequest().BindFunc(func(e *core.RecordAuthWithPasswordRequestEvent) error {
		g := For(e.App)
		now := time.Now()
		account, host := AccountKey(e.Collection.Name, e.Identity), HostKey(e.RealIP())
		if g.Blocked(now, account, host) {
			return e.TooManyRequestsError(ru.WebLoginLimited, nil)
		}
		if e.Record == nil || !e.Record.ValidatePassword(e.Password) {
			g.Fail(now, account, host)
		}
		return e.Next()
	})
}

// Limiter lets a key fail max times within a window, then makes it wait.
type Limiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	max      int
	window   time.Duration
}

// NewLimiter returns a limiter of max failures within window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{failures: map[string][]time.Time{}, max: max, window: window}
}

func (l *Limiter) recent(key string, now time.Time) []time.Time {
	var keep []time.Time
	for _, t := range l.failures[key] {
		if now.Sub(t) < l.window {
			keep = append(keep, t)
		}
	}
	if keep == nil {
		delete(l.failures, key)
	} else {
		l.failures[key] = keep
	}
	return keep
}

// Blocked reports whether any of keys has used up its failures.
func (l *Limiter) Blocked(now time.Time, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if len(l.recent(k, now)) >= l.max {
			return true
		}
	}
	return false
}

// Fail records a failure for keys.
func (l *Limiter) Fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.failures[k] = append(l.recent(k, now), now)
	}
}
