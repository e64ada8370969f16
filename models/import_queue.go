package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// QueueSummary says what QueueDrafts put in the moderation queue.
type QueueSummary struct {
	New, Updates int
	// Unchanged: updates that would store what their program holds, not
	// queued (a moderator has nothing to review in them).
	Unchanged int
}

// ImportSubmitter is the submitter's name of a queued import: approved,
// it is saved as an import is (saveProgram's imported), keeping what the
// file cannot carry. It is stored as it is, in English, and shown in the
// moderator's language.
const ImportSubmitter = "Import"

// Imported reports whether a submission was queued by an import
// (QueueDrafts). A person may call themselves "Import" too, but a form
// needs their e-mail address, and an import has none.
func (sub *Submission) Imported() bool {
	return sub.SubmitterName == ImportSubmitter && sub.SubmitterEmail == "" && sub.Kind != KindReport
}

// QueueDrafts puts imported programs in the moderation queue instead of
// publishing them: each becomes a pending submission — an update when
// its organization already has a program of that name, else a new
// listing — with the import named as its submitter. All or nothing.
func (s *Store) QueueDrafts(ctx context.Context, drafts []ProgramDraft, source string) (QueueSummary, error) {
	var sum QueueSummary
	now := time.Now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := range drafts {
			d := &drafts[i]
			content, err := json.Marshal(d)
			if err != nil {
				return err
			}
			sub := &Submission{Kind: KindNew, State: StatePending, Content: string(content),
				SubmitterName: ImportSubmitter, SubmitterOrg: TruncateBytes(source, 200), Version: 1, CreatedAt: now, UpdatedAt: now}
			var live Program
			err = tx.Table("programs p").Select("p.pk").Joins("JOIN organizations o ON o.id = p.organization_id").
				Where(s.dialect.ciEq("o.name")+" AND "+s.dialect.ciEq("p.name"), d.Organization, d.Name).Take(&live).Error
			if err == nil {
				pk := live.PK
				same, err := s.importChangesNothing(tx, pk, *d)
				if err != nil {
					return err
				}
				if same {
					sum.Unchanged++
					continue
				}
				sub.Kind, sub.ProgramPK = KindUpdate, &pk
				sum.Updates++
			} else {
				sum.New++
			}
			if err := tx.Create(sub).Error; err != nil {
				return fmt.Errorf("queue %q: %w", d.Name, err)
			}
			if err := appendAudit(tx, ActorImporter, "submission.create", "submission", sub.Ref(), "", StatePending, sub.Kind); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return QueueSummary{}, fmt.Errorf("models: queue imported programs: %w", err)
	}
	return sum, nil
}

// importChangesNothing reports whether importing d over the program pk
// would store what it holds already (unchanged), with no update of it
// waiting for a moderator: one is, and the file holds the program as it
// is live again, the moderator must see that too before approving the
// other.
func (s *Store) importChangesNothing(tx *gorm.DB, pk int64, d ProgramDraft) (bool, error) {
	var waiting int64
	if err := tx.Model(&Submission{}).Where("program_pk = ? AND kind = ? AND state IN ?", pk, KindUpdate,
		[]string{StatePending, StateChangesRequested}).Count(&waiting).Error; err != nil {
		return false, fmt.Errorf("models: find updates waiting: %w", err)
	}
	if waiting > 0 {
		return false, nil
	}
	live, err := s.programWhere(tx.Statement.Context, tx, "programs.pk = ?", pk)
	if err != nil {
		return false, err
	}
	status := StatusPublished
	if live.Status == StatusArchived {
		status = live.Status
	}
	saved := d.AsSaved(live, saveImport)
	return unchanged(live, &saved, status), nil
}
