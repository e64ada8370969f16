package handlers

import (
	"net/url"
	"strings"
	"testing"
)

// TestProgramPageNamesItsLanguagesAsAList: the details of a program list
// its languages under "Languages", as the form and the review page do, not
// under the search filter's singular "Language" ("Sprache: Deutsch,
// Englisch").
func TestProgramPageNamesItsLanguagesAsAList(t *testing.T) {
	a := newFixtureApp(t)
	for _, c := range []struct{ path, want string }{
		{"/programs/exit-line?lang=en", "<dt>Languages</dt><dd>English, German</dd>"},
		{"/programs/exit-line?lang=de", "<dt>Sprachen</dt><dd>Deutsch, Englisch</dd>"},
		{"/programs/exit-line?lang=nl", "<dt>Talen</dt><dd>Duits, Engels</dd>"},
		{"/programs/exit-line/print?lang=de", "<dt>Sprachen</dt>"},
	} {
		if _, body := a.get(c.path); !strings.Contains(body, c.want) {
			t.Errorf("%s lacks %s", c.path, c.want)
		}
	}
}

// TestSubmittedAgesAreWrittenOut: the tracking and review pages show a
// submission's ages as the listing will ("12 bis 18 Jahre", "Ab 12
// Jahren"), not as bare numbers around a dash ("12–18", or "12–" when
// there is no maximum).
func TestSubmittedAgesAreWrittenOut(t *testing.T) {
	a := newTestApp(t)
	ngo := a.browser()
	both := ngo.submit(validSubmission("Harbour Mentors"))
	form := validSubmission("Harbour Seniors")
	form.Del("age_max")
	from := ngo.submit(form)
	for _, c := range []struct{ path, want string }{
		{both + "?lang=de", "12 bis 18 Jahre"},
		{both + "?lang=nl", "12 tot 18 jaar"},
		{both + "?lang=en", "12 to 18 years"},
		{from + "?lang=de", "Ab 12 Jahren"},
		{from + "?lang=nl", "Vanaf 12 jaar"},
	} {
		_, body := ngo.get(c.path)
		text := textOf(body)
		if !strings.Contains(text, c.want) {
			t.Errorf("%s lacks %q", c.path, c.want)
		}
		if strings.Contains(text, "12–") {
			t.Errorf("%s writes the ages as bare numbers: %q", c.path, "12–")
		}
	}
	mod := a.moderator()
	_, body := mod.get("/admin/submissions/" + mod.firstInQueue() + "?lang=de")
	if !strings.Contains(textOf(body), "12 bis 18 Jahre") {
		t.Error("the review page does not write the ages out")
	}
}

// TestQueueCountsReadNaturally: the kinds of the queue say how many
// items wait as the page's language counts ("(1 offen)", not "(1
// wartend)"), and an empty queue says only that there is nothing to
// review, not "0 Vorgänge, die ältesten zuerst" above it.
func TestQueueCountsReadNaturally(t *testing.T) {
	a := newTestApp(t)
	mod := a.moderator()
	_, body := mod.get("/admin?lang=de")
	text := textOf(body)
	if !strings.Contains(text, "Hier gibt es nichts zu prüfen.") || strings.Contains(text, "0 Vorgänge") {
		t.Errorf("empty German queue: %.300s", text)
	}
	a.browser().submit(validSubmission("Harbour Mentors"))
	for lang, want := range map[string]string{"de": "Neuer Eintrag (1 offen)", "nl": "Nieuwe vermelding (1 open)", "en": "New listing (1 waiting)"} {
		_, body := mod.get("/admin?lang=" + lang)
		if !strings.Contains(textOf(body), want) {
			t.Errorf("%s queue lacks %q", lang, want)
		}
	}
}

// TestErrorSummaryAfterAQuestion: the report form's field is a question
// ("Wat klopt er niet?"); its line in the error summary reads "Wat klopt
// er niet? Dit veld is verplicht.", not "Wat klopt er niet?: …".
func TestErrorSummaryAfterAQuestion(t *testing.T) {
	a := newFixtureApp(t)
	b := a.browser()
	for lang, want := range map[string]string{
		"nl": "Wat klopt er niet? Dit veld is verplicht.",
		"de": "Was stimmt nicht? Dies ist ein Pflichtfeld.",
		"en": "What is wrong? This is required.",
	} {
		path := "/programs/education-first/report?lang=" + lang
		b.get(path)
		_, body := b.post(path, url.Values{"report_text": {""}})
		text := textOf(body)
		if !strings.Contains(text, want) || strings.Contains(text, "?:") {
			t.Errorf("%s: the error summary lacks %q", lang, want)
		}
	}
	// Any other label keeps its colon.
	_, body := b.post("/programs/education-first/report?lang=de", url.Values{"report_text": {"x"}, "report_email": {"nope"}})
	if !strings.Contains(textOf(body), "Ihre E-Mail-Adresse: Geben Sie") {
		t.Error("a label that is not a question lost its colon")
	}
}

// TestQueueStateFilterNamesReportsStates: with reports chosen, the state
// filter says what a report's decisions are called everywhere else
// ("Resolved", "Dismissed"), not a listing's "Approved", "Rejected".
func TestQueueStateFilterNamesReportsStates(t *testing.T) {
	a := newTestApp(t)
	mod := a.moderator()
	_, body := mod.get("/admin?kind=report")
	contains(t, body, `&amp;state=approved">Resolved</a>`, `&amp;state=rejected">Dismissed</a>`)
	_, body = mod.get("/admin?kind=new")
	contains(t, body, `&amp;state=approved">Approved</a>`, `&amp;state=rejected">Rejected</a>`)
}
