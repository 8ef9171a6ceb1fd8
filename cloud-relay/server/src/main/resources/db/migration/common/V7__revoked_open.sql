-- Tokens the relay revoked from a site block (a capacity cut, a mode without entries) that the site may have spent
-- before the revoke reached it. A later report may admit up to this many beyond the block's tokens: those people
-- are inside all the same, and the report records them instead of being refused.
ALTER TABLE occupancy_block ADD COLUMN revoked_open BIGINT NOT NULL DEFAULT 0;
