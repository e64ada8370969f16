-- +goose Up
-- As in migrations/sqlite/00020_search_state.sql: every write of a
-- program bumps the version and logs the program (Store.programChanged),
-- so the in-memory search structures of every instance catch up before
-- their next search. The row lock on search_state also makes versions
-- commit in order.
CREATE TABLE search_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    reindex INTEGER NOT NULL DEFAULT 0
);
INSERT INTO search_state (id, version, reindex) VALUES (1, 1, 0);

CREATE TABLE search_changes (
    version    BIGINT NOT NULL,
    program_pk BIGINT NOT NULL,
    PRIMARY KEY (version, program_pk)
);

-- +goose Down
DROP TABLE search_changes;
DROP TABLE search_state;
