-- Stores as menus target them (ARCHITECTURE.md §5): the region and country whose layers apply, the IANA zone its
-- store-local times are in, and free tags plans can target. tags: comma-separated, sorted.
CREATE TABLE store_profile (
    site_id    TEXT PRIMARY KEY,
    region     TEXT NOT NULL,
    country    TEXT NOT NULL,
    zone       TEXT NOT NULL,
    tags       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A menu variant (a menu line: "main", "breakfast") and its layers. scope: global, region:EU, country:FR,
-- store:store-0042 or promo:<name>; a promo layer has a window [active_from, active_until) and applies over the
-- others while it is open. revision counts the layer's saves.
CREATE TABLE menu_variant (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE menu_layer (
    variant_id   TEXT    NOT NULL REFERENCES menu_variant (id),
    scope        TEXT    NOT NULL,
    document     TEXT    NOT NULL,
    active_from  TEXT,
    active_until TEXT,
    revision     INTEGER NOT NULL,
    updated_by   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (variant_id, scope)
);

-- A publish: the layers as they were (layers_json), the gates it passed or is held at, and its state:
-- PUBLISHED, HELD (a price outside its sibling baseline: waits for an approver's review), AWAITING_SECOND (a
-- high-risk change: waits for a second person), REJECTED (an approver turned it down).
CREATE TABLE menu_version (
    variant_id   TEXT    NOT NULL REFERENCES menu_variant (id),
    number       INTEGER NOT NULL,
    state        TEXT    NOT NULL,
    layers_json  TEXT    NOT NULL,
    gates_json   TEXT    NOT NULL,
    published_by TEXT    NOT NULL,
    published_at TEXT    NOT NULL,
    decided_by   TEXT,
    decided_at   TEXT,
    PRIMARY KEY (variant_id, number)
);

-- What each store shows for a version, per locale, over time: the base menu from -infinity, and while a promo
-- window is open the menu with it (valid_from/valid_until NULL = unbounded). sha256 names a blob.
CREATE TABLE menu_resolved (
    variant_id  TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    site_id     TEXT    NOT NULL,
    locale      TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    valid_from  TEXT,
    valid_until TEXT,
    sha256      TEXT    NOT NULL,
    PRIMARY KEY (variant_id, number, site_id, locale, seq),
    FOREIGN KEY (variant_id, number) REFERENCES menu_version (variant_id, number)
);
