package handlers

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"pathways/models"
	"pathways/models/hsdstest"
)

// The confidential street address and postal code of the edge-case
// fixture: they must never leave the server.
const (
	secretStreet = "7 Nowhere Mews"
	secretPostal = "ZZ9 9ZZ"
)

// hsdsApp is the test app with the demo directory and edge cases: a
// confidential location, a program without website, one with many
// languages, one with age limits and an evaluation.
func hsdsApp(t *testing.T) *testApp {
	t.Helper()
	a := newTestApp(t)
	demo, err := os.ReadFile("../cmd/pathways/demo_programs.csv")
	if err != nil {
		t.Fatal(err)
	}
	a.importCSV(strings.SplitN(string(demo), "\n", 2)[1])
	a.importCSV(`Hidden Harbour,Edge Cases Trust,Exit support at an address we keep private.,,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,` + secretPostal + `,` + secretStreet + `,true,,harbour@edge.example,+44 113 555 0000,Call first.,Adults,18,,peer_reviewed,2026-05-01
No Website Club,Edge Cases Trust,A club with no website at all.,,youth-mentoring,young-people,,,,,,,,,,,,,,,,,,,
Babel Circle,Edge Cases Trust,Meetings in many languages.,,interfaith-dialogue,general-public,primary,en;fr;nl;de;ar;tr;fa;es;it;pl;ro;so;ti;uk;ru;ur;bn;pa;sw;am,online,paid,NL,,Utrecht,,,false,https://babel.example,,,,,8,14,evaluated,2025-12-01
`)
	return a
}

// getJSON fetches an API address and decodes its JSON body.
func (a *testApp) getJSON(target string, into any, headers ...string) *http.Response {
	a.t.Helper()
	res, body := a.get(target, headers...)
	if res.StatusCode == http.StatusOK && into != nil {
		if err := json.Unmarshal([]byte(body), into); err != nil {
			a.t.Fatalf("%s: %v\n%s", target, err, body)
		}
	}
	if strings.Contains(body, secretStreet) || strings.Contains(body, secretPostal) {
		a.t.Errorf("%s leaks the confidential address", target)
	}
	return res
}

// page is an HSDS Page with raw contents.
type page struct {
	models.HSDSPage
	Contents []json.RawMessage `json:"contents"`
}

// allPages walks every page of a list and returns every item.
func (a *testApp) allPages(path string, perPage int) []json.RawMessage {
	a.t.Helper()
	var all []json.RawMessage
	for n := 1; ; n++ {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		var p page
		if res := a.getJSON(path+sep+"per_page="+strconv.Itoa(perPage)+"&page="+strconv.Itoa(n), &p); res.StatusCode != http.StatusOK {
			a.t.Fatalf("%s page %d: %d", path, n, res.StatusCode)
		}
		if p.PageNumber != n || p.FirstPage != (n == 1) || p.Size != len(p.Contents) || p.Empty != (len(p.Contents) == 0) {
			a.t.Errorf("%s page %d: %+v", path, n, p.HSDSPage)
		}
		all = append(all, p.Contents...)
		if p.LastPage {
			if len(all) != p.TotalItems || p.TotalPages != (p.TotalItems+perPage-1)/perPage {
				a.t.Errorf("%s: %d items on %d pages, page says %d on %d", path, len(all), n, p.TotalItems, p.TotalPages)
			}
			return all
		}
		if n > 1000 {
			a.t.Fatal("no last page")
		}
	}
}

type idDoc struct {
	ID string `json:"id"`
}

func ids(docs []json.RawMessage) []string {
	var out []string
	for _, d := range docs {
		var v idDoc
		json.Unmarshal(d, &v)
		out = append(out, v.ID)
	}
	return out
}

// TestHSDSDocumentsValidate runs every HSDS endpoint over the demo data
// and the edge cases and validates every document against HSDS 3.0's
// schemas.
func TestHSDSDocumentsValidate(t *testing.T) {
	a := hsdsApp(t)
	schemas := hsdstest.Load(t)
	check := func(kind, what string, docs []json.RawMessage) {
		t.Helper()
		if len(docs) == 0 {
			t.Errorf("%s: no documents", what)
		}
		for i, d := range docs {
			schemas.Validate(t, kind, what+" #"+strconv.Itoa(i), []byte(d))
		}
	}
	var index map[string]string
	for _, root := range []string{"/api/hsds/", "/api/hsds"} {
		if res := a.getJSON(root, &index); res.StatusCode != http.StatusOK || index["version"] != "3.0" ||
			!strings.HasSuffix(index["openapi_url"], "/api/openapi.json") || index["profile"] == "" {
			t.Errorf("%s: %d %v", root, res.StatusCode, index)
		}
	}

	services := a.allPages("/api/hsds/services", 100)
	if len(services) != 51 {
		t.Errorf("%d services, want the 48 demo programs and 3 edge cases", len(services))
	}
	check(hsdstest.ServiceList, "services", services)
	check(hsdstest.Service, "services?full=true", a.allPages("/api/hsds/services?full=true", 17))
	check(hsdstest.ServiceList, "services?minimal=true", a.allPages("/api/hsds/services?minimal=true", 5000))
	for _, id := range ids(services) {
		var doc json.RawMessage
		a.getJSON("/api/hsds/services/"+id, &doc)
		check(hsdstest.Service, "service "+id, []json.RawMessage{doc})
	}

	orgs := a.allPages("/api/hsds/organizations", 10)
	check(hsdstest.OrganizationList, "organizations", orgs)
	check(hsdstest.Organization, "organizations?full=true", a.allPages("/api/hsds/organizations?full=true", 10))
	check(hsdstest.Organization, "organizations?full_service=true", a.allPages("/api/hsds/organizations?full_service=true", 10))
	for _, id := range ids(orgs) {
		for _, q := range []string{"", "?full_service=true"} {
			var doc json.RawMessage
			a.getJSON("/api/hsds/organizations/"+id+q, &doc)
			check(hsdstest.Organization, "organization "+id+q, []json.RawMessage{doc})
		}
	}

	taxonomies := a.allPages("/api/hsds/taxonomies", 3)
	check(hsdstest.Taxonomy, "taxonomies", taxonomies)
	for _, id := range ids(taxonomies) {
		var doc json.RawMessage
		a.getJSON("/api/hsds/taxonomies/"+id, &doc)
		check(hsdstest.Taxonomy, "taxonomy "+id, []json.RawMessage{doc})
	}
	terms := a.allPages("/api/hsds/taxonomy_terms", 25)
	if len(terms) != 15+15+3+3+3+3+1 {
		t.Errorf("%d taxonomy terms", len(terms))
	}
	check(hsdstest.TaxonomyTerm, "taxonomy_terms", terms)
	for _, id := range ids(terms) {
		var doc json.RawMessage
		a.getJSON("/api/hsds/taxonomy_terms/"+id, &doc)
		check(hsdstest.TaxonomyTerm, "taxonomy term "+id, []json.RawMessage{doc})
	}

	sals := a.allPages("/api/hsds/service_at_locations", 20)
	if len(sals) != 48+2 { // every demo program has a location; "No Website Club" has none
		t.Errorf("%d service_at_locations", len(sals))
	}
	check(hsdstest.ServiceAtLocationList, "service_at_locations", sals)
	check(hsdstest.ServiceAtLocation, "service_at_locations?full=true", a.allPages("/api/hsds/service_at_locations?full=true", 20))
	for _, id := range ids(sals) {
		var doc json.RawMessage
		a.getJSON("/api/hsds/service_at_locations/"+id, &doc)
		check(hsdstest.ServiceAtLocation, "service_at_location "+id, []json.RawMessage{doc})
	}
}

// TestHSDSEdgeCases checks the mapping of the edge cases field by field.
func TestHSDSEdgeCases(t *testing.T) {
	a := hsdsApp(t)
	find := func(name string) models.HSDSService {
		t.Helper()
		var p struct {
			Contents []models.HSDSService `json:"contents"`
		}
		a.getJSON("/api/hsds/services?full=true&search="+url.QueryEscape(name), &p)
		for _, s := range p.Contents {
			if s.Name == name {
				return s
			}
		}
		t.Fatalf("no service %q", name)
		return models.HSDSService{}
	}
	hidden := find("Hidden Harbour")
	addr := hidden.ServiceAtLocations[0].Location.Addresses[0]
	if addr.Address1 != "" || addr.PostalCode != "" || addr.City != "Leeds" || addr.StateProvince != "England" || addr.Country != "GB" {
		t.Errorf("confidential address: %+v", addr)
	}
	if hidden.AssuredDate != "2026-05-01" || *hidden.MinimumAge != 18 || hidden.MaximumAge != nil {
		t.Errorf("hidden: %+v", hidden)
	}
	if nw := find("No Website Club"); nw.URL != "" || len(nw.ServiceAtLocations) != 0 || nw.ServiceAreas[0].Name != "international" {
		t.Errorf("no website: %+v", nw)
	}
	babel := find("Babel Circle")
	if len(babel.Languages) != 20 || *babel.MinimumAge != 8 || *babel.MaximumAge != 14 {
		t.Errorf("babel: %d languages, ages %v-%v", len(babel.Languages), babel.MinimumAge, babel.MaximumAge)
	}
	terms := map[string]bool{}
	for _, at := range babel.Attributes {
		terms[at.LinkType+"/"+at.TaxonomyTerm.Code] = true
		if at.TaxonomyTermID != models.HSDSTermID(at.LinkType, at.TaxonomyTerm.Code) || at.LinkID != babel.ID || at.LinkEntity != "service" {
			t.Errorf("attribute %+v", at)
		}
	}
	for _, want := range []string{"theme/interfaith-dialogue", "audience/general-public", "level/primary", "delivery/online", "cost/paid", "evidence/evaluated"} {
		if !terms[want] {
			t.Errorf("babel lacks attribute %s: %v", want, terms)
		}
	}
}

// TestHSDSParameters checks every list parameter, alone and combined.
func TestHSDSParameters(t *testing.T) {
	a := hsdsApp(t)
	count := func(target string) int {
		t.Helper()
		var p page
		if res := a.getJSON(target, &p); res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", target, res.StatusCode)
		}
		return p.TotalItems
	}
	names := func(target string) []string {
		t.Helper()
		var p struct {
			Contents []models.HSDSService `json:"contents"`
		}
		a.getJSON(target, &p)
		var out []string
		for _, s := range p.Contents {
			out = append(out, s.Name)
		}
		return out
	}
	all := count("/api/hsds/services")
	exit := models.HSDSTermID(models.TaxTheme, "exit-work")
	level := models.HSDSTaxonomyID(models.TaxLevel)
	location := models.HSDSTaxonomyID(models.TaxLocation)
	nExit := count("/api/hsds/services?taxonomy_term_id=" + exit)
	if nExit == 0 || nExit >= all {
		t.Errorf("exit-work: %d of %d", nExit, all)
	}
	var withExit struct {
		Contents []models.HSDSService `json:"contents"`
	}
	a.getJSON("/api/hsds/services?per_page=100&full=true&taxonomy_term_id="+exit, &withExit)
	for _, s := range withExit.Contents {
		found := false
		for _, at := range s.Attributes {
			found = found || at.TaxonomyTermID == exit
		}
		if !found {
			t.Errorf("%s has no exit-work term", s.Name)
		}
	}
	if n := count("/api/hsds/services?taxonomy_id=" + level); n != all-1 { // No Website Club has no level
		t.Errorf("with a level: %d of %d", n, all)
	}
	if got := names("/api/hsds/services?taxonomy_id=" + location); len(got) == 0 {
		t.Error("no service with a confidential location")
	}
	if n := count("/api/hsds/services?taxonomy_id=" + level + "&taxonomy_term_id=" + exit); n != 0 {
		t.Errorf("a term of another taxonomy than taxonomy_id matched %d", n)
	}
	if n := count("/api/hsds/services?taxonomy_term_id=00000000-0000-4000-8000-000000000000"); n != 0 {
		t.Errorf("unknown term matched %d", n)
	}
	// organization_id, search, and everything together (AND).
	var orgs page
	a.getJSON("/api/hsds/organizations?search=edge%20cases", &orgs)
	if orgs.TotalItems != 1 {
		t.Fatalf("organizations matching 'edge cases': %d", orgs.TotalItems)
	}
	edge := ids(orgs.Contents)[0]
	if got := names("/api/hsds/services?organization_id=" + edge); strings.Join(got, ",") != "Babel Circle,Hidden Harbour,No Website Club" {
		t.Errorf("organization_id: %v", got)
	}
	if got := names("/api/hsds/services?organization_id=" + edge + "&search=languages"); strings.Join(got, ",") != "Babel Circle" {
		t.Errorf("organization_id + search: %v", got)
	}
	if got := names("/api/hsds/services?organization_id=" + edge + "&search=languages&taxonomy_term_id=" + exit); len(got) != 0 {
		t.Errorf("organization_id + search + term: %v", got)
	}
	if n := count("/api/hsds/organizations?taxonomy_term_id=" + exit); n == 0 || n > count("/api/hsds/organizations") {
		t.Errorf("organizations with exit work: %d", n)
	}
	if n := count("/api/hsds/service_at_locations?organization_id=" + edge); n != 2 {
		t.Errorf("locations of the edge cases: %d", n)
	}
	// modified_after: nothing after now; everything after an hour ago;
	// after a change, just what changed.
	future := url.QueryEscape(time.Now().Add(time.Minute).UTC().Format(time.RFC3339))
	past := url.QueryEscape(time.Now().Add(-time.Hour).UTC().Format(time.RFC3339))
	if n := count("/api/hsds/services?modified_after=" + future); n != 0 {
		t.Errorf("modified in the future: %d", n)
	}
	if n := count("/api/hsds/services?modified_after=" + past); n != all {
		t.Errorf("modified in the last hour: %d of %d", n, all)
	}
	time.Sleep(10 * time.Millisecond)
	mark := time.Now().UTC()
	a.importCSV("No Website Club,Edge Cases Trust,A club with no website at all; now updated.,,youth-mentoring,young-people,,,,,,,,,,,,,,,,,,,\n")
	after := url.QueryEscape(mark.Format(time.RFC3339Nano))
	if got := names("/api/hsds/services?modified_after=" + after); strings.Join(got, ",") != "No Website Club" {
		t.Errorf("modified after the update: %v", got)
	}
	// An unescaped "+" arrives as a space; a date alone is its midnight.
	if n := count("/api/hsds/services?modified_after=" + strings.ReplaceAll(mark.Add(-time.Hour).Format("2006-01-02T15:04:05-07:00"), "+", "%20")); n != all {
		t.Errorf("offset sent with a space: %d", n)
	}
	if n := count("/api/hsds/services?modified_after=2000-01-01"); n != all {
		t.Errorf("modified after 2000-01-01: %d", n)
	}
	if n := count("/api/hsds/services?modified_after=2000-01-01t00:00:00z"); n != all { // RFC 3339 allows lower case
		t.Errorf("modified after 2000-01-01t00:00:00z: %d", n)
	}
	// taxonomy terms filter by taxonomy and search.
	if n := count("/api/hsds/taxonomy_terms?taxonomy_id=" + level); n != 3 {
		t.Errorf("terms of level: %d", n)
	}
	if n := count("/api/hsds/taxonomy_terms?search=mentoring&top_only=true"); n != 1 {
		t.Errorf("terms matching mentoring: %d", n)
	}
	if n := count("/api/hsds/taxonomy_terms?parent_id=" + exit); n != 0 {
		t.Errorf("terms with a parent: %d", n)
	}
}

// TestHSDSNDJSON checks that format=ndjson streams every result, one
// document a line, honouring the filters.
func TestHSDSNDJSON(t *testing.T) {
	a := hsdsApp(t)
	schemas := hsdstest.Load(t)
	for _, c := range []struct{ path, kind string }{
		{"/api/hsds/services?format=ndjson&full=true", hsdstest.Service},
		{"/api/hsds/services?format=ndjson", hsdstest.ServiceList},
		{"/api/hsds/services?format=ndjson&minimal=true&taxonomy_term_id=" + models.HSDSTermID(models.TaxTheme, "exit-work"), hsdstest.ServiceList},
		{"/api/hsds/organizations?format=ndjson&full=true", hsdstest.Organization},
		{"/api/hsds/service_at_locations?format=ndjson", hsdstest.ServiceAtLocationList},
		{"/api/hsds/taxonomy_terms?format=ndjson", hsdstest.TaxonomyTerm},
		{"/api/hsds/taxonomies?format=ndjson", hsdstest.Taxonomy},
	} {
		res, body := a.get(c.path)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/x-ndjson" {
			t.Errorf("%s: %d %s", c.path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if strings.Contains(body, secretStreet) || strings.Contains(body, secretPostal) {
			t.Errorf("%s leaks the confidential address", c.path)
		}
		var p page
		a.getJSON(strings.Replace(c.path, "format=ndjson", "per_page=1", 1), &p)
		lines := 0
		sc := bufio.NewScanner(strings.NewReader(body))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines++
			schemas.Validate(t, c.kind, c.path+" line "+strconv.Itoa(lines), sc.Bytes())
		}
		if lines != p.TotalItems || lines == 0 {
			t.Errorf("%s: %d lines for %d items", c.path, lines, p.TotalItems)
		}
	}
}

// TestHSDSOnlyPublished archives a program: it leaves every HSDS list and
// its detail pages answer 404.
func TestHSDSOnlyPublished(t *testing.T) {
	a := hsdsApp(t)
	var p struct {
		Contents []models.HSDSService `json:"contents"`
	}
	a.getJSON("/api/hsds/services?full=true&search=babel", &p)
	babel := p.Contents[0]
	admin := a.addUser("admin@example.org", "admin")
	if err := a.store.SetProgramStatus(context.Background(), admin, babel.ID, models.StatusArchived, "test"); err != nil {
		t.Fatal(err)
	}
	sal := babel.ServiceAtLocations[0].ID
	for _, path := range []string{"/api/hsds/services/" + babel.ID, "/api/hsds/service_at_locations/" + sal} {
		if res, _ := a.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s of an archived program: %d", path, res.StatusCode)
		}
	}
	for _, path := range []string{"/api/hsds/services?per_page=100", "/api/hsds/service_at_locations?per_page=100",
		"/api/hsds/services?format=ndjson", "/api/hsds/organizations?full=true&per_page=100"} {
		if _, body := a.get(path); strings.Contains(body, babel.ID) {
			t.Errorf("%s lists an archived program", path)
		}
	}
	// An organization whose programs are all archived is not published.
	var orgs page
	a.getJSON("/api/hsds/organizations?search=edge", &orgs)
	for _, id := range []string{"Hidden Harbour", "No Website Club"} {
		a.getJSON("/api/hsds/services?search="+url.QueryEscape(id), &p)
		a.store.SetProgramStatus(context.Background(), admin, p.Contents[0].ID, models.StatusArchived, "test")
	}
	if res, _ := a.get("/api/hsds/organizations/" + ids(orgs.Contents)[0]); res.StatusCode != http.StatusNotFound {
		t.Errorf("organization without published programs: %d", res.StatusCode)
	}
}

// TestAPIBadParametersAre400 sends malformed and unsupported parameters:
// always a 4xx in the one error shape, never a 500.
func TestAPIBadParametersAre400(t *testing.T) {
	a := hsdsApp(t)
	for _, target := range []string{
		"/api/hsds/services?page=0", "/api/hsds/services?page=x", "/api/hsds/services?page=99999999999999999999",
		"/api/hsds/services?per_page=0", "/api/hsds/services?per_page=101", "/api/hsds/services?per_page=-1",
		"/api/hsds/services?format=xml", "/api/hsds/services?full=maybe", "/api/hsds/services?minimal=true&full=true",
		"/api/hsds/services?taxonomy_term_id=education", "/api/hsds/services?taxonomy_id=%00",
		"/api/hsds/services?organization_id=1%3BDROP", "/api/hsds/services?modified_after=yesterday",
		"/api/hsds/services?modified_after=2026-13-45", "/api/hsds/services?search=" + strings.Repeat("x", 600),
		"/api/hsds/services?full_service=true", "/api/hsds/service_at_locations?postcode=1000",
		"/api/hsds/service_at_locations?proximity=5", "/api/hsds/taxonomies?taxonomy_id=" + models.HSDSTaxonomyID("theme"),
		"/api/hsds/taxonomy_terms?parent_id=nope", "/api/hsds/organizations?minimal=true",
		"/api/hsds/organizations?search=%00", "/api/hsds/services?search=%FF%FE", "/api/hsds/taxonomy_terms?search=a%00b",
		"/api/hsds/organizations/" + "00000000-0000-4000-8000-000000000000" + "?full_service=2",
		"/api/v1/programs?theme=nope", "/api/v1/programs?age=old", "/api/v1/programs?page=-3", "/api/v1/taxonomies?lang=xx",
	} {
		res, body := a.get(target)
		var e apiError
		if res.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != "bad_request" || e.Error.Message == "" {
			t.Errorf("%s: %d %.200s", target, res.StatusCode, body)
		}
	}
	for _, target := range []string{
		"/api/hsds/services/nope", "/api/hsds/services/00000000-0000-4000-8000-000000000000", "/api/hsds/organizations/%27",
		"/api/hsds/taxonomies/x", "/api/hsds/taxonomy_terms/x", "/api/hsds/service_at_locations/x",
		"/api/hsds/service_at_locations/00000000-0000-4000-8000-000000000000", "/api/hsds/nothing", "/api/v1/programs/%00", "/api/v1/programs/%FF",
	} {
		res, body := a.get(target)
		var e apiError
		if res.StatusCode != http.StatusNotFound || json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != "not_found" {
			t.Errorf("%s: %d %.200s", target, res.StatusCode, body)
		}
	}
	// Pages past the end are empty, not errors.
	var p page
	if res := a.getJSON("/api/hsds/services?page=1000", &p); res.StatusCode != http.StatusOK || !p.Empty || p.LastPage != true || p.TotalItems != 51 {
		t.Errorf("page past the end: %d %+v", res.StatusCode, p.HSDSPage)
	}
}
