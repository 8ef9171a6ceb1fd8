package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.channel.ChannelAdapter.Outcome;
import dev.outpost.relay.channel.ChannelAdapter.Push;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Versioned files the relay publishes for a channel, under {@code data.dir/channels/<channel>/} and served at
 * {@code /channels/<channel>/<file>}: {@code menu.json}, the newest document {@code {"channel", "version", "items":
 * {id: value}}}, {@code v<n>.json} for each version, and whatever an adapter renders from it (a PDF, a page). A run's
 * pushes make one new version, none when nothing changed (so a retry writes nothing). Every file is written to a
 * temporary file, synced and renamed into place, so a reader sees a whole old file or a whole new one; the rendered
 * files are written before the documents, so a crash in between leaves the old version, which the next run redoes.
 */
final class ContentStore {
    static final String CURRENT = "menu.json";
    private static final Pattern FILE = Pattern.compile("(menu|index|v[1-9][0-9]{0,9})\\.(json|pdf|html)|qr\\.png");

    /** Renders a new document to the adapter's own files: name → bytes. */
    @FunctionalInterface
    interface Render {
        Map<String, byte[]> files(ObjectNode document) throws IOException;
    }

    private final Path root;

    ContentStore(Path root) {
        this.root = root;
    }

    /**
     * Applies {@code pushes} to {@code channel}'s newest document and, when that changes it, writes the new version:
     * {@code render}'s files, then {@code v<n>.json} and {@code menu.json}. Every push is accepted, or every one
     * failed with the reason when a file cannot be written.
     */
    List<Outcome> publish(Channel channel, List<Push> pushes, Render render) {
        Path dir = root.resolve(channel.id());
        List<Outcome> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            ObjectNode current = current(channel);
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
                doc.put("version", current.get("version").intValue() + 1);
                doc.set("items", next);
                for (var file : render.files(doc).entrySet()) {
                    write(dir, file.getKey(), file.getValue());
                }
                byte[] bytes = Json.write(doc);
                write(dir, "v" + doc.get("version").intValue() + ".json", bytes);
                write(dir, CURRENT, bytes);
            }
            pushes.forEach(p -> out.add(Outcome.ACCEPTED));
        } catch (IOException | RuntimeException e) {
            pushes.forEach(p -> out.add(Outcome.failed(channel.kind() + " " + dir + ": " + e)));
        }
        return out;
    }

    /** The newest document of {@code channel}: version 0 with no items before the first. */
    ObjectNode current(Channel channel) throws IOException {
        Path file = root.resolve(channel.id()).resolve(CURRENT);
        return Files.exists(file) ? (ObjectNode) Json.tree(Files.readAllBytes(file)) : empty(channel);
    }

    /** A published file, if {@code name} is one ({@code menu.json}, {@code v3.pdf}, {@code qr.png}, …) and exists. */
    Optional<byte[]> file(String channelId, String name) throws IOException {
        if (!channelId.matches(Channel.ID) || !FILE.matcher(name).matches()) {
            return Optional.empty();
        }
        Path path = root.resolve(channelId).resolve(name);
        return Files.isRegularFile(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
    }

    /** The items of a document, ordered as a printed menu lists them: by category, then by text. */
    static List<Map.Entry<String, JsonNode>> ordered(ObjectNode document) {
        List<Map.Entry<String, JsonNode>> items = new ArrayList<>(document.get("items").properties());
        items.sort(Map.Entry.<String, JsonNode>comparingByValue(java.util.Comparator.comparing(
                (JsonNode v) -> v.path("category").asText(""))).thenComparing(e -> e.getValue().path("text").asText(""))
                .thenComparing(Map.Entry::getKey));
        return items;
    }

    private static ObjectNode empty(Channel channel) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("channel", channel.id());
        doc.put("version", 0);
        doc.putObject("items");
        return doc;
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
