package models

// The documents of Open Referral's Human Services Data Specification
// (HSDS) 3.0 that Pathways publishes and reads: a program is a service,
// its organization an organization, each location a location with one
// address joined to the service by a service_at_location, and themes,
// audiences, level, delivery, cost and evidence are taxonomy terms linked
// through attributes. Only the fields Pathways has are written; empty
// optional fields are left out, since HSDS checks the format of those
// present (an empty url is not a URI).

// HSDSVersion is the version of HSDS the API and the exports follow.
const HSDSVersion = "3.0"

// HSDS service statuses; Pathways publishes only active services.
const hsdsActive = "active"

// HSDSService is an HSDS service. Ages are numbers in HSDS, so records
// from other publishers may carry fractions.
type HSDSService struct {
	ID                     string                  `json:"id"`
	OrganizationID         string                  `json:"organization_id,omitempty"`
	Name                   string                  `json:"name"`
	Description            string                  `json:"description,omitempty"`
	URL                    string                  `json:"url,omitempty"`
	Email                  string                  `json:"email,omitempty"`
	Status                 string                  `json:"status"`
	ApplicationProcess     string                  `json:"application_process,omitempty"`
	FeesDescription        string                  `json:"fees_description,omitempty"`
	EligibilityDescription string                  `json:"eligibility_description,omitempty"`
	MinimumAge             *float64                `json:"minimum_age,omitempty"`
	MaximumAge             *float64                `json:"maximum_age,omitempty"`
	AssuredDate            string                  `json:"assured_date,omitempty"`
	LastModified           string                  `json:"last_modified,omitempty"`
	Phones                 []HSDSPhone             `json:"phones,omitempty"`
	ServiceAreas           []HSDSServiceArea       `json:"service_areas,omitempty"`
	ServiceAtLocations     []HSDSServiceAtLocation `json:"service_at_locations,omitempty"`
	Languages              []HSDSLanguage          `json:"languages,omitempty"`
	Organization           *HSDSOrganization       `json:"organization,omitempty"`
	CostOptions            []HSDSCostOption        `json:"cost_options,omitempty"`
	Contacts               []HSDSContact           `json:"contacts,omitempty"`
	Attributes             []HSDSAttribute         `json:"attributes,omitempty"`
}

// HSDSOrganization is an HSDS organization. Description is required by
// HSDS, even when empty.
type HSDSOrganization struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Email       string         `json:"email,omitempty"`
	Website     string         `json:"website,omitempty"`
	Phones      []HSDSPhone    `json:"phones,omitempty"`
	Locations   []HSDSLocation `json:"locations,omitempty"`
	Services    []HSDSService  `json:"services,omitempty"`
}

// HSDSServiceAtLocation joins a service to one of its locations.
type HSDSServiceAtLocation struct {
	ID          string        `json:"id"`
	ServiceID   string        `json:"service_id,omitempty"`
	LocationID  string        `json:"location_id,omitempty"`
	Description string        `json:"description,omitempty"`
	Contacts    []HSDSContact `json:"contacts,omitempty"`
	Phones      []HSDSPhone   `json:"phones,omitempty"`
	Location    *HSDSLocation `json:"location,omitempty"`
	Service     *HSDSService  `json:"service,omitempty"`
}

// HSDSLocation is a place where a service is delivered. A confidential
// location has no street address, postal code or coordinates.
type HSDSLocation struct {
	ID             string          `json:"id"`
	LocationType   string          `json:"location_type"`
	OrganizationID string          `json:"organization_id,omitempty"`
	Name           string          `json:"name,omitempty"`
	Description    string          `json:"description,omitempty"`
	Latitude       *float64        `json:"latitude,omitempty"`
	Longitude      *float64        `json:"longitude,omitempty"`
	Addresses      []HSDSAddress   `json:"addresses,omitempty"`
	Attributes     []HSDSAttribute `json:"attributes,omitempty"`
}

// HSDSAddress is a location's address. HSDS requires address_1,
// state_province and postal_code; a confidential location sends them
// empty.
type HSDSAddress struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id,omitempty"`
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2,omitempty"`
	City          string `json:"city"`
	Region        string `json:"region,omitempty"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// HSDSPhone is a phone number.
type HSDSPhone struct {
	ID             string `json:"id"`
	ServiceID      string `json:"service_id,omitempty"`
	OrganizationID string `json:"organization_id,omitempty"`
	ContactID      string `json:"contact_id,omitempty"`
	Number         string `json:"number"`
	Type           string `json:"type,omitempty"`
}

// HSDSContact is a named contact of a service.
type HSDSContact struct {
	ID        string      `json:"id"`
	ServiceID string      `json:"service_id,omitempty"`
	Name      string      `json:"name,omitempty"`
	Email     string      `json:"email,omitempty"`
	Phones    []HSDSPhone `json:"phones,omitempty"`
}

// HSDSLanguage is a language a service is delivered in.
type HSDSLanguage struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Code      string `json:"code,omitempty"`
}

// HSDSCostOption says what a service costs.
type HSDSCostOption struct {
	ID                string   `json:"id"`
	ServiceID         string   `json:"service_id,omitempty"`
	Option            string   `json:"option,omitempty"`
	Amount            *float64 `json:"amount,omitempty"`
	AmountDescription string   `json:"amount_description,omitempty"`
}

// HSDSServiceArea says how far a service reaches.
type HSDSServiceArea struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// HSDSAttribute links a taxonomy term to a service or location; Value
// carries what the term alone cannot (the evaluation report of an
// evidence level).
type HSDSAttribute struct {
	ID             string            `json:"id"`
	LinkID         string            `json:"link_id,omitempty"`
	TaxonomyTermID string            `json:"taxonomy_term_id,omitempty"`
	LinkType       string            `json:"link_type,omitempty"`
	LinkEntity     string            `json:"link_entity,omitempty"`
	Value          string            `json:"value,omitempty"`
	TaxonomyTerm   *HSDSTaxonomyTerm `json:"taxonomy_term,omitempty"`
}

// HSDSTaxonomyTerm is one term of a taxonomy; Code is Pathways' slug.
type HSDSTaxonomyTerm struct {
	ID             string        `json:"id"`
	Code           string        `json:"code,omitempty"`
	Name           string        `json:"name"`
	Description    string        `json:"description"`
	ParentID       string        `json:"parent_id,omitempty"`
	Taxonomy       string        `json:"taxonomy,omitempty"`
	TaxonomyID     string        `json:"taxonomy_id,omitempty"`
	TaxonomyDetail *HSDSTaxonomy `json:"taxonomy_detail,omitempty"`
	Language       string        `json:"language,omitempty"`
}

// HSDSTaxonomy is a taxonomy.
type HSDSTaxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Version     string `json:"version,omitempty"`
}

// HSDSPage is the HSDS API's page of results. Size is the number of
// items on this page.
type HSDSPage struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   any  `json:"contents"`
}

// NewHSDSPage describes page number of total items, perPage a page, whose
// contents are given (a slice of n items).
func NewHSDSPage(contents any, n, total, number, perPage int) HSDSPage {
	pages := 0
	if perPage > 0 {
		pages = (total + perPage - 1) / perPage
	}
	return HSDSPage{TotalItems: total, TotalPages: pages, PageNumber: number, Size: n,
		FirstPage: number == 1, LastPage: number >= pages, Empty: n == 0, Contents: contents}
}
