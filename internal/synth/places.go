package synth

// country is where generated programs run: its languages (the first is
// the main one), its cities with their regions, how its postal codes and
// phone numbers look, and how many programs it gets relative to others.
type country struct {
	code      string
	languages []string
	cities    []city
	postal    string // digits pattern: 9 is a digit, A a letter
	phone     string // prefix
	weight    int
}

type city struct{ name, region string }

// countries are ~30 countries where prevention programs are listed, big
// directories (GB, FR, DE, NL, BE) weighing most.
var countries = []country{
	{"BE", []string{"nl", "fr", "de"}, []city{{"Brussels", "Brussels-Capital"}, {"Antwerp", "Flanders"}, {"Ghent", "Flanders"}, {"Liège", "Wallonia"}, {"Charleroi", "Wallonia"}, {"Leuven", "Flanders"}, {"Molenbeek-Saint-Jean", "Brussels-Capital"}, {"Vilvoorde", "Flanders"}}, "9999", "+32", 9},
	{"NL", []string{"nl"}, []city{{"Amsterdam", "North Holland"}, {"Rotterdam", "South Holland"}, {"The Hague", "South Holland"}, {"Utrecht", "Utrecht"}, {"Eindhoven", "North Brabant"}, {"Tilburg", "North Brabant"}, {"Almere", "Flevoland"}}, "9999 AA", "+31", 9},
	{"FR", []string{"fr", "ar"}, []city{{"Paris", "Île-de-France"}, {"Marseille", "Provence-Alpes-Côte d'Azur"}, {"Lyon", "Auvergne-Rhône-Alpes"}, {"Toulouse", "Occitanie"}, {"Lille", "Hauts-de-France"}, {"Strasbourg", "Grand Est"}, {"Saint-Denis", "Île-de-France"}, {"Nice", "Provence-Alpes-Côte d'Azur"}}, "99999", "+33", 12},
	{"DE", []string{"de", "tr", "ar"}, []city{{"Berlin", "Berlin"}, {"Hamburg", "Hamburg"}, {"Munich", "Bavaria"}, {"Cologne", "North Rhine-Westphalia"}, {"Frankfurt", "Hesse"}, {"Stuttgart", "Baden-Württemberg"}, {"Düsseldorf", "North Rhine-Westphalia"}, {"Leipzig", "Saxony"}}, "99999", "+49", 12},
	{"GB", []string{"en", "ur", "ar"}, []city{{"London", "England"}, {"Birmingham", "England"}, {"Manchester", "England"}, {"Leeds", "England"}, {"Bradford", "England"}, {"Glasgow", "Scotland"}, {"Cardiff", "Wales"}, {"Belfast", "Northern Ireland"}, {"Luton", "England"}}, "AA9 9AA", "+44", 14},
	{"IE", []string{"en", "ga"}, []city{{"Dublin", "Leinster"}, {"Cork", "Munster"}, {"Limerick", "Munster"}}, "A99 AA99", "+353", 2},
	{"DK", []string{"da"}, []city{{"Copenhagen", "Capital Region"}, {"Aarhus", "Central Denmark"}, {"Odense", "Southern Denmark"}}, "9999", "+45", 3},
	{"SE", []string{"sv", "ar"}, []city{{"Stockholm", "Stockholm County"}, {"Gothenburg", "Västra Götaland"}, {"Malmö", "Skåne"}, {"Uppsala", "Uppsala County"}}, "999 99", "+46", 4},
	{"NO", []string{"no"}, []city{{"Oslo", "Oslo"}, {"Bergen", "Vestland"}, {"Trondheim", "Trøndelag"}}, "9999", "+47", 2},
	{"FI", []string{"fi", "sv"}, []city{{"Helsinki", "Uusimaa"}, {"Tampere", "Pirkanmaa"}, {"Turku", "Southwest Finland"}}, "99999", "+358", 2},
	{"ES", []string{"es", "ca"}, []city{{"Madrid", "Community of Madrid"}, {"Barcelona", "Catalonia"}, {"Valencia", "Valencian Community"}, {"Seville", "Andalusia"}, {"Ceuta", "Ceuta"}}, "99999", "+34", 5},
	{"PT", []string{"pt"}, []city{{"Lisbon", "Lisbon"}, {"Porto", "Norte"}}, "9999-999", "+351", 2},
	{"IT", []string{"it"}, []city{{"Rome", "Lazio"}, {"Milan", "Lombardy"}, {"Turin", "Piedmont"}, {"Naples", "Campania"}, {"Bologna", "Emilia-Romagna"}}, "99999", "+39", 5},
	{"AT", []string{"de"}, []city{{"Vienna", "Vienna"}, {"Graz", "Styria"}, {"Linz", "Upper Austria"}}, "9999", "+43", 3},
	{"CH", []string{"de", "fr", "it"}, []city{{"Zürich", "Zürich"}, {"Geneva", "Geneva"}, {"Basel", "Basel-Stadt"}, {"Lausanne", "Vaud"}}, "9999", "+41", 2},
	{"PL", []string{"pl"}, []city{{"Warsaw", "Masovia"}, {"Kraków", "Lesser Poland"}, {"Gdańsk", "Pomerania"}}, "99-999", "+48", 2},
	{"CZ", []string{"cs"}, []city{{"Prague", "Prague"}, {"Brno", "South Moravia"}}, "999 99", "+420", 1},
	{"HU", []string{"hu"}, []city{{"Budapest", "Budapest"}, {"Debrecen", "Hajdú-Bihar"}}, "9999", "+36", 1},
	{"RO", []string{"ro", "hu"}, []city{{"Bucharest", "Bucharest"}, {"Cluj-Napoca", "Cluj"}}, "999999", "+40", 1},
	{"GR", []string{"el"}, []city{{"Athens", "Attica"}, {"Thessaloniki", "Central Macedonia"}}, "999 99", "+30", 1},
	{"BG", []string{"bg"}, []city{{"Sofia", "Sofia City"}, {"Plovdiv", "Plovdiv"}}, "9999", "+359", 1},
	{"HR", []string{"hr"}, []city{{"Zagreb", "Zagreb"}, {"Split", "Split-Dalmatia"}}, "99999", "+385", 1},
	{"SI", []string{"sl"}, []city{{"Ljubljana", "Central Slovenia"}}, "9999", "+386", 1},
	{"SK", []string{"sk"}, []city{{"Bratislava", "Bratislava"}}, "999 99", "+421", 1},
	{"LT", []string{"lt", "ru"}, []city{{"Vilnius", "Vilnius County"}}, "99999", "+370", 1},
	{"LV", []string{"lv", "ru"}, []city{{"Riga", "Riga"}}, "9999", "+371", 1},
	{"EE", []string{"et", "ru"}, []city{{"Tallinn", "Harju County"}}, "99999", "+372", 1},
	{"US", []string{"en", "es", "so"}, []city{{"New York", "New York"}, {"Minneapolis", "Minnesota"}, {"Chicago", "Illinois"}, {"Los Angeles", "California"}, {"Boston", "Massachusetts"}}, "99999", "+1", 5},
	{"CA", []string{"en", "fr"}, []city{{"Toronto", "Ontario"}, {"Montréal", "Quebec"}, {"Calgary", "Alberta"}}, "A9A 9A9", "+1", 3},
	{"AU", []string{"en", "ar"}, []city{{"Sydney", "New South Wales"}, {"Melbourne", "Victoria"}}, "9999", "+61", 2},
	{"MA", []string{"ar", "fr"}, []city{{"Casablanca", "Casablanca-Settat"}, {"Rabat", "Rabat-Salé-Kénitra"}}, "99999", "+212", 1},
	{"TN", []string{"ar", "fr"}, []city{{"Tunis", "Tunis"}, {"Sfax", "Sfax"}}, "9999", "+216", 1},
	{"KE", []string{"en", "sw"}, []city{{"Nairobi", "Nairobi"}, {"Mombasa", "Mombasa"}}, "99999", "+254", 1},
}

var streets = []string{"High Street", "Station Road", "Rue de la Paix", "Hauptstraße", "Kerkstraat", "Church Lane",
	"Market Square", "Avenue des Arts", "Schoolstraat", "Park Road", "Via Roma", "Calle Mayor", "Bahnhofstraße",
	"Mill Lane", "Rue Haute", "Dorpsstraat", "Victoria Road", "Green Lane"}
