-- +goose Up
-- As in migrations/sqlite/00035_organizations_folded.sql: the HSDS
-- organizations look their published programs up by organization and
-- status, and are found in name order (lower(name), as the API orders
-- them) with their folded names.
CREATE INDEX programs_organization_status ON programs (organization_id, status);
CREATE INDEX organizations_name_folded ON organizations (lower(name), id, name_folded);

-- +goose Down
DROP INDEX organizations_name_folded;
DROP INDEX programs_organization_status;
