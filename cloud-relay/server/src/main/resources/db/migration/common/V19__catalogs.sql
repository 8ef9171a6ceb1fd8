-- POS catalogs (issue 6): each published version is a canonical JSON snapshot blob (blob table), with deltas from up
-- to five earlier versions as blobs too, so a site holding one of them fetches the small delta. latest_version is
-- the last version assigned; publishing locks the catalog's row to assign the next.
CREATE TABLE catalog (
    id             TEXT   PRIMARY KEY,
    latest_version BIGINT NOT NULL,
    created_at     TEXT   NOT NULL
);

CREATE TABLE catalog_version (
    catalog_id   TEXT   NOT NULL REFERENCES catalog (id),
    version      BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    effective_at TEXT   NOT NULL,
    published_by TEXT   NOT NULL,
    published_at TEXT   NOT NULL,
    PRIMARY KEY (catalog_id, version)
);

-- The delta blob that takes a site holding from_version to version.
CREATE TABLE catalog_delta (
    catalog_id   TEXT   NOT NULL,
    version      BIGINT NOT NULL,
    from_version BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    PRIMARY KEY (catalog_id, version, from_version),
    FOREIGN KEY (catalog_id, version) REFERENCES catalog_version (catalog_id, version)
);

-- A catalog plan puts a version on the stores its targets match (targets_json as a menu plan's); a store takes the
-- version of the latest (highest seq) plan of the catalog that matches it.
CREATE TABLE catalog_plan (
    id           TEXT   PRIMARY KEY,
    catalog_id   TEXT   NOT NULL,
    version      BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    targets_json TEXT   NOT NULL,
    created_by   TEXT   NOT NULL,
    created_at   TEXT   NOT NULL,
    FOREIGN KEY (catalog_id, version) REFERENCES catalog_version (catalog_id, version),
    UNIQUE (catalog_id, seq)
);
