-- +goose Up
-- As in migrations/sqlite/00032_names_folded.sql: programs and
-- organizations keep their names folded by the application (foldName)
-- for the moderators' panel, filled at the next start (refold = 1).
ALTER TABLE organizations ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE search_state ADD COLUMN refold INTEGER NOT NULL DEFAULT 0;
UPDATE search_state SET refold = 1 WHERE EXISTS (SELECT 1 FROM organizations);

-- +goose Down
ALTER TABLE search_state DROP COLUMN refold;
ALTER TABLE programs DROP COLUMN name_folded;
ALTER TABLE organizations DROP COLUMN name_folded;
