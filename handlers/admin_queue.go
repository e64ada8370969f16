package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

type queueView struct {
	Items  []models.QueueItem
	Counts models.QueueCounts
	Kind   string
	State  string
	Kinds  []string
	States []string
	Now    time.Time
}

// AdminQueue is the moderators' queue: oldest first, filtered by kind and
// state (pending by default).
func (h *Handler) AdminQueue(c echo.Context) error {
	f := models.QueueFilter{Kind: c.QueryParam("kind"), State: c.QueryParam("state")}
	if _, set := c.QueryParams()["state"]; !set {
		f.State = models.StatePending
	}
	kinds := []string{models.KindNew, models.KindUpdate, models.KindReport}
	states := []string{models.StatePending, models.StateChangesRequested, models.StateApproved, models.StateRejected, models.StateWithdrawn}
	if !oneOf(f.Kind, kinds) {
		f.Kind = ""
	}
	if !oneOf(f.State, states) {
		f.State = ""
	}
	items, counts, err := h.store.Queue(c.Request().Context(), f)
	if err != nil {
		return err
	}
	p := h.page(c, "queue.title")
	p.Data = &queueView{Items: items, Counts: counts, Kind: f.Kind, State: f.State, Kinds: kinds, States: states, Now: h.cfg.Now()}
	return h.render.Render(c, http.StatusOK, "admin_queue", p)
}

func oneOf(s string, list []string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

type reviewView struct {
	Sub     *models.Submission
	Program *models.Program // the live program of an update or report
	Diff    []diffRow
	History []models.AuditEvent
	Message string
	Error   string
}

// AdminSubmissionShow is a submission's review page: the content, the
// diff against the live version for an update, the private contact, the
// history and the actions.
func (h *Handler) AdminSubmissionShow(c echo.Context) error {
	p := h.page(c, "review.title")
	v, err := h.reviewView(c, p.Localizer)
	if err != nil {
		return err
	}
	p.Data = v
	return h.render.Render(c, http.StatusOK, "admin_submission", p)
}

func (h *Handler) reviewView(c echo.Context, l *Localizer) (*reviewView, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return nil, models.ErrNotFound
	}
	ctx := c.Request().Context()
	sub, err := h.store.SubmissionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &reviewView{Sub: sub}
	if sub.ProgramPK != nil {
		if pr, err := h.store.AdminProgramByPK(ctx, *sub.ProgramPK); err == nil {
			v.Program = pr
			if sub.Kind == models.KindUpdate {
				// As it will be published (publishSubmission).
				v.Diff = diffRows(l, models.DraftFromProgram(pr), sub.Draft.AsSaved(pr, sub.SaveMode()))
			}
		}
	}
	if v.History, err = h.store.SubmissionHistory(ctx, id); err != nil {
		return nil, err
	}
	return v, nil
}

// diffRow is a line of the review page's diff, its values in the page's
// language.
type diffRow struct {
	Field    string
	Old, New string
	Changed  bool
}

// diffRows compares two drafts field by field, as models.DiffDrafts does
// (a changed slug or code is a change), and shows each value as the page's
// language names it: taxonomy terms, languages, countries and evidence by
// their labels, as the submitted content is shown.
func diffRows(l *Localizer, old, new models.ProgramDraft) []diffRow {
	changes := models.DiffDrafts(old, new)
	rows := make([]diffRow, len(changes))
	for i, ch := range changes {
		rows[i] = diffRow{Field: ch.Field, Old: l.draftField(old, ch.Field, ch.Old), New: l.draftField(new, ch.Field, ch.New), Changed: ch.Changed}
	}
	return rows
}

// draftField is the value of one field of a draft (named as in
// models.DiffDrafts) in the page's language; a field written by hand is
// raw, as it is.
func (l *Localizer) draftField(d models.ProgramDraft, field, raw string) string {
	terms := func(taxonomy string, slugs []string) string {
		labels := make([]string, len(slugs))
		for i, s := range slugs {
			labels[i] = l.TermLabel(taxonomy, s)
		}
		return strings.Join(labels, l.T("list.separator"))
	}
	switch field {
	case "themes":
		return terms("theme", d.Themes)
	case "audiences":
		return terms("audience", d.Audiences)
	case "level", "delivery", "cost":
		if raw == "" {
			return ""
		}
		return l.TermLabel(field, raw)
	case "languages":
		names := make([]string, len(d.Languages))
		for i, c := range d.Languages {
			names[i] = l.LanguageName(c)
		}
		return strings.Join(names, l.T("list.separator"))
	case "evidence":
		if raw == "" {
			return ""
		}
		return l.T("evidence." + raw)
	case "locations":
		lines := make([]string, len(d.Locations))
		for i, loc := range d.Locations {
			// As the submitted content shows a location (partials/draft.html).
			var b strings.Builder
			if loc.Address != "" {
				b.WriteString(loc.Address + ", ")
			}
			if loc.PostalCode != "" {
				b.WriteString(loc.PostalCode + " ")
			}
			b.WriteString(loc.City)
			if loc.Region != "" {
				b.WriteString(", " + loc.Region)
			}
			b.WriteString(l.T("list.separator") + l.CountryName(loc.Country)) // the Arabic comma before the country on Arabic pages
			if loc.Confidential {
				b.WriteString(" (" + l.T("form.confidential.short") + ")")
			}
			lines[i] = b.String()
		}
		return strings.Join(lines, "\n")
	}
	return raw
}

// AdminSubmissionApprove publishes a new listing or applies an update.
func (h *Handler) AdminSubmissionApprove(c echo.Context) error {
	return h.decide(c, models.StateApproved)
}

// AdminSubmissionReject rejects a submission (dismisses a report); a
// reason is required but for a report.
func (h *Handler) AdminSubmissionReject(c echo.Context) error {
	return h.decide(c, models.StateRejected)
}

// AdminSubmissionRequestChanges asks the submitter for changes; a message
// is required.
func (h *Handler) AdminSubmissionRequestChanges(c echo.Context) error {
	return h.decide(c, models.StateChangesRequested)
}

// decide applies a decision. The version the moderator saw comes from the
// form: it is what makes a second moderator's late action a conflict,
// never a state or an id to trust.
func (h *Handler) decide(c echo.Context, to string) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return models.ErrNotFound
	}
	version, err := strconv.Atoi(c.FormValue("version"))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "missing version")
	}
	msg := c.FormValue("message")
	sub, err := h.store.Decide(c.Request().Context(), currentUser(c), models.Decision{SubmissionID: id, Version: version, To: to, Message: msg})
	if err == nil {
		flash := "flash.decided." + to
		if sub.Kind == models.KindReport && to == models.StateRejected {
			flash = "flash.decided.dismissed" // nobody is told: see models.messageRequired
		} else if sub.Kind == models.KindReport && to == models.StateApproved {
			flash = "flash.decided.resolved"
		}
		h.flash(c, flash)
		return h.seeOther(c, "/admin/submissions/"+strconv.FormatInt(id, 10))
	}
	p := h.page(c, "review.title")
	v, verr := h.reviewView(c, p.Localizer)
	if verr != nil {
		return verr
	}
	v.Message = msg
	status := http.StatusUnprocessableEntity
	var pe models.ProblemsError
	switch {
	case errors.Is(err, models.ErrReasonRequired):
		v.Error = p.T("review.reason_required")
	case errors.Is(err, models.ErrMessageTooLong):
		v.Error = p.T("validation.max_length", "Param", models.MaxMessageLength)
	case errors.Is(err, models.ErrConflict):
		v.Error, status = p.T("review.conflict"), http.StatusConflict
	case errors.Is(err, models.ErrTransition):
		v.Error, status = p.T("review.conflict"), http.StatusConflict
	case errors.As(err, &pe):
		v.Error = p.T("review.problems")
		for _, prob := range pe {
			v.Error += " " + problemMessage(p.Localizer, prob)
		}
	default:
		return err
	}
	p.Title = p.T("form.error_title_prefix") + " " + p.Title // sent back: the title says so first
	p.Data = v
	return h.render.Render(c, status, "admin_submission", p)
}
