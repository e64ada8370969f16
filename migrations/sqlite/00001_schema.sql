-- +goose Up
-- The directory: organizations run programs; a program has locations and
-- taxonomy links. Names follow Open Referral HSDS 3.0 where they can.
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,               -- UUID
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX organizations_name ON organizations (name COLLATE NOCASE);

CREATE TABLE programs (
    pk               INTEGER PRIMARY KEY,       -- internal; the search index's rowid
    id               TEXT NOT NULL UNIQUE,      -- public UUID
    slug             TEXT NOT NULL UNIQUE,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    name             TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    level            TEXT NOT NULL DEFAULT '',
    delivery         TEXT NOT NULL DEFAULT '',
    cost             TEXT NOT NULL DEFAULT '',
    fees_description TEXT NOT NULL DEFAULT '',
    eligibility      TEXT NOT NULL DEFAULT '',
    age_min          INTEGER,
    age_max          INTEGER,
    how_to_refer     TEXT NOT NULL DEFAULT '',
    website          TEXT NOT NULL DEFAULT '',
    contact_name     TEXT NOT NULL DEFAULT '',
    contact_email    TEXT NOT NULL DEFAULT '',
    contact_phone    TEXT NOT NULL DEFAULT '',
    service_area     TEXT NOT NULL DEFAULT '',
    evidence         TEXT NOT NULL DEFAULT 'not_evaluated',
    evaluation_url   TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'published',
    last_verified    TEXT,                      -- YYYY-MM-DD
    verified_by      TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    CHECK (status IN ('published', 'archived')),
    CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)
);
CREATE UNIQUE INDEX programs_organization_name ON programs (organization_id, name COLLATE NOCASE);
CREATE INDEX programs_status_name ON programs (status, name COLLATE NOCASE);
CREATE INDEX programs_status_verified ON programs (status, last_verified);

CREATE TABLE program_themes (
    program_pk INTEGER NOT NULL REFERENCES programs (pk) ON DELETE CASCADE,
    slug       TEXT NOT NULL,
    PRIMARY KEY (program_pk, slug)
) WITHOUT ROWID;
CREATE INDEX program_themes_slug ON program_themes (slug, program_pk);

CREATE TABLE program_audiences (
    program_pk INTEGER NOT NULL REFERENCES programs (pk) ON DELETE CASCADE,
    slug       TEXT NOT NULL,
    PRIMARY KEY (program_pk, slug)
) WITHOUT ROWID;
CREATE INDEX program_audiences_slug ON program_audiences (slug, program_pk);

CREATE TABLE program_languages (
    program_pk INTEGER NOT NULL REFERENCES programs (pk) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    PRIMARY KEY (program_pk, code)
) WITHOUT ROWID;
CREATE INDEX program_languages_code ON program_languages (code, program_pk);

CREATE TABLE locations (
    id           TEXT PRIMARY KEY,              -- UUID
    program_pk   INTEGER NOT NULL REFERENCES programs (pk) ON DELETE CASCADE,
    position     INTEGER NOT NULL DEFAULT 0,
    address      TEXT NOT NULL DEFAULT '',      -- never shown when confidential
    city         TEXT NOT NULL DEFAULT '',
    region       TEXT NOT NULL DEFAULT '',
    postal_code  TEXT NOT NULL DEFAULT '',
    country      TEXT NOT NULL DEFAULT '',
    latitude     REAL,
    longitude    REAL,
    confidential INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX locations_program ON locations (program_pk);
CREATE INDEX locations_country_city ON locations (country, city COLLATE NOCASE, program_pk);

-- The taxonomies of PRODUCT.md §4; English labels here, translations in the
-- message catalogues.
CREATE TABLE taxonomy_terms (
    taxonomy    TEXT NOT NULL,                  -- theme, audience, level, delivery, cost
    slug        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (taxonomy, slug)
);

-- Full-text index of published programs. Its text is written by the
-- application's analyser (folded words plus spelling-normalised stems), so
-- the same analysis can feed any database dialect.
CREATE VIRTUAL TABLE program_search USING fts5 (
    name, summary, description, extra,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- +goose Down
DROP TABLE program_search;
DROP TABLE taxonomy_terms;
DROP TABLE locations;
DROP TABLE program_languages;
DROP TABLE program_audiences;
DROP TABLE program_themes;
DROP TABLE programs;
DROP TABLE organizations;
