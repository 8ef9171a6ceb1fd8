-- Guardrails of a plan (ARCHITECTURE.md §5.2): its stage is paused when, among the stores the current stage covers,
-- more than max_failed_pct percent report a failed (aborted) flip, or more than max_autonomous_pct percent report
-- screens that committed on their own. Plans made before this column keep the defaults.
ALTER TABLE menu_plan ADD COLUMN max_failed_pct INTEGER NOT NULL DEFAULT 10;
ALTER TABLE menu_plan ADD COLUMN max_autonomous_pct INTEGER NOT NULL DEFAULT 20;

-- What each site reported of each menu slot (variant and locale), projected from its menu.downloaded and flip.*
-- events in the transaction that stores them in the inbox. target_*: the version the site works towards (the latest
-- activation it reported a milestone of) and state: how far it got with it (DOWNLOADED, PREPARED, COMMITTED,
-- FAILED). current_*: the version it last committed. Instants are ISO-8601; reported_at is the site's clock when it
-- observed the milestone, received_at the relay's. not_taking_part and disagreeing are JSON lists of screens.
CREATE TABLE menu_site_state (
    site_id             TEXT    NOT NULL,
    variant_id          TEXT    NOT NULL,
    locale              TEXT    NOT NULL,
    current_version     TEXT,
    current_activate_at TEXT,
    target_version      TEXT    NOT NULL,
    target_activate_at  TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    reason              TEXT,
    devices             INTEGER NOT NULL,
    autonomous_commits  INTEGER NOT NULL,
    not_taking_part     TEXT    NOT NULL,
    disagreeing         TEXT    NOT NULL,
    reported_at         TEXT    NOT NULL,
    received_at         TEXT    NOT NULL,
    PRIMARY KEY (site_id, variant_id, locale)
);
