package models

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// cityFixture has cities written with and without their accents, and one
// city written both ways by two organisations.
const cityFixture = `Meuse Mentors,Org A,Mentoring,Weekly mentoring.,youth-mentoring,young-people,primary,fr,in-person,free,BE,Wallonia,Liège,4000,,false,,a@example.org,,,,,,not_evaluated,
Ourthe Club,Org B,Sport,Weekly football.,youth-mentoring,young-people,primary,fr,in-person,free,BE,Wallonia,Liege,4020,,false,,b@example.org,,,,,,not_evaluated,
Rhein Runde,Org C,Dialogue,Weekly talks.,interfaith-dialogue,general-public,primary,de,in-person,free,DE,NRW,Köln,50667,,false,,c@example.org,,,,,,not_evaluated,
Öresund Hub,Org D,Welcome,Weekly welcome.,community-integration,newcomers-refugees,primary,sv,in-person,free,SE,Skåne,Malmö,21122,,false,,d@example.org,,,,,,not_evaluated,
Öresund Youth,Org D,Youth,Weekly youth evenings.,community-integration,young-people,primary,sv,in-person,free,SE,Skåne,Malmö,21123,,false,,d@example.org,,,,,,not_evaluated,
Öresund Sport,Org D,Sport,Weekly games.,community-integration,young-people,primary,sv,in-person,free,SE,Skåne,Malmö,21124,,false,,d@example.org,,,,,,not_evaluated,
Isar Chess,Org E,Chess,Chess for teenagers.,education,young-people,primary,de,in-person,free,DE,Bavaria,München,80331,,false,,e@example.org,,,,,,not_evaluated,
`

// TestCityFilterIgnoresAccents: the city filter finds a city typed
// without its accents or in another case ("Liege", "KOLN"), and a city
// written both ways is one facet value, shown with its accent; a selected
// city shows as the filter spells it.
func TestCityFilterIgnoresAccents(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, cityFixture)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"city=Liege", []string{"Meuse Mentors", "Ourthe Club"}},
		{"city=Li%C3%A8ge", []string{"Meuse Mentors", "Ourthe Club"}},
		{"city=LIEGE", []string{"Meuse Mentors", "Ourthe Club"}},
		{"city=Koln", []string{"Rhein Runde"}},
		{"city=KOLN", []string{"Rhein Runde"}},
		{"city=k%C3%B6ln", []string{"Rhein Runde"}},
		{"city=Malmo", []string{"Öresund Hub", "Öresund Sport", "Öresund Youth"}},
		{"city=Munchen", []string{"Isar Chess"}},
		{"city=Munchen&city=Koln", []string{"Isar Chess", "Rhein Runde"}},
		{"city=Munich", nil}, // another language's name is the text search's (placeAlts), not the filter's
	} {
		res := search(t, s, c.query+"&sort=name")
		if got := names(res); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.query, got, c.want)
		}
	}
	res := search(t, s, "")
	var cities []string
	for _, fc := range res.Facets["city"] {
		cities = append(cities, fmt.Sprintf("%s:%d", fc.Value, fc.Count))
	}
	if got := strings.Join(cities, " "); got != "Malmö:3 Liège:2 Köln:1 München:1" {
		t.Errorf("city facet: %s", got)
	}
	// Selected, a city shows as it was asked for, once, with its count.
	res = search(t, s, "city=liege&city=LIÈGE")
	if fcs := res.Facets["city"]; len(fcs) != 4 || !slices.Contains(fcs, FacetCount{Value: "liege", Count: 2}) {
		t.Errorf("city facet with liege selected: %v", fcs)
	}
	if res.Total != 2 {
		t.Errorf("liege twice: total %d", res.Total)
	}
}

// TestCityTypedWithoutAccentsIsAPlace: a query word that names a city
// of the directory, typed without its accents, is kept when the search
// leaves out words no program has together ("chess Malmo": the city, not
// the rarer word, is what was asked for), however it is written.
func TestCityTypedWithoutAccentsIsAPlace(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, cityFixture)
	for _, q := range []string{"chess+Malmo", "chess+Malm%C3%B6", "chess+MALMO"} {
		res := search(t, s, "q="+q+"&sort=name")
		if got := names(res); !slices.Equal(got, []string{"Öresund Hub", "Öresund Sport", "Öresund Youth"}) {
			t.Errorf("%s: %q (missing %q)", q, got, res.Missing)
		}
	}
}
