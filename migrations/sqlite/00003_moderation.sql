-- +goose Up
-- Moderators and admins. There is no default account: the first admin is
-- created with `pathways user add`.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);

-- Sessions live in the database: a logout or a disabled account ends them
-- at once, on every instance. Only a hash of the session token is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    flash        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins, by lower-cased e-mail (known or not, so that the answer
-- never tells which accounts exist). Recent rows decide a lockout.
CREATE TABLE login_failures (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, created_at);

-- A submission is a proposed version of a program (a new listing or an
-- update of a live one) or a problem report. Its content is the proposed
-- ProgramDraft as JSON. The tracking link's token is stored only as a hash.
CREATE TABLE submissions (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('new', 'update', 'report')),
    state             TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'changes_requested', 'rejected', 'withdrawn')),
    program_pk        INTEGER REFERENCES programs (pk),
    content           TEXT NOT NULL DEFAULT '',
    report_text       TEXT NOT NULL DEFAULT '',
    submitter_name    TEXT NOT NULL DEFAULT '',
    submitter_org     TEXT NOT NULL DEFAULT '',
    submitter_email   TEXT NOT NULL DEFAULT '',
    token_hash        TEXT UNIQUE,
    moderator_message TEXT NOT NULL DEFAULT '',
    reviewer_id       INTEGER REFERENCES users (id),
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL,
    decided_at        DATETIME
);
CREATE INDEX submissions_state_created ON submissions (state, created_at);
CREATE INDEX submissions_program ON submissions (program_pk);

-- The audit log is append-only: triggers refuse any change or deletion.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    created_at  DATETIME NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    actor       TEXT NOT NULL,              -- a user's e-mail, "submitter", "importer", "system"
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_created ON audit_events (created_at);
CREATE INDEX audit_events_record ON audit_events (record_type, record_id);

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_events_no_delete;
DROP TRIGGER audit_events_no_update;
DROP TABLE audit_events;
DROP TABLE submissions;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
