package models

import (
	"encoding/json"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"pathways/templates"
)

// translatedLabels holds the taxonomy labels of every catalogue language
// but English (whose labels are in the database): taxonomy/slug →
// language → label. They are read once from the embedded catalogues
// (templates/locales, keys "tax.<taxonomy>.<slug>"), so the search index
// holds the same labels whoever writes it: the server or the command line.
var translatedLabels = sync.OnceValue(func() map[string]map[string]string {
	out := map[string]map[string]string{}
	files, _ := fs.Glob(templates.FS, "locales/*.json")
	sort.Strings(files)
	for _, f := range files {
		lang := strings.TrimSuffix(path.Base(f), ".json")
		if lang == "en" {
			continue
		}
		b, err := fs.ReadFile(templates.FS, f)
		if err != nil {
			continue
		}
		var msgs map[string]any
		if json.Unmarshal(b, &msgs) != nil {
			continue
		}
		for k, v := range msgs {
			label, ok := v.(string)
			if !ok || !strings.HasPrefix(k, "tax.") || strings.HasSuffix(k, ".desc") {
				continue
			}
			key := strings.TrimPrefix(k, "tax.")
			i := strings.IndexByte(key, '.')
			if i < 0 {
				continue
			}
			key = key[:i] + "/" + key[i+1:]
			if out[key] == nil {
				out[key] = map[string]string{}
			}
			out[key][lang] = label
		}
	}
	return out
})

// labelsIn returns the analysed labels of a term in every language: the
// English one from the database, the others from the catalogues, each
// stemmed in its own language.
func labelsIn(tax *Taxonomies, taxonomy, slug string) []string {
	var out []string
	if t, ok := tax.Term(taxonomy, slug); ok {
		out = append(out, analyzeText(t.Label))
	}
	tr := translatedLabels()[taxonomy+"/"+slug]
	langs := make([]string, 0, len(tr))
	for l := range tr {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		out = append(out, analyzeTextIn(AnalysisLanguage(l), tr[l]))
	}
	return out
}
