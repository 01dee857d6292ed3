// Package datawatch notices writes made to the database by other
// processes (a `kopilka certificate` run beside the server, an operator's
// sqlite3 session) so the server drops what it keeps in memory and
// rebuilds the site: no reader is served data older than a poll.
//
// SQLite's PRAGMA data_version changes on a connection when another
// connection commits. PocketBase writes through one connection only (its
// nonconcurrent pool holds one), so asking that connection tells the
// server's own commits apart from everyone else's.
package datawatch

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// ErrClosed is returned by Poll once the app's database is closed; the
// polling of Register stops then.
var ErrClosed = errors.New("datawatch: the database is closed")

// Interval is how often the server asks.
const Interval = time.Second

// Watcher polls one app's database and calls its listeners on a change.
type Watcher struct {
	app       core.App
	mu        sync.Mutex
	listeners []func()
	version   int64
	known     bool
	stop      chan struct{}
}

const storeKey = "kopilka.datawatch"

// For returns app's watcher, the same for every caller.
func For(app core.App) *Watcher {
	return app.Store().GetOrSet(storeKey, func() any { return &Watcher{app: app} }).(*Watcher)
}

// OnChange adds f to what runs when another process has written.
func (w *Watcher) OnChange(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.listeners = append(w.listeners, f)
}

// Poll asks the database once and calls the listeners when another
// connection has committed since the last poll. The first poll only
// learns the current version.
func (w *Watcher) Poll() (bool, error) {
	if !w.app.IsBootstrapped() || w.app.NonconcurrentDB() == nil {
		return false, ErrClosed
	}
	var v int64
	if err := w.app.NonconcurrentDB().NewQuery("PRAGMA data_version").Row(&v); err != nil {
		return false, fmt.Errorf("datawatch: %w", err)
	}
	w.mu.Lock()
	changed := w.known && v != w.version
	w.version, w.known = v, true
	listeners := append([]func(){}, w.listeners...)
	w.mu.Unlock()
	if changed {
		for _, f := range listeners {
			f()
		}
	}
	return changed, nil
}

// Register starts polling every interval while app serves.
func Register(app core.App, interval time.Duration) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		w := For(e.App)
		w.mu.Lock()
		if w.stop == nil {
			w.stop = make(chan struct{})
			go w.run(interval, w.stop)
		}
		w.mu.Unlock()
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		w := For(e.App)
		w.mu.Lock()
		if w.stop != nil {
			close(w.stop)
			w.stop = nil
		}
		w.mu.Unlock()
		return e.Next()
	})
}

func (w *Watcher) run(interval time.Duration, stop chan struct{}) {
	if _, err := w.Poll(); errors.Is(err, ErrClosed) {
		return
	} else if err != nil {
		w.app.Logger().Warn("datawatch: first poll", "error", err)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			changed, err := w.Poll()
			if errors.Is(err, ErrClosed) {
				return
			}
			if err != nil {
				w.app.Logger().Warn("datawatch: poll", "error", err)
			} else if changed {
				w.app.Logger().Info("datawatch: the database was changed by another process; caches dropped, site rebuilt")
			}
		}
	}
}
