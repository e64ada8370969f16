package handlers

import (
	"fmt"
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
// with a message and a 429. (Every request, valid or not, still passes a
// looser limit: attempts, in routes.go.)
type writeGate struct {
	limit Limit
	mu    sync.Mutex
	seen  map[string]*gateEntry
	swept time.Time
}

type gateEntry struct {
	lim  *rate.Limiter
	last time.Time
}

func newWriteGate(l Limit) *writeGate {
	return &writeGate{limit: l, seen: map[string]*gateEntry{}, swept: time.Now()}
}

// allow takes one write from id's allowance, if any is left.
func (g *writeGate) allow(id string) bool {
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Sub(g.swept) > g.limit.Per { // forget clients quiet for a whole period
		for k, e := range g.seen {
			if now.Sub(e.last) > g.limit.Per {
				delete(g.seen, k)
			}
		}
		g.swept = now
	}
	e := g.seen[id]
	if e == nil {
		e = &gateEntry{lim: rate.NewLimiter(rate.Limit(float64(g.limit.Burst)/g.limit.Per.Seconds()), g.limit.Burst)}
		g.seen[id] = e
	}
	e.last = now
	return e.lim.AllowN(now, 1)
}

// mayStore takes one public write from the client's allowance; false means
// the client is over PublicWriteLimit. It sets Retry-After then.
func (h *Handler) mayStore(c echo.Context) bool {
	if h.writes.allow(c.RealIP()) {
		return true
	}
	c.Response().Header().Set("Retry-After", "60")
	return false
}

// storeFirst takes the write from the allowance before the handler, for
// the writes with nothing typed to keep (a withdrawal).
func (h *Handler) storeFirst(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !h.mayStore(c) {
			return echo.NewHTTPError(http.StatusTooManyRequests, "too many requests")
		}
		return next(c)
	}
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
			return c.RealIP(), nil
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
