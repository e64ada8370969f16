package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

type usersView struct {
	Users   []models.User
	Email   string
	Role    string
	Errors  map[string]string // field id → message
	Summary []errorLink       // the errors in form order, labelled
}

// userFields are the add-a-user form's fields in form order, with the
// message of their label.
var userFields = []struct{ id, label string }{{"email", "login.email"}, {"role", "users.role"}, {"password", "users.password"}}

// AdminUserIndex lists accounts, with the form to add one (admins only).
func (h *Handler) AdminUserIndex(c echo.Context) error {
	return h.renderUsers(c, http.StatusOK, &usersView{Role: models.RoleModerator, Errors: map[string]string{}})
}

func (h *Handler) renderUsers(c echo.Context, status int, v *usersView) error {
	users, err := h.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	v.Users = users
	p := h.page(c, "users.title")
	if len(v.Errors) > 0 {
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
		for _, f := range userFields {
			if msg, ok := v.Errors[f.id]; ok {
				v.Summary = append(v.Summary, errorLink{ID: f.id, Label: p.T(f.label), Message: msg})
			}
		}
	}
	p.Data = v
	return h.render.Render(c, status, "admin_users", p)
}

// AdminUserCreate adds a moderator or an admin.
func (h *Handler) AdminUserCreate(c echo.Context) error {
	p := h.page(c, "users.title")
	v := &usersView{Email: c.FormValue("email"), Role: c.FormValue("role"), Errors: map[string]string{}}
	if v.Role != models.RoleAdmin && v.Role != models.RoleModerator {
		v.Errors["role"] = p.T("validation.required")
	}
	if !models.ValidEmail(v.Email) {
		v.Errors["email"] = p.T("validation.mailaddr")
	}
	pw := c.FormValue("password")
	if models.WeakPassword(pw) {
		v.Errors["password"] = p.T("validation.password", "Param", models.MinPasswordLength)
	}
	if len(v.Errors) == 0 {
		_, err := h.store.CreateUser(c.Request().Context(), models.UserActor(currentUser(c)), v.Email, pw, v.Role)
		switch {
		case errors.Is(err, models.ErrUserExists):
			v.Errors["email"] = p.T("validation.user_exists")
		case err != nil:
			return err
		default:
			h.flash(c, "flash.user_added")
			return h.seeOther(c, "/admin/users")
		}
	}
	return h.renderUsers(c, http.StatusUnprocessableEntity, v)
}

// AdminUserDisable disables an account and ends its sessions at once.
func (h *Handler) AdminUserDisable(c echo.Context) error { return h.setDisabled(c, true) }

// AdminUserEnable re-enables an account.
func (h *Handler) AdminUserEnable(c echo.Context) error { return h.setDisabled(c, false) }

func (h *Handler) setDisabled(c echo.Context, disabled bool) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return models.ErrNotFound
	}
	err = h.store.SetUserDisabled(c.Request().Context(), currentUser(c), id, disabled)
	if errors.Is(err, models.ErrForbidden) {
		h.flash(c, "flash.not_self")
		return h.seeOther(c, "/admin/users")
	}
	if err != nil {
		return err
	}
	h.flash(c, map[bool]string{true: "flash.user_disabled", false: "flash.user_enabled"}[disabled])
	return h.seeOther(c, "/admin/users")
}

type auditView struct {
	Events []models.AuditEvent
	Names  map[string]string // program names by id, for the events' links
	Kinds  map[string]string // submission kinds by id: a report's decisions read differently
	Total  int64
	Page   int
	Next   string
	Prev   string
}

// lastPage is the number of the last page of total items, per a page.
func lastPage(total int64, per int) int {
	return max(1, int((total+int64(per)-1)/int64(per)))
}

// AdminAudit shows the audit log, newest first.
func (h *Handler) AdminAudit(c echo.Context) error {
	page, _ := strconv.Atoi(c.QueryParam("page"))
	if page < 1 || page > 1000000 {
		page = 1
	}
	evs, total, err := h.store.AuditEvents(c.Request().Context(), models.AuditFilter{Page: page})
	if err != nil {
		return err
	}
	if len(evs) == 0 && page > 1 { // past the end (an old link): the last page, not an empty table
		return h.seeOther(c, "/admin/audit?page="+strconv.Itoa(lastPage(total, models.AuditPerPage)))
	}
	var ids, subs []string
	for _, ev := range evs {
		switch ev.RecordType {
		case "program":
			ids = append(ids, ev.RecordID)
		case "submission":
			subs = append(subs, ev.RecordID)
		}
	}
	names, err := h.store.ProgramNames(c.Request().Context(), ids)
	if err != nil {
		return err
	}
	kinds, err := h.store.SubmissionKinds(c.Request().Context(), subs)
	if err != nil {
		return err
	}
	v := &auditView{Events: evs, Names: names, Kinds: kinds, Total: total, Page: page}
	if int64(page*models.AuditPerPage) < total {
		v.Next = "/admin/audit?page=" + strconv.Itoa(page+1)
	}
	if page > 1 {
		v.Prev = "/admin/audit?page=" + strconv.Itoa(page-1)
	}
	p := h.page(c, "audit.title")
	p.Data = v
	return h.render.Render(c, http.StatusOK, "admin_audit", p)
}

// urlValues builds URL parameters from pairs, leaving out empty values.
func urlValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	return v
}
