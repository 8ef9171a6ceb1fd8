-- Menu tiers (ARCHITECTURE.md §5.5, issue 7): each site's menu tier as its appliance reports it (menu.tier: FRESH,
-- STALE, EXPIRED, EXPIRED_OVERRIDDEN; menu.override: a manager's override of EXPIRED started or ended), projected in
-- the transaction that stores the events in the inbox. One row per site, holding the newest event applied: an event
-- older than it (occurred_at, then sequence) changes nothing, so duplicates and late arrivals never roll it back.

-- tier and since: the tier last reported and since when on the site's clock; override_until: the end of the manager
-- override running (null when none); occurred_at, sequence and event_id: the newest event applied (site's clock,
-- ISO-8601); received_at: when the relay stored it, on the relay's clock.
CREATE TABLE site_tier (
    site_id        TEXT   NOT NULL,
    tier           TEXT   NOT NULL,
    since          TEXT   NOT NULL,
    override_until TEXT,
    occurred_at    TEXT   NOT NULL,
    sequence       BIGINT NOT NULL,
    event_id       TEXT   NOT NULL,
    received_at    TEXT   NOT NULL,
    PRIMARY KEY (site_id)
);
