-- +goose Up
-- A compound written with hyphens ("anti-bullying", "well-being",
-- "de-radicalisation") is now indexed as one word as well as its words,
-- so that "antibullying", "wellbeing" and "deradicalisation" find it (and
-- "anti-bullying" the programs that write it joined). The text index's
-- terms come from the application's analyser: it refills the index at its
-- next start (reindex = 1).
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM programs WHERE status = 'published');

-- +goose Down
-- The index written by the newer analyser still answers; nothing to undo.
SELECT 1;
