package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"pathways/models"
)

// TestAPIRemovedPrograms follows a nightly sync: after its last run a
// program is archived, another archived and restored. The removed
// programs since then are the archived one, by id and time only; the
// restored one is among the services modified since; an unknown or
// missing since is a 400.
func TestAPIRemovedPrograms(t *testing.T) {
	a := hsdsApp(t)
	ctx := context.Background()
	admin := a.addUser("admin@example.org", "admin")
	var p page
	a.getJSON("/api/hsds/services?minimal=true&per_page=5000", &p)
	all := ids(p.Contents)
	gone, back := all[3], all[7]
	goneProgram, err := a.store.AdminProgram(ctx, gone)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // the import's programs carry the time it began
	lastSync := time.Now().UTC()
	for _, step := range []struct{ id, status string }{
		{gone, models.StatusArchived}, {back, models.StatusArchived}, {back, models.StatusPublished},
	} {
		if err := a.store.SetProgramStatus(ctx, admin, step.id, step.status, "a private reason"); err != nil {
			t.Fatal(err)
		}
	}
	target := "/api/v1/removed-programs?since=" + url.QueryEscape(lastSync.Format(time.RFC3339Nano))
	res, body := a.get(target)
	if res.StatusCode != http.StatusOK || res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("ETag") == "" {
		t.Fatalf("%s: %d %v %s", target, res.StatusCode, res.Header, body)
	}
	a.matchesSchema("RemovedProgramList", body)
	var removed removedList
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&removed); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	if removed.PerPage != 1000 || removed.Next != "" {
		t.Errorf("one page of the default size: %s", body)
	}
	if len(removed.Items) != 1 || removed.Items[0].ID != gone || removed.Items[0].RemovedAt.Before(lastSync) ||
		removed.Items[0].RemovedAt.After(time.Now()) {
		t.Errorf("removed since the last sync: %s (want %s only)", body, gone)
	}
	for _, private := range []string{goneProgram.Name, goneProgram.Summary, "a private reason", "admin@example.org", "archived"} {
		if strings.Contains(body, private) {
			t.Errorf("the list tells %q: %s", private, body)
		}
	}
	if res, _ := a.get("/api/hsds/services/" + gone); res.StatusCode != http.StatusNotFound {
		t.Errorf("the removed program is still a service: %d", res.StatusCode)
	}
	a.getJSON("/api/hsds/services?minimal=true&modified_after="+url.QueryEscape(lastSync.Format(time.RFC3339Nano)), &p)
	if got := ids(p.Contents); len(got) != 1 || got[0] != back {
		t.Errorf("modified since the last sync: %v, want the restored %s", got, back)
	}
	// Nothing left after the moment it left.
	a.getJSON("/api/v1/removed-programs?since="+url.QueryEscape(removed.Items[0].RemovedAt.Add(time.Microsecond).Format(time.RFC3339Nano)), &removed)
	if len(removed.Items) != 0 {
		t.Errorf("removed after it left: %+v", removed.Items)
	}
	if _, body := a.get("/api/v1/removed-programs?since=2000-01-01"); !strings.Contains(body, gone) {
		t.Errorf("since a date: %s", body)
	}
	for _, bad := range []string{"", "?since=", "?since=yesterday", "?since=2026-13-45"} {
		res, body := a.get("/api/v1/removed-programs" + bad)
		var e apiError
		if res.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil || !strings.Contains(e.Error.Message, "since") {
			t.Errorf("%q: %d %s", bad, res.StatusCode, body)
		}
	}
}

// removedList is the answer of /api/v1/removed-programs.
type removedList struct {
	Items []struct {
		ID        string    `json:"id"`
		RemovedAt time.Time `json:"removed_at"`
	} `json:"items"`
	PerPage int    `json:"per_page"`
	Next    string `json:"next"`
}

// TestAPIRemovedProgramsPages: the removed programs come in pages of
// per_page (1,000 by default, at most 5,000), each but the last with the
// address of the next; following next gives every program once, in the
// order of one page, and a program archived during the walk comes on a
// later page. A bad per_page or after, or a page number, is a 400.
func TestAPIRemovedProgramsPages(t *testing.T) {
	a := hsdsApp(t)
	ctx := context.Background()
	admin := a.addUser("admin@example.org", "admin")
	var p page
	a.getJSON("/api/hsds/services?minimal=true&per_page=5000", &p)
	all := ids(p.Contents)
	for _, id := range all[:8] {
		if err := a.store.SetProgramStatus(ctx, admin, id, models.StatusArchived, ""); err != nil {
			t.Fatal(err)
		}
	}
	var one removedList
	a.getJSON("/api/v1/removed-programs?since=2000-01-01&per_page=5000", &one)
	if len(one.Items) != 8 || one.PerPage != 5000 || one.Next != "" {
		t.Fatalf("one page: %+v", one)
	}
	target := "/api/v1/removed-programs?since=2000-01-01&per_page=3"
	var walked []string
	for n := 0; target != ""; n++ {
		if n > 5 {
			t.Fatalf("still a next page after %d: %s", n, target)
		}
		res, body := a.get(target)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", target, res.StatusCode, body)
		}
		a.matchesSchema("RemovedProgramList", body)
		var l removedList
		if err := json.Unmarshal([]byte(body), &l); err != nil || l.PerPage != 3 || len(l.Items) > 3 {
			t.Fatalf("%s: %v %s", target, err, body)
		}
		if (l.Next == "") != (len(walked)+len(l.Items) >= 9) {
			t.Errorf("%s: next %q after %d programs", target, l.Next, len(walked)+len(l.Items))
		}
		for _, it := range l.Items {
			walked = append(walked, it.ID)
		}
		if n == 0 { // archived during the walk
			if err := a.store.SetProgramStatus(ctx, admin, all[8], models.StatusArchived, ""); err != nil {
				t.Fatal(err)
			}
		}
		if l.Next != "" && !strings.HasPrefix(l.Next, "/api/v1/removed-programs?") {
			t.Fatalf("next: %q", l.Next)
		}
		target = l.Next
	}
	want := append(slices.Collect(func(yield func(string) bool) {
		for _, it := range one.Items {
			yield(it.ID)
		}
	}), all[8])
	if !slices.Equal(walked, want) {
		t.Errorf("walked %v, want %v", walked, want)
	}
	for _, bad := range []string{"per_page=0", "per_page=5001", "per_page=abc", "after=nope", "after=" + url.QueryEscape("2026-01-01T00:00:00Z,1"),
		"page=2"} {
		res, body := a.get("/api/v1/removed-programs?since=2000-01-01&" + bad)
		var e apiError
		name, _, _ := strings.Cut(bad, "=")
		if res.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil || !strings.Contains(e.Error.Message, name) {
			t.Errorf("%s: %d %s", bad, res.StatusCode, body)
		}
	}
}
