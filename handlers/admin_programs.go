package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

type adminProgramsView struct {
	Programs []models.Program
	Total    int64
	Q        string
	Status   string
	Stale    bool // only the programs practitioners see a verification warning on
	Page     int
	Next     string
	Prev     string
}

// AdminProgramIndex lists and filters every program.
func (h *Handler) AdminProgramIndex(c echo.Context) error {
	f := models.ProgramFilter{Q: truncate(c.QueryParam("q"), 200), Status: c.QueryParam("status")}
	if f.Status != models.StatusPublished && f.Status != models.StatusArchived {
		f.Status = ""
	}
	stale := c.QueryParam("verified") == "stale"
	if stale {
		f.StaleAt = h.cfg.Now()
	}
	f.Page, _ = strconv.Atoi(c.QueryParam("page"))
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	ps, total, err := h.store.AdminPrograms(c.Request().Context(), f)
	if err != nil {
		return err
	}
	verified := ""
	if stale {
		verified = "stale"
	}
	link := func(page int) string {
		return "/admin/programs?" + (urlValues("q", f.Q, "status", f.Status, "verified", verified, "page", strconv.Itoa(page))).Encode()
	}
	if len(ps) == 0 && f.Page > 1 { // past the end: the last page, with the same filters
		return h.seeOther(c, link(lastPage(total, models.AdminPerPage)))
	}
	p := h.page(c, "admin_programs.title")
	v := &adminProgramsView{Programs: ps, Total: total, Q: f.Q, Status: f.Status, Stale: stale, Page: f.Page}
	if int64(f.Page*models.AdminPerPage) < total {
		v.Next = link(f.Page + 1)
	}
	if f.Page > 1 {
		v.Prev = link(f.Page - 1)
	}
	p.Data = v
	return h.render.Render(c, http.StatusOK, "admin_programs", p)
}

// AdminProgramEdit shows a program's content in the form, for a direct
// edit.
func (h *Handler) AdminProgramEdit(c echo.Context) error {
	pr, err := h.store.AdminProgram(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	p := h.page(c, "admin_edit.title")
	v := h.newFormView(p, formFromDraft(models.DraftFromProgram(pr), models.Submitter{}), "/admin/programs/"+pr.ID+"/edit", "admin")
	v.Version, v.ProgramName, v.CancelURL = pr.Version, pr.Name, "/admin/programs"
	p.Data = &adminEditView{Form: v, Program: pr}
	return h.render.Render(c, http.StatusOK, "admin_program", p)
}

type adminEditView struct {
	Form    *formView
	Program *models.Program
	Error   string
}

// AdminProgramUpdate saves a direct edit; the audit log records it.
func (h *Handler) AdminProgramUpdate(c echo.Context) error {
	pr, err := h.store.AdminProgram(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	p := h.page(c, "admin_edit.title")
	f, err := bindProgramForm(c, false)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	v := h.newFormView(p, f, "/admin/programs/"+pr.ID+"/edit", "admin")
	v.Version, v.ProgramName, v.CancelURL = version, pr.Name, "/admin/programs"
	view := &adminEditView{Form: v, Program: pr}
	p.Data = view
	// Sent back: the title says so first, as the public forms' do.
	sentBack := func(status int) error {
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
		return h.render.Render(c, status, "admin_program", p)
	}
	if !f.validate(h, p.Localizer, false) {
		f.labelErrors(p.Localizer)
		return sentBack(http.StatusUnprocessableEntity)
	}
	err = h.store.EditProgram(c.Request().Context(), currentUser(c), pr.ID, version, &f.Draft)
	var pe models.ProblemsError
	switch {
	case err == nil:
		h.flash(c, "flash.program_saved")
		return h.seeOther(c, "/admin/programs/"+pr.ID+"/edit")
	case errors.Is(err, models.ErrConflict):
		// Someone saved first. The form keeps this moderator's changes and
		// now carries the saved version, so saving again is possible; the
		// message names the fields where the two differ.
		cur, err := h.store.AdminProgram(c.Request().Context(), pr.ID)
		if err != nil {
			return err
		}
		var fields []string
		for _, ch := range models.DiffDrafts(models.DraftFromProgram(cur), f.Draft) {
			if ch.Changed {
				fields = append(fields, p.T("diff."+ch.Field))
			}
		}
		v.Version, view.Program = cur.Version, cur
		view.Error = p.T("admin_edit.conflict", "Fields", strings.Join(fields, p.T("list.separator")))
		if len(fields) == 0 {
			view.Error = p.T("admin_edit.conflict_same")
		}
		return sentBack(http.StatusConflict)
	case errors.As(err, &pe):
		for _, prob := range pe {
			f.addError(fieldID(prob.Field, nil), problemMessage(p.Localizer, prob))
		}
		f.labelErrors(p.Localizer)
		return sentBack(http.StatusUnprocessableEntity)
	default:
		return err
	}
}

// AdminProgramArchive takes a program out of the public directory.
func (h *Handler) AdminProgramArchive(c echo.Context) error {
	return h.setStatus(c, models.StatusArchived)
}

// AdminProgramRestore puts an archived program back.
func (h *Handler) AdminProgramRestore(c echo.Context) error {
	return h.setStatus(c, models.StatusPublished)
}

func (h *Handler) setStatus(c echo.Context, status string) error {
	err := h.store.SetProgramStatus(c.Request().Context(), currentUser(c), c.Param("id"), status, models.TruncateBytes(c.FormValue("reason"), 1000))
	if err != nil && !errors.Is(err, models.ErrTransition) {
		return err
	}
	h.flash(c, "flash.status."+status)
	return h.seeOther(c, "/admin/programs/"+c.Param("id")+"/edit")
}

// AdminProgramVerify marks a program verified today by the moderator.
func (h *Handler) AdminProgramVerify(c echo.Context) error {
	if err := h.store.VerifyProgram(c.Request().Context(), currentUser(c), c.Param("id"), h.cfg.Now()); err != nil {
		return err
	}
	h.flash(c, "flash.verified")
	return h.seeOther(c, "/admin/programs/"+c.Param("id")+"/edit")
}

// truncate cuts s to at most n characters, as a field's maxlength counts
// them, and drops bytes that are no UTF-8: cut at n bytes, a name in
// Arabic or with accents was cut inside a letter, and the search found
// nothing (on PostgreSQL, a 400).
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
