-- Fleet state: the latest heartbeat of every site as the relay received it. received_at is the relay's clock
-- (ISO-8601, exact); received_ms orders concurrent writers so an older heartbeat never overwrites a newer one.
CREATE TABLE fleet_site (
    site_id        TEXT   PRIMARY KEY,
    received_at    TEXT   NOT NULL,
    received_ms    BIGINT NOT NULL,
    heartbeat_json TEXT   NOT NULL
);

-- The inbox: every event accepted from a site, once. The primary key is the de-duplication key, enforced by the
-- insert itself (insert-or-ignore), never by a read before it.
CREATE TABLE inbox_event (
    site_id     TEXT   NOT NULL,
    event_id    TEXT   NOT NULL,
    device_id   TEXT   NOT NULL,
    type        TEXT   NOT NULL,
    occurred_at TEXT   NOT NULL,
    sequence    BIGINT NOT NULL,
    payload     TEXT   NOT NULL,
    received_at TEXT   NOT NULL,
    PRIMARY KEY (site_id, event_id)
);
-- per-stream order and gap detection: (site, device) ordered by the device's sequence number
CREATE INDEX inbox_event_stream ON inbox_event (site_id, device_id, sequence);
