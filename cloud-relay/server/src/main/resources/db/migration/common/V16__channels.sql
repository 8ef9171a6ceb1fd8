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
