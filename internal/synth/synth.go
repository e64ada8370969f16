// Package synth generates a synthetic directory of prevention programs,
// and a search workload over it, for load tests and benchmarks: the same
// seed always gives the same programs and queries. The `pathways generate`
// command writes its programs in the import CSV format; the benchmarks of
// models and handlers load them directly.
package synth

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Columns are the import CSV's columns, in the order Record fills them
// (models.CSVColumns; a test keeps the two equal).
var Columns = []string{"name", "organization", "summary", "description", "themes", "audiences", "level",
	"languages", "delivery", "cost", "country", "region", "city", "postal_code", "address", "confidential",
	"website", "email", "phone", "how_to_refer", "eligibility", "age_min", "age_max", "evidence", "last_verified"}

// Themes and Audiences are the taxonomy slugs of PRODUCT.md §4, with how
// often a program carries each (relative weights).
var (
	Themes = []weighted{{"community-integration", 14}, {"education", 14}, {"youth-mentoring", 13}, {"anti-discrimination", 8},
		{"employment", 6}, {"family-support", 9}, {"interfaith-dialogue", 5}, {"mental-health", 6}, {"media-literacy", 6},
		{"exit-work", 3}, {"prison-probation", 3}, {"practitioner-training", 6}, {"multi-agency", 4}, {"helplines", 2},
		{"victim-support", 2}}
	Audiences = []weighted{{"young-people", 20}, {"children", 8}, {"parents-families", 10}, {"newcomers-refugees", 7},
		{"teachers-schools", 8}, {"social-youth-workers", 7}, {"people-at-risk", 6}, {"people-leaving-extremism", 3},
		{"prisoners-probation", 3}, {"returnees", 1}, {"women-girls", 4}, {"community-religious-leaders", 4},
		{"local-authorities", 4}, {"police", 3}, {"general-public", 6}}
	levels     = []weighted{{"primary", 60}, {"secondary", 30}, {"tertiary", 10}}
	deliveries = []weighted{{"in-person", 55}, {"hybrid", 25}, {"online", 20}}
	costs      = []weighted{{"free", 65}, {"low-cost", 25}, {"paid", 10}}
	evidences  = []weighted{{"not_evaluated", 60}, {"evaluated", 30}, {"peer_reviewed", 10}}
)

type weighted struct {
	value  string
	weight int
}

// Slug is the taxonomy value.
func (w weighted) Slug() string { return w.value }

func pick(r *rand.Rand, ws []weighted) string {
	total := 0
	for _, w := range ws {
		total += w.weight
	}
	n := r.IntN(total)
	for _, w := range ws {
		if n < w.weight {
			return w.value
		}
		n -= w.weight
	}
	return ws[len(ws)-1].value
}

// pickSome draws between 1 and max distinct values.
func pickSome(r *rand.Rand, ws []weighted, max int) []string {
	n := 1 + r.IntN(max)
	var out []string
	for tries := 0; len(out) < n && tries < 10; tries++ {
		v := pick(r, ws)
		if !contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// vocab draws words with a Zipf-like skew: word r has probability
// proportional to 1/(r+q)^s.
type vocab struct {
	words []string
	cdf   []float64
}

const (
	zipfS = 1.05
	zipfQ = 2.7
)

func newVocab() *vocab {
	v := &vocab{words: vocabulary()}
	v.cdf = make([]float64, len(v.words))
	sum := 0.0
	for i := range v.words {
		sum += 1 / math.Pow(float64(i)+zipfQ, zipfS)
		v.cdf[i] = sum
	}
	for i := range v.cdf {
		v.cdf[i] /= sum
	}
	return v
}

func (v *vocab) draw(r *rand.Rand) string {
	x := r.Float64()
	i := sort.SearchFloat64s(v.cdf, x)
	if i >= len(v.words) {
		i = len(v.words) - 1
	}
	return v.words[i]
}

var shared = newVocab()

// Generator produces programs one by one; the same seed gives the same
// sequence.
type Generator struct {
	r     *rand.Rand
	n     int
	i     int
	orgs  []org
	names map[string]bool // organization + "\x00" + lower(name)
	v     *vocab
}

type org struct {
	name    string
	domain  string
	country int
}

// New returns a generator of n programs from seed.
func New(n int, seed uint64) *Generator {
	g := &Generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), n: n, names: map[string]bool{}, v: shared}
	norgs := max(1, n/4)
	seen := map[string]bool{}
	weights := make([]weighted, len(countries))
	for i, c := range countries {
		weights[i] = weighted{strconv.Itoa(i), c.weight}
	}
	for len(g.orgs) < norgs {
		ci, _ := strconv.Atoi(pick(g.r, weights))
		c := countries[ci]
		cty := c.cities[g.r.IntN(len(c.cities))]
		name := fmt.Sprintf("%s %s %s", orgAdjectives[g.r.IntN(len(orgAdjectives))], orgNouns[g.r.IntN(len(orgNouns))], orgKinds[g.r.IntN(len(orgKinds))])
		if g.r.IntN(2) == 0 {
			name = cty.name + " " + name
		}
		key := strings.ToLower(name)
		for k := 2; seen[key]; k++ {
			key = strings.ToLower(name) + " " + strconv.Itoa(k)
			if !seen[key] {
				name = name + " " + strconv.Itoa(k)
			}
		}
		seen[key] = true
		g.orgs = append(g.orgs, org{name: name, domain: slug(name) + ".example.org", country: ci})
	}
	return g
}

var (
	orgAdjectives = []string{"Open", "Shared", "Bright", "Common", "United", "Safe", "New", "Strong", "Brave", "Kind",
		"Bridging", "Rooted", "Together", "Future", "Civic", "Neighbourly", "Hopeful", "Steady", "Clear", "Young"}
	orgNouns = []string{"Futures", "Voices", "Bridges", "Roots", "Horizons", "Circles", "Paths", "Doors", "Ground",
		"Harbour", "Compass", "Lighthouse", "Threads", "Streets", "Neighbours", "Youth", "Families", "Minds", "Hands", "Dialogues"}
	orgKinds = []string{"Foundation", "Association", "Trust", "Network", "Collective", "Alliance", "Institute",
		"Society", "Centre", "Partnership", "Council", "asbl", "vzw", "e.V.", "Initiative"}
	programKinds = []string{"Programme", "Program", "Project", "Network", "Initiative", "Service", "Helpline", "Centre",
		"Hub", "Club", "Academy", "Lab", "Circle", "Course", "Team"}
	themeWords = map[string][]string{
		"community-integration": {"Community", "Belonging", "Neighbourhood", "Welcome"},
		"education":             {"Education", "School", "Learning", "Classroom"},
		"youth-mentoring":       {"Youth", "Mentoring", "Mentors", "Sport"},
		"anti-discrimination":   {"Respect", "Anti-Bullying", "Equality", "Inclusion"},
		"employment":            {"Jobs", "Skills", "Apprenticeship", "Careers"},
		"family-support":        {"Family", "Parents", "Families", "Counselling"},
		"interfaith-dialogue":   {"Interfaith", "Dialogue", "Encounters", "Faiths"},
		"mental-health":         {"Wellbeing", "Mind", "Trauma", "Resilience"},
		"media-literacy":        {"Media", "Online", "Narratives", "Digital"},
		"exit-work":             {"Exit", "Way Out", "Disengagement", "Turning Point"},
		"prison-probation":      {"Probation", "Release", "Reintegration", "Second Chance"},
		"practitioner-training": {"Practitioners", "Training", "Frontline", "Awareness"},
		"multi-agency":          {"Safety", "Partnership", "Table", "Network"},
		"helplines":             {"Helpline", "Advice", "Listening", "Hotline"},
		"victim-support":        {"Survivors", "Victims", "Support", "Care"},
	}
	audiencePhrases = map[string]string{
		"young-people": "young people", "children": "children", "parents-families": "parents and families",
		"newcomers-refugees": "newcomers and refugees", "teachers-schools": "teachers and schools",
		"social-youth-workers": "social and youth workers", "people-at-risk": "people at risk of radicalisation",
		"people-leaving-extremism": "people leaving extremist groups", "prisoners-probation": "prisoners and people on probation",
		"returnees": "returnees and their children", "women-girls": "women and girls",
		"community-religious-leaders": "community and religious leaders", "local-authorities": "local authorities",
		"police": "police officers", "general-public": "everyone",
	}
	themeActivities = map[string]string{
		"community-integration": "neighbourhood meetings and shared meals", "education": "lessons and tutoring",
		"youth-mentoring": "one-to-one mentoring and sport", "anti-discrimination": "workshops against bullying and racism",
		"employment": "training and job placements", "family-support": "counselling and advice",
		"interfaith-dialogue": "interfaith and intercultural dialogue", "mental-health": "psychosocial support and therapy",
		"media-literacy": "media literacy and online safety sessions", "exit-work": "confidential exit support",
		"prison-probation": "reintegration support in prison and on probation", "practitioner-training": "courses for first-line practitioners",
		"multi-agency": "a local multi-agency prevention table", "helplines": "a confidential helpline",
		"victim-support": "care and advocacy for victims",
	}
)

// Program is one generated program, as an import CSV record.
type Program struct {
	Record []string
}

// Next returns the next program, or false after n.
func (g *Generator) Next() (Program, bool) {
	if g.i >= g.n {
		return Program{}, false
	}
	g.i++
	r := g.r
	o := g.orgs[r.IntN(len(g.orgs))]
	c := countries[o.country]
	if r.IntN(10) == 0 { // some organizations work abroad too
		c = countries[r.IntN(len(countries))]
	}
	cty := c.cities[r.IntN(len(c.cities))]
	themes := pickSome(r, Themes, 3)
	audiences := pickSome(r, Audiences, 3)
	level := pick(r, levels)
	switch {
	case contains(themes, "exit-work") || contains(audiences, "people-leaving-extremism"):
		level = "tertiary"
	case contains(audiences, "people-at-risk") && level == "primary":
		level = "secondary"
	}

	name := g.programName(o, themes[0], cty.name)
	summary := g.summary(themes, audiences, cty.name)
	description := g.description(themes, audiences, cty.name)

	langs := []string{c.languages[0]}
	if r.IntN(10) < 4 && !contains(langs, "en") {
		langs = append(langs, "en")
	}
	if len(c.languages) > 1 && r.IntN(3) == 0 {
		l := c.languages[1+r.IntN(len(c.languages)-1)]
		if !contains(langs, l) {
			langs = append(langs, l)
		}
	}
	if r.IntN(12) == 0 && !contains(langs, "ar") {
		langs = append(langs, "ar")
	}
	delivery := pick(r, deliveries)

	country, region, cityName, postal, address := c.code, cty.region, cty.name, postalCode(r, c.postal), ""
	switch {
	case delivery == "online" && r.IntN(4) == 0: // nationwide online: country only
		region, cityName, postal = "", "", ""
	case r.IntN(30) == 0: // international, no location at all
		country, region, cityName, postal = "", "", "", ""
	default:
		address = fmt.Sprintf("%d %s", 1+r.IntN(200), streets[r.IntN(len(streets))])
	}
	confidential := "false"
	if address != "" && (contains(themes, "exit-work") || contains(themes, "victim-support") || r.IntN(25) == 0) {
		confidential = "true"
	}
	ageMin, ageMax := "", ""
	if r.IntN(10) < 7 {
		lo := []int{0, 6, 10, 12, 14, 16, 18}[r.IntN(7)]
		ageMin = strconv.Itoa(lo)
		if r.IntN(4) > 0 {
			ageMax = strconv.Itoa(min(120, lo+4+r.IntN(50)))
		}
	}
	website, email, phone := "", "", ""
	if r.IntN(10) < 9 {
		website = "https://" + o.domain + "/" + slug(name)
	}
	if r.IntN(10) < 8 {
		email = []string{"info", "contact", "intake", "hello", "team"}[r.IntN(5)] + "@" + o.domain
	}
	if r.IntN(10) < 7 {
		phone = fmt.Sprintf("%s %d %03d %02d %02d", c.phone, 1+r.IntN(99), r.IntN(1000), r.IntN(100), r.IntN(100))
	}
	howToRefer := ""
	if r.IntN(10) < 8 {
		howToRefer = howToRefers[r.IntN(len(howToRefers))]
	}
	eligibility := ""
	if r.IntN(10) < 6 {
		eligibility = fmt.Sprintf("Open to %s", audiencePhrases[audiences[0]])
		if cityName != "" {
			eligibility += " living in or near " + cityName
		}
		eligibility += ". " + g.sentence(6+r.IntN(8))
	}
	verified := ""
	if r.IntN(10) < 8 {
		verified = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -r.IntN(1200)).Format(time.DateOnly)
	}
	return Program{Record: []string{name, o.name, summary, description, strings.Join(themes, ";"), strings.Join(audiences, ";"),
		level, strings.Join(langs, ";"), delivery, pick(r, costs), country, region, cityName, postal, address, confidential,
		website, email, phone, howToRefer, eligibility, ageMin, ageMax, pick(r, evidences), verified}}, true
}

var howToRefers = []string{
	"Call the intake line or e-mail us; a coordinator answers within two working days.",
	"Professionals refer through the online form; families may also contact us directly.",
	"Referral by a social worker, teacher or youth worker, with the person's consent.",
	"Drop in during opening hours, or ask your school to contact the team.",
	"Anonymous contact by phone or chat; no referral needed.",
	"Through the local prevention coordinator of the municipality.",
}

func (g *Generator) programName(o org, theme, cityName string) string {
	r := g.r
	var name string
	tw := themeWords[theme]
	switch r.IntN(5) {
	case 0:
		name = fmt.Sprintf("%s %s %s", cityName, tw[r.IntN(len(tw))], programKinds[r.IntN(len(programKinds))])
	case 1:
		name = fmt.Sprintf("%s %s", orgAdjectives[r.IntN(len(orgAdjectives))], orgNouns[r.IntN(len(orgNouns))])
	case 2:
		name = fmt.Sprintf("%s %s %s", orgAdjectives[r.IntN(len(orgAdjectives))], tw[r.IntN(len(tw))], programKinds[r.IntN(len(programKinds))])
	case 3: // a made-up project name: what rare-word searches find in names
		w := g.v.words[len(g.v.words)-1-r.IntN(rareTail)]
		name = fmt.Sprintf("%s %s", strings.ToUpper(w[:1])+w[1:], programKinds[r.IntN(len(programKinds))])
	default:
		name = fmt.Sprintf("%s for %s", tw[r.IntN(len(tw))], capitalize(audienceWord(r)))
	}
	key := strings.ToLower(o.name + "\x00" + name)
	base := name
	for k := 2; g.names[key]; k++ {
		name = fmt.Sprintf("%s %d", base, k)
		key = strings.ToLower(o.name + "\x00" + name)
	}
	g.names[key] = true
	return name
}

// capitalize upper-cases the first letter of each word.
func capitalize(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func audienceWord(r *rand.Rand) string {
	return []string{"young people", "families", "parents", "newcomers", "schools", "teachers", "women", "girls", "youth", "communities"}[r.IntN(10)]
}

func (g *Generator) summary(themes, audiences []string, cityName string) string {
	r := g.r
	s := strings.ToUpper(themeActivities[themes[0]][:1]) + themeActivities[themes[0]][1:] + " for " + audiencePhrases[audiences[0]]
	if cityName != "" {
		s += " in " + cityName
	}
	s += ", " + g.sentence(5+r.IntN(12))
	if len(s) > 300 {
		s = s[:strings.LastIndexByte(s[:299], ' ')] + "."
	}
	return s
}

// description writes 300 to 1,500 characters: an opening sentence about
// what the program does, then text drawn from the skewed vocabulary.
func (g *Generator) description(themes, audiences []string, cityName string) string {
	r := g.r
	target := 300 + r.IntN(1100)
	var b strings.Builder
	b.WriteString("We offer ")
	b.WriteString(themeActivities[themes[0]])
	b.WriteString(" for ")
	b.WriteString(audiencePhrases[audiences[0]])
	if cityName != "" {
		b.WriteString(" in ")
		b.WriteString(cityName)
	}
	b.WriteString(".")
	for b.Len() < target {
		b.WriteByte(' ')
		b.WriteString(g.sentence(6 + r.IntN(14)))
	}
	s := b.String()
	if len(s) > 1500 {
		s = s[:strings.LastIndexByte(s[:1499], ' ')] + "."
	}
	return s
}

// sentence writes n words from the vocabulary, capitalised, with a full
// stop.
func (g *Generator) sentence(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		w := g.v.draw(g.r)
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
	return b.String()
}

func postalCode(r *rand.Rand, pattern string) string {
	b := []byte(pattern)
	for i, c := range b {
		switch c {
		case '9':
			b[i] = byte('0' + r.IntN(10))
		case 'A':
			b[i] = byte('A' + r.IntN(26))
		}
	}
	return string(b)
}

// slug is a DNS- and URL-safe form of a name.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// WriteCSV writes n programs from seed as an import CSV file, header first.
func WriteCSV(w io.Writer, n int, seed uint64) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	g := New(n, seed)
	for {
		p, ok := g.Next()
		if !ok {
			break
		}
		if err := cw.Write(p.Record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
