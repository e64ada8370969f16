package handlers

import (
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// contentSecurityPolicy allows nothing from another host and no inline
// script or style: every page works without JavaScript, and the little
// there is comes from /static.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// securityHeaders sets the headers every response carries.
func (h *Handler) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hd := c.Response().Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if h.cfg.HTTPS {
			hd.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}

// requestLog writes one structured line per request. It logs the path,
// never the query string: search terms stay private.
func (h *Handler) requestLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req := c.Request()
		path := c.Path() // the route pattern: /submissions/:token, not the token
		if path == "" {
			path = "(no route)"
		}
		h.log.Info("request",
			"id", c.Response().Header().Get(echo.HeaderXRequestID),
			"method", req.Method,
			"route", path,
			"status", c.Response().Status,
			"bytes", c.Response().Size,
			"duration_ms", float64(time.Since(start).Microseconds())/1000,
		)
		return nil
	}
}

// recoverPanic turns a panic into a logged 500 with a plain page.
func (h *Handler) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				h.log.Error("panic", "route", c.Path(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("handlers: panic: %v", r)
			}
		}()
		return next(c)
	}
}

// apiHeaders marks the JSON APIs as readable from any origin (read-only)
// and makes their answers conditional: ETag, Last-Modified and 304
// (setAPICORS and conditionalGET, in hsds_cache.go).
func (h *Handler) apiHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	next = h.conditionalGET(next)
	return func(c echo.Context) error {
		setAPICORS(c.Response().Header())
		return next(c)
	}
}

// writeGate counts, per client address, the public writes that store
// something: a submission, an update, a report, a withdrawal. A form sent
// back with errors costs nothing, so an NGO correcting its form is never
// turned away with its text lost: the ten tries it took to get a form
// right used to exhaust the limit. A handler asks (mayStore) only once
// the write is valid, and over the limit shows the form again, as typed,
// with a message and a 429; a write the store then refuses (a withdrawal
// of a submission already withdrawn or decided, a resubmission that lost
// a race with the moderator) is given back (publicWrite.giveBack), so
// only what is stored counts. (Every request, valid or not, still passes
// a looser limit: attempts, in routes.go.)
type writeGate struct {
	limit Limit
	mu    sync.Mutex
	seen  map[string]*gateEntry
	swept time.Time
}

// gateEntry is one client's allowance: a bucket of writes, refilled at
// limit.Burst per limit.Per up to limit.Burst. (rate.Limiter cannot take
// back a write already allowed: its Cancel restores only a reservation
// still in the future.)
type gateEntry struct {
	tokens float64
	last   time.Time
}

func newWriteGate(l Limit) *writeGate {
	return &writeGate{limit: l, seen: map[string]*gateEntry{}, swept: time.Now()}
}

// entry returns id's allowance as of now; g.mu is held.
func (g *writeGate) entry(id string, now time.Time) *gateEntry {
	if now.Sub(g.swept) > g.limit.Per { // forget clients quiet for a whole period: their bucket is full
		for k, e := range g.seen {
			if now.Sub(e.last) > g.limit.Per {
				delete(g.seen, k)
			}
		}
		g.swept = now
	}
	burst := float64(g.limit.Burst)
	e := g.seen[id]
	if e == nil {
		e = &gateEntry{tokens: burst, last: now}
		g.seen[id] = e
	}
	if now.After(e.last) {
		e.tokens = min(burst, e.tokens+now.Sub(e.last).Seconds()*burst/g.limit.Per.Seconds())
		e.last = now
	}
	return e
}

// take takes one write from id's allowance, if any is left.
func (g *writeGate) take(id string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	e := g.entry(id, time.Now())
	if e.tokens < 1 {
		return false
	}
	e.tokens--
	return true
}

// giveBack returns a write taken from id's allowance.
func (g *writeGate) giveBack(id string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	e := g.entry(id, time.Now())
	e.tokens = min(float64(g.limit.Burst), e.tokens+1)
}

// publicWrite is one write taken from a client's allowance.
type publicWrite struct {
	g  *writeGate
	id string
}

// giveBack returns the write to the allowance: the store kept nothing.
func (w publicWrite) giveBack() {
	if w.g != nil {
		w.g.giveBack(w.id)
	}
}

// mayStore takes one public write from the client's allowance; false means
// the client is over PublicWriteLimit. It sets Retry-After then. The
// caller gives the write back if the store then keeps nothing.
func (h *Handler) mayStore(c echo.Context) (publicWrite, bool) {
	if id := clientKey(c); h.writes.take(id) {
		return publicWrite{h.writes, id}, true
	}
	c.Response().Header().Set("Retry-After", "60")
	return publicWrite{}, false
}

// clientKey is the client a rate limit counts: its address (RealIP, see
// ipExtractor), but the /64 network of an IPv6 address. An IPv6 line or
// server is given a whole /64, and each of its addresses counted as a
// client of its own: one machine had billions of allowances.
func clientKey(c echo.Context) string {
	addr := c.RealIP()
	ip := net.ParseIP(addr)
	switch {
	case ip == nil:
		return addr
	case ip.To4() != nil: // an IPv4 address, written as one or mapped in IPv6 (::ffff:203.0.113.1)
		return ip.To4().String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// rateLimit limits requests per client address (taken from the trusted
// proxy header only, see ipExtractor). Over the limit: 429.
func (h *Handler) rateLimit(l Limit) echo.MiddlewareFunc {
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate:      rate.Limit(float64(l.Burst) / l.Per.Seconds()),
		Burst:     l.Burst,
		ExpiresIn: l.Per,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: store,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			return clientKey(c), nil
		},
		ErrorHandler: func(c echo.Context, err error) error {
			return echo.NewHTTPError(http.StatusForbidden, "no client address")
		},
		DenyHandler: func(c echo.Context, id string, err error) error {
			c.Response().Header().Set("Retry-After", "60")
			return echo.NewHTTPError(http.StatusTooManyRequests, "too many requests")
		},
	})
}
