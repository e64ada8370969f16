package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ErrNameTaken is the problem of a draft whose organization already has a
// program of that name.
var errNameTaken = Problem{Field: "name", Code: "name_taken", Message: "this organization already has a program with this name"}

// checkNameFree refuses a draft that would take the name of another
// program of the same organization (for a new listing: any program; for an
// update: any other than its own).
func (s *Store) checkNameFree(tx *gorm.DB, d *ProgramDraft, own *int64) error {
	q := tx.Table("programs p").Joins("JOIN organizations o ON o.id = p.organization_id").
		Where(s.dialect.ciEq("o.name")+" AND "+s.dialect.ciEq("p.name"), d.Organization, d.Name)
	if own != nil {
		q = q.Where("p.pk <> ?", *own)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return fmt.Errorf("models: check program name: %w", err)
	}
	if n > 0 {
		return ProblemsError{errNameTaken}
	}
	return nil
}

// NameTaken reports whether the draft's organization already has a program
// of that name other than own, so a form can say so before anything is
// stored.
func (s *Store) NameTaken(ctx context.Context, d *ProgramDraft, own *int64) (bool, error) {
	err := s.checkNameFree(s.reader().WithContext(ctx), d, own)
	var pe ProblemsError
	if errors.As(err, &pe) {
		return true, nil
	}
	return false, err
}

// ProgramFilter selects programs in the panel.
type ProgramFilter struct {
	Q      string // name or organization contains, case and accents aside (foldName)
	Status string // published, archived or ""
	// StaleAt, when set, keeps the programs whose verification a
	// practitioner is warned of at that time (VerificationStale): never
	// verified or more than a year before; the oldest come first.
	StaleAt time.Time
	Page    int
}

// firstFreshDay is the first day of verification that is not stale at
// now, as VerificationStale says: a day is stale when its midnight (UTC)
// is before a year ago.
func firstFreshDay(now time.Time) string {
	cut := now.UTC().AddDate(-1, 0, 0)
	day := cut.Truncate(24 * time.Hour)
	if day.Before(cut) {
		day = day.AddDate(0, 0, 1)
	}
	return day.Format(time.DateOnly)
}

// AdminPerPage is the page size of the panel's lists.
const AdminPerPage = 50

// AdminPrograms lists programs of any status for the panel.
//
// The programs that pass the filters, and the page of them, are read from
// the index programs_panel (00033: status, folded name, organization,
// verification, name and pk): a narrow scan, where a scan of the rows
// themselves, descriptions and all, took several times as long at
// 100,000 programs. Only the page's rows are read whole.
func (s *Store) AdminPrograms(ctx context.Context, f ProgramFilter) ([]Program, int64, error) {
	db := s.db.WithContext(ctx)
	var total int64
	if err := s.panelMatches(db, f).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count programs: %w", err)
	}
	if f.Page < 1 {
		f.Page = 1
	}
	page := s.panelMatches(db, f).Select("p.pk").Order(s.panelOrder("p", f)).Limit(AdminPerPage).Offset((f.Page - 1) * AdminPerPage)
	var ps []Program
	if err := db.Model(&Program{}).Joins("Organization").Where("programs.pk IN (?)", page).Order(s.panelOrder("programs", f)).Find(&ps).Error; err != nil {
		return nil, 0, fmt.Errorf("models: list programs: %w", err)
	}
	return ps, total, nil
}

// panelMatches selects, from programs p, those that pass the panel's
// filters.
func (s *Store) panelMatches(db *gorm.DB, f ProgramFilter) *gorm.DB {
	q := db.Table("programs p")
	if f.Status != "" {
		q = q.Where("p.status = ?", f.Status)
	}
	if t := foldName(f.Q); t != "" {
		// Both sides folded (names_folded.go): a plain LIKE, the same on
		// both engines; the organizations' names are read once.
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(t) + "%"
		q = q.Where(`(p.name_folded LIKE ? ESCAPE '\' OR p.organization_id IN (SELECT id FROM organizations WHERE name_folded LIKE ? ESCAPE '\'))`, like, like)
	}
	if !f.StaleAt.IsZero() {
		q = q.Where("(p.last_verified IS NULL OR p.last_verified = '' OR p.last_verified < ?)", firstFreshDay(f.StaleAt))
	}
	return q
}

// panelOrder is the panel's order of the programs of table t: by name,
// or for the stale ones the oldest verified first.
func (s *Store) panelOrder(t string, f ProgramFilter) string {
	order := s.dialect.ciOrder(t+".name") + ", " + t + ".pk"
	if !f.StaleAt.IsZero() {
		order = "COALESCE(" + t + ".last_verified, ''), " + order
	}
	return order
}

// AdminProgram loads a program of any status, with everything, for the
// panel (confidential addresses included).
func (s *Store) AdminProgram(ctx context.Context, id string) (*Program, error) {
	return s.programWhere(ctx, s.db, "programs.id = ?", id)
}

// SetProgramStatus archives or restores a program; search follows at once.
func (s *Store) SetProgramStatus(ctx context.Context, by *User, id, status string, reason string) error {
	if status != StatusPublished && status != StatusArchived {
		return fmt.Errorf("models: unknown program status %q", status)
	}
	return s.publicWrite(ctx, func(tx *gorm.DB, now time.Time) error {
		var p Program
		if err := lockRow(tx).Where("id = ?", id).Take(&p).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if p.Status == status {
			return fmt.Errorf("%w: the program is already %s", ErrTransition, status)
		}
		from := p.Status
		if err := tx.Model(&Program{}).Where("pk = ?", p.PK).Updates(map[string]any{"status": status, "updated_at": now, "version": p.Version + 1}).Error; err != nil {
			return fmt.Errorf("models: set status of program %s: %w", id, err)
		}
		if from == StatusPublished {
			if err := organizationChanged(tx, p.OrganizationID, now); err != nil {
				return err
			}
		}
		full, err := s.programWhere(ctx, tx, "programs.pk = ?", p.PK)
		if err != nil {
			return err
		}
		if err := s.reindex(tx, full); err != nil {
			return err
		}
		action := "program.archive"
		if status == StatusPublished {
			action = "program.restore"
		}
		return appendAuditAt(tx, now, UserActor(by), action, "program", p.ID, from, status, reason)
	})
}

// VerifyProgram marks a program as verified today by the user.
func (s *Store) VerifyProgram(ctx context.Context, by *User, id string, today time.Time) error {
	return s.publicWrite(ctx, func(tx *gorm.DB, now time.Time) error {
		day := today.UTC().Format(time.DateOnly)
		if err := s.markVerified(tx, id, day, by.Email, now); err != nil {
			return err
		}
		return appendAudit(tx, UserActor(by), "program.verify", "program", id, "", "", day)
	})
}

// VerifiedByOrganization is who verified a listing that its organization
// confirmed through its tracking link (verified_by otherwise holds a
// moderator's e-mail address, which has an @).
const VerifiedByOrganization = "organization"

// VerifiedByOrg reports whether the last verification was the
// organization's own confirmation.
func (p *Program) VerifiedByOrg() bool { return p.VerifiedBy == VerifiedByOrganization }

// ConfirmsListing reports whether the submission's tracking link may
// confirm its listing is current: only the link of the submission that
// created the listing, once approved. An update's link may be anyone's
// (anyone can suggest an update of a live listing), and a confirmation is
// not moderated.
func (sub *Submission) ConfirmsListing() bool {
	return sub.Kind == KindNew && sub.State == StateApproved && sub.ProgramPK != nil
}

// ConfirmCurrent records the organization's word that its live listing is
// still current, given through the tracking link that created it (see
// ConfirmsListing): the listing is verified today, as by a moderator's
// "Mark as verified", with the organization as who verified it. A listing
// already verified today is left as it is (confirmed is false). Any other
// link, or a listing no longer published, is ErrNotFound.
func (s *Store) ConfirmCurrent(ctx context.Context, token string, today time.Time) (confirmed bool, err error) {
	err = s.publicWrite(ctx, func(tx *gorm.DB, now time.Time) error {
		sub, err := s.lockSubmissionByToken(tx, token)
		if err != nil {
			return err
		}
		if !sub.ConfirmsListing() {
			return ErrNotFound
		}
		var p Program
		// Locked: an archive committing meanwhile is waited for, and seen.
		if err := lockRow(tx).Select("pk", "id", "status", "last_verified").Where("pk = ?", *sub.ProgramPK).Take(&p).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if p.Status != StatusPublished {
			return ErrNotFound
		}
		day := today.UTC().Format(time.DateOnly)
		if p.LastVerified != nil && *p.LastVerified == day {
			return nil
		}
		if err := s.markVerified(tx, p.ID, day, VerifiedByOrganization, now); err != nil {
			return err
		}
		confirmed = true
		return appendAudit(tx, ActorSubmitter, "program.confirm", "program", p.ID, "", "", "submission "+sub.Ref())
	})
	if err != nil {
		return false, err
	}
	return confirmed, nil
}

// markVerified sets a program's last verified day and who verified it,
// changed at now.
func (s *Store) markVerified(tx *gorm.DB, id, day, by string, now time.Time) error {
	res := tx.Model(&Program{}).Where("id = ?", id).Updates(map[string]any{"last_verified": day, "verified_by": by, "updated_at": now})
	if res.Error != nil {
		return fmt.Errorf("models: verify program %s: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	// The date orders "sort by verified": search must hear of it.
	var pk int64
	if err := tx.Raw("SELECT pk FROM programs WHERE id = ?", id).Scan(&pk).Error; err != nil {
		return err
	}
	return s.programChanged(tx, pk)
}

// EditProgram replaces a program's content directly (a moderator's edit),
// recorded like any change. version is the version the moderator saw.
func (s *Store) EditProgram(ctx context.Context, by *User, id string, version int, d *ProgramDraft) error {
	return s.publicWrite(ctx, func(tx *gorm.DB, now time.Time) error {
		var p Program
		if err := lockRow(tx).Where("id = ?", id).Take(&p).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if p.Version != version {
			return ErrConflict
		}
		if err := s.checkNameFree(tx, d, &p.PK); err != nil {
			return err
		}
		if _, err := s.saveProgram(tx, d, &p.PK, p.Status, now, saveEdit); err != nil {
			return err
		}
		return appendAudit(tx, UserActor(by), "program.edit", "program", p.ID, "", "", "")
	})
}

// DraftFromProgram returns a program's content as a draft: the start of an
// update form, and the "before" of a diff.
func DraftFromProgram(p *Program) ProgramDraft {
	d := ProgramDraft{
		Name: p.Name, Organization: p.Organization.Name, Summary: p.Summary, Description: p.Description,
		Themes: p.Themes, Audiences: p.Audiences, Level: p.Level, Languages: p.Languages, Delivery: p.Delivery,
		Cost: p.Cost, FeesDescription: p.FeesDescription, Eligibility: p.Eligibility, AgeMin: p.AgeMin, AgeMax: p.AgeMax,
		HowToRefer: p.HowToRefer, Website: p.Website, ContactName: p.ContactName, Email: p.ContactEmail,
		Phone: p.ContactPhone, Evidence: p.Evidence, EvaluationURL: p.EvaluationURL,
	}
	if p.LastVerified != nil {
		d.LastVerified = *p.LastVerified
	}
	for _, l := range p.Locations {
		d.Locations = append(d.Locations, LocationDraft{Address: l.Address, City: l.City, Region: l.Region,
			PostalCode: l.PostalCode, Country: l.Country, Confidential: l.Confidential})
	}
	return d
}

// FieldChange is one line of a diff between two drafts.
type FieldChange struct {
	Field    string // csv name of the field
	Old, New string
	Changed  bool
}

// DiffDrafts compares two drafts field by field. Old and New are the
// values compared, slugs and codes as stored; a page names them in its
// language.
func DiffDrafts(old, new ProgramDraft) []FieldChange {
	str := func(d ProgramDraft) []string {
		age := func(p *int) string {
			if p == nil {
				return ""
			}
			return fmt.Sprint(*p)
		}
		var locs []string
		for _, l := range d.Locations {
			conf := ""
			if l.Confidential {
				conf = " (confidential)"
			}
			locs = append(locs, strings.Join(nonEmpty(l.Address, l.PostalCode, l.City, l.Region, l.Country), ", ")+conf)
		}
		// A list is a set: the form sends it in the page's order, the
		// store gives it back sorted, and the same themes in another order
		// are no change.
		set := func(l []string) string { return strings.Join(slices.Sorted(slices.Values(l)), ", ") }
		return []string{d.Name, d.Organization, d.Summary, d.Description, set(d.Themes),
			set(d.Audiences), d.Level, set(d.Languages), d.Delivery, d.Cost,
			d.FeesDescription, d.Eligibility, age(d.AgeMin), age(d.AgeMax), d.HowToRefer, d.Website,
			d.ContactName, d.Email, d.Phone, d.Evidence, d.EvaluationURL, strings.Join(locs, "\n")}
	}
	fields := []string{"name", "organization", "summary", "description", "themes", "audiences", "level", "languages",
		"delivery", "cost", "fees", "eligibility", "age_min", "age_max", "how_to_refer", "website", "contact_name",
		"email", "phone", "evidence", "evaluation_url", "locations"}
	a, b := str(old), str(new)
	out := make([]FieldChange, len(fields))
	for i, f := range fields {
		out[i] = FieldChange{Field: f, Old: a[i], New: b[i], Changed: a[i] != b[i]}
	}
	// Locations field by field: their text joins the parts that are
	// there, so "9 Hidden Lane, LS1 9ZZ" as the address reads as the
	// address "9 Hidden Lane" and the postal code "LS1 9ZZ".
	out[len(out)-1].Changed = !slices.Equal(old.Locations, new.Locations)
	return out
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// WithoutConfidentialAddresses returns d with the street address and
// postal code of every confidential location left out: a public form
// (suggest an update, the owner's update) starts from it, so the page
// never carries them (KeepConfidentialAddresses puts them back).
func (d ProgramDraft) WithoutConfidentialAddresses() ProgramDraft {
	d.Locations = slices.Clone(d.Locations)
	for i, l := range d.Locations {
		if l.Confidential {
			d.Locations[i].Address, d.Locations[i].PostalCode = "", ""
		}
	}
	return d
}

// KeepConfidentialAddresses gives each confidential location of an update
// that came with neither street address nor postal code — as the public
// form shows it — those of the live location it stands for: a
// confidential one in the same country and city, the one at the same
// place in the list first. A location the submitter gave an address
// keeps theirs; one that matches no live location stays without.
func KeepConfidentialAddresses(live []Location, d *ProgramDraft) {
	d.Locations = slices.Clone(d.Locations)
	match := matchLocations(live, d.Locations, func(l LocationDraft, o Location) bool {
		return l.Confidential && l.Address == "" && l.PostalCode == "" &&
			o.Confidential && (o.Address != "" || o.PostalCode != "") &&
			strings.EqualFold(o.Country, l.Country) && strings.EqualFold(strings.TrimSpace(o.City), strings.TrimSpace(l.City))
	})
	for i, k := range match {
		if k >= 0 {
			d.Locations[i].Address, d.Locations[i].PostalCode = live[k].Address, live[k].PostalCode
		}
	}
}

// matchLocations pairs each location of a draft with the live location it
// stands for, if any: one that same accepts, the one at the same position
// first, each live location at most once. match[i] is the index in live
// of locs[i]'s, or -1.
func matchLocations(live []Location, locs []LocationDraft, same func(LocationDraft, Location) bool) []int {
	match := make([]int, len(locs))
	used := make([]bool, len(live))
	for i, l := range locs {
		match[i] = -1
		if i < len(live) && same(l, live[i]) && !used[i] {
			match[i] = i
		} else {
			for j := range live {
				if !used[j] && same(l, live[j]) {
					match[i] = j
					break
				}
			}
		}
		if match[i] >= 0 {
			used[match[i]] = true
		}
	}
	return match
}

// samePlace: the draft's location is the live one's address, unchanged
// but for case and spaces (what its coordinates and id stand for).
func samePlace(l LocationDraft, o Location) bool {
	eq := func(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }
	return eq(l.Address, o.Address) && eq(l.City, o.City) && eq(l.Region, o.Region) &&
		eq(l.PostalCode, o.PostalCode) && eq(l.Country, o.Country)
}
