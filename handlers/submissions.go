package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

// SubmissionNew shows the empty form for a new listing.
func (h *Handler) SubmissionNew(c echo.Context) error {
	p := h.page(c, "submit.title")
	return h.renderForm(c, http.StatusOK, p, h.newFormView(p, &programForm{Errors: map[string]string{}}, "/submit", "new"))
}

// sendBack renders the form again with what was typed and the message
// key above it, nothing stored (an expired form, too many writes).
func (h *Handler) sendBack(c echo.Context, status int, p *Page, v *formView, key string) error {
	v.Blocked = p.T(key)
	return h.renderForm(c, status, p, v)
}

func (h *Handler) renderForm(c echo.Context, status int, p *Page, v *formView) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if len(v.Form.Errors) > 0 || v.Blocked != "" {
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
		v.Form.labelErrors(p.Localizer)
	}
	p.NoIndex = true
	p.Data = v
	return h.render.Render(c, status, "submit", p)
}

// SubmissionCreate stores a new listing as pending — durably, before the
// answer — and leads to its tracking page.
func (h *Handler) SubmissionCreate(c echo.Context) error {
	p := h.page(c, "submit.title")
	f, err := bindProgramForm(c, true)
	if err != nil {
		return err
	}
	if f.Honeypot != "" {
		return echo.NewHTTPError(http.StatusBadRequest, "automated submission")
	}
	v := h.newFormView(p, f, "/submit", "new")
	if csrfExpired(c) {
		return h.sendBack(c, http.StatusForbidden, p, v, "form.expired")
	}
	if !f.validate(h, p.Localizer, true) {
		return h.renderForm(c, http.StatusUnprocessableEntity, p, v)
	}
	if taken, err := h.store.NameTaken(c.Request().Context(), &f.Draft, nil); err != nil {
		return err
	} else if taken {
		f.addError("name", p.T("validation.name_taken"))
		return h.renderForm(c, http.StatusUnprocessableEntity, p, v)
	}
	w, ok := h.mayStore(c)
	if !ok {
		return h.sendBack(c, http.StatusTooManyRequests, p, v, "form.too_many")
	}
	token, _, err := h.store.CreateSubmission(c.Request().Context(), models.KindNew, &f.Draft, f.Submitter, nil)
	if err != nil {
		w.giveBack()
		return err
	}
	return h.seeOther(c, "/submissions/"+token+"?created=1")
}

// submissionView is the tracking page.
type submissionView struct {
	Sub         *models.Submission
	Token       string
	URL         string
	Created     bool
	Program     *models.Program
	CanEdit     bool
	CanWithdraw bool
	CanUpdate   bool
	Archived    bool // approved, but the listing has been taken out of the directory since
	CanConfirm  bool // the link that created the live listing may confirm it is current
	Confirmed   bool // the organization has just confirmed its live listing (ConfirmCurrent)
	Stale       bool // the live listing shows practitioners its verification is over a year old
}

// SubmissionShow is the private tracking page of a submission.
func (h *Handler) SubmissionShow(c echo.Context) error {
	token := c.Param("token")
	sub, err := h.store.SubmissionByToken(c.Request().Context(), token)
	if err != nil {
		return err
	}
	p := h.page(c, "tracking.title")
	p.NoIndex = true
	c.Response().Header().Set("Cache-Control", "no-store")
	v := &submissionView{Sub: sub, Token: token, URL: h.trackingURL(c, token), Created: c.QueryParam("created") != "",
		CanEdit:     models.CanTransition(sub.Kind, sub.State, models.StatePending, models.BySubmitter),
		CanWithdraw: models.CanTransition(sub.Kind, sub.State, models.StateWithdrawn, models.BySubmitter),
	}
	if sub.State == models.StateApproved && sub.ProgramPK != nil {
		pr, err := h.store.PublishedProgramByPK(c.Request().Context(), *sub.ProgramPK)
		switch {
		case err == nil:
			v.Program = pr
			v.CanUpdate = true
			v.CanConfirm = sub.ConfirmsListing()
			v.Stale = pr.VerificationStale(h.cfg.Now())
			// Said only when it is true: the link may be opened again later.
			v.Confirmed = c.QueryParam("confirmed") != "" && pr.VerifiedByOrg() && pr.LastVerified != nil &&
				*pr.LastVerified == h.cfg.Now().UTC().Format(time.DateOnly)
		case errors.Is(err, models.ErrNotFound):
			v.Archived = true
		default:
			return err
		}
	}
	p.Data = v
	return h.render.Render(c, http.StatusOK, "submission", p)
}

// SubmissionEdit shows the form of a submission whose changes were
// requested.
func (h *Handler) SubmissionEdit(c echo.Context) error {
	token := c.Param("token")
	sub, err := h.store.SubmissionByToken(c.Request().Context(), token)
	if err != nil {
		return err
	}
	if !models.CanTransition(sub.Kind, sub.State, models.StatePending, models.BySubmitter) {
		return h.seeOther(c, "/submissions/"+token)
	}
	p := h.page(c, "edit.title")
	f := formFromDraft(sub.Draft, models.Submitter{Name: sub.SubmitterName, Organization: sub.SubmitterOrg, Email: sub.SubmitterEmail})
	v := h.newFormView(p, f, "/submissions/"+token+"/edit", "edit")
	v.CancelURL = "/submissions/" + token
	v.ModeratorMessage = sub.ModeratorMessage
	return h.renderForm(c, http.StatusOK, p, v)
}

// SubmissionResubmit saves the edited submission and puts it back in the
// queue.
func (h *Handler) SubmissionResubmit(c echo.Context) error {
	token := c.Param("token")
	sub, err := h.store.SubmissionByToken(c.Request().Context(), token)
	if err != nil {
		return err
	}
	p := h.page(c, "edit.title")
	f, err := bindProgramForm(c, true)
	if err != nil {
		return err
	}
	v := h.newFormView(p, f, "/submissions/"+token+"/edit", "edit")
	v.CancelURL = "/submissions/" + token
	v.ModeratorMessage = sub.ModeratorMessage
	if csrfExpired(c) {
		return h.sendBack(c, http.StatusForbidden, p, v, "form.expired")
	}
	if !f.validate(h, p.Localizer, true) {
		return h.renderForm(c, http.StatusUnprocessableEntity, p, v)
	}
	if sub.Kind == models.KindNew {
		if taken, err := h.store.NameTaken(c.Request().Context(), &f.Draft, nil); err != nil {
			return err
		} else if taken {
			f.addError("name", p.T("validation.name_taken"))
			return h.renderForm(c, http.StatusUnprocessableEntity, p, v)
		}
	}
	w, ok := h.mayStore(c)
	if !ok {
		return h.sendBack(c, http.StatusTooManyRequests, p, v, "form.too_many")
	}
	if _, err := h.store.ResubmitSubmission(c.Request().Context(), token, &f.Draft, f.Submitter); err != nil {
		w.giveBack() // no longer open to edits (decided, withdrawn): nothing stored
		if errors.Is(err, models.ErrTransition) || errors.Is(err, models.ErrConflict) {
			return h.seeOther(c, "/submissions/"+token)
		}
		return err
	}
	return h.seeOther(c, "/submissions/"+token)
}

// SubmissionWithdraw withdraws a submission that is not decided yet. A
// withdrawal stores the submission's new state and an audit event, so it
// is a public write like the others; one that withdraws nothing (an
// unknown link, a submission already withdrawn or decided) costs nothing.
func (h *Handler) SubmissionWithdraw(c echo.Context) error {
	token := c.Param("token")
	w, ok := h.mayStore(c)
	if !ok {
		return echo.NewHTTPError(http.StatusTooManyRequests, "too many requests")
	}
	err := h.store.WithdrawSubmission(c.Request().Context(), token)
	if err != nil {
		w.giveBack()
		if !errors.Is(err, models.ErrTransition) && !errors.Is(err, models.ErrConflict) {
			return err
		}
	}
	return h.seeOther(c, "/submissions/"+token)
}

// SubmissionWithdrawConfirm asks before a withdrawal, which cannot be
// undone: a submission withdrawn leaves the queue and its link can no
// longer edit it (WCAG 2.1 success criterion 3.3.4: an action that
// deletes what the user stored is confirmed). It was one click on the
// tracking page.
func (h *Handler) SubmissionWithdrawConfirm(c echo.Context) error {
	token := c.Param("token")
	sub, err := h.store.SubmissionByToken(c.Request().Context(), token)
	if err != nil {
		return err
	}
	if !models.CanTransition(sub.Kind, sub.State, models.StateWithdrawn, models.BySubmitter) {
		return h.seeOther(c, "/submissions/"+token)
	}
	p := h.page(c, "withdraw.title")
	p.NoIndex = true
	c.Response().Header().Set("Cache-Control", "no-store")
	p.Data = struct{ Token, Name string }{token, sub.Draft.Name}
	return h.render.Render(c, http.StatusOK, "withdraw", p)
}

// SubmissionConfirm is the organization's word, from its tracking link,
// that its live listing is still current: the listing shows today as its
// last verification. Confirming twice in a day writes nothing more.
func (h *Handler) SubmissionConfirm(c echo.Context) error {
	token := c.Param("token")
	w, ok := h.mayStore(c)
	if !ok {
		return echo.NewHTTPError(http.StatusTooManyRequests, "too many requests")
	}
	confirmed, err := h.store.ConfirmCurrent(c.Request().Context(), token, h.cfg.Now())
	if !confirmed {
		w.giveBack()
	}
	if err != nil {
		return err
	}
	return h.seeOther(c, "/submissions/"+token+"?confirmed=1")
}

// SubmissionUpdateNew is the owner's form to propose an update of their
// live listing, reached from their tracking link.
func (h *Handler) SubmissionUpdateNew(c echo.Context) error {
	token := c.Param("token")
	sub, pr, err := h.ownedProgram(c, token)
	if err != nil {
		return err
	}
	p := h.page(c, "update.title")
	f := formFromDraft(models.DraftFromProgram(pr).WithoutConfidentialAddresses(), models.Submitter{Name: sub.SubmitterName, Organization: sub.SubmitterOrg, Email: sub.SubmitterEmail})
	v := h.newFormView(p, f, "/submissions/"+token+"/update", "update")
	v.CancelURL = "/submissions/" + token
	v.ProgramName = pr.Name
	return h.renderForm(c, http.StatusOK, p, v)
}

// SubmissionUpdateCreate stores the owner's proposed update.
func (h *Handler) SubmissionUpdateCreate(c echo.Context) error {
	token := c.Param("token")
	_, pr, err := h.ownedProgram(c, token)
	if err != nil {
		return err
	}
	return h.createUpdate(c, pr, "/submissions/"+token+"/update", "update", "/submissions/"+token)
}

func (h *Handler) ownedProgram(c echo.Context, token string) (*models.Submission, *models.Program, error) {
	sub, err := h.store.SubmissionByToken(c.Request().Context(), token)
	if err != nil {
		return nil, nil, err
	}
	if sub.State != models.StateApproved || sub.ProgramPK == nil {
		return nil, nil, models.ErrNotFound
	}
	pr, err := h.store.PublishedProgramByPK(c.Request().Context(), *sub.ProgramPK)
	if err != nil {
		return nil, nil, err
	}
	return sub, pr, nil
}

// createUpdate validates an update form and stores it as a new pending
// submission naming the live program, which stays as it is.
func (h *Handler) createUpdate(c echo.Context, pr *models.Program, action, mode, cancel string) error {
	p := h.page(c, "update.title")
	f, err := bindProgramForm(c, true)
	if err != nil {
		return err
	}
	if f.Honeypot != "" {
		return echo.NewHTTPError(http.StatusBadRequest, "automated submission")
	}
	v := h.newFormView(p, f, action, mode)
	v.CancelURL = cancel
	v.ProgramName = pr.Name
	if csrfExpired(c) {
		return h.sendBack(c, http.StatusForbidden, p, v, "form.expired")
	}
	if !f.validate(h, p.Localizer, true) {
		return h.renderForm(c, http.StatusUnprocessableEntity, p, v)
	}
	if taken, err := h.store.NameTaken(c.Request().Context(), &f.Draft, &pr.PK); err != nil {
		return err
	} else if taken {
		f.addError("name", p.T("validation.name_taken"))
		return h.renderForm(c, http.StatusUnprocessableEntity, p, v)
	}
	w, ok := h.mayStore(c)
	if !ok {
		return h.sendBack(c, http.StatusTooManyRequests, p, v, "form.too_many")
	}
	token, _, err := h.store.CreateSubmission(c.Request().Context(), models.KindUpdate, &f.Draft, f.Submitter, &pr.PK)
	if err != nil {
		w.giveBack()
		return err
	}
	return h.seeOther(c, "/submissions/"+token+"?created=1")
}

// ProgramSuggest is "Suggest an update" on a live program: anyone may
// propose one; a moderator decides.
func (h *Handler) ProgramSuggest(c echo.Context) error {
	pr, err := h.store.ProgramBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	p := h.page(c, "update.title")
	f := formFromDraft(models.DraftFromProgram(pr).WithoutConfidentialAddresses(), models.Submitter{})
	v := h.newFormView(p, f, "/programs/"+pr.Slug+"/suggest", "suggest")
	v.CancelURL = "/programs/" + pr.Slug
	v.ProgramName = pr.Name
	return h.renderForm(c, http.StatusOK, p, v)
}

// ProgramSuggestCreate stores a suggested update.
func (h *Handler) ProgramSuggestCreate(c echo.Context) error {
	pr, err := h.store.ProgramBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return h.createUpdate(c, pr, "/programs/"+pr.Slug+"/suggest", "suggest", "/programs/"+pr.Slug)
}

// reportView is the problem report form.
type reportView struct {
	Program *models.Program
	Text    string
	Email   string
	Errors  map[string]string
	Sent    bool
	Blocked string // over the allowance of writes: sent back as typed (mayStore)
}

// ProgramReportNew shows the "Report a problem" form.
func (h *Handler) ProgramReportNew(c echo.Context) error {
	pr, err := h.store.ProgramBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	p := h.page(c, "report.title")
	p.NoIndex = true
	p.Data = &reportView{Program: pr, Errors: map[string]string{}, Sent: c.QueryParam("sent") != ""}
	return h.render.Render(c, http.StatusOK, "report", p)
}

// ProgramReportCreate stores a problem report for the moderators.
func (h *Handler) ProgramReportCreate(c echo.Context) error {
	pr, err := h.store.ProgramBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	if c.FormValue(honeypotField) != "" {
		return echo.NewHTTPError(http.StatusBadRequest, "automated submission")
	}
	p := h.page(c, "report.title")
	p.NoIndex = true
	r := models.Report{Text: c.FormValue("report_text"), Email: c.FormValue("report_email")}
	r.Normalize()
	v := &reportView{Program: pr, Text: r.Text, Email: r.Email, Errors: map[string]string{}}
	if csrfExpired(c) {
		v.Blocked = p.T("form.expired")
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
		p.Data = v
		return h.render.Render(c, http.StatusForbidden, "report", p)
	}
	if err := h.validate.Struct(&r); err != nil {
		for _, prob := range models.ValidationProblems(err) {
			if _, ok := v.Errors[prob.Field]; !ok {
				v.Errors[prob.Field] = problemMessage(p.Localizer, prob)
			}
		}
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
		p.Data = v
		return h.render.Render(c, http.StatusUnprocessableEntity, "report", p)
	}
	w, ok := h.mayStore(c)
	if !ok {
		v.Blocked = p.T("form.too_many")
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
		p.Data = v
		return h.render.Render(c, http.StatusTooManyRequests, "report", p)
	}
	if _, err := h.store.CreateReport(c.Request().Context(), pr.PK, r); err != nil {
		w.giveBack()
		return err
	}
	return h.seeOther(c, "/programs/"+pr.Slug+"/report?sent=1")
}
