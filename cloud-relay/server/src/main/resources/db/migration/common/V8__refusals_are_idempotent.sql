-- A refused site request is recorded under its key like a granted one: a late duplicate of it (a retry that was still
-- on the wire when the site moved on) gets the same refusal instead of being applied after the site stopped waiting.
-- response holds the refusal's message when refused_status is set.
ALTER TABLE occupancy_request ADD COLUMN refused_status INTEGER;
