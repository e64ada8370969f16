package models

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// joinsFixture writes words closed, with hyphens and apart; every row
// but the exit program has the same theme, audience, delivery and cost,
// so that a synonym's label ("deradicalisation" names the exit work)
// brings nothing else.
const joinsFixture = `Hyphen Deradicalisation,Org 1,De-radicalisation mentoring for young adults.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a1@example.org,,,,,,not_evaluated,2026-01-10
Closed Deradicalisation,Org 2,Deradicalisation support for families.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a2@example.org,,,,,,not_evaluated,2026-01-10
Prévention de la radicalisation,Org 3,Prévention de la radicalisation des jeunes.,Des ateliers chaque semaine.,interfaith-dialogue,general-public,primary,fr,in-person,paid,FR,,Lyon,,,false,,a3@example.org,,,,,,not_evaluated,2026-01-10
Radicalisation Talks,Org 4,Talks on radicalisation for parents.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a4@example.org,,,,,,not_evaluated,2026-01-10
Exit Programme,Org 5,Leaving violent groups.,Weekly sessions.,exit-work,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a5@example.org,,,,,,not_evaluated,2026-01-10
Antiracism Hyphen,Org 6,Anti-racism workshops in schools.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,York,,,false,,b1@example.org,,,,,,not_evaluated,2026-01-10
Antiracism Closed,Org 7,Antiracism training for staff.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,York,,,false,,b2@example.org,,,,,,not_evaluated,2026-01-10
Racism Apart,Org 8,Anti bullying and racism awareness.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,York,,,false,,b3@example.org,,,,,,not_evaluated,2026-01-10
Cooperation Hyphen,Org 9,Co-operation between schools and families.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Hull,,,false,,c1@example.org,,,,,,not_evaluated,2026-01-10
Cooperation Closed,Org 10,Cooperation with youth services.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Hull,,,false,,c2@example.org,,,,,,not_evaluated,2026-01-10
Coordinator,Org 11,Our co-ordinator runs the operation.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Hull,,,false,,c3@example.org,,,,,,not_evaluated,2026-01-10
Elearning Hyphen,Org 12,E-learning modules for teachers.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,d1@example.org,,,,,,not_evaluated,2026-01-10
Elearning Closed,Org 13,Elearning course on extremism.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,d2@example.org,,,,,,not_evaluated,2026-01-10
Learning by E-mail,Org 14,E-mail us about learning sessions.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,d3@example.org,,,,,,not_evaluated,2026-01-10
Afterschool Hyphen,Org 15,After-school club for teenagers.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,e1@example.org,,,,,,not_evaluated,2026-01-10
Afterschool Closed,Org 16,Afterschool homework help.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,e2@example.org,,,,,,not_evaluated,2026-01-10
School Trips,Org 17,School trips after lessons.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,e3@example.org,,,,,,not_evaluated,2026-01-10
Selfharm Hyphen,Org 18,Self-harm support group.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,f1@example.org,,,,,,not_evaluated,2026-01-10
Selfharm Closed,Org 19,Selfharm awareness sessions.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,f2@example.org,,,,,,not_evaluated,2026-01-10
Self Esteem,Org 20,Self esteem and harm reduction.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,f3@example.org,,,,,,not_evaluated,2026-01-10
Exoffenders Hyphen,Org 21,Ex-offenders back into work.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Hull,,,false,,g1@example.org,,,,,,not_evaluated,2026-01-10
Exoffenders Closed,Org 22,Exoffenders mentoring.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Hull,,,false,,g2@example.org,,,,,,not_evaluated,2026-01-10
Soutien post-traumatique,Org 23,Soutien post-traumatique pour les jeunes.,Des ateliers chaque semaine.,interfaith-dialogue,general-public,primary,fr,in-person,paid,FR,,Lyon,,,false,,h1@example.org,,,,,,not_evaluated,2026-01-10
Soutien posttraumatique,Org 24,Soutien posttraumatique aux familles.,Des ateliers chaque semaine.,interfaith-dialogue,general-public,primary,fr,in-person,paid,FR,,Lyon,,,false,,h2@example.org,,,,,,not_evaluated,2026-01-10
Gewalt Hyphen,Org 25,Ein Anti-Gewalt-Training für Schulklassen.,Wir kommen in die Schule.,interfaith-dialogue,general-public,primary,de,in-person,paid,DE,,Köln,,,false,,i1@example.org,,,,,,not_evaluated,2026-01-10
Gewalt Closed,Org 26,Antigewalttraining für Jugendliche.,Wir kommen in die Schule.,interfaith-dialogue,general-public,primary,de,in-person,paid,DE,,Köln,,,false,,i2@example.org,,,,,,not_evaluated,2026-01-10
Helpline,Org 27,Helpline for worried parents.,Call us.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,j1@example.org,,,,,,not_evaluated,2026-01-10
Phone Help,Org 28,Help for parents on the phone line.,Call us.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,j2@example.org,,,,,,not_evaluated,2026-01-10
Homework Club,Org 29,Homework club for pupils.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,k1@example.org,,,,,,not_evaluated,2026-01-10
Social Work Students,Org 30,Social work students on placement.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,l1@example.org,,,,,,not_evaluated,2026-01-10
Social Events,Org 31,Social events and youth work.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,l2@example.org,,,,,,not_evaluated,2026-01-10
Socialwork Network,Org 32,Socialwork network meetings.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,l3@example.org,,,,,,not_evaluated,2026-01-10
Peer to Peer,Org 33,Peer-to-peer mentoring.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,m1@example.org,,,,,,not_evaluated,2026-01-10
Peer Support,Org 34,Peer support groups.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,m2@example.org,,,,,,not_evaluated,2026-01-10
Chess club,Board Games Ltd,A weekly chess club.,Players of every level meet on Tuesdays.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,n1@example.org,,,,,,not_evaluated,2026-01-10
`

// joinsSearch is the sorted names a search finds in a language ("": not
// analysed for one).
func joinsSearch(t *testing.T, s *Store, lang, q string) []string {
	t.Helper()
	v := "q=" + url.QueryEscape(q)
	var got []string
	if lang == "" {
		got = names(search(t, s, v))
	} else {
		got = searchIn(t, s, lang, v)
	}
	slices.Sort(got)
	return got
}

// wantJoined checks that q finds want (sorted) in English and in lang,
// typed whole and still being typed (a space after it).
func wantJoined(t *testing.T, s *Store, lang, q string, want []string) {
	t.Helper()
	for _, l := range []string{"", lang} {
		for _, typed := range []string{q, q + " "} {
			if got := joinsSearch(t, s, l, typed); !slices.Equal(got, want) {
				t.Errorf("%s %q: %v, want %v", l, typed, got, want)
			}
		}
	}
}

// A word written closed and with hyphens finds the same programs, in the
// page's language and in English: those that write it either way, and
// no more. Read as its words, "de-radicalisation" found every listing on
// radicalisation (French "de" is a function word), "after-school" every
// school, "e-learning" every listing with an e-mail and "learning".
func TestHyphenatedFindsWhatClosedFinds(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, joinsFixture)
	for _, c := range []struct {
		lang  string
		forms []string
		want  []string
	}{
		{"en", []string{"deradicalisation", "de-radicalisation", "De-Radicalisation"},
			[]string{"Closed Deradicalisation", "Exit Programme", "Hyphen Deradicalisation"}},
		{"fr", []string{"déradicalisation", "dé-radicalisation"}, // French: also the exit programs, by its label's synonym
			[]string{"Closed Deradicalisation", "Exit Programme", "Hyphen Deradicalisation"}},
		{"en", []string{"antiracism", "anti-racism"}, []string{"Antiracism Closed", "Antiracism Hyphen"}},
		{"en", []string{"cooperation", "co-operation"}, []string{"Cooperation Closed", "Cooperation Hyphen"}},
		{"en", []string{"elearning", "e-learning"}, []string{"Elearning Closed", "Elearning Hyphen"}},
		{"en", []string{"afterschool", "after-school"}, []string{"Afterschool Closed", "Afterschool Hyphen"}},
		{"en", []string{"selfharm", "self-harm"}, []string{"Selfharm Closed", "Selfharm Hyphen"}},
		{"en", []string{"exoffenders", "ex-offenders"}, []string{"Exoffenders Closed", "Exoffenders Hyphen"}},
		{"fr", []string{"posttraumatique", "post-traumatique"}, []string{"Soutien post-traumatique", "Soutien posttraumatique"}},
		{"de", []string{"Antigewalttraining", "Anti-Gewalt-Training"}, []string{"Gewalt Closed", "Gewalt Hyphen"}},
		// Closed it is that word; with the hyphens of peer-to-peer, whose
		// "to" links two words, it is that word or its words (below).
		{"en", []string{"peertopeer"}, []string{"Peer to Peer"}},
		{"en", []string{"peer-to-peer"}, []string{"Peer Support", "Peer to Peer"}},
	} {
		for _, lang := range []string{"", "en", c.lang} {
			for _, q := range c.forms {
				if got := joinsSearch(t, s, lang, q); !slices.Equal(got, c.want) {
					t.Errorf("%s %q: %v, want %v", lang, q, got, c.want)
				}
				if got := joinsSearch(t, s, lang, q+" "); !slices.Equal(got, c.want) { // typed to its end
					t.Errorf("%s %q: %v, want %v", lang, q+" ", got, c.want)
				}
			}
		}
	}
	// A compound whose closed word finds nothing is searched as its words.
	if got := joinsSearch(t, s, "en", "chess-club"); !slices.Equal(got, []string{"Chess club"}) {
		t.Errorf("chess-club: %v", got)
	}
	// The API of Open Referral reads the search box alike.
	ctx := context.Background()
	for _, q := range []string{"de-radicalisation", "deradicalisation"} {
		if _, n, err := s.HSDSServices(ctx, HSDSFilter{Search: q}, 1, 50); err != nil || n != 3 {
			t.Errorf("HSDS %q: %d services, %v; want 3", q, n, err)
		}
	}
}

// Two words typed apart also find the word they make together ("help
// line": "helpline"), and still what they found: "social work" is not
// "socialwork" only, "peer to peer" is "peer". A listing that writes a
// compound with hyphens is found by its words apart.
func TestWordsApartFindTheWordJoined(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, joinsFixture)
	for _, c := range []struct {
		lang, q string
		want    []string
	}{
		{"en", "help line", []string{"Helpline", "Phone Help"}},
		{"en", "home work", []string{"Afterschool Closed", "Homework Club"}},
		{"en", "social work", []string{"Social Events", "Social Work Students", "Socialwork Network"}},
		{"en", "peer to peer", []string{"Peer Support", "Peer to Peer"}},
		{"en", "anti racism", []string{"Antiracism Closed", "Antiracism Hyphen", "Racism Apart"}},
		{"en", "self harm", []string{"Self Esteem", "Selfharm Closed", "Selfharm Hyphen"}},
		{"en", "e learning", []string{"Elearning Closed", "Elearning Hyphen", "Learning by E-mail"}},
		{"en", "co operation", []string{"Cooperation Closed", "Cooperation Hyphen", "Coordinator"}},
		{"en", "ex offenders", []string{"Exoffenders Closed", "Exoffenders Hyphen"}},
		{"fr", "post traumatique", []string{"Soutien post-traumatique", "Soutien posttraumatique"}},
		{"de", "Anti Gewalt Training", []string{"Gewalt Hyphen"}},
		// A function word is not searched: the other word is, as before,
		// and the word the two make is its alternative, as the word
		// closed finds it ("after school": what "school" finds and what
		// "afterschool" finds).
		{"en", "de radicalisation", []string{"Closed Deradicalisation", "Exit Programme", "Hyphen Deradicalisation", "Prévention de la radicalisation", "Radicalisation Talks"}},
		{"en", "after school", []string{"Afterschool Closed", "Afterschool Hyphen", "Antiracism Hyphen", "Cooperation Hyphen", "School Trips"}},
	} {
		wantJoined(t, s, c.lang, c.q, c.want)
	}
	// The word joined is marked where it matched.
	res := searchResultIn(t, s, "en", "q=help+line")
	for _, h := range res.Hits {
		marked := markedText(h.Snippet)
		if h.Program.Name == "Helpline" && !slices.Equal(marked, []string{"Helpline"}) {
			t.Errorf("help line: marked %q in %q", marked, h.Program.Summary)
		}
	}
}

// The ways a query's words may be read joined, and how a query reads with
// them.
func TestJoinCandidates(t *testing.T) {
	for q, want := range map[string]string{
		"de-radicalisation":         "deradicalisation",
		"help line":                 "helpline~",
		"peer to peer":              "peerto~", // none exists: "peer" is searched
		"after school":              "afterschool~",
		"after school club":         "schoolclub~ afterschool~", // two words before a function word's
		"drop in":                   "dropin~",
		"in to":                     "",         // two function words
		"haven't heard":             "",         // not the "t" of "haven't"
		"l'école de la vie":         "écolede~", // not "la" before a word: leadsACompound
		"in tolerance":              "",
		"the rapist":                "",
		"d'aide":                    "",
		"peer-to-peer support":      "peertopeer~", // linked by "to": its words too
		"state-of-the-art":          "stateoftheart~",
		"out-of-school":             "outofschool~",
		"after-school-club":         "afterschoolclub", // a function word first: closed
		"social work, youth":        "socialwork~",
		"Anti-Gewalt-Training Köln": "antigewalttraining",
		"COVID-19 help line":        "helpline~",
		"haven't found":             "",
		"a-b-c-d-e":                 "",
		"youth mentoring programme": "youthmentoring~",
	} {
		var got []string
		for _, j := range joinCandidates(q) {
			w := j.word
			if j.apart {
				w += "~"
			}
			got = append(got, w)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%q: %q, want %q", q, strings.Join(got, " "), want)
		}
	}
	// The closed compound is one term, named as typed; the words apart
	// keep their terms, each with the word joined.
	terms, _ := parseQueryJoined("youth De-Radicalisation help line", []wordJoin{
		{first: 1, last: 2, word: "deradicalisation"}, {first: 3, last: 4, word: "helpline", apart: true}})
	var got []string
	for _, t := range terms {
		got = append(got, t.Typed+"="+t.Word+"+"+strings.Join(t.Joined, ","))
	}
	if want := "youth=youth+ De-Radicalisation=deradicalisation+ help=help+helpline line=line+helpline"; strings.Join(got, " ") != want {
		t.Errorf("parsed %q, want %q", strings.Join(got, " "), want)
	}
	// Each word of a compound read as its words takes the word closed.
	terms, _ = parseQueryJoined("mother-and-child-care", []wordJoin{{first: 0, last: 3, word: "motherandchildcare", apart: true}})
	got = got[:0]
	for _, t := range terms {
		got = append(got, t.Typed+"="+t.Word+"+"+strings.Join(t.Joined, ","))
	}
	if want := "mother=mother+motherandchildcare child=child+motherandchildcare care=care+motherandchildcare"; strings.Join(got, " ") != want {
		t.Errorf("parsed %q, want %q", strings.Join(got, " "), want)
	}
}

// A country's name written with hyphens ("Pays-Bas") still finds the
// programs in the country when a listing writes it, which makes the
// name one word of the index and the search that word.
func TestCountryNameWithHyphens(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Ateliers,Org 1,Ateliers pour les jeunes aux Pays-Bas.,Chaque semaine.,interfaith-dialogue,general-public,primary,fr,in-person,paid,NL,,Utrecht,,,false,,a@example.org,,,,,,not_evaluated,2026-01-10
Coaching,Org 2,Coaching voor jongeren.,Elke week.,interfaith-dialogue,general-public,primary,nl,in-person,paid,NL,,Utrecht,,,false,,b@example.org,,,,,,not_evaluated,2026-01-10
Chess club,Board Games Ltd,A weekly chess club.,Players of every level meet on Tuesdays.,education,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,n1@example.org,,,,,,not_evaluated,2026-01-10
`)
	for _, q := range []string{"Pays-Bas", "pays bas", "Paysbas"} {
		if got := joinsSearch(t, s, "fr", q); !slices.Equal(got, []string{"Ateliers", "Coaching"}) {
			t.Errorf("%q: %v", q, got)
		}
	}
}

// A country is found by the name it has now ("North Macedonia",
// "Nordmazedonien", "Eswatini", "Türkiye"), which x/text's data does not
// know, and still by the old one.
func TestCountryFoundByItsNameNow(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Skopje youth,Org 1,Youth dialogue.,Every week.,interfaith-dialogue,general-public,primary,en,in-person,paid,MK,,Skopje,,,false,,a@example.org,,,,,,not_evaluated,2026-01-10
Mbabane youth,Org 2,Youth dialogue.,Every week.,interfaith-dialogue,general-public,primary,en,in-person,paid,SZ,,Mbabane,,,false,,b@example.org,,,,,,not_evaluated,2026-01-10
Ankara youth,Org 3,Youth dialogue.,Every week.,interfaith-dialogue,general-public,primary,en,in-person,paid,TR,,Ankara,,,false,,c@example.org,,,,,,not_evaluated,2026-01-10
Chess club,Board Games Ltd,A weekly chess club.,Players of every level meet on Tuesdays.,education,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,n1@example.org,,,,,,not_evaluated,2026-01-10
`)
	for _, c := range []struct{ lang, q, want string }{
		{"en", "North Macedonia", "Skopje youth"}, {"fr", "Macédoine du Nord", "Skopje youth"},
		{"nl", "Noord-Macedonië", "Skopje youth"}, {"de", "Nordmazedonien", "Skopje youth"},
		{"ar", "مقدونيا الشمالية", "Skopje youth"}, {"en", "Macedonia", "Skopje youth"},
		{"en", "Eswatini", "Mbabane youth"}, {"ar", "إسواتيني", "Mbabane youth"}, {"en", "Swaziland", "Mbabane youth"},
		{"en", "Türkiye", "Ankara youth"}, {"en", "Turkiye", "Ankara youth"}, {"de", "Türkei", "Ankara youth"},
	} {
		if got := joinsSearch(t, s, c.lang, c.q); !slices.Equal(got, []string{c.want}) {
			t.Errorf("%s %q: %v, want %s", c.lang, c.q, got, c.want)
		}
	}
}

// Two words typed apart of which one is a function word find what the
// other word finds and what the word they make finds ("on line":
// "online", "after school": "afterschool", "drop in": "dropin"), never
// fewer programs than the other word alone; the function word is still
// not searched.
func TestWordsApartWithAFunctionWord(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, joinsFixture+`Online Closed,Org 40,Online mentoring for teenagers.,Weekly chats.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,o1@example.org,,,,,,not_evaluated,2026-01-10
Online Hyphen,Org 41,On-line counselling for parents.,Weekly chats.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,o2@example.org,,,,,,not_evaluated,2026-01-10
Line Dance,Org 42,Line dancing for neighbours.,Weekly.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,o3@example.org,,,,,,not_evaluated,2026-01-10
Web Talks,Org 43,Talks with a mentor from home.,Weekly.,interfaith-dialogue,general-public,primary,en,online,paid,GB,England,Leeds,,,false,,o4@example.org,,,,,,not_evaluated,2026-01-10
Dropin Closed,Org 44,A dropin centre for young people.,Open daily.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,o5@example.org,,,,,,not_evaluated,2026-01-10
Drop Hyphen,Org 45,A drop-in café for parents.,Open daily.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,o6@example.org,,,,,,not_evaluated,2026-01-10
Intolerance Watch,Org 46,Answering intolerance in schools.,Weekly.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,o7@example.org,,,,,,not_evaluated,2026-01-10
Therapist Network,Org 47,A therapist for every family.,Weekly.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,o8@example.org,,,,,,not_evaluated,2026-01-10
Apolitical Forum,Org 48,An apolitical space for debate.,Weekly.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,o9@example.org,,,,,,not_evaluated,2026-01-10
`)
	union := func(lang string, qs ...string) []string {
		var out []string
		for _, q := range qs {
			for _, n := range joinsSearch(t, s, lang, q) {
				if !slices.Contains(out, n) {
					out = append(out, n)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		q, joined, word string
		closed          string // a listing that writes the word closed only
	}{
		{"on line", "online", "line", "Online Closed"},
		{"after school", "afterschool", "school", "Afterschool Closed"},
		{"drop in", "dropin", "drop", "Dropin Closed"},
	} {
		for _, lang := range []string{"", "en"} {
			want := union(lang, c.joined, c.word)
			if !slices.Contains(want, c.closed) {
				t.Fatalf("%s %q finds no %q: %v", lang, c.joined, c.closed, want)
			}
			for _, q := range []string{c.q, c.q + " "} {
				if got := joinsSearch(t, s, lang, q); !slices.Equal(got, want) {
					t.Errorf("%s %q: %v, want %v (%q or %q)", lang, q, got, want, c.joined, c.word)
				}
			}
		}
	}
	// A short function word before a word makes a word of another sense:
	// not an alternative. "in tolerance" found the listings on
	// intolerance, "the rapist" those of therapists.
	for _, c := range []struct{ q, not string }{
		{"in tolerance", "Intolerance Watch"}, {"the rapist", "Therapist Network"}, {"a political", "Apolitical Forum"},
	} {
		if got := joinsSearch(t, s, "en", c.q); slices.Contains(got, c.not) {
			t.Errorf("%q finds %q: %v", c.q, c.not, got)
		}
		if got := joinsSearch(t, s, "en", strings.ReplaceAll(c.q, " ", "")); !slices.Contains(got, c.not) {
			t.Fatalf("the fixture: %q does not find %q", strings.ReplaceAll(c.q, " ", ""), c.not)
		}
	}
	// Social work is read as before: both words, or the word they make.
	if got := joinsSearch(t, s, "en", "social work"); !slices.Equal(got, []string{"Social Events", "Social Work Students", "Socialwork Network"}) {
		t.Errorf("social work: %v", got)
	}
}

// The existence queries of joins come out of the search's budget, which
// the compounds read apart share (maxExistenceQueries): none left, none
// is asked, and the words are read as typed.
func TestJoinsWithinTheBudget(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, joinsFixture)
	tax, _ := s.Taxonomies(context.Background())
	p := ParseSearchParams(url.Values{"q": {"after school help line"}}, tax).InLanguage("en")
	err := s.readSnapshot(context.Background(), func(tx *gorm.DB) error {
		for _, c := range []struct {
			budget, left int
			joined       string
		}{
			{0, 0, ""},
			{1, 0, ""},         // "schoolhelp": two words first
			{2, 0, "helpline"}, // then "helpline"; "afterschool", with a function word, last
			{maxExistenceQueries, maxExistenceQueries - 3, "afterschool helpline"},
		} {
			q, budget := p, c.budget
			if err := s.withJoins(tx, 0, &q, &budget); err != nil {
				return err
			}
			var joined []string
			for _, t := range q.terms {
				for _, j := range t.Joined {
					if !slices.Contains(joined, j) {
						joined = append(joined, j)
					}
				}
			}
			if strings.Join(joined, " ") != c.joined || budget != c.left {
				t.Errorf("budget %d: joined %q, %d left; want %q, %d left", c.budget, joined, budget, c.joined, c.left)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A compound whose words a function word links ("peer-to-peer",
// "face-to-face", "prise-en-charge") finds what the word closed finds
// and what its words find together: read closed only, "peer-to-peer"
// lost "Peer support" once a listing wrote "peertopeer". One whose
// function word comes first stays the word closed ("de-radicalisation",
// TestHyphenatedFindsWhatClosedFinds).
func TestLinkedCompoundFindsItsWords(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Peer to Peer,Org 1,Peer-to-peer mentoring.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a1@example.org,,,,,,not_evaluated,2026-01-10
Peer Closed,Org 2,Peertopeer groups for parents.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a2@example.org,,,,,,not_evaluated,2026-01-10
Peer Support,Org 3,Peer support groups.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a3@example.org,,,,,,not_evaluated,2026-01-10
Face Club,Org 4,Face-to-face meetings with a mentor.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a4@example.org,,,,,,not_evaluated,2026-01-10
Face Apart,Org 5,We meet face to face.,Weekly sessions.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,a5@example.org,,,,,,not_evaluated,2026-01-10
Prise en charge,Org 6,Prise en charge des jeunes.,Chaque semaine.,interfaith-dialogue,general-public,primary,fr,in-person,paid,FR,,Lyon,,,false,,a6@example.org,,,,,,not_evaluated,2026-01-10
Prise avec tirets,Org 7,Prise-en-charge des familles.,Chaque semaine.,interfaith-dialogue,general-public,primary,fr,in-person,paid,FR,,Lyon,,,false,,a7@example.org,,,,,,not_evaluated,2026-01-10
Chess club,Board Games Ltd,A weekly chess club.,Players of every level meet on Tuesdays.,interfaith-dialogue,general-public,primary,en,in-person,paid,GB,England,Leeds,,,false,,n1@example.org,,,,,,not_evaluated,2026-01-10
`)
	for _, c := range []struct {
		lang, q string
		want    []string
	}{
		{"en", "peer-to-peer", []string{"Peer Closed", "Peer Support", "Peer to Peer"}},
		{"en", "peertopeer", []string{"Peer Closed", "Peer to Peer"}},
		{"en", "face-to-face", []string{"Face Apart", "Face Club"}},
		{"fr", "prise-en-charge", []string{"Prise avec tirets", "Prise en charge"}},
	} {
		wantJoined(t, s, c.lang, c.q, c.want)
	}
	// The word closed is marked where it matched, and so are the words.
	res := searchResultIn(t, s, "en", "q=peer-to-peer")
	for _, h := range res.Hits {
		marked := markedText(h.Snippet)
		if want := map[string]string{"Peer Closed": "Peertopeer", "Peer Support": "Peer"}[h.Program.Name]; want != "" && strings.Join(marked, " ") != want {
			t.Errorf("%s: marked %q in %q", h.Program.Name, marked, h.Program.Summary)
		}
	}
}
