package synth

import (
	"math/rand/v2"
	"strings"
)

// The vocabulary of generated descriptions, most frequent first. Its order
// is what gives the text a Zipf-like skew: the generator draws word number
// r with a probability proportional to 1/(r+q)^s. Stop words and the
// domain's everyday words ("community", "youth", "support") come first, so
// they land in most descriptions, as in a real directory; topical words
// follow, then general English, then a long tail of rare made-up words
// (place names, project names, jargon) that only a few programs use.

// headWords are the most frequent words, in rank order.
var headWords = strings.Fields(`
the and of to community for in young people with support a youth work
our is families on local we by their who programme as are from at
support help program an this or parents school trained each group
`)

// topicalWords are the domain's vocabulary: each appears in a few percent
// of the directory.
var topicalWords = strings.Fields(`
mentoring dialogue education training prevention radicalisation
integration employment counselling refugees newcomers workshops schools
teachers neighbourhood belonging sport mentors volunteers sessions
coordinator referral families violence extremism extremist online
resilience identity trust mental health wellbeing trauma psychosocial
interfaith intercultural religious leaders imams mosque church synagogue
police probation prison reintegration exit disengagement helpline advice
confidential anonymous social workers practitioners network partnership
municipality authorities safeguarding vulnerable risk early signs
propaganda disinformation media literacy critical thinking narratives
debate citizenship democracy rights discrimination racism antisemitism
hatred bullying inclusion diversity tolerance respect conflict mediation
restorative justice victims survivors hate crime apprenticeship jobs
skills vocational internships career guidance language classes homework
tutoring literacy arts theatre music football boxing basketball dance
camps weekends evenings outreach street workers detached drop-in centre
center caseworker caseworkers assessment plan tailored individual
one-to-one peer groups circles mothers fathers siblings relatives carers
children adolescents teenagers students pupils universities college
returnees conflict zones women girls men boys leaders elders
organisation organization behaviour behavior radicalization programmes
counseling neighbourhoods neighborhoods centres centers practise practice
evaluation evaluated research evidence outcomes impact pilot scale
funding grant ministry council city region national european
training-of-trainers curriculum modules e-learning webinars podcasts
campaign campaigns social-media platforms gaming forums moderation
listening empathy confidence self-esteem purpose meaning hope futures
housing benefits debt addiction substance health-care clinic therapy
psychologists psychiatrists nurses doctors teachers headteachers
`)

// generalWords are everyday English, less frequent than the domain's.
var generalWords = strings.Fields(`
about after again against all also always among another any around away
back because been before being between both bring build built call came
can care change clear close come common could day days different do does
done down during early easy end enough even every experience face fact
far feel few find first follow found four free full get give given go
good great half hand hard have having head hear high home hour hours how
however idea important including into its just keep kind know large last
later lead learn least leave less let life like line little live long
look lot made make many may meet might more most move much must name
near need never new next night now number offer office often old once
one only open other out over own part past pay place plan point possible
power present problem provide public put question quite rather reach
ready real reason right room run same say second see seem set several
share short should show side since small so some something sometimes
space start state still story strong such sure take team tell than that
then there these they thing things think those three through time today
together too toward towards two under until up upon use used very want
way week weeks well were what when where which while whole why will
within without word words world would year years yet you your
ability access account across action active activities activity actual
address adult adults afternoon age agency agree aim aims allow alone
along already although amount annual answer apart apply approach area
areas arrange arrive ask attend attention audience available average
aware balance base basic become begin behind believe benefit best better
beyond bit body book born borough break brief bright brother budget
business busy calm capacity case cases cause certain chance chat check
choice choose circle citizen civil class client clients club coach
coaching collect college colour color comfort commit committee
communicate company complete concern condition connect connected
consider contact content continue control cooking cost course create
culture current daily date deal decide decision deep deliver demand
describe design detail develop development difficult direct discuss
distance district door doors draw dream drive duty eat effect effort
either else email encourage energy engage enjoy ensure enter equal
event events everyone example exchange expect expert explain express
extra fair faith fall family fear feeling field film final finish fit
focus food form former forward friend friends fun future game garden
gather general generation gift goal goals grow growth guest guide
happen happy heart history hold holiday honest host house human
identify imagine improve include increase independent inform
information initiative inside interest involve issue issues job join
journey joint judge knowledge lack land late leader learning level
library light limit link list listen living lunch main maintain manage
map market material matter meal meaning measure member members memory
message method middle mind minute mission model moment money month
months morning mother nature network news normal note notice object
offer officer open opinion order organise organize origin outside
owner parent park partner partners pass path pattern peace period
person personal phone picture piece plant play player please pocket
policy poor popular position positive practical prepare press pressure
private process produce project projects promote protect proud
purpose quality quick quiet range rate reason receive recent record
reduce refer regular relationship relationships remain remember remote
report represent request require resource resources response rest
result return review rich role route rule safe safety save scheme
schedule science season secure seek sense serious serve service
services session settle shape shared sign simple single sister site
situation skill social society solution someone source speak special
staff stage stand standard step stop strength structure study style
success suggest summer supervision sure system table talk task teach
teacher teaching term test text theme thought together topic touch
town track trade train travel treat trip trust truth turn type
understand union unit university urban usual value various view visit
voice volunteer wait walk wall watch water weekly welcome wide window
winter wish woman worker workers write writing yard young youngster
`)

// rareTail is how many made-up words follow the real ones: the long tail
// of the distribution.
const rareTail = 40000

var syllables = strings.Fields(`ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko ku la le li lo lu
ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo
za ze zo an el in on ar er or al il ul ost ard eld orn ik ek ak um em am`)

// vocabulary builds the ranked word list: the same for every seed, so a
// workload can name rare words that exist in any generated directory.
func vocabulary() []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, list := range [][]string{headWords, topicalWords, generalWords} {
		for _, w := range list {
			add(w)
		}
	}
	r := rand.New(rand.NewPCG(7, 11))
	for len(out) < len(headWords)+len(topicalWords)+len(generalWords)+rareTail {
		n := 2 + r.IntN(3)
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		w := b.String()
		if len(w) >= 5 {
			add(w)
		}
	}
	return out
}

// Word classes a workload draws from, by rank in the vocabulary.

// veryCommon returns words found in half or more of the programs.
func (v *vocab) veryCommon() []string {
	return []string{"community", "youth", "support", "young", "people", "families", "local", "work", "programme", "school"}
}

// topical returns words that each appear in about 1 to 15 percent of
// programs: ranks 120 to 1,200.
func (v *vocab) topical() []string {
	var out []string
	for _, w := range v.words[120:1200] {
		if len(w) >= 4 {
			out = append(out, w)
		}
	}
	return out
}

// rare returns words from the far tail: a few in 10,000 programs each.
func (v *vocab) rare() []string { return v.words[len(v.words)-rareTail/2:] }
