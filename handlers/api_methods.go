package handlers

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

// apiMethods answers a request under /api/ whose method the address does
// not take with 405 and an Allow header, in the API's error shape, and
// one to an address that is no route of the API with 404, whatever the
// method. Echo cannot do either by itself: a group with middleware
// catches every path under its prefix, so /api/hsds's catch-all answered
// POST /api/hsds/services with 404, and the web forms' catch-all (at the
// root) answered POST /api/openapi.json with the CSRF check's 403. It runs
// before any group's middleware, after headAsGet (HEAD is a GET here), and
// asks echo's own router which methods the path has, so it matches paths
// exactly as routing does. GET and HEAD pass untouched (routing answers
// an unknown address with 404); OPTIONS, the CORS preflight, is answered
// by apiPreflight after this, at a known address only: an unknown one is
// a 404 as its GET is. Only those and a method the API does not take
// cost the lookup.
func apiMethods(e *echo.Echo) echo.MiddlewareFunc {
	registered := map[string]bool{} // "GET /api/v1/programs/:id"
	var methods []string
	for _, r := range e.Routes() {
		if r.Method == echo.RouteNotFound || !strings.HasPrefix(r.Path, "/api/") && r.Path != "/api/hsds" {
			continue
		}
		registered[r.Method+" "+r.Path] = true
		if !slices.Contains(methods, r.Method) {
			methods = append(methods, r.Method)
		}
	}
	slices.Sort(methods)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			switch {
			case req.Method == http.MethodGet || req.Method == http.MethodHead:
				return next(c) // routed as ever
			case !strings.HasPrefix(req.URL.Path, "/api/"):
				return next(c)
			}
			path := echo.GetPath(req)
			var allow []string
			probe := e.NewContext(req, nil)
			for _, m := range methods {
				e.Router().Find(m, path, probe)
				if registered[m+" "+probe.Path()] {
					allow = append(allow, m)
				}
			}
			if slices.Contains(allow, req.Method) || req.Method == http.MethodOptions && len(allow) > 0 {
				return next(c) // OPTIONS: the preflight (apiPreflight)
			}
			setAPICORS(c.Response().Header())
			if len(allow) == 0 {
				return models.ErrNotFound
			}
			if slices.Contains(allow, http.MethodGet) {
				allow = append(allow, http.MethodHead)
			}
			allow = append(allow, http.MethodOptions)
			slices.Sort(allow)
			list := strings.Join(allow, ", ")
			c.Response().Header().Set("Allow", list)
			return echo.NewHTTPError(http.StatusMethodNotAllowed, req.Method+" is not allowed here; this address answers "+list)
		}
	}
}
