-- What the relay publishes for a website, PDF or QR-page channel, served at /channels/<channel>/<name> by every relay
-- on this store: name (menu.json, v3.json, menu.pdf, index.html, qr.png, ...) → a blob. version: the channel's
-- document version the file belongs to (menu.json and the other current files move to each new version). Written in
-- the transaction that records the sends it publishes.
CREATE TABLE channel_file (
    channel_id TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    sha256     TEXT    NOT NULL REFERENCES blob (sha256),
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (channel_id, name)
);

-- A send under way: the relay that claimed (channel, item) sends it, and no other until it records the outcome or
-- the claim runs out (until_ms, epoch milliseconds), so two relays never send one change at once.
CREATE TABLE channel_send_claim (
    channel_id TEXT   NOT NULL,
    item_id    TEXT   NOT NULL,
    until_ms   BIGINT NOT NULL,
    PRIMARY KEY (channel_id, item_id)
);

-- Until now these channels' files were written under one relay's data.dir/channels/, which this release no longer
-- reads: mark what they had as not yet on the channel and due at once, so the first run (the retry timer starts one
-- within seconds) publishes it into the store as the channel's next first version.
UPDATE channel_delivery
SET accepted_key = NULL, accepted_value_json = NULL, accepted_at = NULL, state = 'FAILED',
    reason = 'republished into the relay''s store (V17)', next_attempt_at = '1970-01-01T00:00:00Z'
WHERE channel_id IN (SELECT id FROM channel WHERE config_json LIKE '%"kind":"website"%'
                     OR config_json LIKE '%"kind":"pdf"%' OR config_json LIKE '%"kind":"qr-page"%');
