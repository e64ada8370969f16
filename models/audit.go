package models

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// AuditEvent is one entry of the append-only audit log.
type AuditEvent struct {
	ID         int64
	CreatedAt  time.Time
	ActorID    *int64
	Actor      string
	Action     string
	RecordType string
	RecordID   string
	FromState  string
	ToState    string
	Reason     string
}

// Actor is who does something: a signed-in user, or a role without an
// account (the Actor… values below).
type Actor struct {
	UserID *int64
	Name   string
}

// UserActor is the actor for a signed-in user.
func UserActor(u *User) Actor { id := u.ID; return Actor{UserID: &id, Name: u.Email} }

// Actors without an account. Their names are stored as they are, in
// English, and translated where they are shown; an e-mail address, the
// name of every other actor, cannot take one of them.
var (
	ActorSubmitter   = Actor{Name: "submitter"}
	ActorImporter    = Actor{Name: "importer"}
	ActorAnonymous   = Actor{Name: "anonymous"}
	ActorCommandLine = Actor{Name: "command line"} // pathways user add
)

// UnknownAccount is the record of a login event for an e-mail address
// that is no account's (the address itself is not written down).
const UnknownAccount = "(unknown account)"

// appendAudit adds an event inside tx; the caller's change and its record
// commit together or not at all. No code path updates or deletes events
// (and triggers refuse it).
func appendAudit(tx *gorm.DB, a Actor, action, recordType, recordID, from, to, reason string) error {
	return appendAuditAt(tx, time.Now().UTC(), a, action, recordType, recordID, from, to, reason)
}

// appendAuditAt is appendAudit with the event's time: a write of the
// public directory's stamp (publicWrite), where the event tells a
// consumer when a program left it (RemovedPrograms).
func appendAuditAt(tx *gorm.DB, at time.Time, a Actor, action, recordType, recordID, from, to, reason string) error {
	ev := AuditEvent{CreatedAt: at, ActorID: a.UserID, Actor: a.Name, Action: action,
		RecordType: recordType, RecordID: recordID, FromState: from, ToState: to, Reason: reason}
	if err := tx.Create(&ev).Error; err != nil {
		return fmt.Errorf("models: audit %s: %w", action, err)
	}
	return nil
}

// AuditFilter selects audit events.
type AuditFilter struct {
	Action     string
	RecordType string
	RecordID   string
	Page       int
}

// AuditPerPage is the number of events on one page of the audit log.
const AuditPerPage = 50

// AuditEvents returns one page of events, newest first, and the total.
func (s *Store) AuditEvents(ctx context.Context, f AuditFilter) ([]AuditEvent, int64, error) {
	q := s.db.WithContext(ctx).Model(&AuditEvent{})
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.RecordType != "" {
		q = q.Where("record_type = ?", f.RecordType)
	}
	if f.RecordID != "" {
		q = q.Where("record_id = ?", f.RecordID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count audit events: %w", err)
	}
	if f.Page < 1 {
		f.Page = 1
	}
	var evs []AuditEvent
	if err := q.Order("id DESC").Limit(AuditPerPage).Offset((f.Page - 1) * AuditPerPage).Find(&evs).Error; err != nil {
		return nil, 0, fmt.Errorf("models: list audit events: %w", err)
	}
	return evs, total, nil
}

// ProgramNames returns the names of the programs with the given public
// ids, by id, in one query: the audit log names the programs of a page of
// events without a query per row. An id of no program is left out.
func (s *Store) ProgramNames(ctx context.Context, ids []string) (map[string]string, error) {
	names := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return names, nil
	}
	var rows []struct{ ID, Name string }
	if err := s.db.WithContext(ctx).Table("programs").Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: program names: %w", err)
	}
	for _, r := range rows {
		names[r.ID] = r.Name
	}
	return names, nil
}

// SubmissionKinds returns the kinds (new, update, report) of the
// submissions with the given references (Submission.Ref), by reference,
// in one query: an audit event names a submission, not its kind, and a
// problem report's decisions read differently from a listing's. A
// reference of no submission is left out.
func (s *Store) SubmissionKinds(ctx context.Context, refs []string) (map[string]string, error) {
	kinds := make(map[string]string, len(refs))
	var ids []int64
	for _, r := range refs {
		if id, err := strconv.ParseInt(r, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return kinds, nil
	}
	var rows []struct {
		ID   int64
		Kind string
	}
	if err := s.db.WithContext(ctx).Table("submissions").Select("id, kind").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: submission kinds: %w", err)
	}
	for _, r := range rows {
		kinds[strconv.FormatInt(r.ID, 10)] = r.Kind
	}
	return kinds, nil
}
