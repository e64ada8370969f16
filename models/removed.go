package models

import (
	"context"
	"fmt"
	"time"
)

// RemovedProgram is a program that left the public directory: its public
// id and when it left. Nothing else of it is told: it is not public.
type RemovedProgram struct {
	ID        string
	RemovedAt time.Time
}

// RemovedPrograms returns the programs that left the public directory at
// or after since and have not come back, oldest first, each with the last
// time it left, so that a consumer that copies the directory can delete
// them. It reads the audit log (an event that took a program from
// published to another state: archiving) and the programs' status now; a
// program that never was public is never in an event from published, so
// it cannot be listed. A program restored since is public again, and its
// change is seen by modified_after.
func (s *Store) RemovedPrograms(ctx context.Context, since time.Time) ([]RemovedProgram, error) {
	var out []RemovedProgram
	err := s.reader().WithContext(ctx).Raw(`SELECT a.record_id AS id, a.created_at AS removed_at
		FROM audit_events a
		WHERE a.id IN (SELECT MAX(e.id) FROM audit_events e
		               WHERE e.record_type = 'program' AND e.from_state = ? AND e.to_state <> ? AND e.created_at >= ?
		               GROUP BY e.record_id)
		  AND a.record_id IN (SELECT p.id FROM programs p WHERE p.status <> ?)
		ORDER BY a.created_at, a.record_id`,
		StatusPublished, StatusPublished, since.UTC(), StatusPublished).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: removed programs since %s: %w", since.Format(time.RFC3339), err)
	}
	for i := range out {
		out[i].RemovedAt = out[i].RemovedAt.UTC()
	}
	return out, nil
}
