-- Operator recounts as epochs (ARCHITECTURE.md §6). A recount sets the count to what the operator counted; exits seen
-- before it but reported after it must not lower that count again (the exit was already in the count the operator
-- took), or the mall fills above capacity. recounts: how many recounts the mall has had (MallState.recounts). A
-- block records the recount its holder knew of at its last report and how many of its cumulative exits the holder
-- said predate it (pre_exited), so the next report's new pre-recount exits are the growth of pre_exited.
-- reclaimed_recounts: the mall's recounts when the block was reclaimed; a later recount already counted the people
-- the reclaim assumed inside, so a late report does not take them out of the count again.
ALTER TABLE occupancy_mall ADD COLUMN recounts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE occupancy_block ADD COLUMN recounts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE occupancy_block ADD COLUMN pre_exited BIGINT NOT NULL DEFAULT 0;
ALTER TABLE occupancy_block ADD COLUMN reclaimed_recounts BIGINT NOT NULL DEFAULT 0;
