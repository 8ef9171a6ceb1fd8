-- Content-addressed blobs (resolved menus, later catalogs): immutable, named by the sha256 of their bytes.
CREATE TABLE blob (
    sha256     TEXT    PRIMARY KEY,
    media_type TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    content    BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);
