package handlers

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestAPIProgramsPerPage: the JSON search honours per_page up to its
// maximum, says so in the answer, and pages exactly: walking every page
// of a search, in each order, gives every program once.
func TestAPIProgramsPerPage(t *testing.T) {
	a := hsdsApp(t)
	all := a.search("per_page=100")
	if all.PerPage != 100 || len(all.Items) != all.Total || all.Total < 40 {
		t.Fatalf("per_page=100: per_page %d, %d items of %d", all.PerPage, len(all.Items), all.Total)
	}
	if d := a.search(""); d.PerPage != 20 || len(d.Items) != 20 {
		t.Errorf("default: per_page %d, %d items", d.PerPage, len(d.Items))
	}
	for _, query := range []string{"sort=name", "sort=verified", "q=support", "q=young&sort=relevance", "theme=education"} {
		want := a.search(query + "&per_page=100")
		for _, per := range []int{1, 7, 20} {
			seen := map[string]bool{}
			var order []string
			for n := 1; ; n++ {
				p := a.search(query + "&per_page=" + strconv.Itoa(per) + "&page=" + strconv.Itoa(n))
				if p.PerPage != per || p.Page != n || p.Total != want.Total || len(p.Items) > per {
					t.Fatalf("%s per_page=%d page %d: per_page %d, page %d, %d items, total %d (want %d)",
						query, per, n, p.PerPage, p.Page, len(p.Items), p.Total, want.Total)
				}
				for _, it := range p.Items {
					if seen[it.ID] {
						t.Errorf("%s per_page=%d: %s twice", query, per, it.Name)
					}
					seen[it.ID] = true
					order = append(order, it.ID)
				}
				if len(p.Items) < per || n*per >= p.Total {
					break
				}
			}
			if len(order) != want.Total {
				t.Errorf("%s per_page=%d: %d programs over the pages, total %d", query, per, len(order), want.Total)
			}
			for i, it := range want.Items {
				if i < len(order) && order[i] != it.ID {
					t.Errorf("%s per_page=%d: item %d is %s, one page of 100 has %s", query, per, i, order[i], it.ID)
					break
				}
			}
		}
	}
	for _, bad := range []string{"0", "101", "-1", "abc", "1.5", "", "1e2"} {
		if bad == "" {
			continue // an empty value is the default
		}
		res, body := a.get("/api/v1/programs?per_page=" + bad)
		var e apiError
		if res.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil ||
			e.Error.Code != "bad_request" || !strings.Contains(e.Error.Message, "per_page") {
			t.Errorf("per_page=%s: %d %s", bad, res.StatusCode, body)
		}
	}
	if p := a.search("per_page="); p.PerPage != 20 {
		t.Errorf("per_page empty: %d", p.PerPage)
	}
}
