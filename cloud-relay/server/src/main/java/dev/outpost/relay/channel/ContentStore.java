package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.blob.Blobs;
import dev.outpost.relay.channel.ChannelAdapter.Outcome;
import dev.outpost.relay.channel.ChannelAdapter.Push;
import dev.outpost.relay.store.Tx;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Versioned files the relay publishes for a channel, kept in the relay's store (table {@code channel_file}, bytes in
 * the blob store) and served at {@code /channels/<channel>/<file>} by every relay on that store: {@code menu.json},
 * the newest document {@code {"channel", "version", "items": {id: value}}}, {@code v<n>.json} for each version, and
 * whatever an adapter renders from it (a PDF, a page). A run's pushes make one new version, none when nothing changed
 * (so a retry writes nothing). Everything is written in the caller's transaction, the one that records the sends, so
 * a reader sees a whole old version or a whole new one, and what is served is what is recorded as accepted.
 */
final class ContentStore {
    static final String CURRENT = "menu.json";
    private static final Pattern FILE = Pattern.compile("(menu|index|v[1-9][0-9]{0,9})\\.(json|pdf|html)|qr\\.png");
    private static final Map<String, String> TYPES = Map.of("json", "application/json", "pdf", "application/pdf",
            "html", "text/html; charset=utf-8", "png", "image/png");

    /** Renders a new document to the adapter's own files: name → bytes. */
    @FunctionalInterface
    interface Render {
        Map<String, byte[]> files(ObjectNode document) throws IOException;
    }

    private final InstantSource clock;

    ContentStore(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Applies {@code pushes} to {@code channel}'s newest document and, when that changes it, writes the new version
     * in {@code tx}: {@code render}'s files, {@code v<n>.json} and {@code menu.json}. The caller holds the channel's
     * row lock, so two relays never make the same version. Every push is accepted, or every one failed with the
     * reason when the files cannot be rendered.
     */
    List<Outcome> publish(Tx tx, Channel channel, List<Push> pushes, Render render) throws SQLException {
        ObjectNode current = current(tx, channel);
        ObjectNode items = (ObjectNode) current.get("items");
        ObjectNode next = items.deepCopy();
        for (Push push : pushes) {
            if (push.value() == null) {
                next.remove(push.item());
            } else {
                next.set(push.item(), push.value());
            }
        }
        if (!next.equals(items)) {
            ObjectNode doc = empty(channel);
            int version = current.get("version").intValue() + 1;
            doc.put("version", version);
            doc.set("items", next);
            Map<String, byte[]> files = new LinkedHashMap<>();
            try {
                files.putAll(render.files(doc));
            } catch (IOException | RuntimeException e) {
                return pushes.stream().map(p -> Outcome.failed(channel.kind() + " " + channel.id()
                        + ": cannot render version " + version + ": " + e)).toList();
            }
            byte[] bytes = Json.write(doc);
            files.put("v" + version + ".json", bytes);
            files.put(CURRENT, bytes);
            for (var file : files.entrySet()) {
                write(tx, channel.id(), file.getKey(), version, file.getValue());
            }
        }
        return pushes.stream().map(p -> Outcome.ACCEPTED).toList();
    }

    /** The media type a published file is served as, from its name. */
    static String mediaType(String name) {
        return TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    }

    /** A published file, if {@code name} is one ({@code menu.json}, {@code v3.pdf}, {@code qr.png}, …) and exists. */
    static Optional<byte[]> file(Tx tx, String channelId, String name) throws SQLException {
        if (!channelId.matches(Channel.ID) || !FILE.matcher(name).matches()) {
            return Optional.empty();
        }
        Optional<String> sha256 = tx.queryOne("SELECT sha256 FROM channel_file WHERE channel_id = ? AND name = ?",
                rs -> rs.getString(1), channelId, name);
        return sha256.isEmpty() ? Optional.empty() : Blobs.get(tx, sha256.get()).map(Blobs.Blob::content);
    }

    /** The items of a document, ordered as a printed menu lists them: by category, then by text. */
    static List<Map.Entry<String, JsonNode>> ordered(ObjectNode document) {
        List<Map.Entry<String, JsonNode>> items = new ArrayList<>(document.get("items").properties());
        items.sort(Map.Entry.<String, JsonNode>comparingByValue(Comparator.comparing(
                (JsonNode v) -> v.path("category").asText(""))).thenComparing(e -> e.getValue().path("text").asText(""))
                .thenComparing(Map.Entry::getKey));
        return items;
    }

    /** The newest document of {@code channel}: version 0 with no items before the first. */
    private static ObjectNode current(Tx tx, Channel channel) throws SQLException {
        Optional<byte[]> file = file(tx, channel.id(), CURRENT);
        return file.isPresent() ? (ObjectNode) Json.tree(file.get()) : empty(channel);
    }

    private void write(Tx tx, String channelId, String name, int version, byte[] bytes) throws SQLException {
        Instant now = clock.instant();
        String sha256 = Blobs.put(tx, mediaType(name), bytes, now);
        tx.update("INSERT INTO channel_file (channel_id, name, version, sha256, updated_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (channel_id, name) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256,"
                + " updated_at = excluded.updated_at", channelId, name, version, sha256, now.toString());
    }

    private static ObjectNode empty(Channel channel) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("channel", channel.id());
        doc.put("version", 0);
        doc.putObject("items");
        return doc;
    }
}
