package dev.outpost.relay.store;

import dev.outpost.api.config.ConfigReader;
import java.nio.file.Path;

/**
 * Where the relay keeps its state.
 *
 * @param kind      store.kind: sqlite (one file under data.dir, the default) or postgres
 * @param sqliteFile the SQLite database file (data.dir/relay.db)
 * @param jdbcUrl   store.url: the PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/outpost
 * @param user      store.user
 * @param password  store.password
 * @param poolSize  store.pool-size: connections in the pool (PostgreSQL); SQLite uses a small fixed pool
 */
public record StoreConfig(Kind kind, Path sqliteFile, String jdbcUrl, String user, String password, int poolSize) {

    public enum Kind { SQLITE, POSTGRES }

    public static StoreConfig sqlite(Path file) {
        return new StoreConfig(Kind.SQLITE, file, null, null, null, 4);
    }

    public static StoreConfig postgres(String jdbcUrl, String user, String password, int poolSize) {
        return new StoreConfig(Kind.POSTGRES, null, jdbcUrl, user, password, poolSize);
    }

    /** Reads the store.* keys; {@code dataDir} holds the SQLite file. */
    public static StoreConfig read(ConfigReader in, Path dataDir) {
        Kind kind = in.enumValue("store.kind", Kind.class, Kind.SQLITE);
        String url = in.string("store.url", null);
        String user = in.string("store.user", null);
        String password = in.string("store.password", null);
        int pool = in.intIn("store.pool-size", 10, 1, 200);
        if (kind == Kind.POSTGRES) {
            if (url == null || !url.startsWith("jdbc:postgresql://")) {
                in.problem("store.url must be a jdbc:postgresql:// URL when store.kind = postgres, was "
                        + (url == null ? "unset" : "'" + url + "'"));
            }
            return postgres(url, user, password, pool);
        }
        return new StoreConfig(Kind.SQLITE, dataDir.resolve("relay.db"), null, null, null, 4);
    }

    @Override
    public String toString() {
        return kind == Kind.SQLITE ? "sqlite " + sqliteFile : "postgres " + jdbcUrl + " as " + user;
    }
}
