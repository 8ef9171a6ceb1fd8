-- POS employees HQ keeps for the stores (issue 6): who may log in on a store's POS terminals, with the PBKDF2 hash of
-- their PIN (pin_hash; never the PIN). all_stores = 1: every store; else the stores in pos_employee_site. active and
-- all_stores are 0 or 1. A deactivated employee stays (the audit names them; a store they worked at stays managed).
CREATE TABLE pos_employee (
    employee_id TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    pin_hash    TEXT    NOT NULL,
    all_stores  INTEGER NOT NULL,
    active      INTEGER NOT NULL,
    updated_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE pos_employee_site (
    employee_id TEXT NOT NULL REFERENCES pos_employee (employee_id),
    site_id     TEXT NOT NULL,
    PRIMARY KEY (employee_id, site_id)
);

CREATE INDEX pos_employee_site_by_site ON pos_employee_site (site_id);
