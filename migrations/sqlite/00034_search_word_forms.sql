-- +goose Up
-- The analyser stems more word forms of German, Dutch and Arabic alike:
-- a German verb in -ieren, its participle in -iert and its noun in
-- -ierung ("radikalisiert", "Radikalisierung"), a German woman's noun in
-- -in, -innen ("Sozialarbeiterinnen"), a Dutch verb in -eert
-- ("radicaliseert"), an Arabic word with "and", "for" or "with" joined
-- before a hamza ("وإعادة"). The text index's terms come from the
-- application's analyser: it refills the index at its next start
-- (reindex = 1).
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM programs WHERE status = 'published');

-- +goose Down
-- The index written by the newer analyser still answers; nothing to undo.
SELECT 1;
