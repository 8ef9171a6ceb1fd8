-- Activation plans (ARCHITECTURE.md §5.2): a published version of a variant goes live for the stores a plan
-- targets, at one UTC instant (activate_at) or at a store-local time (activate_local, ISO local date-time, in each
-- store's zone), in stages: a store is in once its bucket (a hash of salt and site id, 0-99) is below the current
-- stage's percent. targets_json: {regions, countries, stores, tags}, each empty = any. stages_json: [percents].
-- state: AWAITING_SIGNOFF (countries still to sign off), ACTIVE, PAUSED, ABORTED. countries: the targeted
-- countries (comma-separated), each needing a regulator's sign-off (menu_plan_signoff) before the plan is ACTIVE.
-- kind: PLAN, or ROLLBACK (a previous version now, for a filter, without sign-off). seq orders a variant's plans
-- (the later one wins when two activate at the same instant).
CREATE TABLE menu_plan (
    id             TEXT    PRIMARY KEY,
    variant_id     TEXT    NOT NULL REFERENCES menu_variant (id),
    seq            INTEGER NOT NULL,
    number         INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    activate_at    TEXT,
    activate_local TEXT,
    targets_json   TEXT    NOT NULL,
    stages_json    TEXT    NOT NULL,
    stage          INTEGER NOT NULL,
    salt           TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    countries      TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    FOREIGN KEY (variant_id, number) REFERENCES menu_version (variant_id, number),
    UNIQUE (variant_id, seq)
);

CREATE TABLE menu_plan_signoff (
    plan_id   TEXT NOT NULL REFERENCES menu_plan (id),
    country   TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, country)
);

-- A poisoned version is replaced, wherever it would show, by a named safe version of the same variant, before
-- anything else.
CREATE TABLE menu_poison (
    variant_id  TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    safe_number INTEGER NOT NULL,
    poisoned_by TEXT    NOT NULL,
    poisoned_at TEXT    NOT NULL,
    PRIMARY KEY (variant_id, number),
    FOREIGN KEY (variant_id, number) REFERENCES menu_version (variant_id, number)
);

-- Bumped by every change that can change a site's manifest (a plan, a rollback, a poison, the store directory), in
-- the same transaction: a relay serves a site its cached manifest while the generation and the clock allow.
CREATE TABLE menu_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);
INSERT INTO menu_generation (id, generation) VALUES (1, 1);

-- The last manifest signed for each site: its sequence only grows; content_sha256 is the hash of what it says
-- (entries, poisoned), so a new one is signed only when that changes or the last is getting old.
-- fetched_generation: the generation the site last fetched at (the heartbeat reply says "pull now" when it is
-- below the current one).
CREATE TABLE manifest_site (
    site_id            TEXT   PRIMARY KEY,
    sequence           BIGINT NOT NULL,
    content_sha256     TEXT   NOT NULL,
    issued_at          TEXT   NOT NULL,
    document           TEXT   NOT NULL,
    fetched_generation BIGINT NOT NULL
);
