-- Staff accounts, their login sessions and API tokens, and failed logins for lockout. Session and token secrets
-- are stored only as SHA-256 hashes. Times are epoch milliseconds (BIGINT) so expiry compares in SQL on both engines.
CREATE TABLE staff_user (
    username            TEXT    PRIMARY KEY,
    password_hash       TEXT    NOT NULL,
    roles               TEXT    NOT NULL,
    jurisdictions       TEXT    NOT NULL,
    disabled            INTEGER NOT NULL,
    created_at          BIGINT  NOT NULL,
    password_changed_at BIGINT  NOT NULL
);

CREATE TABLE staff_session (
    token_hash   TEXT   PRIMARY KEY,
    username     TEXT   NOT NULL REFERENCES staff_user (username),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX staff_session_user ON staff_session (username);

CREATE TABLE staff_token (
    id         TEXT   PRIMARY KEY,
    token_hash TEXT   NOT NULL UNIQUE,
    username   TEXT   NOT NULL REFERENCES staff_user (username),
    label      TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT   NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX staff_token_user ON staff_token (username);

-- keyed by the name typed, known user or not, so lockout does not reveal which accounts exist
CREATE TABLE staff_login_failure (
    username TEXT   NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX staff_login_failure_user ON staff_login_failure (username, at);

CREATE TABLE staff_lockout (
    username     TEXT   PRIMARY KEY,
    locked_until BIGINT NOT NULL
);
