-- +goose Up
-- One row, rewritten by /readyz to prove the database accepts writes.
CREATE TABLE readiness (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE readiness;
