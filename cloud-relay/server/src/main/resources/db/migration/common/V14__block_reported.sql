-- When a site last reported on a block (epoch ms on the relay's clock: its acquire, renew, release or reconcile).
-- A recount refuses while a site holding a live block has been silent (neither this nor a heartbeat) for longer
-- than fleet.stale-after: exits it credited itself since may be spent again on top of the recounted count.
-- 0 for blocks from before this column: as if never heard.
ALTER TABLE occupancy_block ADD COLUMN reported_ms BIGINT NOT NULL DEFAULT 0;
