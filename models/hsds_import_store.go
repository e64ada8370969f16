package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// HSDSImportSummary says what an HSDS import did.
type HSDSImportSummary struct {
	Created, Updated, Skipped int
	Unchanged                 int // as ImportSummary's
}

// ImportHSDS publishes the records without problems, each on its own
// (a record that fails to save is skipped, with the reason added to its
// Problems, and the others stay). Like the CSV import it publishes at
// once, with an audit event per program.
//
// Ids travel: a service whose id names a program here updates that
// program; a new program, organization or location takes the id it had
// in the file when that id is free, so a directory exported and imported
// elsewhere keeps its ids.
func (s *Store) ImportHSDS(ctx context.Context, records []HSDSRecord) (HSDSImportSummary, error) {
	var sum HSDSImportSummary
	var run int64
	now := time.Now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := range records {
			rec := &records[i]
			if len(rec.Problems) > 0 {
				sum.Skipped++
				continue
			}
			var res SaveResult
			err := tx.Transaction(func(tx *gorm.DB) error {
				var err error
				res, err = s.importHSDSRecord(tx, rec, now)
				return err
			})
			var pe ProblemsError
			switch {
			case errors.As(err, &pe):
				for _, p := range pe {
					rec.Problems = append(rec.Problems, problemText(p))
				}
				sum.Skipped++
			case err != nil && ctx.Err() != nil:
				return err
			case err != nil:
				rec.Problems = append(rec.Problems, "not saved: "+err.Error())
				sum.Skipped++
			case res.Created:
				sum.Created++
			case res.Unchanged:
				sum.Unchanged++
			default:
				sum.Updated++
			}
		}
		if sum.Created+sum.Updated == 0 {
			return nil
		}
		return recordImportRun(tx, now, &run)
	})
	if err != nil {
		return HSDSImportSummary{}, fmt.Errorf("models: import hsds: %w", err)
	}
	s.importRunCommitted(ctx, run)
	return sum, nil
}

// importHSDSRecord saves one record inside tx and says what it did.
func (s *Store) importHSDSRecord(tx *gorm.DB, rec *HSDSRecord, now time.Time) (SaveResult, error) {
	if err := s.createHSDSOrganization(tx, rec, now); err != nil {
		return SaveResult{}, err
	}
	var res SaveResult
	var existing Program
	err := tx.Where("id = ?", rec.ID).Take(&existing).Error
	switch {
	case rec.ID != "" && err == nil:
		if err := s.checkNameFree(tx, &rec.Draft, &existing.PK); err != nil {
			return SaveResult{}, err
		}
		res, err = s.saveProgram(tx, &rec.Draft, &existing.PK, StatusPublished, now, saveImport)
		if err != nil {
			return SaveResult{}, err
		}
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound):
		return SaveResult{}, fmt.Errorf("models: find program %s: %w", rec.ID, err)
	default:
		res, err = s.saveDraft(tx, &rec.Draft, StatusPublished, now)
		if err != nil {
			return SaveResult{}, err
		}
		if res.Created && rec.ID != "" {
			if err := tx.Model(&Program{}).Where("pk = ?", res.Program.PK).Update("id", rec.ID).Error; err != nil {
				return SaveResult{}, fmt.Errorf("models: keep id %s: %w", rec.ID, err)
			}
			res.Program.ID = rec.ID
		}
	}
	moved, err := keepLocationIDs(tx, res.Program, rec.locations)
	if err != nil {
		return SaveResult{}, err
	}
	if res.Unchanged && !moved {
		return res, nil
	}
	if res.Unchanged { // new coordinates or ids only: an update all the same
		res.Unchanged = false
		if err := tx.Model(&Program{}).Where("pk = ?", res.Program.PK).
			Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": now}).Error; err != nil {
			return SaveResult{}, fmt.Errorf("models: update program %s: %w", res.Program.ID, err)
		}
		// Search results are cached by search version, with each hit's
		// locations (ids, coordinates): they must hear of it.
		if err := s.programChanged(tx, res.Program.PK); err != nil {
			return SaveResult{}, err
		}
	}
	action := "program.import_update"
	if res.Created {
		action = "program.import"
	}
	return res, appendAudit(tx, ActorImporter, action, "program", res.Program.ID, res.Was, res.Program.Status, "hsds")
}

// createHSDSOrganization creates the record's organization, with its id
// and details, when no organization of that name exists yet.
func (s *Store) createHSDSOrganization(tx *gorm.DB, rec *HSDSRecord, now time.Time) error {
	name := strings.TrimSpace(rec.Draft.Organization)
	var n int64
	if err := tx.Model(&Organization{}).Where(s.dialect.ciEq("name"), name).Count(&n).Error; err != nil {
		return fmt.Errorf("models: find organization %q: %w", name, err)
	}
	if n > 0 {
		return nil
	}
	o := rec.org
	id, ok := canonicalUUID(o.ID)
	if !ok || tx.Where("id = ?", id).Take(&Organization{}).Error == nil {
		id = uuid.NewString()
	}
	org := Organization{ID: id, Name: name, NameFolded: foldName(name), Description: strings.TrimSpace(o.Description), CreatedAt: now, UpdatedAt: now}
	if ValidWebURL(o.Website) && len(o.Website) <= 500 {
		org.Website = o.Website
	}
	if ValidEmail(o.Email) {
		org.Email = o.Email
	}
	if len(o.Phones) > 0 && phoneRe.MatchString(o.Phones[0].Number) {
		org.Phone = o.Phones[0].Number
	}
	if err := tx.Create(&org).Error; err != nil {
		return fmt.Errorf("models: create organization %q: %w", name, err)
	}
	return nil
}

// keepLocationIDs gives the program's new locations the ids and
// coordinates they had in the file, by position, where the id is free,
// and reports whether that changed any.
func keepLocationIDs(tx *gorm.DB, p *Program, imported []hsdsImportedLocation) (bool, error) {
	changed := false
	for i := range p.Locations {
		if i >= len(imported) {
			break
		}
		l, in := &p.Locations[i], imported[i]
		updates := map[string]any{}
		same := func(a, b *float64) bool { return a != nil && b != nil && *a == *b }
		if in.latitude != nil && in.longitude != nil && !(same(in.latitude, l.Latitude) && same(in.longitude, l.Longitude)) {
			updates["latitude"], updates["longitude"] = *in.latitude, *in.longitude
		}
		if in.id != "" && in.id != l.ID {
			var n int64
			if err := tx.Model(&Location{}).Where("id = ?", in.id).Count(&n).Error; err != nil {
				return false, fmt.Errorf("models: check location id: %w", err)
			}
			if n == 0 {
				updates["id"] = in.id
			}
		}
		if len(updates) == 0 {
			continue
		}
		if err := tx.Model(&Location{}).Where("id = ?", l.ID).Updates(updates).Error; err != nil {
			return false, fmt.Errorf("models: update location of program %s: %w", p.ID, err)
		}
		changed = true
		if id, ok := updates["id"].(string); ok {
			l.ID = id
		}
	}
	return changed, nil
}
