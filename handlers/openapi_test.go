package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"

	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"pathways/models/hsdstest"
)

// openAPI is the served description, parsed.
type openAPI struct {
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

func (a *testApp) openAPI() (openAPI, []byte) {
	a.t.Helper()
	res, body := a.get("/api/openapi.json")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		a.t.Fatalf("/api/openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc openAPI
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		a.t.Fatal(err)
	}
	return doc, []byte(body)
}

var routeParam = regexp.MustCompile(`:([a-z_]+)`)

// openAPIPath writes an echo route as an OpenAPI path.
func openAPIPath(route string) string {
	p := routeParam.ReplaceAllString(route, "{$1}")
	if p == "/api/hsds" {
		return "/api/hsds/" // one description for both spellings of the root
	}
	return p
}

// TestOpenAPIDescribesEveryAPIRoute walks the router: every route under
// /api/v1/ and /api/hsds must be in the description, with its path
// parameters, and the description must name no route that does not exist.
func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	a := newTestApp(t)
	doc, _ := a.openAPI()
	registered := map[string]bool{}
	v1 := 0
	for _, r := range a.e.Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") && !strings.HasPrefix(r.Path, "/api/hsds") && r.Path != "/api/openapi.json" {
			continue
		}
		if strings.Contains(r.Path, "*") || strings.ToUpper(r.Method) != r.Method {
			continue // the groups' not-found catch-alls
		}
		if strings.HasPrefix(r.Path, "/api/v1/") {
			v1++
		}
		path, method := openAPIPath(r.Path), strings.ToLower(r.Method)
		registered[method+" "+path] = true
		op, ok := doc.Paths[path][method]
		if !ok {
			t.Errorf("%s %s is not described in /api/openapi.json", r.Method, r.Path)
			continue
		}
		var operation struct {
			Parameters []struct {
				Name string `json:"name"`
				In   string `json:"in"`
				Ref  string `json:"$ref"`
			} `json:"parameters"`
			Responses map[string]json.RawMessage `json:"responses"`
		}
		json.Unmarshal(op, &operation)
		for _, m := range routeParam.FindAllStringSubmatch(r.Path, -1) {
			found := false
			for _, p := range operation.Parameters {
				found = found || (p.In == "path" && p.Name == m[1]) || p.Ref == "#/components/parameters/HSDSId"
			}
			if !found {
				t.Errorf("%s %s: path parameter %s not described", r.Method, r.Path, m[1])
			}
		}
		if _, ok := operation.Responses["200"]; !ok {
			t.Errorf("%s %s: no 200 response described", r.Method, r.Path)
		}
	}
	if v1 < 3 {
		t.Fatalf("found %d /api/v1 routes; the walk is broken", v1)
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !registered[method+" "+path] {
				t.Errorf("the description names %s %s, which is not a route", method, path)
			}
		}
	}
}

// TestOpenAPIAnswersMatchSchemas validates real answers, successes and
// errors, against the schemas the description gives for them (HSDS's
// schemas resolved from the copies in models/hsdstest).
func TestOpenAPIAnswersMatchSchemas(t *testing.T) {
	a := hsdsApp(t)
	doc, raw := a.openAPI()
	const base = "https://pathways.test/api/openapi.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(base, parsed); err != nil {
		t.Fatal(err)
	}
	if err := hsdstest.Register(c); err != nil {
		t.Fatal(err)
	}
	var p page
	a.getJSON("/api/hsds/services?search=harbour", &p)
	hidden := ids(p.Contents)[0]
	var orgs page
	a.getJSON("/api/hsds/organizations?per_page=1", &orgs)
	var terms page
	a.getJSON("/api/hsds/taxonomy_terms?per_page=1", &terms)
	var sals page
	a.getJSON("/api/hsds/service_at_locations?per_page=1", &sals)
	for _, c2 := range []struct{ path, target string }{
		{"/api/v1/programs", "/api/v1/programs"},
		{"/api/v1/programs", "/api/v1/programs?q=exit&theme=exit-work&page=1"},
		{"/api/v1/programs", "/api/v1/programs?theme=nope"},
		{"/api/v1/programs", "/api/v1/programs?per_page=100&sort=verified"},
		{"/api/v1/programs", "/api/v1/programs?per_page=101"},
		{"/api/v1/programs", "/api/v1/programs?q=harbuor"},          // a suggestion
		{"/api/v1/programs", "/api/v1/programs?q=harbour+under+18"}, // an age among the words
		{"/api/v1/programs/{id}", "/api/v1/programs/" + hidden},
		{"/api/v1/programs/{id}", "/api/v1/programs/no-website-club"},
		{"/api/v1/programs/{id}", "/api/v1/programs/nope"},
		{"/api/v1/removed-programs", "/api/v1/removed-programs?since=2000-01-01"},
		{"/api/v1/removed-programs", "/api/v1/removed-programs?since=nope"},
		{"/api/v1/taxonomies", "/api/v1/taxonomies"},
		{"/api/v1/taxonomies", "/api/v1/taxonomies?lang=xx"},
		{"/api/hsds/", "/api/hsds/"},
		{"/api/hsds/services", "/api/hsds/services?full=true"},
		{"/api/hsds/services", "/api/hsds/services?minimal=true"},
		{"/api/hsds/services", "/api/hsds/services?per_page=0"},
		{"/api/hsds/services/{id}", "/api/hsds/services/" + hidden},
		{"/api/hsds/services/{id}", "/api/hsds/services/" + ids(orgs.Contents)[0]},
		{"/api/hsds/organizations", "/api/hsds/organizations"},
		{"/api/hsds/organizations/{id}", "/api/hsds/organizations/" + ids(orgs.Contents)[0]},
		{"/api/hsds/taxonomies", "/api/hsds/taxonomies"},
		{"/api/hsds/taxonomy_terms", "/api/hsds/taxonomy_terms"},
		{"/api/hsds/taxonomy_terms/{id}", "/api/hsds/taxonomy_terms/" + ids(terms.Contents)[0]},
		{"/api/hsds/service_at_locations", "/api/hsds/service_at_locations"},
		{"/api/hsds/service_at_locations/{id}", "/api/hsds/service_at_locations/" + ids(sals.Contents)[0]},
	} {
		res, body := a.get(c2.target)
		status := strconvFormat(int64(res.StatusCode))
		var responses map[string]struct {
			Ref string `json:"$ref"`
		}
		var op struct {
			Responses json.RawMessage `json:"responses"`
		}
		json.Unmarshal(doc.Paths[c2.path]["get"], &op)
		json.Unmarshal(op.Responses, &responses)
		r, ok := responses[status]
		if !ok {
			t.Errorf("%s answered %d, which the description does not list", c2.target, res.StatusCode)
			continue
		}
		ptr := "#/paths/" + strings.ReplaceAll(strings.ReplaceAll(c2.path, "~", "~0"), "/", "~1") + "/get/responses/" + status
		if r.Ref != "" {
			ptr = r.Ref
		}
		sch, err := c.Compile(base + ptr + "/content/application~1json/schema")
		if err != nil {
			t.Errorf("%s: schema of %s: %v", c2.target, status, err)
			continue
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
		if err != nil {
			t.Errorf("%s: not JSON: %v", c2.target, err)
			continue
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s (%d) does not match its description: %v", c2.target, res.StatusCode, err)
		}
	}
}

// TestOpenAPIDescribesWrongMethods: a method an address does not take is
// a 405 whose body is the description's Error, as its info says.
func TestOpenAPIDescribesWrongMethods(t *testing.T) {
	a := newTestApp(t)
	_, raw := a.openAPI()
	if !bytes.Contains(raw, []byte("405")) || !bytes.Contains(raw, []byte("Allow")) {
		t.Error("the description does not say a wrong method is a 405 with Allow")
	}
	res, body := a.do(http.MethodPost, "/api/hsds/services")
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	a.matchesSchema("Error", body)
}

// matchesSchema validates body against one of the served description's
// own schemas (#/components/schemas/name), formats asserted.
func (a *testApp) matchesSchema(name, body string) {
	a.t.Helper()
	_, raw := a.openAPI()
	const base = "https://pathways.test/api/openapi.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		a.t.Fatal(err)
	}
	if err := c.AddResource(base, parsed); err != nil {
		a.t.Fatal(err)
	}
	sch, err := c.Compile(base + "#/components/schemas/" + name)
	if err != nil {
		a.t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		a.t.Fatalf("not JSON: %v: %s", err, body)
	}
	if err := sch.Validate(inst); err != nil {
		a.t.Errorf("%s does not match %s: %v", body, name, err)
	}
}

// TestOpenAPIServedLikeTheAPI checks the description is itself readable
// from any origin and points every HSDS list at its HSDS schema.
func TestOpenAPIServedLikeTheAPI(t *testing.T) {
	a := newTestApp(t)
	res, _ := a.get("/api/openapi.json")
	if res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("ETag") == "" {
		t.Errorf("headers %v", res.Header)
	}
	_, raw := a.openAPI()
	var doc struct {
		OpenAPI string `json:"openapi"`
	}
	json.Unmarshal(raw, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	if !bytes.Contains(raw, []byte(hsdstest.BaseURL+"compiled/service.json")) {
		t.Error("the services do not refer to HSDS's service schema")
	}
}
