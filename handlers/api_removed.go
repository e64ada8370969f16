package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

type removedProgramJSON struct {
	ID        string    `json:"id"`
	RemovedAt time.Time `json:"removed_at"`
}

type removedProgramsJSON struct {
	Items []removedProgramJSON `json:"items"`
}

// APIRemovedPrograms lists the programs that left the public directory
// (archived) at or after since and are still out of it: their ids, which
// are also their HSDS service ids, and when they left. With
// modified_after, it is what a copy of the directory needs to follow it.
func (h *Handler) APIRemovedPrograms(c echo.Context) error {
	v := c.QueryParam("since")
	if v == "" {
		return badParam("since", "is required: a date-time such as 2026-01-31T09:00:00Z, or a date")
	}
	since, err := parseDateTime(v)
	if err != nil {
		return badParam("since", "must be a date-time such as 2026-01-31T09:00:00Z, or a date")
	}
	removed, err := h.store.RemovedPrograms(c.Request().Context(), since)
	if err != nil {
		return err
	}
	out := removedProgramsJSON{Items: make([]removedProgramJSON, 0, len(removed))}
	for _, r := range removed {
		out.Items = append(out.Items, removedProgramJSON{ID: r.ID, RemovedAt: r.RemovedAt})
	}
	return c.JSON(http.StatusOK, out)
}
