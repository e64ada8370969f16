package main

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"testing"

	"pathways/models"
	"pathways/templates"
)

// TestSearchHelpExamplesFindDemoPrograms: the words the search box
// suggests under it ("For example: mentoring, family counselling, exit,
// or a city") each find programs of the demo directory, searched in the
// page's language. The Dutch help once suggested "gezinsbegeleiding",
// which found nothing: a practitioner's first try came back empty.
func TestSearchHelpExamplesFindDemoPrograms(t *testing.T) {
	ctx := context.Background()
	_, store := demoDirectory(t)
	tax, err := store.Taxonomies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(templates.FS, "locales/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogues: %v", err)
	}
	for _, f := range files {
		lang := strings.TrimSuffix(path.Base(f), ".json")
		b, err := fs.ReadFile(templates.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatal(err)
		}
		help, _ := msgs["search.help"].(string)
		sep, _ := msgs["list.separator"].(string)
		examples := helpExamples(help, sep)
		if len(examples) < 2 {
			t.Errorf("%s: cannot read the examples of %q", lang, help)
			continue
		}
		for _, ex := range examples {
			params := models.ParseSearchParams(url.Values{"q": {ex}}, tax).InLanguage(lang)
			res, err := store.SearchPrograms(ctx, params)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total == 0 {
				t.Errorf("%s: the search help suggests %q, which finds no demo program", lang, ex)
			}
		}
	}
}

// helpExamples returns the words a search help suggests: what follows its
// colon, split on the language's list separator, without the last item
// ("or a city", or "exit or a city" where the language puts no comma
// before its "or"), which is an invitation, not a word to type.
func helpExamples(help, sep string) []string {
	_, list, ok := strings.Cut(help, ":")
	if !ok || strings.TrimSpace(sep) == "" {
		return nil
	}
	items := strings.Split(list, strings.TrimSpace(sep))
	var out []string
	for _, it := range items[:len(items)-1] {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}
