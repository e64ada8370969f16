package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

// errorHandler turns every error into one response: models.ErrNotFound is
// 404, ErrConflict 409, echo's own HTTP errors keep their status, and
// anything else is a logged 500 that shows no detail. Under /api the
// answer is JSON.
func (h *Handler) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	switch {
	case errors.Is(err, models.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, models.ErrConflict):
		status = http.StatusConflict
	case errors.Is(err, context.DeadlineExceeded), models.IsUnavailable(err):
		status = http.StatusServiceUnavailable
	case models.IsBadInput(err):
		status = http.StatusBadRequest
	case errors.As(err, &he):
		status = he.Code
	}
	if status >= 500 {
		h.log.Error("request failed", "route", c.Path(), "status", status, "err", err.Error())
	}
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "5")
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		code := strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_"))
		msg := http.StatusText(status)
		if he != nil && status < 500 {
			if m, ok := he.Message.(string); ok {
				msg = m
			}
		}
		if c.Request().Method == http.MethodHead {
			c.NoContent(status)
			return
		}
		c.JSON(status, apiError{Error: apiErrorBody{Code: code, Message: msg}})
		return
	}
	if rerr := h.renderError(c, status); rerr != nil {
		h.log.Error("render error page", "err", rerr.Error())
		c.String(status, http.StatusText(status))
	}
}

type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}
