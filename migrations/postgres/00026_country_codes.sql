-- +goose Up
-- Countries are now ISO 3166-1's assigned codes, and XK for Kosovo
-- (models/country.go). Codes the older list accepted for a country ISO
-- names otherwise become that country's code, as a draft's location now
-- does (models.countryAliases): the United Kingdom's "UK", Greece's "EL"
-- (European Union usage), East Germany's "DD" (which the older menu showed
-- as a second "Germany"), metropolitan France's "FX", the Canary Islands'
-- "IC" and Ceuta and Melilla's "EA". Rows kept with them would be refused
-- at their next edit and missed by their country's filter. Codes of states
-- that no longer exist and have no one successor (YU, CS, SU, AN) are
-- left as they are, for a moderator to correct. The search index keeps a
-- token for each country: it is refilled at the next start when a row
-- changes.
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM locations WHERE country IN ('UK', 'EL', 'DD', 'FX', 'IC', 'EA'));
UPDATE locations SET country = 'GB' WHERE country = 'UK';
UPDATE locations SET country = 'GR' WHERE country = 'EL';
UPDATE locations SET country = 'DE' WHERE country = 'DD';
UPDATE locations SET country = 'FR' WHERE country = 'FX';
UPDATE locations SET country = 'ES' WHERE country IN ('IC', 'EA');

-- +goose Down
-- The new codes are right for the older code too; nothing to undo.
SELECT 1;
