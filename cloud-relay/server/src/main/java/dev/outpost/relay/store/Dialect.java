package dev.outpost.relay.store;

/** The SQL engine behind a {@link Store}, for the few statements that differ between the two. */
public enum Dialect {
    SQLITE,
    POSTGRES
}
