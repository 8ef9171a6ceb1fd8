-- A catalog plan may go to part of the stores its targets match, as a menu plan's stage does: percent (1-100) of them,
-- those whose bucket (Plan.bucket of the salt "<catalog>/v<version>" and the site id) is below it. The salt is the
-- version's, so a later plan of the same version at a higher percent keeps every store the lower one had.
ALTER TABLE catalog_plan ADD COLUMN percent INTEGER NOT NULL DEFAULT 100;
