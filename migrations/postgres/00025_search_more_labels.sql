-- +goose Up
-- Each program's search document now has a token for its delivery, its
-- cost and each country it is in, so that their names find it in every
-- language ("gratuit", "en ligne", "Belgique"); its themes and audiences
-- are listed in order; French plurals in -us are stemmed as their singular
-- ("détenus"). The text index's terms come from the application's
-- analyser: it refills the index at its next start (reindex = 1).
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM programs WHERE status = 'published');

-- +goose Down
-- The index written by the newer analyser still answers; nothing to undo.
SELECT 1;
