// Package hsdstest validates documents against Open Referral's HSDS 3.0
// JSON schemas, with a real JSON Schema validator. The schemas are copied
// into testdata (CC BY-SA 4.0, see testdata/README.md), so tests need no
// folder outside the repository. Only tests import this package.
package hsdstest

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed testdata/*.json.gz
var files embed.FS

// BaseURL is where HSDS publishes its schemas; the copies are registered
// under the same addresses, so an OpenAPI description referring to them
// resolves offline.
const BaseURL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

// Kinds of document, each with its schema: the compiled schemas, and the
// taxonomy and taxonomy term schemas as the compiled service schema
// nests them.
const (
	Service                = "compiled/service.json"
	ServiceList            = "compiled/service_list.json"
	Organization           = "compiled/organization.json"
	OrganizationList       = "compiled/organization_list.json"
	ServiceAtLocation      = "compiled/service_at_location.json"
	ServiceAtLocationList  = "compiled/service_at_location_list.json"
	Taxonomy               = "taxonomy.json"
	TaxonomyTerm           = "taxonomy_term.json"
	taxonomyTermInService  = "/properties/attributes/items/properties/taxonomy_term"
	taxonomyInTaxonomyTerm = "/properties/taxonomy_detail"
)

// Schemas holds the compiled schemas.
type Schemas struct {
	byKind map[string]*jsonschema.Schema
}

var (
	once     sync.Once
	compiled *Schemas
	loadErr  error
)

// Load compiles the schemas once per test binary (they are megabytes).
func Load(t testing.TB) *Schemas {
	t.Helper()
	once.Do(func() { compiled, loadErr = compile() })
	if loadErr != nil {
		t.Fatalf("hsds schemas: %v", loadErr)
	}
	return compiled
}

func compile() (*Schemas, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := Register(c); err != nil {
		return nil, err
	}
	s := &Schemas{byKind: map[string]*jsonschema.Schema{}}
	for _, kind := range []string{Service, ServiceList, Organization, OrganizationList, ServiceAtLocation,
		ServiceAtLocationList, Taxonomy, TaxonomyTerm} {
		sch, err := c.Compile(BaseURL + kind)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", kind, err)
		}
		s.byKind[kind] = sch
	}
	return s, nil
}

// Register adds every schema to a compiler under its HSDS address.
func Register(c *jsonschema.Compiler) error {
	docs := map[string]any{}
	for _, kind := range []string{Service, ServiceList, Organization, OrganizationList, ServiceAtLocation, ServiceAtLocationList} {
		doc, err := Raw(kind)
		if err != nil {
			return err
		}
		docs[kind] = doc
	}
	term, err := pointer(docs[Service], taxonomyTermInService)
	if err != nil {
		return err
	}
	taxonomy, err := pointer(term, taxonomyInTaxonomyTerm)
	if err != nil {
		return err
	}
	docs[TaxonomyTerm], docs[Taxonomy] = term, taxonomy
	for kind, doc := range docs {
		if err := c.AddResource(BaseURL+kind, doc); err != nil {
			return fmt.Errorf("add %s: %w", kind, err)
		}
	}
	return nil
}

// Raw returns one of the copied schema files, parsed.
func Raw(kind string) (any, error) {
	b, err := RawBytes(kind)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// RawBytes returns one of the copied schema files as it came from HSDS.
func RawBytes(kind string) ([]byte, error) {
	name := "testdata/" + strings.TrimPrefix(kind, "compiled/") + ".gz"
	f, err := files.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("gunzip %s: %w", name, err)
	}
	return io.ReadAll(zr)
}

// pointer follows a JSON pointer of object keys.
func pointer(doc any, ptr string) (any, error) {
	cur := doc
	for _, key := range splitPointer(ptr) {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: %q is not inside an object", ptr, key)
		}
		if cur, ok = m[key]; !ok {
			return nil, fmt.Errorf("%s: no %q", ptr, key)
		}
	}
	return cur, nil
}

func splitPointer(ptr string) []string {
	var out []string
	start := 1
	for i := 1; i <= len(ptr); i++ {
		if i == len(ptr) || ptr[i] == '/' {
			out = append(out, ptr[start:i])
			start = i + 1
		}
	}
	return out
}

// Validate checks one document (JSON bytes or a Go value) against the
// schema of its kind and fails the test, naming what, on any violation.
func (s *Schemas) Validate(t testing.TB, kind, what string, doc any) {
	t.Helper()
	if err := s.Check(kind, doc); err != nil {
		t.Errorf("%s is not a valid HSDS %s: %v", what, kind, err)
	}
}

// Check is Validate returning the violation.
func (s *Schemas) Check(kind string, doc any) error {
	sch, ok := s.byKind[kind]
	if !ok {
		return fmt.Errorf("no schema %q", kind)
	}
	var b []byte
	switch d := doc.(type) {
	case []byte:
		b = d
	case json.RawMessage:
		b = d
	default:
		var err error
		if b, err = json.Marshal(doc); err != nil {
			return err
		}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return sch.Validate(inst)
}
