package dev.outpost.relay.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V17 moves hosted channels' files from one relay's data.dir into the store: what those channels had is marked not
 * yet on them and due at once, so the first run publishes it there; an order platform's deliveries are left alone.
 */
class ChannelContentMigrationTest {
    @TempDir
    Path dir;

    @Test
    void hostedChannelsAreDueForRepublishingAndOrderPlatformsKeepWhatTheyHave() throws Exception {
        Path file = dir.resolve("relay.db");
        String url = "jdbc:sqlite:" + file;
        Flyway.configure().dataSource(url, null, null).target("16")
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite").load().migrate();
        Set<String> kinds = Set.of("website", "pdf", "qr-page", "order-platform");
        try (Connection db = DriverManager.getConnection(url)) {
            for (List<String> channel : List.of(List.of("web", "{\"kind\":\"website\"}"),
                    List.of("print", "{\"kind\":\"pdf\"}"),
                    List.of("table", "{\"kind\":\"qr-page\",\"page_url\":\"https://m.example.com/t\"}"),
                    List.of("eats", "{\"kind\":\"order-platform\",\"endpoint\":\"https://eats.example.com/menu\"}"))) {
                var doc = (ObjectNode) Json.tree(channel.get(1));
                doc.put("variant", "main").put("site", "store-fr-1").put("locale", "fr-FR").put("price_unit", "minor")
                        .put("description_cap", 40).put("template", "{name}").putArray("fields").add("name");
                // stored as the relay stores it, so the migration's match on the kind is tried on the real text
                insert(db, "INSERT INTO channel VALUES (?, ?, 1, 'user:pat', '2026-11-19T06:00:00Z')", channel.get(0),
                        Json.writeString(Channel.read(channel.get(0), doc, kinds)));
                insert(db, "INSERT INTO channel_delivery (channel_id, item_id, accepted_key, accepted_value_json,"
                        + " accepted_at, attempt_key, attempt_value_json, attempt_variant, attempt_number, state,"
                        + " attempts, updated_at) VALUES (?, 'fries', 'k1', '{\"name\":\"Frites\"}',"
                        + " '2026-11-19T06:00:00Z', 'k1', '{\"name\":\"Frites\"}', 'main', 1, 'ACCEPTED', 1,"
                        + " '2026-11-19T06:00:00Z')", channel.get(0));
            }
        }

        try (Store store = Store.open(StoreConfig.sqlite(file))) {
            record Row(String channel, String state, String acceptedKey, String acceptedValue, String next, String reason) {
            }
            List<Row> rows = store.inTransaction("read", tx -> tx.query("SELECT channel_id, state, accepted_key,"
                    + " accepted_value_json, next_attempt_at, reason FROM channel_delivery ORDER BY channel_id",
                    rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6))));
            assertEquals(List.of("eats", "print", "table", "web"), rows.stream().map(Row::channel).toList());
            assertEquals(new Row("eats", "ACCEPTED", "k1", "{\"name\":\"Frites\"}", null, null), rows.get(0));
            for (Row hosted : rows.subList(1, 4)) {
                assertEquals(new Row(hosted.channel(), "FAILED", null, null, "1970-01-01T00:00:00Z",
                        "republished into the relay's store (V17)"), hosted);
            }
            long files = store.inTransaction("count", tx -> tx.queryLong("SELECT COUNT(*) FROM channel_file"));
            assertEquals(0, files, "nothing published yet");
        }
    }

    private static void insert(Connection db, String sql, String... args) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setString(i + 1, args[i]);
            }
            assertEquals(1, statement.executeUpdate());
        }
    }
}
