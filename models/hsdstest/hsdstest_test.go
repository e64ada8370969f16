package hsdstest

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestSchemasMatchShared checks that the copies in testdata are still the
// schemas in ../shared/hsds (a sibling of the repository), so an update
// there is not silently ignored. Locally a missing shared folder skips;
// in CI (CI=true) it fails.
func TestSchemasMatchShared(t *testing.T) {
	dir, err := sharedSchemaDir()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %v", err)
		}
		t.Skipf("%v: nothing to compare the testdata copies with", err)
	}
	for _, kind := range []string{Service, ServiceList, Organization, OrganizationList, ServiceAtLocation, ServiceAtLocationList} {
		want, err := os.ReadFile(filepath.Join(dir, kind))
		if err != nil {
			t.Fatal(err)
		}
		got, err := RawBytes(kind)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/%s.gz differs from %s: copy it again (gzip -9n)", filepath.Base(kind), filepath.Join(dir, kind))
		}
	}
}

// sharedSchemaDir finds ../shared/hsds/schema next to the repository root
// (the directory holding go.mod).
func sharedSchemaDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared", "hsds", "schema")
	if _, err := os.Stat(shared); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errors.New("the shared folder " + shared + " is missing")
		}
		return "", err
	}
	return shared, nil
}

// TestSchemasReject makes sure the validator is not vacuous: it accepts
// HSDS's minimal service and refuses broken ones.
func TestSchemasReject(t *testing.T) {
	s := Load(t)
	good := map[string]any{"id": "ac148810-d857-441c-9679-408f346de14b", "name": "n", "status": "active"}
	if err := s.Check(Service, good); err != nil {
		t.Fatalf("minimal service refused: %v", err)
	}
	for name, doc := range map[string]map[string]any{
		"id not a uuid":   {"id": "x", "name": "n", "status": "active"},
		"no status":       {"id": good["id"], "name": "n"},
		"unknown status":  {"id": good["id"], "name": "n", "status": "open"},
		"empty url":       {"id": good["id"], "name": "n", "status": "active", "url": ""},
		"address missing": {"id": good["id"], "name": "n", "status": "active", "service_at_locations": []any{map[string]any{"id": good["id"], "location": map[string]any{"id": good["id"], "location_type": "physical", "addresses": []any{map[string]any{"id": good["id"], "city": "x"}}}}}},
	} {
		if s.Check(Service, doc) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
