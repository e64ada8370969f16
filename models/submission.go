package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// Submission kinds.
const (
	KindNew    = "new"
	KindUpdate = "update"
	KindReport = "report"
)

// Submission states (PRODUCT.md §5).
const (
	StatePending          = "pending"
	StateApproved         = "approved"
	StateChangesRequested = "changes_requested"
	StateRejected         = "rejected"
	StateWithdrawn        = "withdrawn"
)

// Submission is a proposed version of a program (a new listing or an
// update of a live one) or a problem report about a live one.
type Submission struct {
	ID               int64
	Kind             string
	State            string
	ProgramPK        *int64 `gorm:"column:program_pk"`
	Content          string // the ProgramDraft as JSON
	ReportText       string
	SubmitterName    string
	SubmitterOrg     string
	SubmitterEmail   string
	TokenHash        *string
	ModeratorMessage string
	ReviewerID       *int64
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
	DecidedAt        *time.Time

	Draft ProgramDraft `gorm:"-"`
}

// Submitter is who proposed a submission; moderators only see it.
type Submitter struct {
	Name         string `csv:"submitter_name" validate:"required,max=200"`
	Organization string `csv:"submitter_org" validate:"max=200"`
	Email        string `csv:"submitter_email" validate:"required,max=254,mailaddr"`
}

// Normalize trims the submitter's fields.
func (s *Submitter) Normalize() {
	s.Name, s.Organization, s.Email = CleanText(s.Name), CleanText(s.Organization), CleanText(s.Email)
}

// Report is a problem reported with a live listing.
type Report struct {
	Text  string `csv:"report_text" validate:"required,min=5,max=2000"`
	Email string `csv:"report_email" validate:"omitempty,max=254,mailaddr"`
}

// Ref is how a submission is named in the panel and the audit log.
func (s *Submission) Ref() string { return strconv.FormatInt(s.ID, 10) }

func (s *Submission) decode() error {
	if s.Content == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s.Content), &s.Draft); err != nil {
		return fmt.Errorf("models: decode submission %d: %w", s.ID, err)
	}
	return nil
}

// CreateSubmission stores a validated draft as a pending submission —
// committed before it returns — and returns the tracking token, which is
// shown once and stored only as a hash. For an update, programPK names the
// live program.
func (s *Store) CreateSubmission(ctx context.Context, kind string, d *ProgramDraft, who Submitter, programPK *int64) (string, *Submission, error) {
	if kind != KindNew && kind != KindUpdate {
		return "", nil, fmt.Errorf("models: cannot create a %q submission with content", kind)
	}
	if kind == KindUpdate && programPK == nil {
		return "", nil, fmt.Errorf("models: an update must name its program")
	}
	content, err := json.Marshal(d)
	if err != nil {
		return "", nil, err
	}
	token, hash, err := NewToken()
	if err != nil {
		return "", nil, err
	}
	now := time.Now().UTC()
	sub := &Submission{Kind: kind, State: StatePending, ProgramPK: programPK, Content: string(content),
		SubmitterName: who.Name, SubmitterOrg: who.Organization, SubmitterEmail: who.Email,
		TokenHash: &hash, Version: 1, CreatedAt: now, UpdatedAt: now, Draft: *d}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if programPK != nil {
			var n int64
			if err := tx.Model(&Program{}).Where("pk = ? AND status = ?", *programPK, StatusPublished).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return ErrNotFound
			}
		}
		if err := tx.Create(sub).Error; err != nil {
			return err
		}
		return appendAudit(tx, ActorSubmitter, "submission.create", "submission", sub.Ref(), "", StatePending, kind)
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return "", nil, err
		}
		return "", nil, fmt.Errorf("models: create submission: %w", err)
	}
	return token, sub, nil
}

// CreateReport stores a problem report about a live program.
func (s *Store) CreateReport(ctx context.Context, programPK int64, r Report) (*Submission, error) {
	now := time.Now().UTC()
	pk := programPK
	sub := &Submission{Kind: KindReport, State: StatePending, ProgramPK: &pk, ReportText: r.Text,
		SubmitterEmail: r.Email, Version: 1, CreatedAt: now, UpdatedAt: now}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(sub).Error; err != nil {
			return err
		}
		return appendAudit(tx, ActorAnonymous, "report.create", "submission", sub.Ref(), "", StatePending, "")
	})
	if err != nil {
		return nil, fmt.Errorf("models: create report: %w", err)
	}
	return sub, nil
}

// SubmissionByToken finds a submission by its tracking token.
func (s *Store) SubmissionByToken(ctx context.Context, token string) (*Submission, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrNotFound
	}
	return s.submissionWhere(ctx, "token_hash = ?", HashToken(token))
}

// SubmissionByID finds a submission for the panel.
func (s *Store) SubmissionByID(ctx context.Context, id int64) (*Submission, error) {
	return s.submissionWhere(ctx, "id = ?", id)
}

func (s *Store) submissionWhere(ctx context.Context, where string, args ...any) (*Submission, error) {
	var sub Submission
	err := s.db.WithContext(ctx).Where(where, args...).Take(&sub).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: load submission: %w", err)
	}
	if err := sub.decode(); err != nil {
		return nil, err
	}
	return &sub, nil
}

// ResubmitSubmission replaces the content of a submission whose changes
// were requested and puts it back in the queue.
func (s *Store) ResubmitSubmission(ctx context.Context, token string, d *ProgramDraft, who Submitter) (*Submission, error) {
	content, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	var sub *Submission
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		sub, err = s.lockSubmissionByToken(tx, token)
		if err != nil {
			return err
		}
		if err := checkTransition(sub.Kind, sub.State, StatePending, BySubmitter); err != nil {
			return err
		}
		res := tx.Model(&Submission{}).Where("id = ? AND version = ?", sub.ID, sub.Version).Updates(map[string]any{
			"state": StatePending, "content": string(content), "submitter_name": who.Name, "submitter_org": who.Organization,
			"submitter_email": who.Email, "version": sub.Version + 1, "updated_at": time.Now().UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrConflict
		}
		return appendAudit(tx, ActorSubmitter, "submission.resubmit", "submission", sub.Ref(), sub.State, StatePending, "")
	})
	if err != nil {
		return nil, err
	}
	return s.SubmissionByToken(ctx, token)
}

// WithdrawSubmission withdraws a pending submission, or one whose changes
// were requested.
func (s *Store) WithdrawSubmission(ctx context.Context, token string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		sub, err := s.lockSubmissionByToken(tx, token)
		if err != nil {
			return err
		}
		if err := checkTransition(sub.Kind, sub.State, StateWithdrawn, BySubmitter); err != nil {
			return err
		}
		res := tx.Model(&Submission{}).Where("id = ? AND version = ?", sub.ID, sub.Version).Updates(map[string]any{
			"state": StateWithdrawn, "version": sub.Version + 1, "updated_at": time.Now().UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrConflict
		}
		return appendAudit(tx, ActorSubmitter, "submission.withdraw", "submission", sub.Ref(), sub.State, StateWithdrawn, "")
	})
}

func (s *Store) lockSubmissionByToken(tx *gorm.DB, token string) (*Submission, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrNotFound
	}
	var sub Submission
	err := tx.Where("token_hash = ?", HashToken(token)).Take(&sub).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &sub, nil
}

// QueueFilter selects submissions for the panel.
type QueueFilter struct {
	Kind  string // new, update, report, or "" for all
	State string // a state, or "" for all
}

// QueueItem is a submission in the queue, with the name it is about.
type QueueItem struct {
	Submission
	ProgramName string
	ProgramSlug string
}

// QueueCounts counts submissions by kind and state.
type QueueCounts map[string]map[string]int

// Queue lists submissions oldest first, with counts by kind and state.
func (s *Store) Queue(ctx context.Context, f QueueFilter) ([]QueueItem, QueueCounts, error) {
	q := s.db.WithContext(ctx).Table("submissions s").
		Select("s.*, COALESCE(p.name, '') AS program_name, COALESCE(p.slug, '') AS program_slug").
		Joins("LEFT JOIN programs p ON p.pk = s.program_pk")
	if f.Kind != "" {
		q = q.Where("s.kind = ?", f.Kind)
	}
	if f.State != "" {
		q = q.Where("s.state = ?", f.State)
	}
	var items []QueueItem
	if err := q.Order("s.created_at, s.id").Limit(500).Scan(&items).Error; err != nil {
		return nil, nil, fmt.Errorf("models: queue: %w", err)
	}
	for i := range items {
		if err := items[i].decode(); err != nil {
			return nil, nil, err
		}
	}
	var rows []struct {
		Kind, State string
		N           int
	}
	if err := s.db.WithContext(ctx).Raw("SELECT kind, state, count(*) AS n FROM submissions GROUP BY kind, state").Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("models: queue counts: %w", err)
	}
	counts := QueueCounts{}
	for _, r := range rows {
		if counts[r.Kind] == nil {
			counts[r.Kind] = map[string]int{}
		}
		counts[r.Kind][r.State] = r.N
	}
	return items, counts, nil
}

// SubmissionHistory returns the audit events of a submission, oldest first.
func (s *Store) SubmissionHistory(ctx context.Context, id int64) ([]AuditEvent, error) {
	var evs []AuditEvent
	err := s.db.WithContext(ctx).Where("record_type = ? AND record_id = ?", "submission", strconv.FormatInt(id, 10)).
		Order("id").Find(&evs).Error
	if err != nil {
		return nil, fmt.Errorf("models: submission history: %w", err)
	}
	return evs, nil
}

// programByPK loads a program of any status from the primary.
func (s *Store) programByPK(ctx context.Context, pk int64) (*Program, error) {
	return s.programWhere(ctx, s.db, "programs.pk = ?", pk)
}

// Normalize trims the report's fields.
func (r *Report) Normalize() {
	r.Text, r.Email = CleanText(r.Text), CleanText(r.Email)
}

// PublishedProgramByPK returns a published program by its internal key.
func (s *Store) PublishedProgramByPK(ctx context.Context, pk int64) (*Program, error) {
	return s.programWhere(ctx, s.db, "programs.pk = ? AND programs.status = ?", pk, StatusPublished)
}

// AdminProgramByPK returns a program of any status, with everything, for
// the panel.
func (s *Store) AdminProgramByPK(ctx context.Context, pk int64) (*Program, error) {
	return s.programWhere(ctx, s.db, "programs.pk = ?", pk)
}
