-- +goose Up
-- As in migrations/sqlite/00036_removed_programs_index.sql: the pages of
-- /api/v1/removed-programs walk the audit events that took a program out
-- of the public directory, in partial indexes that hold those only.
CREATE INDEX audit_events_left ON audit_events (record_type, from_state, created_at, id, record_id, to_state)
    WHERE record_type = 'program' AND from_state = 'published' AND to_state <> 'published';
CREATE INDEX audit_events_left_program ON audit_events (record_type, from_state, record_id, id, to_state)
    WHERE record_type = 'program' AND from_state = 'published' AND to_state <> 'published';

-- +goose Down
DROP INDEX audit_events_left_program;
DROP INDEX audit_events_left;
