-- +goose Up
-- An import writes every program it changes with the time it began, and
-- they are seen when it commits, seconds or minutes later: a consumer that
-- asked for the programs modified after a moment in between never got
-- them (HSDS modified_after). Each import that changes programs records
-- when it began and when it was done; modified_after reaches back to the
-- beginning of any import done since (Store.hsdsConds).
CREATE TABLE IF NOT EXISTS import_runs (
    id          INTEGER PRIMARY KEY,
    started_at  DATETIME NOT NULL,
    finished_at DATETIME NOT NULL
);
CREATE INDEX IF NOT EXISTS import_runs_finished ON import_runs (finished_at);

-- +goose Down
DROP TABLE import_runs;
