package models

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
)

// The programs of a results page, read with three plain queries (the
// programs with their organizations, their locations, their taxonomy
// links) instead of gorm's five with preloading: a page of 20 costs a
// third of the time.

const hitProgramsSQL = `SELECT p.pk, p.id, p.slug, p.organization_id, p.name, p.summary, p.description, p.level,
	p.delivery, p.cost, p.fees_description, p.eligibility, p.age_min, p.age_max, p.how_to_refer, p.website,
	p.contact_name, p.contact_email, p.contact_phone, p.service_area, p.evidence, p.evaluation_url, p.status,
	p.last_verified, p.verified_by, p.version, p.created_at, p.updated_at,
	o.id, o.name, o.description, o.website, o.email, o.phone, o.created_at, o.updated_at
	FROM programs p JOIN organizations o ON o.id = p.organization_id WHERE p.pk IN ?`

const hitLocationsSQL = `SELECT id, program_pk, position, address, city, region, postal_code, country, latitude,
	longitude, confidential FROM locations WHERE program_pk IN ? ORDER BY program_pk, position`

const hitLinksSQL = `SELECT program_pk, 1, slug FROM program_themes WHERE program_pk IN ?
	UNION ALL SELECT program_pk, 2, slug FROM program_audiences WHERE program_pk IN ?
	UNION ALL SELECT program_pk, 3, code FROM program_languages WHERE program_pk IN ?
	ORDER BY 1, 2, 3`

// loadPagePrograms returns the programs of pks, by pk, with their
// organization, locations and taxonomy links.
func loadPagePrograms(db *gorm.DB, pks []int64) (map[int64]*Program, error) {
	byPK := make(map[int64]*Program, len(pks))
	rows, err := db.Raw(hitProgramsSQL, pks).Rows()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		p := &Program{}
		var ageMin, ageMax sql.NullInt64
		var verified sql.NullString
		o := &p.Organization
		if err := rows.Scan(&p.PK, &p.ID, &p.Slug, &p.OrganizationID, &p.Name, &p.Summary, &p.Description, &p.Level,
			&p.Delivery, &p.Cost, &p.FeesDescription, &p.Eligibility, &ageMin, &ageMax, &p.HowToRefer, &p.Website,
			&p.ContactName, &p.ContactEmail, &p.ContactPhone, &p.ServiceArea, &p.Evidence, &p.EvaluationURL, &p.Status,
			&verified, &p.VerifiedBy, &p.Version, &p.CreatedAt, &p.UpdatedAt,
			&o.ID, &o.Name, &o.Description, &o.Website, &o.Email, &o.Phone, &o.CreatedAt, &o.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		if ageMin.Valid {
			v := int(ageMin.Int64)
			p.AgeMin = &v
		}
		if ageMax.Valid {
			v := int(ageMax.Int64)
			p.AgeMax = &v
		}
		if verified.Valid {
			p.LastVerified = &verified.String
		}
		byPK[p.PK] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = db.Raw(hitLocationsSQL, pks).Rows()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l Location
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&l.ID, &l.ProgramPK, &l.Position, &l.Address, &l.City, &l.Region, &l.PostalCode, &l.Country,
			&lat, &lon, &l.Confidential); err != nil {
			rows.Close()
			return nil, err
		}
		if lat.Valid {
			l.Latitude = &lat.Float64
		}
		if lon.Valid {
			l.Longitude = &lon.Float64
		}
		if p := byPK[l.ProgramPK]; p != nil {
			p.Locations = append(p.Locations, l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = db.Raw(hitLinksSQL, pks, pks, pks).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pk int64
		var kind int
		var v string
		if err := rows.Scan(&pk, &kind, &v); err != nil {
			return nil, err
		}
		p := byPK[pk]
		if p == nil {
			continue
		}
		switch kind {
		case 1:
			p.Themes = append(p.Themes, v)
		case 2:
			p.Audiences = append(p.Audiences, v)
		default:
			p.Languages = append(p.Languages, v)
		}
	}
	return byPK, rows.Err()
}

// loadHits loads the programs of a page, keeping the order, and marks why
// each matched.
func (s *Store) loadHits(ctx context.Context, res *SearchResult, pks []int64, terms []queryTerm) error {
	if len(pks) == 0 {
		return nil
	}
	byPK, err := loadPagePrograms(s.reader().WithContext(ctx), pks)
	if err != nil {
		return fmt.Errorf("models: load results: %w", err)
	}
	m := newMatcher(terms)
	for _, pk := range pks {
		pr, ok := byPK[pk]
		if !ok {
			continue
		}
		// Search results are public: confidential addresses go now.
		for i := range pr.Locations {
			pr.Locations[i] = pr.Locations[i].Public()
		}
		hit := SearchHit{Program: pr, Snippet: m.highlight(pr.Summary, 0)}
		if m.any(pr.Name) { // marks exactly what highlight marks, without its fragments
			hit.Title = m.highlight(pr.Name, 0)
		}
		if !hasHit(hit.Snippet) && hit.Title == nil {
			hit.Excerpt = m.excerpt(pr.Description, 30)
			if hit.Excerpt == nil { // indexed with the description
				if hit.Excerpt = m.excerpt(pr.Eligibility, 30); hit.Excerpt != nil {
					hit.ExcerptOf = "eligibility"
				}
			}
		}
		res.Hits = append(res.Hits, hit)
	}
	return nil
}

// hasHit reports whether a word of frags matched.
func hasHit(frags []Fragment) bool {
	for _, f := range frags {
		if f.Hit {
			return true
		}
	}
	return false
}
