package models

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RemovedProgram is a program that left the public directory: its public
// id and when it left. Nothing else of it is told: it is not public.
type RemovedProgram struct {
	ID        string
	RemovedAt time.Time
	// Event is the audit event of its leaving: with RemovedAt, where a
	// page of RemovedPrograms ends (RemovedCursor).
	Event int64
}

// RemovedCursor is where a page of RemovedPrograms ended: the last
// program's RemovedAt and Event. The list is ordered by both, so the
// next page starts after it whatever was archived or restored meanwhile.
type RemovedCursor struct {
	At    time.Time
	Event int64
}

// After is the cursor of the page that ends with r.
func (r RemovedProgram) After() RemovedCursor { return RemovedCursor{At: r.RemovedAt, Event: r.Event} }

// String is the cursor as a client passes it back: opaque, URL-safe.
func (c RemovedCursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.At.UTC().Format(time.RFC3339Nano) + "," + strconv.FormatInt(c.Event, 10)))
}

// ErrBadCursor means a cursor is not one RemovedCursor.String wrote.
var ErrBadCursor = errors.New("models: not a cursor of this list")

// ParseRemovedCursor reads what RemovedCursor.String wrote.
func ParseRemovedCursor(s string) (RemovedCursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) > 64 {
		return RemovedCursor{}, ErrBadCursor
	}
	at, event, ok := strings.Cut(string(raw), ",")
	if !ok {
		return RemovedCursor{}, ErrBadCursor
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return RemovedCursor{}, ErrBadCursor
	}
	n, err := strconv.ParseInt(event, 10, 64)
	if err != nil || n < 1 {
		return RemovedCursor{}, ErrBadCursor
	}
	return RemovedCursor{At: t.UTC(), Event: n}, nil
}

// leftPublic selects, from the audit events e, those that took a program
// out of the public directory. Its text is, word for word, the condition
// of the partial indexes audit_events_left and audit_events_left_program
// (migration 00036): a database uses a partial index only for a query
// that says what the index's condition says, literals and all.
func leftPublic(e string) string {
	return e + ".record_type = 'program' AND " + e + ".from_state = '" + StatusPublished + "' AND " +
		e + ".to_state <> '" + StatusPublished + "'"
}

// RemovedPrograms returns up to limit programs that left the public
// directory at or after since and have not come back, oldest first, each
// with the last time it left, so that a consumer that copies the
// directory can delete them; after, if not nil, is where the previous
// page ended. It reads the audit log (an event that took a program from
// published to another state: archiving) and the programs' status now; a
// program that never was public is never in an event from published, so
// it cannot be listed. A program restored since is public again, and its
// change is seen by modified_after.
//
// A page is one walk of the index audit_events_left from its cursor,
// each event checked against the program's later events (the index
// audit_events_left_program) and its status: it reads the page's events
// and those it passes over (programs restored, or archived again
// later), however many programs have left before.
func (s *Store) RemovedPrograms(ctx context.Context, since time.Time, after *RemovedCursor, limit int) ([]RemovedProgram, error) {
	q, args := removedQuery(since, after, limit)
	var out []RemovedProgram
	if err := s.reader().WithContext(ctx).Raw(q, args...).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("models: removed programs since %s: %w", since.Format(time.RFC3339), err)
	}
	for i := range out {
		out[i].RemovedAt = out[i].RemovedAt.UTC()
	}
	return out, nil
}

// removedQuery is the query of a page of RemovedPrograms.
func removedQuery(since time.Time, after *RemovedCursor, limit int) (string, []any) {
	q := `SELECT a.id AS event, a.record_id AS id, a.created_at AS removed_at
		FROM audit_events a
		WHERE ` + leftPublic("a") + ` AND a.created_at >= ?`
	args := []any{since.UTC()}
	if after != nil {
		q += ` AND (a.created_at, a.id) > (?, ?)`
		args = append(args, after.At.UTC(), after.Event)
	}
	q += `
		  AND NOT EXISTS (SELECT 1 FROM audit_events l WHERE ` + leftPublic("l") + ` AND l.record_id = a.record_id AND l.id > a.id)
		  AND EXISTS (SELECT 1 FROM programs p WHERE p.id = a.record_id AND p.status <> ?)
		ORDER BY a.created_at, a.id
		LIMIT ?`
	return q, append(args, StatusPublished, limit)
}
