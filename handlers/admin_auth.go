package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

type loginView struct {
	Email string
	Error string
}

// AdminLoginForm shows the login page.
func (h *Handler) AdminLoginForm(c echo.Context) error {
	p := h.page(c, "login.title")
	p.NoIndex = true
	p.Data = &loginView{}
	return h.render.Render(c, http.StatusOK, "login", p)
}

// AdminLogin signs a moderator in. Unknown e-mail, wrong password and
// disabled account get the same answer; repeated failures lock the e-mail
// for a while. A new session token and a new CSRF secret are issued at
// every login.
func (h *Handler) AdminLogin(c echo.Context) error {
	p := h.page(c, "login.title")
	p.NoIndex = true
	email := c.FormValue("email")
	u, err := h.store.Authenticate(c.Request().Context(), email, c.FormValue("password"))
	if err != nil {
		v := &loginView{Email: email, Error: p.T("login.failed")}
		status := http.StatusUnauthorized
		if errors.Is(err, models.ErrLockedOut) {
			v.Error, status = p.T("login.locked"), http.StatusTooManyRequests
		} else if !errors.Is(err, models.ErrBadCredentials) {
			return err
		}
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
		p.Data = v
		return h.render.Render(c, status, "login", p)
	}
	old := ""
	if ck, err := c.Cookie(sessionCookie); err == nil {
		old = ck.Value
	}
	token, err := h.store.CreateSession(c.Request().Context(), u, old)
	if err != nil {
		return err
	}
	h.setSessionCookie(c, token)
	if _, err := h.newCSRFToken(c); err != nil {
		return err
	}
	return h.seeOther(c, "/admin")
}

// AdminLogout ends the session on the server, not just in the browser.
func (h *Handler) AdminLogout(c echo.Context) error {
	if tok, ok := c.Get("session_token").(string); ok {
		if err := h.store.DeleteSession(c.Request().Context(), tok, currentUser(c)); err != nil {
			return err
		}
	}
	h.clearSessionCookie(c)
	if _, err := h.newCSRFToken(c); err != nil {
		return err
	}
	return h.seeOther(c, "/admin/login?out=1")
}
