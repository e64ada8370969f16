package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// Caching and cross-origin reading of the JSON APIs (/api/v1, /api/hsds,
// /api/openapi.json). They are public and read-only: any web page may
// read them, and clients revalidate instead of downloading again.

// setAPICORS lets any origin read an API response (never with
// credentials: there are none to send).
func setAPICORS(hd http.Header) {
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, X-Request-Id")
}

// apiPreflight answers OPTIONS under /api/ (a CORS preflight): reading
// (GET) from any origin, with the conditional request headers, and
// nothing else. It runs after apiMethods, which answers OPTIONS at an
// address that is no route of the API with 404.
func (h *Handler) apiPreflight(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method != http.MethodOptions || !strings.HasPrefix(c.Request().URL.Path, "/api/") {
			return next(c)
		}
		return h.APIPreflight(c)
	}
}

// APIPreflight is the answer to a CORS preflight of the APIs.
func (h *Handler) APIPreflight(c echo.Context) error {
	hd := c.Response().Header()
	setAPICORS(hd)
	hd.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
	hd.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match, If-Modified-Since")
	hd.Set("Access-Control-Max-Age", "86400")
	hd.Set("Allow", "GET, OPTIONS")
	return c.NoContent(http.StatusNoContent)
}

// conditionalGET makes GET answers revalidatable. Last-Modified is the
// latest change to the directory, or the time the running binary was
// built if that is later (a new version may answer differently); the ETag
// is a hash of the body, so it changes exactly when the answer does. A
// request whose If-None-Match holds the ETag, or (without If-None-Match)
// whose If-Modified-Since is not before Last-Modified, gets 304 and no
// body — only where the answer would have been 200: an unknown id or a
// bad parameter is a 404 or 400 whatever the date. Last-Modified has
// whole seconds, so an answer in the second of the last change has none
// (another change in that second would have the same date, and a client
// asking "modified since" would miss it). Streams (format=ndjson) are not
// buffered and carry no ETag.
func (h *Handler) conditionalGET(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			return next(c)
		}
		changed, err := h.store.DirectoryChanged(req.Context())
		if err != nil {
			return err
		}
		lastMod := changed
		if built := binaryTime(); lastMod.Before(built) {
			lastMod = built
		}
		lastMod = lastMod.UTC().Truncate(time.Second)
		dated := lastMod.Before(time.Now().UTC().Truncate(time.Second)) // the last change's second is over
		hd := c.Response().Header()
		if dated {
			hd.Set("Last-Modified", lastMod.Format(http.TimeFormat))
		}
		hd.Set("Cache-Control", "no-cache")
		inm := req.Header.Get("If-None-Match")
		unmodified := false
		if inm == "" && dated {
			ims, err := http.ParseTime(req.Header.Get("If-Modified-Since"))
			unmodified = err == nil && !lastMod.After(ims)
		}
		if c.QueryParam("format") == "ndjson" {
			if unmodified { // a stream is not held back: a 200 becomes a 304 as it starts, and its body goes nowhere
				res := c.Response()
				orig := res.Writer
				res.Writer = &notModifiedStream{ResponseWriter: orig}
				defer func() { res.Writer = orig }()
			}
			return next(c)
		}
		res := c.Response()
		orig := res.Writer
		capture := &captureWriter{ResponseWriter: orig}
		res.Writer = capture
		err = next(c)
		res.Writer = orig
		if capture.status == 0 { // nothing written: the error handler answers
			return err
		}
		if err != nil || capture.status != http.StatusOK {
			capture.sendTo(res)
			return err
		}
		sum := sha256.Sum256(capture.body.Bytes())
		etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
		hd.Set("ETag", etag)
		if unmodified || inm != "" && etagMatches(inm, etag) {
			return notModified(c)
		}
		hd.Set(echo.HeaderContentLength, strconv.Itoa(capture.body.Len()))
		capture.sendTo(res)
		return nil
	}
}

// binaryTime is when the running executable was written (zero if that
// cannot be known): echo applies group middleware per request, so this is
// read each time, which costs one stat.
func binaryTime() time.Time {
	exe, err := os.Executable()
	if err != nil {
		return time.Time{}
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

// notModified sends a 304 with the validators and no body.
func notModified(c echo.Context) error {
	hd := c.Response().Header()
	hd.Del(echo.HeaderContentType)
	hd.Del(echo.HeaderContentLength)
	res := c.Response()
	res.Status = http.StatusNotModified
	res.Writer.WriteHeader(http.StatusNotModified)
	res.Committed = true
	return nil
}

// etagMatches applies If-None-Match's weak comparison.
func etagMatches(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}

// captureWriter holds a response back so its ETag can be computed, or a
// 304 sent instead. Headers go to the real writer's map directly.
type captureWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *captureWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *captureWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}

// sendTo writes the held response through the real writer.
func (w *captureWriter) sendTo(res *echo.Response) {
	res.Writer.WriteHeader(w.status)
	n, _ := res.Writer.Write(w.body.Bytes())
	res.Status, res.Size, res.Committed = w.status, int64(n), true
}

// notModifiedStream answers a stream 304 where it would have been 200,
// and drops its body; any other status goes through as it is.
type notModifiedStream struct {
	http.ResponseWriter
	status int
}

func (w *notModifiedStream) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	w.status = code
	if code == http.StatusOK {
		w.Header().Del(echo.HeaderContentType)
		w.Header().Del(echo.HeaderContentLength)
		code = http.StatusNotModified
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *notModifiedStream) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.status == http.StatusOK {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends nothing for a 304.
func (w *notModifiedStream) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok && w.status != http.StatusOK {
		f.Flush()
	}
}
