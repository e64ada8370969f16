package handlers

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// csrfCookie holds the browser's CSRF secret; every state-changing form
// sends it back in the csrf field (double submit). The cookie is HttpOnly
// and SameSite=Strict, and a foreign Origin is refused outright.
const (
	csrfCookie = "csrf"
	csrfField  = "csrf"
)

// csrf checks every POST, PUT, PATCH and DELETE, and puts the token in the
// context for forms.
func (h *Handler) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token := ""
		if ck, err := c.Cookie(csrfCookie); err == nil && len(ck.Value) == 43 {
			token = ck.Value
		}
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			if token == "" {
				var err error
				if token, err = h.newCSRFToken(c); err != nil {
					return err
				}
			}
			c.Set("csrf", token)
			return next(c)
		}
		if origin := c.Request().Header.Get("Origin"); origin != "" && origin != "null" {
			u, err := url.Parse(origin)
			if err != nil || u.Host != c.Request().Host {
				return echo.NewHTTPError(http.StatusForbidden, "cross-origin request refused")
			}
		}
		sent := c.FormValue(csrfField)
		if token == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
			if c.Request().Method == http.MethodPost && h.keepsTyping[c.Path()] {
				// A public form sent from the same site with a secret that
				// is gone (cookies cleared, a login or logout in another
				// tab): its handler sends it back with what was typed and a
				// new secret, and stores nothing (csrfExpired).
				if _, err := h.newCSRFToken(c); err != nil {
					return err
				}
				c.Set(csrfExpiredKey, true)
				if err := next(c); err != nil {
					// Not sent back (an unknown link, a body too large):
					// the 403 it would have been.
					return echo.NewHTTPError(http.StatusForbidden, "missing or wrong CSRF token")
				}
				return nil
			}
			return echo.NewHTTPError(http.StatusForbidden, "missing or wrong CSRF token")
		}
		c.Set("csrf", token)
		return next(c)
	}
}

// newCSRFToken gives the browser a new CSRF secret, at its first page and
// whenever its privileges change (login, logout): a secret planted in the
// browser before the login, or seen by someone before it, is then worth
// nothing to them after.
func (h *Handler) newCSRFToken(c echo.Context) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: h.cfg.HTTPS, SameSite: http.SameSiteStrictMode})
	c.Set("csrf", token)
	return token, nil
}

const csrfExpiredKey = "csrf_expired"

// csrfExpired reports whether the request's CSRF secret was missing or
// wrong on a keepsTyping form: its handler must send the form back and
// store nothing.
func csrfExpired(c echo.Context) bool {
	v, _ := c.Get(csrfExpiredKey).(bool)
	return v
}
