-- Device identity: the device CA (one row, shared by every relay on this database), one-time enrollment tokens
-- (only their SHA-256 is stored), and every site certificate issued, with its revocation. Times are epoch millis.
CREATE TABLE device_ca (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    key_pem         TEXT   NOT NULL,
    certificate_pem TEXT   NOT NULL,
    fingerprint     TEXT   NOT NULL,
    created_at      BIGINT NOT NULL
);

CREATE TABLE enrollment_tokens (
    token_hash  TEXT   PRIMARY KEY,
    site_id     TEXT   NOT NULL,
    issued_at   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    issued_by   TEXT   NOT NULL,
    reason      TEXT   NOT NULL,
    used_at     BIGINT,
    used_serial TEXT
);
CREATE INDEX enrollment_tokens_site ON enrollment_tokens (site_id, issued_at);

CREATE TABLE site_certificates (
    serial        TEXT   PRIMARY KEY,
    site_id       TEXT   NOT NULL,
    fingerprint   TEXT   NOT NULL,
    not_before    BIGINT NOT NULL,
    not_after     BIGINT NOT NULL,
    issued_at     BIGINT NOT NULL,
    issued_via    TEXT   NOT NULL,
    revoked_at    BIGINT,
    revoked_by    TEXT,
    revoke_reason TEXT
);
CREATE INDEX site_certificates_site ON site_certificates (site_id, issued_at);
