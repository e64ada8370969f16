-- +goose Up
-- A failed login's row is deleted by its id when the attempt was over the
-- limit (it must not prolong the lockout), and with all the failures of
-- its e-mail when a success comes. Without AUTOINCREMENT SQLite gives a
-- new row the id after the largest left, so the id of a row a success had
-- just deleted went to the next failure, of any account, which the late
-- delete of the attempt over the limit then erased: an attacker logging
-- into their own account had their guesses at another's erased. With
-- AUTOINCREMENT an id is never given twice (PostgreSQL's identity never
-- gives one twice either).
CREATE TABLE login_failures_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    email      TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
INSERT INTO login_failures_new (id, email, created_at) SELECT id, email, created_at FROM login_failures;
DROP TABLE login_failures;
ALTER TABLE login_failures_new RENAME TO login_failures;
CREATE INDEX login_failures_email ON login_failures (email, created_at);

-- +goose Down
CREATE TABLE login_failures_old (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
INSERT INTO login_failures_old (id, email, created_at) SELECT id, email, created_at FROM login_failures;
DROP TABLE login_failures;
ALTER TABLE login_failures_old RENAME TO login_failures;
CREATE INDEX login_failures_email ON login_failures (email, created_at);
