// Package handlers is Pathways' HTTP side: the route table, one file per
// resource, middleware, rendering and errors.
package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"pathways/models"
	"pathways/templates"
)

// Config is what the handlers need to know about their deployment.
type Config struct {
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed; empty means the peer address is the client.
	TrustedProxies []*net.IPNet
	// HTTPS says the site is served over HTTPS (cookies Secure, HSTS).
	HTTPS bool
	// PublicURL is the site's address as the public reaches it
	// ("https://pathways.example.org"), for the full addresses a page
	// prints (a tracking link, a printed program's source). Empty: the
	// request's Host, with https when HTTPS is set. (Never a forwarded
	// scheme: any client can send X-Forwarded-Proto.)
	PublicURL string
	// Now is the clock; tests set it.
	Now func() time.Time
	// PublicWriteLimit bounds submissions, updates and reports per client;
	// LoginLimit bounds login attempts per client.
	PublicWriteLimit Limit
	LoginLimit       Limit
}

// Limit is a rate: Burst requests at once, refilled over Per.
type Limit struct {
	Burst int
	Per   time.Duration
}

// Handler carries the dependencies of every handler.
type Handler struct {
	store    *models.Store
	render   *Renderer
	catalog  *Catalog
	log      *slog.Logger
	cfg      Config
	tax      *models.Taxonomies
	validate *validator.Validate
	writes   *writeGate // the public writes each client may store (PublicWriteLimit)
	// keepsTyping are the public forms whose handlers send a form with an
	// expired CSRF secret back to its sender, with everything typed and
	// a message, rather than a bare 403 that loses a long form's text
	// (csrf.go). The routes name them (keepTyping in routes.go); each
	// handler checks csrfExpired before anything else and stores nothing
	// then (TestExpiredFormKeepsWhatWasTyped posts to each).
	keepsTyping map[string]bool
}

// New wires the handlers and returns the HTTP server's router.
func New(ctx context.Context, store *models.Store, log *slog.Logger, cfg Config) (*echo.Echo, error) {
	h, err := newHandler(ctx, store, log, cfg)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.IPExtractor = ipExtractor(cfg.TrustedProxies)
	e.HTTPErrorHandler = h.errorHandler
	h.routes(e)
	return e, nil
}

// newHandler builds the handlers: templates, messages, taxonomies.
func newHandler(ctx context.Context, store *models.Store, log *slog.Logger, cfg Config) (*Handler, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PublicWriteLimit.Burst == 0 {
		cfg.PublicWriteLimit = Limit{Burst: 10, Per: 10 * time.Minute}
	}
	if cfg.LoginLimit.Burst == 0 {
		cfg.LoginLimit = Limit{Burst: 10, Per: 5 * time.Minute}
	}
	render, err := NewRenderer()
	if err != nil {
		return nil, err
	}
	catalog, err := NewCatalog(templates.FS)
	if err != nil {
		return nil, err
	}
	tax, err := store.Taxonomies(ctx)
	if err != nil {
		return nil, err
	}
	catalog.tax = tax
	// The pages of the public's searches: home, results, a program.
	if err := render.InlineMessages(catalog, "home", "programs", "program"); err != nil {
		return nil, err
	}
	return &Handler{store: store, render: render, catalog: catalog, log: log, cfg: cfg, tax: tax,
		validate: models.NewValidator(tax), writes: newWriteGate(cfg.PublicWriteLimit), keepsTyping: map[string]bool{}}, nil
}

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// ranges.
// ParsePublicURL checks a --public-url: an http or https address with a
// host and nothing after its path, which loses a final slash.
func ParsePublicURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--public-url %q: give the site's address, such as https://pathways.example.org", s)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func ParseTrustedProxies(s string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			ip := net.ParseIP(part)
			if ip == nil {
				return nil, fmt.Errorf("trusted proxy %q is not an address or CIDR range", part)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", part, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// ipExtractor returns the client address: the peer's, unless the peer is
// a trusted proxy, in which case the right-most X-Forwarded-For address
// that is not itself a trusted proxy. A header anyone can send is never
// believed on its own.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	isTrusted := func(ip net.IP) bool {
		for _, n := range trusted {
			if n.Contains(ip) {
				return true
			}
		}
		return false
	}
	return func(r *http.Request) string {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		peer := net.ParseIP(host)
		if peer == nil || len(trusted) == 0 || !isTrusted(peer) {
			return host
		}
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop := strings.TrimSpace(hops[i])
			ip := forwardedIP(hop)
			if ip == nil {
				// Not an address ("unknown", something mangled): the
				// client is this entry, not the proxy, whose own bucket
				// every such client shared with everyone behind it.
				if hop == "" {
					break
				}
				return "forwarded:" + truncate(hop, 64)
			}
			if !isTrusted(ip) {
				return ip.String()
			}
		}
		return host
	}
}

// forwardedIP reads one X-Forwarded-For entry: an address, or one with
// its port as some load balancers write it ("203.0.113.9:4444",
// "[2001:db8::1]:4444").
func forwardedIP(hop string) net.IP {
	if ip := net.ParseIP(hop); ip != nil {
		return ip
	}
	if h, _, err := net.SplitHostPort(hop); err == nil {
		return net.ParseIP(h)
	}
	return nil
}

// langCookie remembers the language chosen with ?lang.
const langCookie = "lang"

// lang picks the page language: ?lang, then the cookie, then
// Accept-Language, then English. A valid ?lang is remembered.
func (h *Handler) lang(c echo.Context) string {
	if v, ok := c.Get("lang").(string); ok {
		return v
	}
	// The same address answers in several languages: shared caches must
	// tell them apart.
	c.Response().Header().Add("Vary", "Accept-Language, Cookie")
	lang := ""
	if q := c.QueryParam("lang"); q != "" && h.catalog.Has(q) {
		lang = q
		c.SetCookie(&http.Cookie{Name: langCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: h.cfg.HTTPS, SameSite: http.SameSiteLaxMode})
	} else if ck, err := c.Cookie(langCookie); err == nil && h.catalog.Has(ck.Value) {
		lang = ck.Value
	} else {
		lang = h.catalog.Match(c.Request().Header.Get("Accept-Language"))
	}
	c.Set("lang", lang)
	return lang
}

// page starts the data of a page in the request's language.
func (h *Handler) page(c echo.Context, title string) *Page {
	l := h.catalog.Localizer(h.lang(c))
	q := c.QueryParams()
	keep := make(map[string][]string, len(q))
	for k, v := range q {
		if k != "lang" {
			keep[k] = v
		}
	}
	p := &Page{Localizer: l, Path: c.Request().URL.Path, Query: keep, Catalog: h.catalog}
	if q := c.QueryParam("lang"); q == l.Lang {
		p.KeepLang = q
	}
	if title != "" {
		p.Title = l.T(title)
	}
	if tok, ok := c.Get("csrf").(string); ok {
		p.CSRF = tok
	}
	p.User = currentUser(c)
	if key, ok := c.Get("flash").(string); ok {
		p.Flash = l.T(key)
	}
	return p
}

// seeOther redirects to path (303) in the language the request chose with
// ?lang, which the page it leads to would otherwise lose without the
// cookie, as keepLang keeps it in a page's links.
func (h *Handler) seeOther(c echo.Context, path string) error {
	if lang := c.QueryParam("lang"); lang != "" && h.catalog.Has(lang) && !strings.Contains(path, "lang=") {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "lang=" + lang
	}
	return c.Redirect(http.StatusSeeOther, path)
}
