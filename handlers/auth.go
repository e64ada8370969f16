package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

// sessionCookie carries the admin session token.
const sessionCookie = "pw_session"

// currentUser returns the signed-in user, if any.
func currentUser(c echo.Context) *models.User {
	u, _ := c.Get("user").(*models.User)
	return u
}

// noStore keeps private pages out of every cache.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

// requireUser lets only signed-in, enabled users through; others are sent
// to the login page. The session is checked in the database on every
// request, so a logout or a disabled account takes effect at once.
func (h *Handler) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil {
			return h.seeOther(c, "/admin/login")
		}
		u, sess, err := h.store.SessionUser(c.Request().Context(), ck.Value)
		if errors.Is(err, models.ErrNotFound) {
			h.clearSessionCookie(c)
			return h.seeOther(c, "/admin/login")
		}
		if err != nil {
			return err
		}
		c.Set("user", u)
		c.Set("session_token", ck.Value)
		if flash := h.store.TakeFlash(c.Request().Context(), ck.Value, sess); flash != "" {
			c.Set("flash", flash)
		}
		return next(c)
	}
}

// requireAdmin lets only admins through.
func (h *Handler) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u := currentUser(c); u == nil || !u.IsAdmin() {
			return echo.NewHTTPError(http.StatusForbidden, "admins only")
		}
		return next(c)
	}
}

func (h *Handler) setSessionCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: h.cfg.HTTPS, SameSite: http.SameSiteLaxMode, MaxAge: int(models.SessionAbsoluteTimeout.Seconds())})
}

func (h *Handler) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: h.cfg.HTTPS, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// flash leaves a message for the next admin page.
func (h *Handler) flash(c echo.Context, msg string) {
	if tok, ok := c.Get("session_token").(string); ok {
		if err := h.store.SetFlash(c.Request().Context(), tok, msg); err != nil {
			h.log.Warn("set flash", "err", err.Error())
		}
	}
}
