// Package linkcheck tells whether web addresses still open, politely: a
// handful of workers, one request at a time to each host with a pause
// between two, a timeout on every request, HEAD first and GET when HEAD is
// refused or fails, and a second try before an address is declared dead.
//
// It knows nothing of where the addresses come from; internal/freshness
// feeds it the links of the bank's published items.
package linkcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Status is what a check found of an address.
type Status string

// The statuses of a Result. A Result of a check that was stopped before it
// was done has none ("").
const (
	// OK: the address opens (temporary redirects included).
	OK Status = "ok"
	// Moved: the address opens after a permanent redirect (301, 308) to
	// another one, which Result.FinalURL names.
	Moved Status = "moved"
	// Slow: no answer within the timeout, the host asked to come back
	// later (429), or it would not let the checker in (401, 403), on both
	// tries: the link may well open for a reader, and is not counted dead.
	Slow Status = "slow"
	// Dead: the address does not open: an error status (404, 410, 500 …),
	// no such host, a refused connection, a bad certificate.
	Dead Status = "dead"
)

// Why an address did not open, as Result.Error says it when no HTTP status
// says it ("HTTP 404"); any other failure is described by its error.
const (
	ErrTextTimeout      = "timeout"
	ErrTextRefused      = "connection refused"
	ErrTextReset        = "connection reset"
	ErrTextNoHost       = "no such host"
	ErrTextCertificate  = "bad certificate"
	ErrTextPrivate      = "private address"
	ErrTextRedirects    = "too many redirects"
	ErrTextNotWeb       = "not a web address"
	ErrTextBadRedirect  = "bad redirect"
	ErrTextNoConnection = "no connection"
)

// Result is what the check of one address found.
type Result struct {
	URL    string
	Status Status
	// Code is the last HTTP status code; 0 when no answer came.
	Code int
	// FinalURL is where redirects led; "" when there were none.
	FinalURL string
	// Error says why the address is not OK: "HTTP 404" or one of the
	// ErrText codes; "" when OK.
	Error string
	// Attempts is how many tries it took: 2 when the first one failed.
	Attempts int
}

// Defaults of a Checker's zero fields.
const (
	DefaultTimeout      = 15 * time.Second
	DefaultWorkers      = 4
	DefaultPause        = time.Second
	DefaultRetryAfter   = 5 * time.Second
	DefaultMaxRedirects = 10
	DefaultUserAgent    = "Mozilla/5.0 (compatible; kopilka-linkcheck/1.0)"
)

// bodyBytes is how much of a GET's body is read before the connection is
// let go: the status is what counts.
const bodyBytes = 64 << 10

// Checker checks addresses. Its zero value uses the defaults; it keeps no
// state between calls of Check and may be used by several at once.
type Checker struct {
	// Timeout bounds each request (each redirect is one).
	Timeout time.Duration
	// Workers is how many hosts are checked at once.
	Workers int
	// Pause is the least time between two requests to one host.
	Pause time.Duration
	// RetryAfter is the wait before the second try of an address that
	// failed.
	RetryAfter time.Duration
	// MaxRedirects is how many redirects are followed.
	MaxRedirects int
	// UserAgent names the checker to the sites it visits.
	UserAgent string
	// AllowPrivate lets the checker connect to loopback, private and
	// link-local addresses; without it a link to one is dead, so no
	// author can make the server probe its own network. Tests set it.
	AllowPrivate bool
}

func (c *Checker) timeout() time.Duration { return orDefault(c.Timeout, DefaultTimeout) }

func orDefault[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// Check checks each distinct address of urls and returns a Result for each
// of urls, in their order. Addresses are grouped by host (host and port):
// each host gets one request at a time, the workers share the hosts. When
// ctx ends, what was not checked has a Result without a Status.
func (c *Checker) Check(ctx context.Context, urls []string) []Result {
	r := &run{c: c, gate: &gate{pause: c.Pause, hosts: map[string]chan time.Time{}}}
	r.client = r.newClient()
	defer r.client.CloseIdleConnections()

	found := map[string]Result{}
	var mu sync.Mutex
	byHost := map[string][]string{}
	var hosts []string
	for _, raw := range urls {
		if _, seen := found[raw]; seen {
			continue
		}
		found[raw] = Result{URL: raw}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			found[raw] = Result{URL: raw, Status: Dead, Error: ErrTextNotWeb}
			continue
		}
		host := strings.ToLower(u.Host)
		if byHost[host] == nil {
			hosts = append(hosts, host)
		}
		byHost[host] = append(byHost[host], raw)
	}

	jobs := make(chan []string)
	var wg sync.WaitGroup
	for range orDefault(c.Workers, DefaultWorkers) {
		wg.Go(func() {
			for list := range jobs {
				for _, raw := range list {
					res := r.one(ctx, raw)
					mu.Lock()
					found[raw] = res
					mu.Unlock()
				}
			}
		})
	}
	for _, h := range hosts {
		if ctx.Err() != nil {
			break
		}
		select {
		case jobs <- byHost[h]:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()

	out := make([]Result, len(urls))
	for i, raw := range urls {
		out[i] = found[raw]
	}
	return out
}

// run is one call of Check: its client and its hosts' turns.
type run struct {
	c      *Checker
	client *http.Client
	gate   *gate
}

func (r *run) newClient() *http.Client {
	dialer := &net.Dialer{Timeout: r.c.timeout()}
	if !r.c.AllowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		Proxy:                 nil, // the checker's own connections, whose addresses it checks
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   r.c.timeout(),
		ResponseHeaderTimeout: r.c.timeout(),
		MaxIdleConnsPerHost:   1,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: transport,
		// redirects are followed by fetch, each through its host's turn
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// one checks an address, twice when the first try fails.
func (r *run) one(ctx context.Context, raw string) Result {
	res := r.attempt(ctx, raw)
	res.Attempts = 1
	if res.Status == Dead || res.Status == Slow {
		if !sleep(ctx, orDefault(r.c.RetryAfter, DefaultRetryAfter)) {
			return Result{URL: raw}
		}
		res = r.attempt(ctx, raw)
		res.Attempts = 2
	}
	if ctx.Err() != nil {
		return Result{URL: raw}
	}
	return res
}

// attempt is one try: HEAD, and GET when HEAD fails or is answered with
// an error status (405 and 501 refuse HEAD; some sites answer it wrongly).
func (r *run) attempt(ctx context.Context, raw string) Result {
	code, final, permanent, err := r.fetch(ctx, http.MethodHead, raw)
	if err != nil || code >= 400 {
		code, final, permanent, err = r.fetch(ctx, http.MethodGet, raw)
	}
	return classify(raw, code, final, permanent, err, r.c.timeout())
}

// classify turns what a try met into a Result.
func classify(raw string, code int, final string, permanent bool, err error, timeout time.Duration) Result {
	res := Result{URL: raw, Code: code}
	if final != raw {
		res.FinalURL = final
	}
	switch {
	case err != nil && isTimeout(err):
		res.Status, res.Error = Slow, ErrTextTimeout
	case err != nil:
		res.Status, res.Error = Dead, describe(err)
	case code == http.StatusTooManyRequests || code == http.StatusUnauthorized || code == http.StatusForbidden:
		// sites that keep robots out answer so to a page that opens in a browser
		res.Status, res.Error = Slow, fmt.Sprintf("HTTP %d", code)
	case code >= 200 && code < 300 && permanent && res.FinalURL != "":
		res.Status = Moved
	case code >= 200 && code < 300:
		res.Status = OK
	default:
		res.Status, res.Error = Dead, fmt.Sprintf("HTTP %d", code)
	}
	return res
}

var errTooManyRedirects = errors.New(ErrTextRedirects)

// fetch sends method to raw and follows its redirects: the last status,
// the address it came from, and whether a redirect on the way was
// permanent.
func (r *run) fetch(ctx context.Context, method, raw string) (code int, final string, permanent bool, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return 0, raw, false, fmt.Errorf("%s: %w", ErrTextNotWeb, err)
	}
	for hop := 0; ; hop++ {
		if hop > orDefault(r.c.MaxRedirects, DefaultMaxRedirects) {
			return code, u.String(), permanent, errTooManyRedirects
		}
		var location string
		code, location, err = r.do(ctx, method, u)
		if err != nil {
			return 0, u.String(), permanent, err
		}
		if code < 300 || code > 399 || location == "" || code == http.StatusNotModified {
			return code, u.String(), permanent, nil
		}
		next, err := u.Parse(location)
		if err != nil || (next.Scheme != "http" && next.Scheme != "https") || next.Host == "" {
			return code, u.String(), permanent, errors.New(ErrTextBadRedirect)
		}
		if code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect {
			permanent = true
		}
		u = next
	}
}

// do sends one request in its host's turn, within the timeout.
func (r *run) do(ctx context.Context, method string, u *url.URL) (code int, location string, err error) {
	release, err := r.gate.take(ctx, strings.ToLower(u.Host))
	if err != nil {
		return 0, "", err
	}
	defer release()
	rctx, cancel := context.WithTimeout(ctx, r.c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, method, u.String(), nil)
	if err != nil {
		return 0, "", fmt.Errorf("%s: %w", ErrTextNotWeb, err)
	}
	req.Header.Set("User-Agent", orDefaultString(r.c.UserAgent, DefaultUserAgent))
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	// the status is known; the body only keeps the connection busy
	_, _ = io.CopyN(io.Discard, resp.Body, bodyBytes)
	_ = resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location"), nil
}

func orDefaultString(v, def string) string {
	if v != "" {
		return v
	}
	return def
}

// gate gives each host its turn: one request at a time, Pause apart. A
// host's channel holds one token, the time its last request ended; whoever
// takes it may send.
type gate struct {
	pause time.Duration
	mu    sync.Mutex
	hosts map[string]chan time.Time
}

// take waits for host's turn and for the pause after its last request;
// release gives the turn back.
func (g *gate) take(ctx context.Context, host string) (release func(), err error) {
	g.mu.Lock()
	turn, ok := g.hosts[host]
	if !ok {
		turn = make(chan time.Time, 1)
		turn <- time.Time{}
		g.hosts[host] = turn
	}
	g.mu.Unlock()
	var last time.Time
	select {
	case last = <-turn:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if !last.IsZero() {
		if !sleep(ctx, time.Until(last.Add(orDefault(g.pause, DefaultPause)))) {
			turn <- last
			return nil, ctx.Err()
		}
	}
	var once sync.Once
	return func() { once.Do(func() { turn <- time.Now() }) }, nil
}

// sleep waits d, or less when ctx ends first; it reports whether ctx is
// still going.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

var errPrivate = errors.New(ErrTextPrivate)

// refusePrivate refuses a connection to an address of the server's own
// networks: loopback, private, link-local, shared (100.64/10),
// unspecified and multicast.
func refusePrivate(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	if !Public(ip) {
		return errPrivate
	}
	return nil
}

var shared = netip.MustParsePrefix("100.64.0.0/10")

// Public reports whether ip is an address of the internet, not one of a
// private or local network.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsInterfaceLocalMulticast() && !ip.IsMulticast() &&
		!ip.IsUnspecified() && !shared.Contains(ip) && !(ip.Is4() && ip.As4()[0] == 0)
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// describe names a failure by one of the ErrText codes, or by its error.
func describe(err error) string {
	var dns *net.DNSError
	var certInvalid x509.CertificateInvalidError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var verification *tls.CertificateVerificationError
	switch {
	case errors.Is(err, errPrivate):
		return ErrTextPrivate
	case errors.Is(err, errTooManyRedirects):
		return ErrTextRedirects
	case errors.As(err, &dns):
		return ErrTextNoHost
	case errors.Is(err, syscall.ECONNREFUSED):
		return ErrTextRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return ErrTextReset
	case errors.As(err, &verification), errors.As(err, &certInvalid), errors.As(err, &unknownAuthority), errors.As(err, &hostname):
		return ErrTextCertificate
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return ErrTextNoConnection
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}
