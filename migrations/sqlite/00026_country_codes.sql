-- +goose Up
-- Countries are now ISO 3166-1's assigned codes only. "UK" and "EL" (what
-- the United Kingdom and Greece go by in European Union usage) were
-- accepted before; ISO names them GB and GR, and a draft now takes those
-- (models.countryAliases). Rows kept with the old codes would be refused
-- at their next edit and missed by a GB or GR filter. The search index
-- keeps a token for each country: it is refilled at the next start when
-- a row changes.
UPDATE search_state SET reindex = 1 WHERE EXISTS (SELECT 1 FROM locations WHERE country IN ('UK', 'EL'));
UPDATE locations SET country = 'GB' WHERE country = 'UK';
UPDATE locations SET country = 'GR' WHERE country = 'EL';

-- +goose Down
-- The ISO codes are right for the older code too; nothing to undo.
SELECT 1;
