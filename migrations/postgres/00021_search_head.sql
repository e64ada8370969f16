-- +goose Up
-- The name and summary of each document on their own (weights A and B),
-- with their own GIN index: the relevance tiers of a large result ask
-- "which programs have this word in their name", and a weighted query on
-- the whole document made PostgreSQL read every matching document out of
-- line to check the weight (models/search_postgres.go).
ALTER TABLE program_search ADD COLUMN head tsvector NOT NULL DEFAULT ''::tsvector;
UPDATE program_search SET head = ts_filter(doc, '{a,b}');
CREATE INDEX program_search_head ON program_search USING gin (head);

-- +goose Down
DROP INDEX program_search_head;
ALTER TABLE program_search DROP COLUMN head;
