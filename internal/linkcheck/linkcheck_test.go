package linkcheck_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopilka/kopilka/internal/linkcheck"
)

// quick is a checker for local test servers: short waits, loopback let
// through.
func quick() *linkcheck.Checker {
	return &linkcheck.Checker{Timeout: 300 * time.Millisecond, Pause: 5 * time.Millisecond,
		RetryAfter: 10 * time.Millisecond, AllowPrivate: true, Workers: 4}
}

// closedPort is an address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// A live page is ok; one that moved for good (301) is moved with where it
// went; a temporary redirect (302) is ok; 404 and 410 are dead, and so is
// a closed port; a page that answers past the timeout is slow, and so is
// one that keeps the checker out (403), which a reader may still open; a
// server that refuses HEAD (405, 501) is asked with GET and found live.
// Nothing is asked of the internet.
func TestEachKindOfLinkIsToldApart(t *testing.T) {
	var headRefused atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/live", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new", http.StatusMovedPermanently) })
	mux.HandleFunc("/new", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("new")) })
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/live", http.StatusFound) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	mux.HandleFunc("/no-robots", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	for path, code := range map[string]int{"/no-head": http.StatusMethodNotAllowed, "/no-head-501": http.StatusNotImplemented} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead {
				headRefused.Add(1)
				w.WriteHeader(code)
				return
			}
			w.Write([]byte("got"))
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dead := "http://" + closedPort(t) + "/page"

	urls := []string{srv.URL + "/live", srv.URL + "/old", srv.URL + "/elsewhere", srv.URL + "/missing", srv.URL + "/gone",
		srv.URL + "/slow", dead, srv.URL + "/no-head", srv.URL + "/no-head-501", "mailto:someone@example.com", srv.URL + "/live",
		srv.URL + "/no-robots"}
	got := quick().Check(context.Background(), urls)
	want := []struct {
		status linkcheck.Status
		code   int
		final  string
		err    string
	}{
		{linkcheck.OK, 200, "", ""},
		{linkcheck.Moved, 200, srv.URL + "/new", ""},
		{linkcheck.OK, 200, srv.URL + "/live", ""},
		{linkcheck.Dead, 404, "", "HTTP 404"},
		{linkcheck.Dead, 410, "", "HTTP 410"},
		{linkcheck.Slow, 0, "", linkcheck.ErrTextTimeout},
		{linkcheck.Dead, 0, "", linkcheck.ErrTextRefused},
		{linkcheck.OK, 200, "", ""},
		{linkcheck.OK, 200, "", ""},
		{linkcheck.Dead, 0, "", linkcheck.ErrTextNotWeb},
		{linkcheck.OK, 200, "", ""}, // the same address again, checked once
		{linkcheck.Slow, 403, "", "HTTP 403"},
	}
	if len(got) != len(urls) {
		t.Fatalf("%d results for %d addresses", len(got), len(urls))
	}
	for i, w := range want {
		g := got[i]
		if g.URL != urls[i] || g.Status != w.status || g.Code != w.code || g.FinalURL != w.final || g.Error != w.err {
			t.Errorf("%s: got %+v, want %+v", urls[i], g, w)
		}
	}
	// a dead or slow link was tried twice, a live one once
	for i, attempts := range map[int]int{0: 1, 3: 2, 5: 2, 6: 2} {
		if got[i].Attempts != attempts {
			t.Errorf("%s: %d attempts, want %d", urls[i], got[i].Attempts, attempts)
		}
	}
	if headRefused.Load() != 2 {
		t.Errorf("HEAD was refused %d times, want once by each of the two servers that refuse it", headRefused.Load())
	}
}

// A link that fails once and then works is not dead: the second try, a
// moment later, decides.
func TestALinkThatFailsOnceIsTriedAgainAndIsNotDead(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 { // the first try: HEAD, then GET
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("back"))
	}))
	defer srv.Close()
	got := quick().Check(context.Background(), []string{srv.URL + "/flaky"})[0]
	if got.Status != linkcheck.OK || got.Attempts != 2 || got.Code != 200 {
		t.Errorf("flaky link: %+v", got)
	}
	// one that keeps failing is dead after its second try
	calls.Store(-100)
	got = quick().Check(context.Background(), []string{srv.URL + "/down"})[0]
	if got.Status != linkcheck.Dead || got.Attempts != 2 || got.Error != "HTTP 503" {
		t.Errorf("a link down on both tries: %+v", got)
	}
}

// One host gets one request at a time, the pause apart, however many
// workers and links there are; two hosts are checked side by side.
func TestOneHostGetsOneRequestAtATime(t *testing.T) {
	type host struct {
		srv                  *httptest.Server
		inFlight, most, seen atomic.Int32
		mu                   sync.Mutex
		ends                 []time.Time
		starts               []time.Time
	}
	var both atomic.Int32 // requests in flight on either host
	var together atomic.Bool
	newHost := func() *host {
		h := &host{}
		h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := h.inFlight.Add(1)
			if both.Add(1) > 1 {
				together.Store(true)
			}
			for {
				m := h.most.Load()
				if n <= m || h.most.CompareAndSwap(m, n) {
					break
				}
			}
			h.mu.Lock()
			h.starts = append(h.starts, time.Now())
			h.mu.Unlock()
			time.Sleep(20 * time.Millisecond)
			h.seen.Add(1)
			h.mu.Lock()
			h.ends = append(h.ends, time.Now())
			h.mu.Unlock()
			both.Add(-1)
			h.inFlight.Add(-1)
		}))
		return h
	}
	a, b := newHost(), newHost()
	defer a.srv.Close()
	defer b.srv.Close()
	var urls []string
	for i := range 6 {
		urls = append(urls, a.srv.URL+"/a/"+string(rune('0'+i)), b.srv.URL+"/b/"+string(rune('0'+i)))
	}
	c := quick()
	c.Pause = 30 * time.Millisecond
	c.Workers = 8
	for _, r := range c.Check(context.Background(), urls) {
		if r.Status != linkcheck.OK {
			t.Errorf("%s: %+v", r.URL, r)
		}
	}
	for name, h := range map[string]*host{"a": a, "b": b} {
		if h.most.Load() != 1 {
			t.Errorf("host %s had %d requests at once", name, h.most.Load())
		}
		if h.seen.Load() != 6 {
			t.Errorf("host %s got %d requests, want 6 (one HEAD each)", name, h.seen.Load())
		}
		for i := 1; i < len(h.starts); i++ {
			if gap := h.starts[i].Sub(h.ends[i-1]); gap < c.Pause-5*time.Millisecond {
				t.Errorf("host %s: request %d came %v after the one before ended, under the pause of %v", name, i, gap, c.Pause)
			}
		}
	}
	if !together.Load() {
		t.Error("the two hosts were never checked at the same time")
	}
}

// Without AllowPrivate a link to the server's own networks is dead without
// a request: no author makes the server probe them.
func TestALinkToAPrivateAddressIsNotFollowed(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := quick()
	c.AllowPrivate = false
	got := c.Check(context.Background(), []string{srv.URL + "/admin"})[0]
	if got.Status != linkcheck.Dead || got.Error != linkcheck.ErrTextPrivate || calls.Load() != 0 {
		t.Errorf("a loopback link: %+v, %d requests", got, calls.Load())
	}
	for addr, public := range map[string]bool{"8.8.8.8": true, "2a00:1450::1": true, "127.0.0.1": false, "10.1.2.3": false,
		"192.168.0.1": false, "169.254.169.254": false, "100.64.0.1": false, "::1": false, "::ffff:10.0.0.1": false, "0.0.0.0": false} {
		if linkcheck.Public(netip.MustParseAddr(addr)) != public {
			t.Errorf("Public(%s) = %v", addr, !public)
		}
	}
}

// A stopped check leaves what it did not reach without a status, so that
// nothing is stored of it.
func TestAStoppedCheckLeavesTheRestUnchecked(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range quick().Check(ctx, []string{srv.URL + "/1", srv.URL + "/2"}) {
		if r.Status != "" {
			t.Errorf("%s checked after the stop: %+v", r.URL, r)
		}
	}
}
