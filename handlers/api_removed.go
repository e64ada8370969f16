package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

// Pages of the removed programs: an id and a time each, so a page can
// hold many, and a nightly sync seldom needs a second one.
const (
	removedPerPage    = 1000
	removedMaxPerPage = 5000
	qAfter            = "after"
)

type removedProgramJSON struct {
	ID        string    `json:"id"`
	RemovedAt time.Time `json:"removed_at"`
}

type removedProgramsJSON struct {
	Items   []removedProgramJSON `json:"items"`
	PerPage int                  `json:"per_page"`
	// Next is the address of the next page (relative to the site), when
	// there is one.
	Next string `json:"next,omitempty"`
}

// APIRemovedPrograms lists the programs that left the public directory
// (archived) at or after since and are still out of it: their ids, which
// are also their HSDS service ids, and when they left. With
// modified_after, it is what a copy of the directory needs to follow it.
// It comes in pages of per_page, each with the address of the next
// (after= a cursor): a page starts where the last one ended, so walking
// them gives every program once, whatever is archived meanwhile.
func (h *Handler) APIRemovedPrograms(c echo.Context) error {
	params := c.QueryParams()
	v := params.Get("since")
	if v == "" {
		return badParam("since", "is required: a date-time such as 2026-01-31T09:00:00Z, or a date")
	}
	since, err := parseDateTime(v)
	if err != nil {
		return badParam("since", "must be a date-time such as 2026-01-31T09:00:00Z, or a date")
	}
	if _, given := params[qPage]; given {
		return badParam(qPage, "is not supported on this endpoint: follow next (after=…) for the next page")
	}
	perPage, err := intParam(params.Get(qPerPage), removedPerPage, 1, removedMaxPerPage)
	if err != nil {
		return badParam(qPerPage, err.Error())
	}
	var after *models.RemovedCursor
	if a := params.Get(qAfter); a != "" {
		cur, err := models.ParseRemovedCursor(a)
		if err != nil {
			return badParam(qAfter, "must be the after= of a next address this endpoint gave")
		}
		after = &cur
	}
	// One more than the page: whether there is a next page.
	removed, err := h.store.RemovedPrograms(c.Request().Context(), since, after, perPage+1)
	if err != nil {
		return err
	}
	out := removedProgramsJSON{Items: make([]removedProgramJSON, 0, min(len(removed), perPage)), PerPage: perPage}
	if len(removed) > perPage {
		removed = removed[:perPage]
		next := url.Values{"since": {since.Format(time.RFC3339Nano)}, qAfter: {removed[perPage-1].After().String()},
			qPerPage: {strconv.Itoa(perPage)}}
		out.Next = c.Path() + "?" + next.Encode()
	}
	for _, r := range removed {
		out.Items = append(out.Items, removedProgramJSON{ID: r.ID, RemovedAt: r.RemovedAt})
	}
	return c.JSON(http.StatusOK, out)
}
