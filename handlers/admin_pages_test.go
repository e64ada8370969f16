package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"pathways/models"
	"pathways/templates"
)

var auditProgramLinkRe = regexp.MustCompile(`<a href="/admin/programs/[^"/]+/edit(?:\?[^"]*)?">(.*?)</a>`)

// TestAuditLogNamesPrograms: each link of the audit log to a program is
// named after it, so links to different programs read differently
// (WCAG 2.4.4) and a row says which program it is about.
func TestAuditLogNamesPrograms(t *testing.T) {
	a := newFixtureApp(t)
	b := a.moderator()
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

// TestAuditWordsInThePagesLanguage: what the application itself wrote in
// the audit log (actors without an account, an unknown account, the
// reasons it gives) is shown in the page's language, on the audit log and
// in a submission's history; a moderator's words are shown as written.
func TestAuditWordsInThePagesLanguage(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator") // added by the importer
	if _, err := a.store.CreateUser(t.Context(), models.ActorCommandLine, "cli@example.org", "correct horse battery", "admin"); err != nil {
		t.Fatal(err)
	}
	ngo, mod, reporter := a.browser(), a.browser(), a.browser()
	ngo.submit(validSubmission("Harbour Mentors"))
	reporter.report(url.Values{"report_text": {"The phone number no longer works."}})
	mod.get("/admin/login")
	mod.post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {"correct horse battery"}})
	mod.login("mod@example.org")
	id := mod.firstInQueue()
	if res, _ := mod.decide(id, "approve", ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	l := a.search("q=education")
	mod.get("/admin/programs/" + l.Items[0].ID + "/edit")
	mod.post("/admin/programs/"+l.Items[0].ID+"/verify", nil)
	mod.post("/admin/programs/"+l.Items[0].ID+"/archive", url.Values{"reason": {"submission 1"}}) // a moderator's words

	for _, c := range []struct {
		lang   string
		wants  []string
		review []string
	}{
		{"fr", []string{"<td>Auteur de la proposition</td>", "<td>Import</td>", "<td>Anonyme</td>", "<td>Ligne de commande</td>",
			"(compte inconnu)", "Issu de la proposition " + id, "<td>Nouvelle fiche</td>", "<td>28 novembre 2026</td>", "<bdi>submission 1</bdi>"},
			[]string{"Proposition envoyée (<bdi>Auteur de la proposition</bdi>) → En attente d&#39;examen\u00a0: Nouvelle fiche"}},
		{"ar", []string{"<td>مقدّم الطلب</td>", "<td>الاستيراد</td>", "<td>مجهول</td>", "<td>سطر الأوامر</td>",
			"(حساب غير معروف)", "من الطلب " + id, "<td>بطاقة جديدة</td>", "<td>28 نوفمبر 2026</td>", "<bdi>submission 1</bdi>"},
			[]string{"(<bdi>مقدّم الطلب</bdi>)", "بطاقة جديدة"}},
	} {
		_, body := mod.get("/admin/audit?lang=" + c.lang)
		contains(t, body, c.wants...)
		for _, english := range []string{"<td>submitter</td>", "<td>importer</td>", "<td>anonymous</td>", "<td>command line</td>",
			"(unknown account)", "<td>submission " + id + "</td>", "<td>new</td>", "<td>2026-11-28</td>"} {
			if strings.Contains(body, english) {
				t.Errorf("%s audit log shows %q", c.lang, english)
			}
		}
		_, body = mod.get("/admin/submissions/" + id + "?lang=" + c.lang)
		contains(t, body, c.review...)
		if strings.Contains(body, "(submitter)") || strings.Contains(body, "(<bdi>submitter</bdi>)") || strings.Contains(body, "<q>new</q>") {
			t.Errorf("%s history shows the stored English words", c.lang)
		}
	}
}

// TestAuditReasonTellsWordsFromValues: a moderator's message that looks
// like a value the application writes stays as the moderator wrote it.
func TestAuditReasonTellsWordsFromValues(t *testing.T) {
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	l := cat.Localizer("fr")
	for _, c := range []struct {
		action, reason string
		want           AuditReason
	}{
		{"submission.create", "update", AuditReason{Text: "Mise à jour"}},
		{"submission.reject", "update", AuditReason{Text: "update", Own: true}},
		{"program.update", "submission 12", AuditReason{Text: "Issu de la proposition 12"}},
		{"program.archive", "submission 12", AuditReason{Text: "submission 12", Own: true}},
		{"program.publish", "submission twelve", AuditReason{Text: "submission twelve", Own: true}},
		{"program.import_update", "hsds", AuditReason{Text: "Import Open Referral (HSDS)"}},
		{"program.verify", "2026-03-10", AuditReason{Text: "10 mars 2026"}},
		{"submission.approve", "", AuditReason{}},
	} {
		if got := l.AuditReason(models.AuditEvent{Action: c.action, Reason: c.reason}); got != c.want {
			t.Errorf("%s %q: %+v, want %+v", c.action, c.reason, got, c.want)
		}
	}
}

var diffRowRe = regexp.MustCompile(`(?s)<tr class="(changed|same)">\s*<th scope="row">(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>`)

// reviewDiff reads the review page's diff: field label → changed, live
// value, proposed value, as read.
func reviewDiff(t *testing.T, body string) map[string][3]string {
	t.Helper()
	out := map[string][3]string{}
	for _, m := range diffRowRe.FindAllStringSubmatch(body, -1) {
		label := strings.TrimSpace(regexp.MustCompile(`(?s)<span class="badge">.*?</span>`).ReplaceAllString(m[2], ""))
		out[textOf(label)] = [3]string{m[1], textOf(m[3]), textOf(m[4])}
	}
	if len(out) == 0 {
		t.Fatalf("no diff on the review page")
	}
	return out
}

// TestReviewDiffInThePagesLanguage: the diff of an update names taxonomy
// terms, languages, countries, evidence and a confidential location in
// the page's language, never by slug or code, and still tells a changed
// value from an unchanged one.
func TestReviewDiffInThePagesLanguage(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	anyone, mod := a.browser(), a.browser()
	anyone.get("/programs/exit-line/suggest")
	form := validSubmission("Exit Line")
	form.Set("organization", "Org D")
	form.Set("themes", "exit-work") // one of two themes kept
	form.Set("delivery", "online")  // unchanged
	if res, body := anyone.post("/programs/exit-line/suggest", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("suggest: %d\n%s", res.StatusCode, body)
	}
	mod.login("mod@example.org")
	id := mod.firstInQueue()
	for _, c := range []struct {
		lang string
		want map[string][3]string
	}{
		{"fr", map[string][3]string{
			"Thèmes":               {"changed", "Sortie de l'extrémisme et désengagement, Lignes d'écoute et centres d'aide", "Sortie de l'extrémisme et désengagement"},
			"Public":               {"changed", "Personnes qui quittent l'extrémisme", "Jeunes"},
			"Niveau de prévention": {"changed", "Prévention tertiaire (sortie de l'extrémisme)", "Prévention primaire (universelle)"},
			"Langues":              {"changed", "allemand, anglais", "anglais, arabe"},
			"Modalité":             {"same", "En ligne", "En ligne"},
			"Coût":                 {"same", "Gratuit", "Gratuit"},
			"Évaluation":           {"changed", "Évaluation validée par des pairs", "Pas encore évalué"},
			"Lieux":                {"changed", "Berlin, Berlin, Allemagne", "9 Hidden Lane, Leeds, Royaume-Uni (adresse confidentielle)"},
		}},
		{"ar", map[string][3]string{
			"المجالات": {"changed", "الخروج من التطرف وفك الارتباط، خطوط المساعدة ومراكز الاستشارة", "الخروج من التطرف وفك الارتباط"},
			"التكلفة":  {"same", "مجاني", "مجاني"},
			"المواقع":  {"changed", "Berlin, Berlin، ألمانيا", "9 Hidden Lane, Leeds، المملكة المتحدة (العنوان سري)"},
		}},
	} {
		_, body := mod.get("/admin/submissions/" + id + "?lang=" + c.lang)
		got := reviewDiff(t, body)
		for field, want := range c.want {
			if got[field] != want {
				t.Errorf("%s: %s = %q, want %q", c.lang, field, got[field], want)
			}
		}
		for field, row := range got {
			for _, raw := range []string{"exit-work", "helplines", "tertiary", "primary", "people-leaving-extremism", "young-people",
				"online", "free", "peer_reviewed", "not_evaluated", "(confidential)", ", DE", ", GB", "de, en", "en, ar"} {
				if strings.Contains(row[1]+" | "+row[2], raw) {
					t.Errorf("%s: %s shows %q: %q", c.lang, field, raw, row)
				}
			}
		}
	}
}

// TestReviewPageSpeaksToTheModerator: the review page names the
// submitter and the reporter in the third person, not with the words the
// submitter reads on their own tracking page ("Your name").
func TestReviewPageSpeaksToTheModerator(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	ngo, reporter, mod := a.browser(), a.browser(), a.browser()
	form := validSubmission("Harbour Mentors")
	form.Set("submitter_org", "Harbour Trust")
	ngo.submit(form)
	reporter.report(url.Values{"report_text": {"The phone number no longer works."}, "report_email": {"rita@example.org"}})
	mod.login("mod@example.org")
	_, body := mod.get("/admin?kind=new")
	newID := queueIDRe.FindStringSubmatch(body)[1]
	_, body = mod.get("/admin?kind=report")
	reportID := queueIDRe.FindStringSubmatch(body)[1]
	for _, c := range []struct {
		lang               string
		submission, report []string
		not                []string
	}{
		{"en", []string{"Submitted content", "Submitter's name", "Submitter's organization", "Submitter's e-mail"},
			[]string{"Reporter's e-mail: rita@example.org"}, []string{"What you submitted", "Your name", "Your organization", "Your e-mail"}},
		{"fr", []string{"Contenu proposé", "Nom de l'auteur de la proposition", "Organisation de l'auteur de la proposition", "E-mail de l'auteur de la proposition"},
			[]string{"E-mail de la personne qui a fait le signalement\u00a0: rita@example.org"}, []string{"Ce que vous avez envoyé", "Votre nom", "Votre organisation", "Votre e-mail"}},
		{"ar", []string{"المحتوى المُرسَل", "اسم مقدّم الطلب", "جهة مقدّم الطلب", "البريد الإلكتروني لمقدّم الطلب"},
			[]string{"البريد الإلكتروني لمقدّم البلاغ: rita@example.org"}, []string{"ما أرسلته", "اسمك", "جهتك", "بريدك الإلكتروني"}},
	} {
		_, body := mod.get("/admin/submissions/" + newID + "?lang=" + c.lang)
		_, report := mod.get("/admin/submissions/" + reportID + "?lang=" + c.lang)
		contains(t, textOf(body), c.submission...)
		contains(t, textOf(report), c.report...)
		contains(t, report, `<bdi dir="ltr">rita@example.org</bdi>`)
		for _, bad := range c.not {
			if strings.Contains(textOf(body), bad) || strings.Contains(textOf(report), bad) {
				t.Errorf("%s review page says %q", c.lang, bad)
			}
		}
	}
}

// TestDismissAReportWithoutAMessage: the form of a report asks for an
// optional note and says who reads it (nobody outside the moderators); a
// report is dismissed without one, and the flash does not promise that
// someone will see it.
func TestDismissAReportWithoutAMessage(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	reporter, mod := a.browser(), a.browser()
	reporter.report(url.Values{"report_text": {"The phone number no longer works."}})
	mod.login("mod@example.org")
	id := mod.firstInQueue()
	for lang, want := range map[string][]string{
		"fr": {"Note (facultative)", "La personne qui a fait le signalement ne la voit pas."},
		"ar": {"ملاحظة (اختيارية)", "ولا يراها من قدّم البلاغ"},
	} {
		_, body := mod.get("/admin/submissions/" + id + "?lang=" + lang)
		contains(t, textOf(body), want...)
		for _, wrong := range []string{"sur sa page de suivi", "في صفحة المتابعة"} {
			if strings.Contains(body, wrong) {
				t.Errorf("%s: the report's form says %q", lang, wrong)
			}
		}
	}
	res, _ := mod.decide(id, "reject?lang=fr", "")
	if location(t, res) != "/admin/submissions/"+id+"?lang=fr" { // the language chosen with ?lang kept (seeOther)
		t.Fatalf("dismiss without a message went to %s", location(t, res))
	}
	_, body := mod.get("/admin/submissions/" + id + "?lang=fr")
	contains(t, textOf(body), "Signalement classé sans suite.", "Signalement · Classé sans suite") // the state a report has, named as such
	if strings.Contains(textOf(body), "verra votre message") {
		t.Error("the flash of a dismissed report promises that someone sees the message")
	}

	// A decided item's message is headed for the moderator: a report's
	// note as a note, a message to a submitter as such.
	reporter.post("/programs/education-first/report", url.Values{"report_text": {"The address is wrong."}})
	mod.decide(mod.firstInQueue(), "reject", "Checked: the number works.")
	a.browser().submit(validSubmission("Harbour Mentors"))
	sub := mod.firstInQueue()
	mod.decide(sub, "request-changes", "Add an age range.")
	for path, want := range map[string]string{
		"/admin/submissions/" + itoa(mustAtoi(t, id)+1): "Note (facultative) Checked: the number works.",
		"/admin/submissions/" + sub:                     "Message à l'auteur de la proposition Add an age range.",
	} {
		_, body := mod.get(path + "?lang=fr")
		contains(t, textOf(body), want)
		if strings.Contains(textOf(body), "Message de l'équipe de modération") {
			t.Errorf("%s: the moderator's message is headed as for the submitter", path)
		}
	}
}

func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNamesKeepTheirOwnDirection: on a right-to-left page, a name typed
// in a left-to-right script is isolated (<bdi>) wherever it stands beside
// the page's own text, so "Brückenwerk Berlin e.V." does not read
// ".Brückenwerk Berlin e.V"; the parts of a location shown in the page's
// language are joined with its separator.
func TestNamesKeepTheirOwnDirection(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	ngo, mod := a.browser(), a.browser()
	form := validSubmission("Brückenwerk Mentoring")
	form.Set("organization", "Brückenwerk Berlin e.V.")
	form.Set("contact_name", "Jana Weiß M.A.")
	form.Set("loc0_region", "West Yorkshire")
	for k, v := range map[string]string{"loc1_address": "Rue de la Loi 16", "loc1_postal_code": "1000", "loc1_city": "Brussels",
		"loc1_region": "Brussels-Capital Region", "loc1_country": "BE"} {
		form.Set(k, v)
	}
	ngo.submit(form)
	mod.login("mod@example.org")
	id := mod.firstInQueue()
	for _, lang := range []string{"ar", "fr"} {
		_, body := mod.get("/admin?lang=" + lang)
		contains(t, body, `<a href="/admin/submissions/`+id+`?lang=`+lang+`"><bdi>Brückenwerk Mentoring</bdi></a>`)
		_, body = mod.get("/admin/submissions/" + id + "?lang=" + lang)
		contains(t, body, `<h1><bdi>Brückenwerk Mentoring</bdi></h1>`)
	}
	if res, _ := mod.decide(id, "approve", ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	l := a.search("q=brückenwerk")
	if l.Total != 1 {
		t.Fatalf("the approved program is not found: %d", l.Total)
	}
	for lang, wants := range map[string][]string{
		"ar": {`<bdi>Leeds, West Yorkshire</bdi>، المملكة المتحدة`, `<bdi>Rue de la Loi 16</bdi><br>`, `<bdi>1000 Brussels, Brussels-Capital Region</bdi><br>`},
		"fr": {`<bdi>Leeds, West Yorkshire</bdi>, Royaume-Uni`, `<bdi>Rue de la Loi 16</bdi><br>`, `<bdi>1000 Brussels, Brussels-Capital Region</bdi><br>`},
	} {
		_, body := mod.get("/admin/programs?lang=" + lang)
		contains(t, body, `/edit?lang=`+lang+`"><bdi>Brückenwerk Mentoring</bdi></a></td><td><bdi>Brückenwerk Berlin e.V.</bdi></td>`)
		_, body = a.get("/programs/" + l.Items[0].Slug + "?lang=" + lang)
		contains(t, body, `<dd><bdi>Brückenwerk Berlin e.V.</bdi></dd>`, `<dd><bdi>Jana Weiß M.A.</bdi></dd>`)
		contains(t, body, wants...)
	}
}

// TestAdminTablesScrollInARegion: on a narrow screen a wide table scrolls
// inside a region named by its caption, which the keyboard can reach; the
// table itself keeps its table display, and so its semantics.
func TestAdminTablesScrollInARegion(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("admin@example.org", "admin")
	a.browser().submit(validSubmission("Harbour Mentors")) // something in the queue
	b := a.browser()
	b.login("admin@example.org")
	for _, path := range []string{"/admin", "/admin/programs", "/admin/audit", "/admin/users"} {
		_, body := b.get(path)
		contains(t, body, `<div class="table-scroll" role="region" tabindex="0" aria-labelledby="table-caption">`, `<caption class="visually-hidden" id="table-caption">`)
	}
	_, css := b.get("/static/v/style.css")
	if strings.Contains(css, "table.data { display: block") || !strings.Contains(css, ".table-scroll { overflow-x: auto; }") {
		t.Error("the table itself is made to scroll")
	}
}

// TestResolvedReportIsNamedSo: a problem report marked as resolved reads
// "Resolved", not "Approved", in the queue, on its page and in the flash.
func TestResolvedReportIsNamedSo(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	anyone, mod := a.browser(), a.browser()
	anyone.report(url.Values{"report_text": {"The phone number is wrong."}})
	mod.login("mod@example.org")
	id := mod.firstInQueue()
	mod.decide(id, "approve", "")
	_, body := mod.get("/admin/submissions/" + id)
	contains(t, textOf(body), "Report marked as resolved.", "Problem report · Resolved", "→ Resolved")
	_, body = mod.get("/admin?state=approved")
	contains(t, body, "<td>Resolved</td>")
	if strings.Contains(body, "<td>Approved</td>") {
		t.Error("the resolved report reads Approved in the queue")
	}
}

// TestAuditLogNamesReportDecisions: a problem report is resolved or
// dismissed, not approved or rejected, on the audit log and in its
// history, in every language; a listing's decisions keep their names.
func TestAuditLogNamesReportDecisions(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	ngo, reporter, mod := a.browser(), a.browser(), a.browser()
	ngo.submit(validSubmission("Harbour Mentors"))
	reporter.report(url.Values{"report_text": {"The phone number no longer works."}})
	reporter.report(url.Values{"report_text": {"Spam, please ignore."}})
	mod.login("mod@example.org")
	id := func(kind string, n int) string {
		items, _, err := a.store.Queue(t.Context(), models.QueueFilter{Kind: kind})
		if err != nil || len(items) <= n {
			t.Fatalf("queue of %s: %d, %v", kind, len(items), err)
		}
		slices.SortFunc(items, func(x, y models.QueueItem) int { return int(x.ID - y.ID) })
		return strconv.FormatInt(items[n].ID, 10)
	}
	listing, resolved, dismissed := id(models.KindNew, 0), id(models.KindReport, 0), id(models.KindReport, 1)
	for _, d := range []struct{ id, action, message string }{
		{listing, "reject", "Not a prevention program."}, {resolved, "approve", ""}, {dismissed, "reject", "Spam."}} {
		if res, _ := mod.decide(d.id, d.action, d.message); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s %s: %d", d.action, d.id, res.StatusCode)
		}
	}
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	rowRe := func(id string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)<tr><td>[^<]*</td><td>mod@example.org</td><td>([^<]*)</td>\s*<td><a href="/admin/submissions/` + id + `(?:\?[^"]*)?">.*?</a></td>\s*<td>([^<]*)</td>`)
	}
	for _, lang := range []string{"en", "fr", "nl", "de", "ar"} {
		l := cat.Localizer(lang)
		arrow := func(to string) string {
			return htmlEscape(l.T("state.pending") + " " + l.T("audit.arrow") + " " + to)
		}
		_, body := mod.get("/admin/audit?lang=" + lang)
		for _, c := range []struct{ id, action, change string }{
			{listing, l.T("audit.submission.reject"), l.T("state.rejected")},
			{resolved, l.T("audit.report.resolve"), l.T("state.report.approved")},
			{dismissed, l.T("audit.report.dismiss"), l.T("state.report.rejected")},
		} {
			m := rowRe(c.id).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no decision on submission %s in the audit log", lang, c.id)
			}
			if m[1] != htmlEscape(c.action) || m[2] != arrow(c.change) {
				t.Errorf("%s: submission %s reads %q, %q; want %q, %q", lang, c.id, m[1], m[2], htmlEscape(c.action), arrow(c.change))
			}
		}
		_, body = mod.get("/admin/submissions/" + dismissed + "?lang=" + lang)
		contains(t, body, htmlEscape(l.T("audit.report.dismiss"))+" (<bdi>mod@example.org</bdi>)")
		if strings.Contains(body, htmlEscape(l.T("audit.submission.reject"))+" (") {
			t.Errorf("%s: the report's history says it was rejected", lang)
		}
	}
}

var submitterNameRe = regexp.MustCompile(`<dd>([^<]*)</dd>`)

// TestImportSubmitterInThePagesLanguage: a queued import's submitter,
// stored as "Import", is shown in the moderator's language on the review
// page, and "Who" on the audit log; a person who calls themselves
// "Import" is shown as they wrote it.
func TestImportSubmitterInThePagesLanguage(t *testing.T) {
	a := newTestApp(t)
	a.addUser("mod@example.org", "moderator")
	if _, err := a.store.QueueDrafts(t.Context(), []models.ProgramDraft{{Name: "Harbour Mentors", Organization: "Org",
		Summary: "Weekly mentoring", Themes: []string{"education"}, Audiences: []string{"children"},
		Locations: []models.LocationDraft{{City: "Gent", Country: "BE"}}}}, "programs.csv"); err != nil {
		t.Fatal(err)
	}
	person := validSubmission("Quiet Harbour")
	person.Set("submitter_name", models.ImportSubmitter)
	a.browser().submit(person)
	items, _, err := a.store.Queue(t.Context(), models.QueueFilter{})
	if err != nil || len(items) != 2 {
		t.Fatalf("queue: %d, %v", len(items), err)
	}
	byName := map[string]string{}
	for _, it := range items {
		byName[it.Draft.Name] = strconv.FormatInt(it.ID, 10)
	}
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	mod := a.browser()
	mod.login("mod@example.org")
	for _, lang := range []string{"en", "fr", "nl", "de", "ar"} {
		l := cat.Localizer(lang)
		submitter := func(body string) string {
			_, after, _ := strings.Cut(body, htmlEscape(l.T("review.submitter_name"))+"</dt>")
			m := submitterNameRe.FindStringSubmatch(after)
			if m == nil {
				t.Fatalf("%s: no submitter's name", lang)
			}
			return m[1]
		}
		_, body := mod.get("/admin/submissions/" + byName["Harbour Mentors"] + "?lang=" + lang)
		if got, want := submitter(body), htmlEscape(l.T("review.submitter_import")); got != want {
			t.Errorf("%s: the import's submitter reads %q, want %q", lang, got, want)
		}
		if strings.Contains(body, `<dd dir="ltr"></dd>`) {
			t.Errorf("%s: an empty e-mail address is shown", lang)
		}
		_, body = mod.get("/admin/submissions/" + byName["Quiet Harbour"] + "?lang=" + lang)
		if got := submitter(body); got != models.ImportSubmitter {
			t.Errorf("%s: a person called Import reads %q", lang, got)
		}
		_, body = mod.get("/admin/audit?lang=" + lang)
		contains(t, body, "<td>"+htmlEscape(l.T("audit.actor.importer"))+"</td><td>"+htmlEscape(l.T("audit.submission.create"))+"</td>")
	}
	if _, body := mod.get("/admin/submissions/" + byName["Harbour Mentors"] + "?lang=ar"); strings.Contains(body, ">Import<") {
		t.Error("the Arabic review page shows the stored English name")
	}
}

// TestLongArchiveReasonIsCutBetweenCharacters: a reason is kept to 1,000
// bytes; cut inside a character, it was no UTF-8, which PostgreSQL
// refused (the archive failed with a 400) and SQLite stored as it was.
func TestLongArchiveReasonIsCutBetweenCharacters(t *testing.T) {
	a := newFixtureApp(t)
	mod := a.moderator()
	id := a.search("q=education").Items[0].ID
	mod.get("/admin/programs/" + id + "/edit")
	reason := strings.Repeat("€", 400) // 1,200 bytes
	if res, _ := mod.post("/admin/programs/"+id+"/archive", url.Values{"reason": {reason}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive with a long reason: %d", res.StatusCode)
	}
	evs, _, err := a.store.AuditEvents(context.Background(), modelsAuditAll)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Action == "program.archive" {
			if !utf8.ValidString(ev.Reason) || !strings.HasPrefix(reason, ev.Reason) || len(ev.Reason) > 1000 || len(ev.Reason) < 997 {
				t.Errorf("reason stored: %d bytes, valid UTF-8 %v", len(ev.Reason), utf8.ValidString(ev.Reason))
			}
			return
		}
	}
	t.Error("no archive in the audit log")
}

// TestReviewOfAnUpdateToAnArchivedProgramSaysSo: an update that waits
// while its program is archived is reviewed as such: the page says that
// approving leaves the program out of the directory and links to it, and
// the button does not promise to replace a live version.
func TestReviewOfAnUpdateToAnArchivedProgramSaysSo(t *testing.T) {
	a := newFixtureApp(t)
	admin := a.addUser("mod@example.org", "admin")
	anyone, mod := a.browser(), a.browser()
	anyone.get("/programs/education-first/suggest")
	form := validSubmission("Education First")
	form.Set("organization", "Org A")
	form.Set("summary", "Tutoring and homework clubs for pupils")
	if res, _ := anyone.post("/programs/education-first/suggest", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("suggest: %d", res.StatusCode)
	}
	mod.login("mod@example.org")
	id := mod.firstInQueue()
	_, body := mod.get("/admin/submissions/" + id)
	if strings.Contains(body, `id="archived-notice"`) {
		t.Error("the review of an update to a live program says it is archived")
	}
	pr, err := a.store.ProgramBySlug(t.Context(), "education-first")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.SetProgramStatus(t.Context(), admin, pr.ID, models.StatusArchived, ""); err != nil {
		t.Fatal(err)
	}
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "fr", "ar"} {
		_, body = mod.get("/admin/submissions/" + id + "?lang=" + lang)
		l := cat.Localizer(lang)
		contains(t, body, `id="archived-notice"`, htmlEscape(l.T("review.archived")),
			`href="/admin/programs/`+pr.ID+`/edit`, htmlEscape(l.T("review.approve_archived")))
		if strings.Contains(body, htmlEscape(l.T("review.approve_update"))) {
			t.Errorf("%s: the button still offers to replace the live version", lang)
		}
	}
	mod.get("/admin/submissions/" + id + "?lang=en")
	if res, _ := mod.decide(id, "approve", ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	if res, _ := a.get("/programs/education-first"); res.StatusCode != http.StatusNotFound {
		t.Errorf("the archived program is public again: %d", res.StatusCode)
	}
}
