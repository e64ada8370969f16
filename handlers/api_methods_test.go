package handlers

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// do sends a request with any method and no body.
func (a *testApp) do(method, target string) (*http.Response, string) {
	a.t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// apiTargets are the addresses of the APIs' GET routes, with id for
// their :id; there are at least 15.
func apiTargets(t *testing.T, a *testApp, id string) []string {
	t.Helper()
	concrete := strings.NewReplacer(":id", id)
	var out []string
	for _, r := range a.e.Routes() {
		if r.Method == http.MethodGet && (strings.HasPrefix(r.Path, "/api/") || r.Path == "/api/hsds") {
			out = append(out, concrete.Replace(r.Path))
		}
	}
	if len(out) < 15 {
		t.Fatalf("only %d API routes found", len(out))
	}
	return out
}

// TestAPIWrongMethodIs405: every address of the APIs answers a method it
// does not take with 405, an Allow header and the API's error shape (it
// was a 404, or the web forms' CSRF 403), while GET, HEAD and the CORS
// preflight work as before, an unknown API address stays a 404 whatever
// the method, and the web pages keep their answers.
func TestAPIWrongMethodIs405(t *testing.T) {
	a := hsdsApp(t)
	for _, target := range apiTargets(t, a, "00000000-0000-4000-8000-000000000000") {
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, "PROPFIND"} {
			res, body := a.do(method, target)
			var e apiError
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD, OPTIONS" ||
				json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != "method_not_allowed" ||
				!strings.Contains(e.Error.Message, method) || res.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s %s: %d Allow %q %.200s", method, target, res.StatusCode, res.Header.Get("Allow"), body)
			}
		}
	}
	if !strings.Contains(a.logs.String(), "status=405") {
		t.Error("a 405 is not in the request log")
	}
	for _, c := range []struct {
		method, target string
		status         int
	}{
		{http.MethodGet, "/api/v1/programs", 200},
		{http.MethodHead, "/api/hsds/services", 200},
		{http.MethodOptions, "/api/hsds/services", 204},
		{http.MethodPost, "/api/hsds/nothing", 404},
		{http.MethodPost, "/api/nothing", 404},
		{http.MethodDelete, "/api/v1/nothing/at/all", 404},
	} {
		res, body := a.do(c.method, c.target)
		if res.StatusCode != c.status {
			t.Errorf("%s %s: %d, want %d: %.200s", c.method, c.target, res.StatusCode, c.status, body)
		}
		if c.status == 404 && !strings.Contains(body, `"not_found"`) {
			t.Errorf("%s %s: %s", c.method, c.target, body)
		}
	}
	// The web pages: a form address without its token is refused by the
	// CSRF check, as before, never answered in the API's shape.
	for _, target := range []string{"/programs", "/", "/healthz", "/admin/login", "/submit"} {
		res, body := a.do(http.MethodPut, target)
		if res.StatusCode != http.StatusForbidden || strings.Contains(body, `"error"`) || res.Header.Get("Allow") != "" {
			t.Errorf("PUT %s: %d Allow %q", target, res.StatusCode, res.Header.Get("Allow"))
		}
	}
}

// TestAPIPreflightOfUnknownAddressIs404: OPTIONS (the CORS preflight) at
// an address that is no route of the APIs is a 404 in the API's shape,
// as GET there is (it was a 204 that told a browser it could read
// something that is not there), while every known address, with any id,
// keeps its 204 and CORS headers.
func TestAPIPreflightOfUnknownAddressIs404(t *testing.T) {
	a := hsdsApp(t)
	for _, target := range apiTargets(t, a, "anything-at-all") {
		res, body := a.do(http.MethodOptions, target)
		if res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != "*" ||
			res.Header.Get("Access-Control-Allow-Methods") != "GET, OPTIONS" || body != "" {
			t.Errorf("OPTIONS %s: %d %v %.200s", target, res.StatusCode, res.Header, body)
		}
	}
	for _, target := range []string{"/api/nothing", "/api/hsds/nothing", "/api/hsds/nothing/services", "/api/v1/nothing/at/all",
		"/api/v1", "/api/v2/programs", "/api/openapi.json/x"} {
		get, _ := a.do(http.MethodGet, target)
		res, body := a.do(http.MethodOptions, target)
		var e apiError
		if res.StatusCode != http.StatusNotFound || get.StatusCode != http.StatusNotFound ||
			json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != "not_found" ||
			res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("Access-Control-Allow-Methods") != "" {
			t.Errorf("OPTIONS %s: %d (GET %d) %v %.200s", target, res.StatusCode, get.StatusCode, res.Header, body)
		}
	}
}
