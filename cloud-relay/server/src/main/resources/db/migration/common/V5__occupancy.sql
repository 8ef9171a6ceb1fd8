-- Occupancy ledger (ARCHITECTURE.md §6). The invariant reconciled_count + leased_out <= capacity is kept by
-- conditional updates on occupancy_mall, never by a read in Java before a write. A capacity cut may leave a mall
-- above its new capacity until the sites hand tokens back; the excess is the reported over-admission bound.
-- version is bumped by every ledger change, so a relay's live stream sees changes made by any relay.
CREATE TABLE occupancy_mall (
    id               TEXT   PRIMARY KEY,
    capacity         BIGINT NOT NULL CHECK (capacity >= 0),
    reconciled_count BIGINT NOT NULL CHECK (reconciled_count >= 0),
    leased_out       BIGINT NOT NULL CHECK (leased_out >= 0),
    mode             TEXT   NOT NULL,
    state            TEXT   NOT NULL,
    state_reason     TEXT   NOT NULL,
    version          BIGINT NOT NULL,
    updated_at       TEXT   NOT NULL
);

-- Capacity history: every change, who asked, who approved (a rise above 20% needs a second person), why.
-- status: EFFECTIVE, PENDING (waiting for a second approver), SUPERSEDED (a pending change overtaken by another).
-- over_bound: right after the change took effect, the tokens leased out beyond the new capacity (a cut's bound on
-- over-admission until the sites hand them back).
CREATE TABLE occupancy_capacity (
    mall_id        TEXT    NOT NULL REFERENCES occupancy_mall (id),
    seq            INTEGER NOT NULL,
    capacity       BIGINT  NOT NULL,
    previous       BIGINT,
    status         TEXT    NOT NULL,
    requested_by   TEXT    NOT NULL,
    requested_at   TEXT    NOT NULL,
    approved_by    TEXT,
    effective_from TEXT,
    reason         TEXT    NOT NULL,
    over_bound     BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (mall_id, seq)
);

-- Which mall a site's appliance leases for: a site belongs to one mall.
CREATE TABLE occupancy_site (
    site_id TEXT PRIMARY KEY,
    mall_id TEXT NOT NULL REFERENCES occupancy_mall (id)
);

-- Site blocks. tokens: unspent rights the site holds as the relay knows them (part of the mall's leased_out).
-- used / exited: the site's cumulative reports. expires_ms: the grantor's deadline (grant + ttl + margin), epoch ms.
-- state: ACTIVE, RECLAIMED (expired, its tokens counted as used: reclaimed), CLOSED (released or reconciled).
CREATE TABLE occupancy_block (
    id          TEXT   PRIMARY KEY,
    mall_id     TEXT   NOT NULL REFERENCES occupancy_mall (id),
    site_id     TEXT   NOT NULL,
    state       TEXT   NOT NULL,
    tokens      BIGINT NOT NULL CHECK (tokens >= 0),
    used        BIGINT NOT NULL,
    exited      BIGINT NOT NULL,
    reclaimed   BIGINT NOT NULL,
    granted_at  TEXT   NOT NULL,
    expires_ms  BIGINT NOT NULL
);
CREATE INDEX occupancy_block_live ON occupancy_block (mall_id, state, expires_ms);

-- Idempotency: a site's request key with the answer, stored in the transaction that applied it.
CREATE TABLE occupancy_request (
    site_id         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request         TEXT NOT NULL,
    response        TEXT,
    PRIMARY KEY (site_id, idempotency_key)
);
