package models

import (
	"time"
)

// Program states.
const (
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// Evidence levels.
var EvidenceLevels = []string{"not_evaluated", "evaluated", "peer_reviewed"}

// Organization runs programs [HSDS organization].
type Organization struct {
	ID          string `gorm:"primaryKey"`
	Name        string
	NameFolded  string // foldName(Name), for the panel's search
	Description string
	Website     string
	Email       string
	Phone       string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Program is one prevention program [HSDS service].
type Program struct {
	PK              int64  `gorm:"column:pk;primaryKey"`
	ID              string // public UUID
	Slug            string
	OrganizationID  string
	Organization    Organization `gorm:"foreignKey:OrganizationID"`
	Name            string
	NameFolded      string // foldName(Name), for the panel's search
	Summary         string
	Description     string
	Level           string
	Delivery        string
	Cost            string
	FeesDescription string
	Eligibility     string
	AgeMin          *int
	AgeMax          *int
	HowToRefer      string
	Website         string
	ContactName     string
	ContactEmail    string
	ContactPhone    string
	ServiceArea     string
	Evidence        string
	EvaluationURL   string `gorm:"column:evaluation_url"`
	Status          string
	LastVerified    *string // YYYY-MM-DD
	VerifiedBy      string
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Themes    []string   `gorm:"-"`
	Audiences []string   `gorm:"-"`
	Languages []string   `gorm:"-"`
	Locations []Location `gorm:"foreignKey:ProgramPK;references:PK"`
}

// Location is where a program is delivered [HSDS location + address]. When
// Confidential is set, Address never leaves the server.
type Location struct {
	ID           string `gorm:"primaryKey"`
	ProgramPK    int64  `gorm:"column:program_pk"`
	Position     int
	Address      string
	City         string
	Region       string
	PostalCode   string
	Country      string
	Latitude     *float64
	Longitude    *float64
	Confidential bool
}

// PublicAddress is the street address anyone may see: empty when the
// location is confidential.
func (l Location) PublicAddress() string {
	if l.Confidential {
		return ""
	}
	return l.Address
}

// Public returns a copy of the location fit for any public output: a
// confidential location loses its street address, postal code and exact
// coordinates.
func (l Location) Public() Location {
	if l.Confidential {
		l.Address = ""
		l.PostalCode = ""
		l.Latitude = nil
		l.Longitude = nil
	}
	return l
}

// VerifiedAt parses LastVerified.
func (p *Program) VerifiedAt() (time.Time, bool) {
	if p.LastVerified == nil || *p.LastVerified == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, *p.LastVerified)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// VerificationStale reports whether the program was last verified more than
// twelve months before now (or never).
func (p *Program) VerificationStale(now time.Time) bool {
	t, ok := p.VerifiedAt()
	if !ok {
		return true
	}
	return t.Before(now.AddDate(-1, 0, 0))
}

// Countries returns the distinct countries of the program's locations.
func (p *Program) Countries() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range p.Locations {
		if l.Country != "" && !seen[l.Country] {
			seen[l.Country] = true
			out = append(out, l.Country)
		}
	}
	return out
}
