package handlers

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzSubmissionForm: any form body posted to /submit gets an answer
// below 500 (422 for bad input), never a crash.
func FuzzSubmissionForm(f *testing.F) {
	f.Add(validSubmission("Fuzzed").Encode())
	f.Add("name=%ff%fe&themes=" + strings.Repeat("x", 100) + "&age_min=-1&age_max=1e9&loc9_city=x")
	f.Add("themes=education&themes=education&audiences=children&languages_other=,,;;xx&website=javascript:1")
	f.Add("%zz=1&&&=&name")
	f.Add("loc0_country=be&loc0_confidential=on&email=a@b&phone=%00")
	a := newTestApp(f)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/submit", strings.NewReader(body+"&csrf=fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfu"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: csrfCookie, Value: "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfu"})
		rec := httptest.NewRecorder()
		a.e.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q", rec.Code, body)
		}
	})
}

// FuzzSearchParameters: any query string on the search page is a normal
// page, never a 5xx.
func FuzzSearchParameters(f *testing.F) {
	f.Add("q=education&theme=education&page=2")
	f.Add("q=%22&theme=x&theme=&age=-1&page=99999999999999999999&sort=x")
	f.Add("city=%ff&country=zz&language=;&q=NEAR(")
	a := newTestApp(f)
	a.importCSV(fixture)
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, "/programs", nil)
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		a.e.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q", rec.Code, query)
		}
	})
}

// FuzzKeepLang: keepLang, which reads the page by hand, rewrites any page
// as the two regular expressions it replaced did.
func FuzzKeepLang(f *testing.F) {
	for _, s := range keepLangCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		if got, want := string(keepLang([]byte(page), "fr")), string(keepLangByExpressions([]byte(page), "fr")); got != want {
			t.Fatalf("keepLang(%q)\n got %q\nwant %q", page, got, want)
		}
	})
}
