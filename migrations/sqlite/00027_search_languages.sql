-- +goose Up
-- Each program's search document now has a token for each language it
-- is offered in, so that a language's name finds it in every language of
-- the interface ("Arabic", "arabe", "Arabisch", "العربية"), not only where
-- its text says so. The text index's terms come from the application's
-- analyser: it refills the index at its next start (reindex = 1).
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM programs WHERE status = 'published');

-- +goose Down
-- The index written by the newer analyser still answers; nothing to undo.
SELECT 1;
