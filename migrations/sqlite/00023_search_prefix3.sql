-- +goose Up
-- The word being typed matches as a prefix from its third letter
-- (models/analyze.go, minPrefixRunes), so the index of two-letter
-- prefixes is never read; it made a third of the terms FTS5 hashed while
-- building the index. The table is made again without it and refilled by
-- the application at start-up (reindex = 1), since its terms come from
-- the Go analyser — which also writes fewer of them now: a word that is
-- its own stem once, a theme or audience as one token.
DROP TABLE program_search;
CREATE VIRTUAL TABLE program_search USING fts5 (
    name, summary, description, extra,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM programs WHERE status = 'published');

-- +goose Down
DROP TABLE program_search;
CREATE VIRTUAL TABLE program_search USING fts5 (
    name, summary, description, extra,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM programs WHERE status = 'published');
