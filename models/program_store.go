package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SaveResult says what SaveDraft did.
type SaveResult struct {
	Program *Program
	Created bool
	// Was is the program's status before ("" when created): an import
	// keeps an archived program archived (imported).
	Was string
	// Unchanged: an import that would store what the program already
	// holds wrote nothing (unchanged).
	Unchanged bool
}

// SaveDraft stores a validated draft as a live program inside tx: it finds
// or creates the organization by name, then updates the program of that
// organization with the same name, or creates it. The search index follows
// in the same transaction.
func (s *Store) saveDraft(tx *gorm.DB, d *ProgramDraft, status string, now time.Time) (SaveResult, error) {
	return s.saveProgram(tx, d, nil, status, now, saveImport)
}

// saveProgram is saveDraft with a target: when target names a program, the
// draft replaces that program (an approved update, a moderator's edit),
// whatever its name and organization become.
//
// mode says what the draft could not carry (saveMode), and so what an
// update of a program keeps of it.
func (s *Store) saveProgram(tx *gorm.DB, d *ProgramDraft, target *int64, status string, now time.Time, mode saveMode) (SaveResult, error) {
	org, err := s.findOrCreateOrganization(tx, d.Organization, now)
	if err != nil {
		return SaveResult{}, err
	}
	var p Program
	if target != nil {
		// Locked: a program archived meanwhile (by another moderator, on
		// another instance) is read as archived once that commits; read
		// before, its status was saved back and the archive undone.
		err = lockRow(tx).Where("pk = ?", *target).Take(&p).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return SaveResult{}, ErrNotFound
		}
	} else {
		err = tx.Where("organization_id = ? AND "+s.dialect.ciEq("name"), org.ID, d.Name).Take(&p).Error
	}
	created := false
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		created = true
		p = Program{ID: uuid.NewString(), OrganizationID: org.ID, CreatedAt: now, Version: 1}
		p.Slug, err = s.uniqueSlug(tx, d.Name, org.Name)
		if err != nil {
			return SaveResult{}, err
		}
	case err != nil:
		return SaveResult{}, fmt.Errorf("models: find program %q: %w", d.Name, err)
	}
	moved := p.OrganizationID != org.ID // a target given to another organization
	left := p.OrganizationID
	p.OrganizationID = org.ID
	was := p.Status
	if mode != saveEdit && !created {
		var live []Location
		if err := tx.Where("program_pk = ?", p.PK).Order("position").Find(&live).Error; err != nil {
			return SaveResult{}, fmt.Errorf("models: read the locations of %q: %w", d.Name, err)
		}
		p.Locations = live
		*d = d.AsSaved(&p, mode)
		// An archived program is out of the directory until a moderator
		// restores it: an import or an update approved since (one sent
		// before it was archived) changes its content, not that.
		if was == StatusArchived {
			status = was
		}
		if mode == saveImport {
			if err := s.loadLinks(tx.Statement.Context, tx, []*Program{&p}); err != nil {
				return SaveResult{}, err
			}
			if !moved && unchanged(&p, d, status) {
				p.Organization = *org
				return SaveResult{Program: &p, Was: was, Unchanged: true}, nil
			}
		}
	}
	if !created {
		p.Version++
	}
	applyDraft(&p, d)
	p.Status = status
	p.UpdatedAt = now
	p.Organization = *org
	if created {
		err = tx.Omit("Organization", "Locations").Create(&p).Error
	} else {
		err = tx.Omit("Organization", "Locations", "CreatedAt").Save(&p).Error
	}
	if err != nil {
		return SaveResult{}, fmt.Errorf("models: save program %q: %w", d.Name, err)
	}
	if err := s.replaceLinks(tx, &p, d); err != nil {
		return SaveResult{}, err
	}
	if err := s.reindex(tx, &p); err != nil {
		return SaveResult{}, err
	}
	if moved && !created && was == StatusPublished {
		// The organization it left lost a published program.
		if err := organizationChanged(tx, left, now); err != nil {
			return SaveResult{}, err
		}
	}
	return SaveResult{Program: &p, Created: created, Was: was}, nil
}

// lockRow makes a read of one row hold it until the transaction ends
// (FOR UPDATE on PostgreSQL; SQLite's write transactions are immediate,
// one at a time, and its driver leaves the clause out).
func lockRow(tx *gorm.DB) *gorm.DB {
	return tx.Clauses(clause.Locking{Strength: "UPDATE"})
}

// organizationChanged marks an organization changed at now: a published
// program left it (archived, or given to another organization), so its
// HSDS document, which nests its published programs, changed although
// neither it nor any program it still has did; modified_after on
// organizations reads the mark (HSDSOrganizations). Only a change the
// public saw marks it.
func organizationChanged(tx *gorm.DB, id string, now time.Time) error {
	if err := tx.Model(&Organization{}).Where("id = ?", id).Update("updated_at", now).Error; err != nil {
		return fmt.Errorf("models: mark organization %s changed: %w", id, err)
	}
	return nil
}

// saveMode says where a draft comes from, and so what it could not carry
// that an update of a program keeps.
type saveMode int

const (
	// saveEdit: a moderator's form, which shows everything: nothing kept.
	saveEdit saveMode = iota
	// saveUpdate: a public update form, which never shows a confidential
	// location's street address and postal code: left empty, they are kept;
	// and an archived program stays archived.
	saveUpdate
	// saveImport: an import file (CSV, HSDS), straight or through the
	// queue, which carries neither those (an export leaves them out, so
	// importing an export erased them) nor the fees, contact person and
	// evaluation report (the CSV has no column for them): left empty, all
	// are kept, and an archived program stays archived (an import
	// republished it).
	saveImport
)

// AsSaved is the draft as saving it over live will store it: what its
// source could not carry (mode) is live's. The moderator's diff of an
// update shows this, the change that will be made.
func (d ProgramDraft) AsSaved(live *Program, mode saveMode) ProgramDraft {
	if mode == saveEdit {
		return d
	}
	KeepConfidentialAddresses(live.Locations, &d)
	if mode == saveImport {
		for _, f := range []struct{ now, before *string }{
			{&d.FeesDescription, &live.FeesDescription}, {&d.ContactName, &live.ContactName}, {&d.EvaluationURL, &live.EvaluationURL},
		} {
			if *f.now == "" {
				*f.now = *f.before
			}
		}
	}
	return d
}

// unchanged reports whether storing d over live (with its links and
// locations) as status would change nothing of it: the same file
// imported again writes nothing, and leaves versions, update times, the
// audit log and the search caches as they are.
func unchanged(live *Program, d *ProgramDraft, status string) bool {
	if live.Status != status {
		return false
	}
	next := *live
	applyDraft(&next, d)
	next.Locations = make([]Location, len(d.Locations))
	for i, l := range d.Locations {
		next.Locations[i] = Location{Address: l.Address, City: l.City, Region: l.Region, PostalCode: l.PostalCode,
			Country: l.Country, Confidential: l.Confidential}
	}
	a, b := DraftFromProgram(live), DraftFromProgram(&next)
	if a.LastVerified != b.LastVerified || live.ServiceArea != next.ServiceArea {
		return false
	}
	for _, c := range DiffDrafts(a, b) {
		if c.Changed {
			return false
		}
	}
	return true
}

func applyDraft(p *Program, d *ProgramDraft) {
	p.Name = d.Name
	p.NameFolded = foldName(d.Name)
	p.Summary = d.Summary
	p.Description = d.Description
	p.Level = d.Level
	p.Delivery = d.Delivery
	p.Cost = d.Cost
	p.FeesDescription = d.FeesDescription
	p.Eligibility = d.Eligibility
	p.AgeMin, p.AgeMax = d.AgeMin, d.AgeMax
	p.HowToRefer = d.HowToRefer
	p.Website = d.Website
	p.ContactName = d.ContactName
	p.ContactEmail = d.Email
	p.ContactPhone = d.Phone
	p.Evidence = d.Evidence
	if p.Evidence == "" {
		p.Evidence = "not_evaluated"
	}
	p.EvaluationURL = d.EvaluationURL
	if d.LastVerified != "" {
		v := d.LastVerified
		p.LastVerified = &v
	}
	p.Themes, p.Audiences, p.Languages = d.Themes, d.Audiences, d.Languages
	p.ServiceArea = serviceArea(d.Locations)
}

// serviceArea derives how far a program reaches from its locations.
func serviceArea(locs []LocationDraft) string {
	switch {
	case len(locs) == 0:
		return "international"
	case len(locs) == 1 && locs[0].City != "":
		return "city"
	case len(locs) == 1 && locs[0].Region != "":
		return "region"
	default:
		return "country"
	}
}

func (s *Store) findOrCreateOrganization(tx *gorm.DB, name string, now time.Time) (*Organization, error) {
	var org Organization
	err := tx.Where(s.dialect.ciEq("name"), name).Take(&org).Error
	if err == nil {
		return &org, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("models: find organization %q: %w", name, err)
	}
	org = Organization{ID: uuid.NewString(), Name: name, NameFolded: foldName(name), CreatedAt: now, UpdatedAt: now}
	if err := tx.Create(&org).Error; err != nil {
		return nil, fmt.Errorf("models: create organization %q: %w", name, err)
	}
	return &org, nil
}

// uniqueSlug builds a readable slug from the name, adding the
// organization's name and then a number when it is taken.
func (s *Store) uniqueSlug(tx *gorm.DB, name, org string) (string, error) {
	return firstFreeSlug(name, org, func(c string) (bool, error) {
		var n int64
		if err := tx.Model(&Program{}).Where("slug = ?", c).Count(&n).Error; err != nil {
			return false, fmt.Errorf("models: check slug: %w", err)
		}
		return n > 0, nil
	})
}

// firstFreeSlug tries the candidates in order — the name, the name and
// the organization, the name numbered 2 to 99 — each made only when the
// one before it is taken, and falls back to a random suffix.
func firstFreeSlug(name, org string, taken func(string) (bool, error)) (string, error) {
	base := Slugify(name)
	if base == "" {
		base = "program"
	}
	for i := 0; i < 100; i++ {
		var c string
		switch i {
		case 0:
			c = base
		case 1:
			c = Slugify(name + " " + org)
		default:
			c = base + "-" + strconv.Itoa(i)
		}
		t, err := taken(c)
		if err != nil {
			return "", err
		}
		if !t {
			return c, nil
		}
	}
	return base + "-" + uuid.NewString()[:8], nil
}

// Slugify makes a URL slug: folded, lower-case words joined by hyphens.
func Slugify(s string) string {
	words := splitWords(foldWord(s))
	var b strings.Builder
	for _, w := range words {
		if b.Len()+len(w) > 80 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	return b.String()
}

// replaceLinks rewrites the program's taxonomy links and locations. A
// location keeps its id from one version to the next, and its
// coordinates while its address is the same (keptLocations), so the ids
// other systems hold (HSDS location and service_at_location) stay stable
// across edits.
func (s *Store) replaceLinks(tx *gorm.DB, p *Program, d *ProgramDraft) error {
	var old []Location
	if err := tx.Where("program_pk = ?", p.PK).Order("position").Find(&old).Error; err != nil {
		return fmt.Errorf("models: read locations of program %s: %w", p.ID, err)
	}
	for _, t := range []string{"program_themes", "program_audiences", "program_languages", "locations"} {
		if err := tx.Exec("DELETE FROM "+t+" WHERE program_pk = ?", p.PK).Error; err != nil {
			return fmt.Errorf("models: clear %s of program %s: %w", t, p.ID, err)
		}
	}
	insert := func(table, col string, values []string) error {
		for _, v := range values {
			if err := tx.Exec("INSERT INTO "+table+" (program_pk, "+col+") VALUES (?, ?)", p.PK, v).Error; err != nil {
				return fmt.Errorf("models: link %s %q to program %s: %w", table, v, p.ID, err)
			}
		}
		return nil
	}
	if err := insert("program_themes", "slug", d.Themes); err != nil {
		return err
	}
	if err := insert("program_audiences", "slug", d.Audiences); err != nil {
		return err
	}
	if err := insert("program_languages", "code", d.Languages); err != nil {
		return err
	}
	p.Locations = nil
	kept := keptLocations(old, d.Locations)
	for i, l := range d.Locations {
		loc := Location{ID: kept[i].ID, ProgramPK: p.PK, Position: i, Address: l.Address, City: l.City,
			Region: l.Region, PostalCode: l.PostalCode, Country: l.Country, Confidential: l.Confidential,
			Latitude: kept[i].Latitude, Longitude: kept[i].Longitude}
		if err := tx.Create(&loc).Error; err != nil {
			return fmt.Errorf("models: add location to program %s: %w", p.ID, err)
		}
		p.Locations = append(p.Locations, loc)
	}
	return nil
}

// keptLocations gives each location of a draft saved over live the id and
// coordinates it keeps: a location at the same address as a live one is
// that one (its id and coordinates, which no form or CSV carries: an edit
// of anything else no longer drops them); another takes a live id no
// location kept, by position, or a new one, and no coordinates.
func keptLocations(live []Location, locs []LocationDraft) []Location {
	match := matchLocations(live, locs, samePlace)
	taken := make([]bool, len(live))
	for _, k := range match {
		if k >= 0 {
			taken[k] = true
		}
	}
	out := make([]Location, len(locs))
	for i, k := range match {
		switch {
		case k >= 0:
			out[i] = Location{ID: live[k].ID, Latitude: live[k].Latitude, Longitude: live[k].Longitude}
		case i < len(live) && !taken[i]:
			taken[i] = true
			out[i] = Location{ID: live[i].ID}
		default:
			out[i] = Location{ID: uuid.NewString()}
		}
	}
	return out
}

// reindex writes the program's search document, or removes it when the
// program is not public, and tells search the program changed
// (programChanged): every write of a program goes through here.
func (s *Store) reindex(tx *gorm.DB, p *Program) error {
	if err := s.programChanged(tx, p.PK); err != nil {
		return err
	}
	if p.Status != StatusPublished {
		return s.dialect.indexProgram(tx, p.PK, nil)
	}
	tax, err := s.Taxonomies(tx.Statement.Context)
	if err != nil {
		return err
	}
	return s.dialect.indexProgram(tx, p.PK, buildSearchDoc(p, tax))
}

// ProgramBySlug returns a published program with everything its page shows.
func (s *Store) ProgramBySlug(ctx context.Context, slug string) (*Program, error) {
	return s.programWhere(ctx, s.reader(), "programs.slug = ? AND programs.status = ?", slug, StatusPublished)
}

// ProgramByID returns a published program by its public UUID.
func (s *Store) ProgramByID(ctx context.Context, id string) (*Program, error) {
	return s.programWhere(ctx, s.reader(), "programs.id = ? AND programs.status = ?", id, StatusPublished)
}

func (s *Store) programWhere(ctx context.Context, db *gorm.DB, where string, args ...any) (*Program, error) {
	var p Program
	err := db.WithContext(ctx).Preload("Organization").Preload("Locations", func(db *gorm.DB) *gorm.DB {
		return db.Order("position")
	}).Where(where, args...).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: load program: %w", err)
	}
	if err := s.loadLinks(ctx, db, []*Program{&p}); err != nil {
		return nil, err
	}
	return &p, nil
}

// loadLinks fills Themes, Audiences and Languages of several programs in
// three queries.
func (s *Store) loadLinks(ctx context.Context, db *gorm.DB, ps []*Program) error {
	if len(ps) == 0 {
		return nil
	}
	byPK := make(map[int64]*Program, len(ps))
	pks := make([]int64, 0, len(ps))
	for _, p := range ps {
		byPK[p.PK] = p
		pks = append(pks, p.PK)
	}
	type link struct {
		ProgramPK int64 `gorm:"column:program_pk"`
		Value     string
	}
	for _, q := range []struct {
		table, col string
		dst        func(*Program) *[]string
	}{
		{"program_themes", "slug", func(p *Program) *[]string { return &p.Themes }},
		{"program_audiences", "slug", func(p *Program) *[]string { return &p.Audiences }},
		{"program_languages", "code", func(p *Program) *[]string { return &p.Languages }},
	} {
		var links []link
		if err := db.WithContext(ctx).Table(q.table).Select("program_pk, "+q.col+" AS value").
			Where("program_pk IN ?", pks).Order("program_pk, " + q.col).Scan(&links).Error; err != nil {
			return fmt.Errorf("models: load %s: %w", q.table, err)
		}
		for _, l := range links {
			d := q.dst(byPK[l.ProgramPK])
			*d = append(*d, l.Value)
		}
	}
	return nil
}

// CountPrograms returns how many programs the directory holds, any status.
func (s *Store) CountPrograms(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&Program{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("models: count programs: %w", err)
	}
	return n, nil
}
