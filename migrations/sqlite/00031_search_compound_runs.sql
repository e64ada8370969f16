-- +goose Up
-- A compound written with hyphens of three or four words
-- ("Anti-Gewalt-Training") is now indexed with each run of its words as
-- one word as well ("antigewalt", "gewalttraining"), which a listing or a
-- search may write closed. The text index's terms come from the
-- application's analyser: it refills the index at its next start
-- (reindex = 1).
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM programs WHERE status = 'published');

-- +goose Down
-- The index written by the newer analyser still answers; nothing to undo.
SELECT 1;
