package handlers

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// apiAddresses are list and detail answers of both APIs.
func apiAddresses(t *testing.T, a *testApp) []string {
	t.Helper()
	var p page
	a.getJSON("/api/hsds/services?per_page=1", &p)
	id := ids(p.Contents)[0]
	var orgs page
	a.getJSON("/api/hsds/organizations?per_page=1", &orgs)
	return []string{"/api/v1/programs", "/api/v1/programs?theme=exit-work", "/api/v1/programs/" + id, "/api/v1/taxonomies",
		"/api/hsds/", "/api/hsds/services", "/api/hsds/services/" + id, "/api/hsds/organizations",
		"/api/hsds/organizations/" + ids(orgs.Contents)[0], "/api/hsds/taxonomies", "/api/hsds/taxonomy_terms",
		"/api/hsds/service_at_locations", "/api/openapi.json"}
}

// nextSecond waits for the clock's next second: Last-Modified is given
// only once the second of the last change is over.
func nextSecond() {
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(1100 * time.Millisecond)))
}

func TestAPIConditionalRequests(t *testing.T) {
	a := hsdsApp(t)
	nextSecond()
	for _, target := range apiAddresses(t, a) {
		res, body := a.get(target)
		etag, lastMod := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		if res.StatusCode != http.StatusOK || etag == "" || lastMod == "" || res.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: %d ETag %q Last-Modified %q", target, res.StatusCode, etag, lastMod)
			continue
		}
		for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
			res, body := a.get(target, "If-None-Match", inm)
			if res.StatusCode != http.StatusNotModified || body != "" || res.Header.Get("ETag") != etag {
				t.Errorf("%s with If-None-Match %s: %d %q", target, inm, res.StatusCode, body)
			}
		}
		if res, _ := a.get(target, "If-None-Match", `"stale"`); res.StatusCode != http.StatusOK {
			t.Errorf("%s with a stale ETag: %d", target, res.StatusCode)
		}
		if res, _ := a.get(target, "If-Modified-Since", lastMod); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-Modified-Since: %d", target, res.StatusCode)
		}
		lm, _ := http.ParseTime(lastMod)
		if res, _ := a.get(target, "If-Modified-Since", lm.Add(-time.Second).Format(http.TimeFormat)); res.StatusCode != http.StatusOK {
			t.Errorf("%s modified since: %d", target, res.StatusCode)
		}
		// If-None-Match wins over If-Modified-Since.
		if res, _ := a.get(target, "If-None-Match", `"stale"`, "If-Modified-Since", lastMod); res.StatusCode != http.StatusOK {
			t.Errorf("%s stale ETag, fresh date: %d", target, res.StatusCode)
		}
		if _, again := a.get(target); again != body {
			t.Errorf("%s answers differently twice", target)
		}
	}
	// A date makes no 404 or 400 a 304.
	for _, target := range []string{"/api/v1/programs/nope", "/api/hsds/services/00000000-0000-4000-8000-000000000000",
		"/api/hsds/services?page=abc", "/api/v1/programs?theme=bogus"} {
		if res, _ := a.get(target, "If-Modified-Since", time.Now().UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusNotFound &&
			res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s with If-Modified-Since: %d", target, res.StatusCode)
		}
	}
}

// An answer in the second of the last change has no Last-Modified: a
// second change in that second would have had the same.
func TestAPINoLastModifiedInTheSecondOfAChange(t *testing.T) {
	a := hsdsApp(t)
	checked := false
	// A change and the answer after it in one second (a slow machine may
	// take longer: tried again, a few times).
	for try := 0; try < 5 && !checked; try++ {
		nextSecond()
		before := time.Now().Truncate(time.Second)
		a.importCSV(fmt.Sprintf("No Website Club,Edge Cases Trust,A club that changed %d times.,,youth-mentoring,young-people,,,,,,,,,,,,,,,,,,,\n", try+1))
		res, _ := a.get("/api/hsds/services")
		if !time.Now().Truncate(time.Second).Equal(before) {
			continue
		}
		checked = true
		if res.Header.Get("Last-Modified") != "" {
			t.Errorf("Last-Modified %s in the second of the change", res.Header.Get("Last-Modified"))
		}
	}
	if !checked {
		t.Fatal("no change and answer in one second in five tries")
	}
	nextSecond()
	if res, _ := a.get("/api/hsds/services"); res.Header.Get("Last-Modified") == "" {
		t.Error("no Last-Modified once the second is over")
	}
}

func TestAPIConditionalRequestsSeeChanges(t *testing.T) {
	a := hsdsApp(t)
	targets := []string{"/api/v1/programs?q=club", "/api/hsds/services?search=club"}
	etags, dates := map[string]string{}, map[string]string{}
	nextSecond()
	for _, target := range targets {
		res, _ := a.get(target)
		etags[target], dates[target] = res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	}
	// Last-Modified has whole seconds: change the directory in a later one.
	nextSecond()
	for _, target := range targets {
		if res, _ := a.get(target); res.Header.Get("Last-Modified") != dates[target] {
			t.Errorf("%s: Last-Modified moved with the clock, not the data: %s then %s", target, dates[target], res.Header.Get("Last-Modified"))
		}
	}
	a.importCSV("No Website Club,Edge Cases Trust,A club that changed.,,youth-mentoring,young-people,,,,,,,,,,,,,,,,,,,\n")
	for _, target := range targets {
		res, body := a.get(target, "If-None-Match", etags[target])
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "A club that changed.") || res.Header.Get("ETag") == etags[target] {
			t.Errorf("%s after a change, old ETag: %d", target, res.StatusCode)
		}
		if res, _ := a.get(target, "If-Modified-Since", dates[target]); res.StatusCode != http.StatusOK {
			t.Errorf("%s after a change, old date: %d", target, res.StatusCode)
		}
	}
}

func TestAPICORS(t *testing.T) {
	a := hsdsApp(t)
	for _, target := range apiAddresses(t, a) {
		res, _ := a.get(target, "Origin", "https://elsewhere.example")
		if res.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "ETag") {
			t.Errorf("%s: CORS headers %v", target, res.Header)
		}
		req, _ := http.NewRequest(http.MethodOptions, target, nil)
		req.Header.Set("Origin", "https://elsewhere.example")
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header.Set("Access-Control-Request-Headers", "if-none-match")
		rec := httptest.NewRecorder()
		a.e.ServeHTTP(rec, req)
		h := rec.Header()
		if rec.Code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") || strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") ||
			!strings.Contains(h.Get("Access-Control-Allow-Headers"), "If-None-Match") {
			t.Errorf("preflight of %s: %d %v", target, rec.Code, h)
		}
	}
	// Errors under /api are readable too; pages and forms are not.
	if res, _ := a.get("/api/v1/programs?theme=nope"); res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("API error without CORS")
	}
	for _, target := range []string{"/programs", "/submit"} {
		if res, _ := a.get(target); res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s is readable from other origins", target)
		}
	}
}

// A stream with a bad parameter is a 400 whatever If-Modified-Since says,
// as every other answer (format=ndjson is answered 304 before its
// parameters are read).
func TestAPIConditionalStreamWithABadParameter(t *testing.T) {
	a := hsdsApp(t)
	nextSecond()
	for _, target := range []string{"/api/hsds/services?format=ndjson&page=abc", "/api/hsds/services?format=ndjson&modified_after=yesterday"} {
		if res, _ := a.get(target, "If-Modified-Since", time.Now().UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s with If-Modified-Since: %d, want 400", target, res.StatusCode)
		}
	}
	// A good one is still a 304, with no body.
	if res, body := a.get("/api/hsds/services?format=ndjson", "If-Modified-Since", time.Now().UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("ndjson with If-Modified-Since: %d, %d bytes, want 304 and none", res.StatusCode, len(body))
	}
}
