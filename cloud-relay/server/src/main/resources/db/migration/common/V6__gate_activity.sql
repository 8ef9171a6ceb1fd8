-- Per-gate activity for the live occupancy view, kept by the inbox in the transaction that stores each new
-- gate.admit / gate.reject / gate.exit event (never for a duplicate), under the mall its site is bound to.
-- occupancy_gate: every gate a mall has heard from, with the time of its last event (the gate's clock, epoch ms).
CREATE TABLE occupancy_gate (
    mall_id       TEXT   NOT NULL REFERENCES occupancy_mall (id),
    site_id       TEXT   NOT NULL,
    gate_id       TEXT   NOT NULL,
    last_event_ms BIGINT NOT NULL,
    PRIMARY KEY (mall_id, site_id, gate_id)
);

-- Counts per gate and second of occurrence (second_ms: epoch ms of the second, on the gate's clock), only for the
-- last minute: the view sums the seconds of the last 60 s, and the relay's sweep deletes older rows, so the table
-- stays about 60 rows per busy gate. Decision sources count admits and rejects together.
CREATE TABLE occupancy_gate_second (
    mall_id    TEXT   NOT NULL REFERENCES occupancy_mall (id),
    site_id    TEXT   NOT NULL,
    gate_id    TEXT   NOT NULL,
    second_ms  BIGINT NOT NULL,
    admits     BIGINT NOT NULL,
    rejects    BIGINT NOT NULL,
    exits      BIGINT NOT NULL,
    central    BIGINT NOT NULL,
    gate_lease BIGINT NOT NULL,
    site_block BIGINT NOT NULL,
    fallback   BIGINT NOT NULL,
    PRIMARY KEY (mall_id, site_id, gate_id, second_ms)
);
-- the sweep's delete of seconds that left the window
CREATE INDEX occupancy_gate_second_age ON occupancy_gate_second (second_ms);
