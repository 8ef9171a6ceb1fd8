-- Outside channels (website, order platforms): id, and the channel document as saved through the API (kind, the
-- variant/store/locale whose menu it shows, price unit, description cap, fields, category names, template, endpoint).
CREATE TABLE channel (
    id          TEXT    PRIMARY KEY,
    config_json TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    updated_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- Per-category default channels: items of this menu category go to these channels (a JSON array of channel ids)
-- unless the item lists its own. A category with no rule goes to every channel.
CREATE TABLE channel_rule (
    category      TEXT PRIMARY KEY,
    channels_json TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- What each channel has of each item, and the last attempt to change it. accepted_*: the value the channel last
-- accepted (accepted_value_json NULL: the item is not on the channel). attempt_*: the last value sent, its
-- idempotency key, and how it went: ACCEPTED, REJECTED (reason: the channel's), FAILED (retried with the same key
-- from next_attempt_at; attempts counts tries of that key). value_json NULL in an attempt is a removal.
CREATE TABLE channel_delivery (
    channel_id          TEXT    NOT NULL,
    item_id             TEXT    NOT NULL,
    accepted_key        TEXT,
    accepted_value_json TEXT,
    accepted_at         TEXT,
    attempt_key         TEXT    NOT NULL,
    attempt_value_json  TEXT,
    attempt_variant     TEXT    NOT NULL,
    attempt_number      INTEGER NOT NULL,
    state               TEXT    NOT NULL,
    reason              TEXT,
    attempts            INTEGER NOT NULL,
    next_attempt_at     TEXT,
    updated_at          TEXT    NOT NULL,
    PRIMARY KEY (channel_id, item_id)
);

-- Which changes wait for an approver before any channel gets them (one row, id 1): a price change by more than
-- price_change_percent (NULL: prices never hold), a new item, a removed item (1 = holds, 0 = flows); notify_url, if
-- set, is told of every hold opened.
CREATE TABLE channel_hold_rules (
    id                   INTEGER PRIMARY KEY,
    price_change_percent INTEGER,
    new_items            INTEGER NOT NULL,
    removed_items        INTEGER NOT NULL,
    notify_url           TEXT,
    updated_by           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL
);

-- Per menu (variant) and store, each item as the channels were last released it: present (1/0) and its price. A
-- held change is measured against this; no row at all for a variant and store is a first release, which holds
-- nothing.
CREATE TABLE channel_baseline (
    variant_id  TEXT    NOT NULL,
    site_id     TEXT    NOT NULL,
    item_id     TEXT    NOT NULL,
    present     INTEGER NOT NULL,
    price_minor BIGINT,
    number      INTEGER NOT NULL,
    PRIMARY KEY (variant_id, site_id, item_id)
);

-- A change that matched a hold rule: item of a variant at a store going from one state to another (from_state /
-- to_state: "price:949" or "absent"). state: PENDING, APPROVED, REJECTED, SUPERSEDED (the menu moved on before
-- anyone decided). open = 1 while it governs the item: pending, approved but not yet released, or rejected while the
-- menu still says to_state.
CREATE TABLE channel_hold (
    id         TEXT    PRIMARY KEY,
    variant_id TEXT    NOT NULL,
    site_id    TEXT    NOT NULL,
    item_id    TEXT    NOT NULL,
    number     INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    detail     TEXT    NOT NULL,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    open       INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    reason     TEXT
);
