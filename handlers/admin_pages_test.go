package handlers

import (
	"regexp"
	"strings"
	"testing"
)

var auditProgramLinkRe = regexp.MustCompile(`<a href="/admin/programs/[^"/]+/edit(?:\?[^"]*)?">(.*?)</a>`)

// TestAuditLogNamesPrograms: each link of the audit log to a program is
// named after it, so links to different programs read differently
// (WCAG 2.4.4) and a row says which program it is about.
func TestAuditLogNamesPrograms(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	b := a.browser()
	b.login("mod@example.org")
	for _, lang := range []string{"en", "fr", "ar"} {
		_, body := b.get("/admin/audit?lang=" + lang)
		links := auditProgramLinkRe.FindAllStringSubmatch(body, -1)
		if len(links) != 6 { // the fixture's imports
			t.Fatalf("%s: %d program links, want 6", lang, len(links))
		}
		var names []string
		for _, m := range links {
			names = append(names, textOf(m[1]))
			if !strings.HasPrefix(m[1], "<bdi>") {
				t.Errorf("%s: the program's name is not isolated from the page's direction: %s", lang, m[0])
			}
		}
		for _, want := range []string{"Education First", "Youth Club North", "Parents' Café", "Exit Line", "Newcomer Circle", "Paid Workshop"} {
			if !strings.Contains(strings.Join(names, "|"), want) {
				t.Errorf("%s: no link named %q among %q", lang, want, names)
			}
		}
	}
}
