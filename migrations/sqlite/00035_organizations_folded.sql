-- +goose Up
-- The HSDS API lists the organizations with a published program, by
-- name, and finds them by any part of their name whatever the case and
-- accents (name_folded, 00032; Store.HSDSOrganizations). Whether an
-- organization has a published program is looked up by organization
-- and status, not read off every published program (100,000 of them);
-- the folded names are matched, and a page found in name order, in an
-- index of their own, not in the rows with their descriptions.
CREATE INDEX programs_organization_status ON programs (organization_id, status);
CREATE INDEX organizations_name_folded ON organizations (name COLLATE NOCASE, id, name_folded);

-- +goose Down
DROP INDEX organizations_name_folded;
DROP INDEX programs_organization_status;
