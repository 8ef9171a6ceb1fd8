package dev.outpost.relay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.runtime.DataFormat;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An older relay over a database a newer relay migrated: Flyway on its own ignores migrations it does not know
 * ({@code ignoreMigrationPatterns} defaults to {@code *:future}) and would start on a schema it cannot read.
 */
class NewerSchemaTest {

    @Test
    void aRelayRefusesADatabaseMigratedByANewerRelayAndNamesBothVersions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("relay.db");
        SqliteStore.open(file).close();
        String known;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history")) {
                known = Integer.toString(r.getInt(1));
            }
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (900, '900', 'from the future', 'SQL',"
                    + " 'V900__from_the_future.sql', 0, 'test', 1, 1)");
        }

        DataFormat.NewerDataException refused = assertThrows(DataFormat.NewerDataException.class,
                () -> SqliteStore.open(file).close());

        assertEquals("relay: the database is at schema version 900 (from the future), newer than this release knows ("
                + known + " at most): a newer relay migrated it. Run that release or newer, or restore the database "
                + "from before the upgrade", refused.getMessage());
        assertTrue(refused.getMessage().contains(known));
    }
}
