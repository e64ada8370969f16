-- +goose Up
-- When each periodic job last ran, so that with several instances a job
-- runs once per period, not once per instance.
CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    last_run_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE job_runs;
