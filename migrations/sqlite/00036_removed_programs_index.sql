-- +goose Up
-- /api/v1/removed-programs pages the programs that left the public
-- directory (Store.RemovedPrograms): each page walks the audit events
-- that took a program out of it, in the order of the list (created_at,
-- id), from where the last page ended, and checks that none of the
-- program's later events took it out again. Those events are few among
-- all the audit log's: these indexes hold them only, with what the query
-- reads of them. Their condition is the query's, word for word
-- (leftPublic): SQLite and PostgreSQL use a partial index only for a
-- query that says what its condition says. record_type and from_state
-- lead although the condition fixes them: they are the query's
-- equalities, without which SQLite, which has no statistics here, chose
-- audit_events_record and sorted every program event.
CREATE INDEX audit_events_left ON audit_events (record_type, from_state, created_at, id, record_id, to_state)
    WHERE record_type = 'program' AND from_state = 'published' AND to_state <> 'published';
CREATE INDEX audit_events_left_program ON audit_events (record_type, from_state, record_id, id, to_state)
    WHERE record_type = 'program' AND from_state = 'published' AND to_state <> 'published';

-- +goose Down
DROP INDEX audit_events_left_program;
DROP INDEX audit_events_left;
