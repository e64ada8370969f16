-- +goose Up
-- The analyser reads Arabic differently (models/language.go,
-- normalizeArabic, stemArabic and foldWord): "and" joined to "the" is
-- taken off, a final ha is read as ta marbuta, Arabic-Indic digits as
-- digits, and a light stemmer replaces Snowball's. The
-- text index's terms come from the analyser, so a directory with
-- Arabic script in what it indexes is refilled by the application at
-- its next start (reindex = 1); one without keeps its index.
UPDATE search_state SET reindex = 1 WHERE
    EXISTS (SELECT 1 FROM programs WHERE status = 'published' AND (
        name ~ '[؀-ۿ]' OR summary ~ '[؀-ۿ]' OR
        description ~ '[؀-ۿ]' OR eligibility ~ '[؀-ۿ]'))
    OR EXISTS (SELECT 1 FROM organizations WHERE name ~ '[؀-ۿ]')
    OR EXISTS (SELECT 1 FROM locations WHERE city ~ '[؀-ۿ]' OR region ~ '[؀-ۿ]');

-- +goose Down
-- The index written by the newer analyser still answers; nothing to undo.
SELECT 1;
