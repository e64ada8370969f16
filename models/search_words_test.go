package models

import (
	"net/url"
	"slices"
	"testing"
)

// What people type, in the directory's languages, finds what they mean.
// Each case here found nothing, or the wrong programs, until 2026-11-29.

// Arabic writes "and" (و) joined to the next word, and labels are full
// of it: "الآباء والأمهات والأسر" (fathers and mothers and families). A
// search for "الأمهات" (the mothers) found nothing.
func TestArabicAndJoinedToTheWord(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"والأمهات", "الأمهات"},
		{"والشباب", "الشباب"},
		{"والفتيات", "الفتيات"},
		{"الأسره", "الأسرة"}, // ta marbuta written as ha
	} {
		if x, y := stemIn("ar", c.a), stemIn("ar", c.b); x != y {
			t.Errorf("%s → %q, %s → %q: want the same stem", c.a, x, c.b, y)
		}
	}
	// "والدين" (parents) begins with the letters of "and the" but is one
	// word: it must not become "الدين" (the religion).
	if x, y := stemIn("ar", "والدين"), stemIn("ar", "الدين"); x == y {
		t.Errorf("والدين and الدين both stem to %q", x)
	}
	if got := foldWord("١٤"); got != "14" {
		t.Errorf("Arabic-Indic digits: %q", got)
	}

	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	for _, q := range []string{"الأمهات", "والأمهات"} {
		if got := searchIn(t, s, "ar", "q="+url.QueryEscape(q)); !slices.Contains(got, "Steunpunt voor gezinnen") {
			t.Errorf("ar %s: got %q, want the program for parents and families", q, got)
		}
	}
}
