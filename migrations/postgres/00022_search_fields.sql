-- +goose Up
-- The name and the summary of each document as two vectors, each with its
-- own GIN index, replacing head (00021): the relevance tiers ask which
-- programs have a word in their name, then in their summary, and a query
-- on a vector of one field needs no weight, so PostgreSQL answers it from
-- the index without reading each candidate's row to check the weight
-- (models/search_postgres.go).
ALTER TABLE program_search ADD COLUMN name_v tsvector NOT NULL DEFAULT ''::tsvector;
ALTER TABLE program_search ADD COLUMN summary_v tsvector NOT NULL DEFAULT ''::tsvector;
UPDATE program_search SET name_v = ts_filter(head, '{a}'), summary_v = ts_filter(head, '{b}');
CREATE INDEX program_search_name ON program_search USING gin (name_v);
CREATE INDEX program_search_summary ON program_search USING gin (summary_v);
DROP INDEX program_search_head;
ALTER TABLE program_search DROP COLUMN head;

-- +goose Down
ALTER TABLE program_search ADD COLUMN head tsvector NOT NULL DEFAULT ''::tsvector;
UPDATE program_search SET head = name_v || summary_v;
CREATE INDEX program_search_head ON program_search USING gin (head);
DROP INDEX program_search_summary;
DROP INDEX program_search_name;
ALTER TABLE program_search DROP COLUMN summary_v;
ALTER TABLE program_search DROP COLUMN name_v;
