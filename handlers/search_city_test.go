package handlers

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// cityFixture writes Liège with and without its accent, and Köln, Malmö
// and München with theirs.
const cityFixture = `Meuse Mentors,Org A,Mentoring,Weekly mentoring.,youth-mentoring,young-people,primary,fr,in-person,free,BE,Wallonia,Liège,4000,,false,,a@example.org,,,,,,not_evaluated,
Ourthe Club,Org B,Sport,Weekly football.,youth-mentoring,young-people,primary,fr,in-person,free,BE,Wallonia,Liege,4020,,false,,b@example.org,,,,,,not_evaluated,
Rhein Runde,Org C,Dialogue,Weekly talks.,interfaith-dialogue,general-public,primary,de,in-person,free,DE,NRW,Köln,50667,,false,,c@example.org,,,,,,not_evaluated,
Öresund Hub,Org D,Welcome,Weekly welcome.,community-integration,newcomers-refugees,primary,sv,in-person,free,SE,Skåne,Malmö,21122,,false,,d@example.org,,,,,,not_evaluated,
Isar Chess,Org E,Chess,Chess for teenagers.,education,young-people,primary,de,in-person,free,DE,Bavaria,München,80331,,false,,e@example.org,,,,,,not_evaluated,
`

var cityFacetRe = regexp.MustCompile(`<a href="[^"]*"( class="facet-link is-selected" aria-current="true"| class="facet-link")> <span class="facet-box" aria-hidden="true"></span><span class="facet-label">([^<]*)</span>`)

// TestCityFilterWithoutAccents: the city filter of the page and of the
// JSON API finds a city typed without its accents or in capitals, and the
// page lists the selected city once, selected, to be removed.
func TestCityFilterWithoutAccents(t *testing.T) {
	a := newTestApp(t)
	a.importCSV(cityFixture)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"city=Liege", []string{"Meuse Mentors", "Ourthe Club"}},
		{"city=LI%C3%88GE", []string{"Meuse Mentors", "Ourthe Club"}},
		{"city=Koln", []string{"Rhein Runde"}},
		{"city=Malmo", []string{"Öresund Hub"}},
		{"city=munchen", []string{"Isar Chess"}},
	} {
		if got := a.searchHTMLAndJSON(c.query + "&sort=name"); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.query, got, c.want)
		}
	}
	if l := a.search("city=Liege"); l.Facets["city"]["Liege"] != 2 || len(l.Facets["city"]) != 4 {
		t.Errorf("JSON facets with city=Liege: %v", l.Facets["city"])
	}
	if l := a.search(""); l.Facets["city"]["Liège"] != 2 || l.Facets["city"]["Liege"] != 0 {
		t.Errorf("JSON facets: %v", l.Facets["city"])
	}
	_, body := a.get("/programs?city=Liege")
	var selected, liege []string
	for _, m := range cityFacetRe.FindAllStringSubmatch(body, -1) {
		if strings.HasPrefix(strings.ToLower(m[2]), "li") {
			liege = append(liege, m[2])
		}
		if strings.Contains(m[1], "is-selected") {
			selected = append(selected, m[2])
		}
	}
	if !slices.Equal(liege, []string{"Liege"}) || !slices.Equal(selected, []string{"Liege"}) {
		t.Errorf("the page lists %q for Liège, selected %q", liege, selected)
	}
}
