-- +goose Up
-- The moderators' panel finds a program by its name or its
-- organization's whatever the case and accents ("ecole" finds "École de
-- la paix"): each keeps its name folded by the application (foldName),
-- which SQL cannot fold. The application fills the new columns at its
-- next start (refold = 1), and every write keeps them from then on.
ALTER TABLE organizations ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
-- refold = 1: fold every name again at the next start.
ALTER TABLE search_state ADD COLUMN refold INTEGER NOT NULL DEFAULT 0;
UPDATE search_state SET refold = 1 WHERE EXISTS (SELECT 1 FROM organizations);

-- +goose Down
ALTER TABLE search_state DROP COLUMN refold;
ALTER TABLE programs DROP COLUMN name_folded;
ALTER TABLE organizations DROP COLUMN name_folded;
