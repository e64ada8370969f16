package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Who may move a submission.
type Role int

// The roles of the state machine.
const (
	BySubmitter Role = iota
	ByModerator
)

// MaxMessageLength is how many characters a moderator's message may have
// (the form's maxlength).
const MaxMessageLength = 5000

// ErrMessageTooLong means a moderator's message is over MaxMessageLength.
// (It was counted in bytes, and refused as a conflict: a message of 2,501
// Arabic letters read "someone else acted on this first".)
var ErrMessageTooLong = errors.New("models: the message is too long")

// ErrTransition means the move is not allowed from the current state.
var ErrTransition = errors.New("models: this action is not possible in the submission's current state")

// ErrReasonRequired means a rejection or a request for changes lacks its
// message (see messageRequired).
var ErrReasonRequired = errors.New("models: a message for the submitter is required")

// transitions is PRODUCT.md §5: from → to → who may.
var transitions = map[string]map[string]Role{
	StatePending: {
		StateApproved:         ByModerator,
		StateChangesRequested: ByModerator,
		StateRejected:         ByModerator,
		StateWithdrawn:        BySubmitter,
	},
	StateChangesRequested: {
		StatePending:   BySubmitter,
		StateWithdrawn: BySubmitter,
	},
}

// CanTransition reports whether role may move a submission of kind from one
// state to another. Reports have no submitter to ask for changes.
func CanTransition(kind, from, to string, role Role) bool {
	who, ok := transitions[from][to]
	if !ok || who != role {
		return false
	}
	if kind == KindReport && (to == StateChangesRequested || role == BySubmitter) {
		return false
	}
	return true
}

func checkTransition(kind, from, to string, role Role) error {
	if !CanTransition(kind, from, to, role) {
		return fmt.Errorf("%w (%s → %s)", ErrTransition, from, to)
	}
	return nil
}

// Decision is a moderator's action on a submission.
type Decision struct {
	SubmissionID int64
	Version      int    // the version the moderator saw; a newer one is a conflict
	To           string // approved, changes_requested or rejected
	Message      string // required for changes_requested and rejected, but for a report
}

// messageRequired reports whether a decision needs a message: the
// submitter of a new listing or an update reads why it was rejected or
// sent back on their tracking page. A report has no tracking page and its
// author may be anonymous, so a moderator dismissing it owes no message;
// one written anyway is the moderators' note, kept in the history.
func messageRequired(kind, to string) bool {
	return kind != KindReport && (to == StateRejected || to == StateChangesRequested)
}

// Decide applies a moderator's decision. Approving a new listing publishes
// it; approving an update replaces the live version. If the submission
// changed since the moderator loaded it (another moderator acted first,
// or the submitter withdrew), it returns ErrConflict and changes nothing:
// the version check is in the UPDATE itself, so the database decides.
func (s *Store) Decide(ctx context.Context, by *User, d Decision) (*Submission, error) {
	d.Message = CleanText(d.Message)
	if utf8.RuneCountInString(d.Message) > MaxMessageLength {
		return nil, ErrMessageTooLong
	}
	err := s.publicWrite(ctx, func(tx *gorm.DB, now time.Time) error {
		var sub Submission
		if err := tx.Take(&sub, d.SubmissionID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if d.Message == "" && messageRequired(sub.Kind, d.To) {
			return ErrReasonRequired
		}
		if sub.Version != d.Version {
			return ErrConflict
		}
		if err := checkTransition(sub.Kind, sub.State, d.To, ByModerator); err != nil {
			return err
		}
		if err := sub.decode(); err != nil {
			return err
		}
		updates := map[string]any{"state": d.To, "moderator_message": d.Message, "reviewer_id": by.ID,
			"version": sub.Version + 1, "updated_at": now, "decided_at": now}
		if d.To == StateApproved && sub.Kind != KindReport {
			pk, err := s.publishSubmission(tx, by, &sub, now)
			if err != nil {
				return err
			}
			updates["program_pk"] = pk
		}
		res := tx.Model(&Submission{}).Where("id = ? AND version = ? AND state = ?", sub.ID, sub.Version, sub.State).Updates(updates)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrConflict
		}
		action := map[string]string{StateApproved: "submission.approve", StateRejected: "submission.reject",
			StateChangesRequested: "submission.request_changes"}[d.To]
		return appendAudit(tx, UserActor(by), action, "submission", sub.Ref(), sub.State, d.To, d.Message)
	})
	if err != nil {
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrTransition) || errors.Is(err, ErrReasonRequired) {
			return nil, err
		}
		var pe ProblemsError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, fmt.Errorf("models: decide submission %d: %w", d.SubmissionID, err)
	}
	return s.SubmissionByID(ctx, d.SubmissionID)
}

// ProblemsError carries validation problems found at approval (a rule may
// have changed since the submission was made).
type ProblemsError []Problem

func (e ProblemsError) Error() string {
	parts := make([]string, len(e))
	for i, p := range e {
		parts[i] = p.Error()
	}
	return "models: " + strings.Join(parts, "; ")
}

// SaveMode says what a submission's draft could not carry: a queued
// import is an import; an update came through a public form.
func (sub *Submission) SaveMode() saveMode {
	switch {
	case sub.Imported():
		return saveImport
	case sub.Kind == KindUpdate:
		return saveUpdate
	}
	return saveEdit
}

// publishSubmission makes a submission's content live: a new program, or
// the update of the one it names (which stays online unchanged until now).
func (s *Store) publishSubmission(tx *gorm.DB, by *User, sub *Submission, now time.Time) (int64, error) {
	var target *int64
	d := sub.Draft
	if sub.Kind == KindUpdate {
		target = sub.ProgramPK
	}
	if err := s.checkNameFree(tx, &d, target); err != nil {
		return 0, err
	}
	res, err := s.saveProgram(tx, &d, target, StatusPublished, now, sub.SaveMode())
	if err != nil {
		return 0, err
	}
	if res.Unchanged { // a queued import the program already matches: approved, nothing written
		return res.Program.PK, nil
	}
	action := "program.publish"
	if !res.Created {
		action = "program.update"
	}
	if err := appendAudit(tx, UserActor(by), action, "program", res.Program.ID, res.Was, res.Program.Status, "submission "+sub.Ref()); err != nil {
		return 0, err
	}
	return res.Program.PK, nil
}
