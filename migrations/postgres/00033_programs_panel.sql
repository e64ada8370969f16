-- +goose Up
-- The moderators' panel finds the programs whose name or organization's
-- name contains what was typed (name_folded, 00032), filtered by status
-- or verification, and orders them by name: everything it reads to do so
-- is in this index, so it scans the index, not the rows with their
-- descriptions (Store.AdminPrograms), and reads only the page's rows.
CREATE INDEX programs_panel ON programs (status, name_folded, organization_id, last_verified, name, pk);

-- +goose Down
DROP INDEX programs_panel;
