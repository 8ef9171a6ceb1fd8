-- Sales (issue 6, pos-contract.md §2): each store's sale events, projected in the transaction that stores them in the
-- inbox, so an event counts exactly once (the inbox passes on only events it newly stored; the primary keys would
-- refuse a second projection of one). Reads add rows up by day, ISO week, store and provider.

-- One row per pos.sale.paid (kind 'sale'), pos.sale.voided ('void') and pos.sale.refunded ('refund'). business_day is
-- the store-local date YYYY-MM-DD the event counts on (a refund's is the day of the refund). Amounts are integer minor
-- units of currency: a sale's subtotal, discount, tax and total (amount_minor); a void's total; a refund's amount
-- (subtotal, discount and tax 0 for both). occurred_at is the site's clock (ISO-8601).
CREATE TABLE sales_event (
    site_id        TEXT   NOT NULL,
    event_id       TEXT   NOT NULL,
    kind           TEXT   NOT NULL,
    business_day   TEXT   NOT NULL,
    currency       TEXT   NOT NULL,
    transaction_id TEXT   NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    discount_minor BIGINT NOT NULL,
    tax_minor      BIGINT NOT NULL,
    amount_minor   BIGINT NOT NULL,
    occurred_at    TEXT   NOT NULL,
    PRIMARY KEY (site_id, event_id)
);
CREATE INDEX sales_event_day ON sales_event (business_day, site_id);

-- The money of those events per means of payment, and every pos.payment.failed (kind 'failed', outcome 'failed' or
-- 'timed_out'; the others have outcome 'ok'). A sale's row holds what the method took (the change given back on
-- cash is not part of it); a void's and a refund's, the money returned. position orders the payments within an event.
CREATE TABLE sales_payment (
    site_id      TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    business_day TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    method       TEXT    NOT NULL,
    provider     TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    amount_minor BIGINT  NOT NULL,
    PRIMARY KEY (site_id, event_id, position)
);
CREATE INDEX sales_payment_day ON sales_payment (business_day, provider);
