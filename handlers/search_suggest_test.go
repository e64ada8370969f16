package handlers

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A misspelt search offers the corrected one as a link, with the page's
// filters, order and language, the user's text escaped; the JSON search
// gives it as "suggestion".
func TestSearchSuggestsASpelling(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?q=Brimingham")
	contains(t, body, `<p class="suggestion" role="status"><a href="/programs?q=Birmingham">Did you mean “Birmingham”?</a></p>`)

	// The filters and the order stay, the page goes back to the first.
	_, body = a.get("/programs?q=radicalisaton&cost=paid&sort=name&page=2")
	contains(t, body, `<a href="/programs?cost=paid&amp;q=radicalisation&amp;sort=name">Did you mean “radicalisation”?</a>`)
	// A correction that finds nothing within the filters is not offered.
	if _, body = a.get("/programs?q=Brimingham&country=DE"); strings.Contains(body, `class="suggestion"`) {
		t.Errorf("a suggestion that finds nothing within the filters")
	}
	// The language stays, and the message is the language's.
	_, body = a.get("/programs?q=Brimingham&lang=fr")
	contains(t, body, `<a href="/programs?q=Birmingham&amp;lang=fr">Vouliez-vous dire`)
	// Only the word that found nothing is corrected; what the user
	// typed around it is shown escaped, never as markup.
	_, body = a.get("/programs?q=" + url.QueryEscape(`<script>pupils Brimingham`))
	if strings.Contains(body, "<script>") {
		t.Fatalf("the query came back as markup")
	}
	contains(t, body, `<a href="/programs?q=%3Cscript%3Epupils&#43;Birmingham">Did you mean “&lt;script&gt;pupils Birmingham”?</a>`)

	if l := a.search("q=Brimingham"); l.Suggestion != "Birmingham" || l.Total != 0 {
		t.Errorf("JSON: suggestion %q, total %d", l.Suggestion, l.Total)
	}
	// A search that finds programs suggests nothing.
	if _, body = a.get("/programs?q=Birmingham"); strings.Contains(body, `class="suggestion"`) {
		t.Errorf("a suggestion for a search that finds programs")
	}
	if _, body = a.get("/api/v1/programs?q=Birmingham"); strings.Contains(body, `"suggestion"`) {
		t.Errorf("JSON: a suggestion for a search that finds programs: %s", body)
	}
}

// TestAPISuggestionKeepsTheAgeOfTheWords: the JSON search reads an age
// among the words as its age filter, and suggests a spelling within it;
// followed as q, as the answer says to, the suggestion is the same
// search corrected, the age still read from it, not a search of every
// age.
func TestAPISuggestionKeepsTheAgeOfTheWords(t *testing.T) {
	a := newFixtureApp(t)
	for _, q := range []string{"Brimingham under 18", "Brimingham 16-18", "under 18 Brimingham"} {
		l := a.search("q=" + url.QueryEscape(q))
		if l.Suggestion == "" || l.Age == nil {
			t.Fatalf("%q: suggestion %q, age %v", q, l.Suggestion, l.Age)
		}
		followed := a.search("q=" + url.QueryEscape(l.Suggestion))
		if followed.Age == nil || *followed.Age != *l.Age || followed.AgeWords != l.AgeWords {
			t.Errorf("%q: suggestion %q reads age %v (%q), the search read %d (%q)", q, l.Suggestion, followed.Age, followed.AgeWords, *l.Age, l.AgeWords)
		}
		want := a.search("q=Birmingham&age=" + strconv.Itoa(*l.Age))
		if !slices.Equal(itemNames(followed), itemNames(want)) {
			t.Errorf("%q: suggestion %q finds %v, Birmingham at age %d %v", q, l.Suggestion, itemNames(followed), *l.Age, itemNames(want))
		}
	}
}
