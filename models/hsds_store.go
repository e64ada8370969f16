package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"
)

// HSDSFilter selects published programs for the HSDS API and the
// exports. Every field that is set narrows the selection (AND).
type HSDSFilter struct {
	// Search is read as the search box reads it.
	Search string
	// Taxonomy with Term selects programs with that term; Taxonomy alone,
	// programs with any term of it.
	Taxonomy, Term string
	// OrganizationID selects one organization's programs.
	OrganizationID string
	// ModifiedAfter selects programs changed at or after it.
	ModifiedAfter time.Time
}

// exportBatch is how many programs the streaming readers load at once.
const exportBatch = 200

// hsdsConds returns the WHERE conditions of a filter, on programs p.
func (s *Store) hsdsConds(ctx context.Context, f HSDSFilter) ([]cond, error) {
	cs := []cond{{sql: "p.status = ?", args: []any{StatusPublished}}}
	if strings.TrimSpace(f.Search) != "" {
		tax, err := s.Taxonomies(ctx)
		if err != nil {
			return nil, err
		}
		p := ParseSearchParams(url.Values{"q": {f.Search}}, tax)
		if joinCandidates(p.query) != nil { // words the search box would read joined (withJoins)
			err = s.readSnapshot(ctx, func(tx *gorm.DB) error {
				if setup := s.dialect.searchSQL().textSetup; setup != "" {
					if err := tx.Exec(setup).Error; err != nil {
						return fmt.Errorf("search setup: %w", err)
					}
				}
				budget := maxExistenceQueries
				return s.withJoins(tx, 0, &p, &budget)
			})
			if err != nil {
				return nil, fmt.Errorf("models: search: %w", err)
			}
		}
		cs = s.textConditions(p)
	}
	if f.Taxonomy != "" {
		c, err := termCond(f.Taxonomy, f.Term)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	if f.OrganizationID != "" {
		cs = append(cs, cond{"p.organization_id = ?", []any{f.OrganizationID}})
	}
	if !f.ModifiedAfter.IsZero() {
		since, err := s.visibleSince(ctx, f.ModifiedAfter.UTC())
		if err != nil {
			return nil, err
		}
		cs = append(cs, cond{"p.updated_at >= ?", []any{since}})
	}
	return cs, nil
}

// visibleSince is how far back "modified at or after t" must read
// updated_at: to the start of the earliest import done at or after t,
// whose programs carry the time it began but were seen only when it was
// done (recordImportRun). A program changed in between is given again;
// none is missed.
func (s *Store) visibleSince(ctx context.Context, t time.Time) (time.Time, error) {
	var started sql.NullTime
	err := s.reader().WithContext(ctx).Raw("SELECT started_at FROM import_runs WHERE finished_at >= ? ORDER BY started_at LIMIT 1", t).
		Row().Scan(&started)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("models: read import runs: %w", err)
	}
	if started.Valid && started.Time.Before(t) {
		return started.Time.UTC(), nil
	}
	return t, nil
}

// termCond selects programs with a term (or, with no slug, with any term)
// of a taxonomy. Table and column names come from this switch only.
func termCond(taxonomy, slug string) (cond, error) {
	link := func(table string) cond {
		if slug == "" {
			return cond{"p.pk IN (SELECT program_pk FROM " + table + ")", nil}
		}
		return cond{"p.pk IN (SELECT program_pk FROM " + table + " WHERE slug = ?)", []any{slug}}
	}
	field := func(col string) cond {
		if slug == "" {
			return cond{"p." + col + " <> ''", nil}
		}
		return cond{"p." + col + " = ?", []any{slug}}
	}
	switch taxonomy {
	case TaxTheme:
		return link("program_themes"), nil
	case TaxAudience:
		return link("program_audiences"), nil
	case TaxLevel, TaxDelivery, TaxCost, TaxEvidence:
		return field(taxonomy), nil
	case TaxLocation:
		return cond{"p.pk IN (SELECT program_pk FROM locations WHERE confidential = ?)", []any{true}}, nil
	}
	return cond{}, fmt.Errorf("models: unknown taxonomy %q", taxonomy)
}

// HSDSServices returns one page of published programs matching f, by
// name, and how many match in all.
func (s *Store) HSDSServices(ctx context.Context, f HSDSFilter, page, perPage int) ([]*Program, int, error) {
	cs, err := s.hsdsConds(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	where, args := joinConds(cs)
	db := s.reader().WithContext(ctx)
	var total int
	if err := db.Raw("SELECT count(*) FROM programs p WHERE "+where, args...).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count hsds services: %w", err)
	}
	var pks []int64
	q := "SELECT p.pk FROM programs p WHERE " + where + " ORDER BY " + s.dialect.ciOrder("p.name") + ", p.pk LIMIT ? OFFSET ?"
	if err := db.Raw(q, append(args, perPage, (page-1)*perPage)...).Scan(&pks).Error; err != nil {
		return nil, 0, fmt.Errorf("models: list hsds services: %w", err)
	}
	ps, err := s.loadPrograms(ctx, pks)
	return ps, total, err
}

// EachHSDSService calls fn for every published program matching f, in
// creation order, loading a batch at a time: the exports and the ndjson
// stream hold one batch in memory, not the directory.
func (s *Store) EachHSDSService(ctx context.Context, f HSDSFilter, fn func(*Program) error) error {
	return s.eachService(ctx, s.reader(), f, fn)
}

// eachExported calls fn for every published program, all read in one
// snapshot: an export taken while an import ran mixed the programs as
// they were before it with those after it.
func (s *Store) eachExported(ctx context.Context, fn func(*Program) error) error {
	return s.readSnapshot(ctx, func(tx *gorm.DB) error {
		return s.eachService(ctx, tx, HSDSFilter{}, fn)
	})
}

func (s *Store) eachService(ctx context.Context, db *gorm.DB, f HSDSFilter, fn func(*Program) error) error {
	cs, err := s.hsdsConds(ctx, f)
	if err != nil {
		return err
	}
	where, args := joinConds(cs)
	var last int64
	for {
		var pks []int64
		q := "SELECT p.pk FROM programs p WHERE " + where + " AND p.pk > ? ORDER BY p.pk LIMIT ?"
		if err := db.WithContext(ctx).Raw(q, append(append([]any{}, args...), last, exportBatch)...).Scan(&pks).Error; err != nil {
			return fmt.Errorf("models: read programs for export: %w", err)
		}
		if len(pks) == 0 {
			return nil
		}
		ps, err := s.loadProgramsIn(ctx, db, pks)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if err := fn(p); err != nil {
				return err
			}
		}
		last = pks[len(pks)-1]
	}
}

// loadPrograms loads programs with their organization, locations and
// links, in the order of pks.
func (s *Store) loadPrograms(ctx context.Context, pks []int64) ([]*Program, error) {
	return s.loadProgramsIn(ctx, s.reader(), pks)
}

// loadProgramsIn is loadPrograms on db (a transaction's snapshot).
func (s *Store) loadProgramsIn(ctx context.Context, db *gorm.DB, pks []int64) ([]*Program, error) {
	if len(pks) == 0 {
		return nil, nil
	}
	var ps []*Program
	err := db.WithContext(ctx).Preload("Organization").Preload("Locations", func(db *gorm.DB) *gorm.DB {
		return db.Order("position")
	}).Where("pk IN ?", pks).Find(&ps).Error
	if err != nil {
		return nil, fmt.Errorf("models: load programs: %w", err)
	}
	if err := s.loadLinks(ctx, db, ps); err != nil {
		return nil, err
	}
	byPK := make(map[int64]*Program, len(ps))
	for _, p := range ps {
		byPK[p.PK] = p
	}
	out := make([]*Program, 0, len(ps))
	for _, pk := range pks {
		if p, ok := byPK[pk]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// HSDSOrganizations returns one page of the organizations that have a
// published program matching f (Search matches any part of the
// organization's name instead, whatever the case and accents, as the
// moderators' panel does: "ecole" finds "École de la paix"), by name.
// With ModifiedAfter, those whose document changed since: a matching
// program changed, or a published program left the organization
// (organizationChanged).
//
// "Has a matching program" is an EXISTS that looks the organization's
// programs up by the index programs_organization_status (00035): as an
// IN over the programs, SQLite's plan read every published program,
// 100,000 of them, to count or show a page of organizations. The folded
// name is matched, and the page found in name order, in the index
// organizations_name_folded rather than in the rows.
func (s *Store) HSDSOrganizations(ctx context.Context, f HSDSFilter, page, perPage int) ([]Organization, int, error) {
	q, err := s.hsdsOrganizationMatches(ctx, s.reader().WithContext(ctx), f)
	if err != nil {
		return nil, 0, err
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count hsds organizations: %w", err)
	}
	// The page's ids first, then its rows: the ids are read from
	// organizations_name_folded, in order, up to the page's last.
	order := s.dialect.ciOrder("organizations.name") + ", organizations.id"
	ids := q.Session(&gorm.Session{}).Select("organizations.id").Order(order).Limit(perPage).Offset((page - 1) * perPage)
	var orgs []Organization
	if err := s.reader().WithContext(ctx).Where("organizations.id IN (?)", ids).Order(order).Find(&orgs).Error; err != nil {
		return nil, 0, fmt.Errorf("models: list hsds organizations: %w", err)
	}
	return orgs, int(total), nil
}

// hsdsOrganizationMatches selects, on db, the organizations that
// HSDSOrganizations lists for f.
func (s *Store) hsdsOrganizationMatches(ctx context.Context, db *gorm.DB, f HSDSFilter) (*gorm.DB, error) {
	search := foldName(f.Search)
	f.Search = ""
	modifiedAfter := f.ModifiedAfter
	f.ModifiedAfter = time.Time{}
	cs, err := s.hsdsConds(ctx, f)
	if err != nil {
		return nil, err
	}
	where, args := joinConds(cs)
	const hasProgram = "EXISTS (SELECT 1 FROM programs p WHERE p.organization_id = organizations.id AND "
	q := db.Model(&Organization{}).Where(hasProgram+where+")", args...)
	if !modifiedAfter.IsZero() {
		since, err := s.visibleSince(ctx, modifiedAfter.UTC())
		if err != nil {
			return nil, err
		}
		q = q.Where("(organizations.updated_at >= ? OR "+hasProgram+where+" AND p.updated_at >= ?))",
			append(append([]any{since}, args...), since)...)
	}
	if search != "" {
		// Both sides folded (names_folded.go): a plain LIKE, the same on
		// both engines.
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(search) + "%"
		q = q.Where(`organizations.name_folded LIKE ? ESCAPE '\'`, like)
	}
	return q, nil
}

// HSDSOrganizationPrograms returns the published programs of each
// organization, by name.
func (s *Store) HSDSOrganizationPrograms(ctx context.Context, orgIDs []string) (map[string][]*Program, error) {
	out := map[string][]*Program{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	var pks []int64
	err := s.reader().WithContext(ctx).Raw("SELECT p.pk FROM programs p WHERE p.status = ? AND p.organization_id IN ? ORDER BY "+
		s.dialect.ciOrder("p.name")+", p.pk", StatusPublished, orgIDs).Scan(&pks).Error
	if err != nil {
		return nil, fmt.Errorf("models: list programs of organizations: %w", err)
	}
	ps, err := s.loadPrograms(ctx, pks)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		out[p.OrganizationID] = append(out[p.OrganizationID], p)
	}
	return out, nil
}

// HSDSOrganization returns an organization with at least one published
// program, and those programs.
func (s *Store) HSDSOrganization(ctx context.Context, id string) (*Organization, []*Program, error) {
	var org Organization
	err := s.reader().WithContext(ctx).Where("id = ?", id).Take(&org).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, fmt.Errorf("models: load organization %s: %w", id, err)
	}
	byOrg, err := s.HSDSOrganizationPrograms(ctx, []string{id})
	if err != nil {
		return nil, nil, err
	}
	if len(byOrg[id]) == 0 {
		return nil, nil, ErrNotFound
	}
	return &org, byOrg[id], nil
}

// HSDSPlace is one location of a published program: an HSDS
// service_at_location.
type HSDSPlace struct {
	Program  *Program
	Location Location
}

// HSDSServiceAtLocations returns one page of the locations of published
// programs matching f, by program name, and how many there are.
func (s *Store) HSDSServiceAtLocations(ctx context.Context, f HSDSFilter, page, perPage int) ([]HSDSPlace, int, error) {
	cs, err := s.hsdsConds(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	where, args := joinConds(cs)
	db := s.reader().WithContext(ctx)
	from := " FROM locations l JOIN programs p ON p.pk = l.program_pk WHERE " + where
	var total int
	if err := db.Raw("SELECT count(*)"+from, args...).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count hsds locations: %w", err)
	}
	var rows []struct {
		ID        string
		ProgramPK int64 `gorm:"column:program_pk"`
	}
	q := "SELECT l.id, l.program_pk" + from + " ORDER BY " + s.dialect.ciOrder("p.name") + ", p.pk, l.position LIMIT ? OFFSET ?"
	if err := db.Raw(q, append(args, perPage, (page-1)*perPage)...).Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("models: list hsds locations: %w", err)
	}
	pks := make([]int64, 0, len(rows))
	for _, r := range rows {
		pks = append(pks, r.ProgramPK)
	}
	ps, err := s.loadPrograms(ctx, pks)
	if err != nil {
		return nil, 0, err
	}
	byPK := map[int64]*Program{}
	for _, p := range ps {
		byPK[p.PK] = p
	}
	out := make([]HSDSPlace, 0, len(rows))
	for _, r := range rows {
		if p, ok := byPK[r.ProgramPK]; ok {
			for _, l := range p.Locations {
				if l.ID == r.ID {
					out = append(out, HSDSPlace{Program: p, Location: l})
				}
			}
		}
	}
	return out, total, nil
}

// HSDSServiceAtLocation returns one location of a published program.
func (s *Store) HSDSServiceAtLocation(ctx context.Context, locationID string) (HSDSPlace, error) {
	var pk int64
	err := s.reader().WithContext(ctx).Raw("SELECT l.program_pk FROM locations l JOIN programs p ON p.pk = l.program_pk WHERE l.id = ? AND p.status = ?",
		locationID, StatusPublished).Scan(&pk).Error
	if err != nil {
		return HSDSPlace{}, fmt.Errorf("models: find location %s: %w", locationID, err)
	}
	ps, err := s.loadPrograms(ctx, []int64{pk})
	if err != nil {
		return HSDSPlace{}, err
	}
	for _, p := range ps {
		for _, l := range p.Locations {
			if l.ID == locationID {
				return HSDSPlace{Program: p, Location: l}, nil
			}
		}
	}
	return HSDSPlace{}, ErrNotFound
}

// DirectoryChanged returns when the directory last changed: the latest
// change of any program (archiving and verifying count) or organization.
// The API's Last-Modified comes from it.
func (s *Store) DirectoryChanged(ctx context.Context) (time.Time, error) {
	var latest time.Time
	// An import's programs carry the time it began; it changed the
	// directory when it was done.
	for _, q := range []string{"SELECT updated_at FROM programs ORDER BY updated_at DESC LIMIT 1",
		"SELECT updated_at FROM organizations ORDER BY updated_at DESC LIMIT 1",
		"SELECT finished_at FROM import_runs ORDER BY finished_at DESC LIMIT 1"} {
		var t sql.NullTime
		err := s.reader().WithContext(ctx).Raw(q).Row().Scan(&t)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return time.Time{}, fmt.Errorf("models: latest change (%s): %w", q, err)
		}
		if t.Valid && t.Time.After(latest) {
			latest = t.Time
		}
	}
	return latest.UTC(), nil
}
