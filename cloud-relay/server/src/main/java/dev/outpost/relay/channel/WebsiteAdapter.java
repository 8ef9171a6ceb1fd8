package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The website's content store: per channel, numbered versions {@code v1.json}, {@code v2.json}, … and
 * {@code menu.json}, the newest, under {@code data.dir/channels/<channel>/}, served by the relay at
 * {@code /channels/<channel>/<file>}. A document is {@code {"channel", "version", "items": {id: value}}}. A run's
 * pushes make one new version (none when nothing changed, so a retry writes nothing); each file is written to a
 * temporary file, synced, and renamed into place, so a reader sees a whole old file or a whole new one.
 */
final class WebsiteAdapter implements ChannelAdapter {
    static final String KIND = "website";
    static final String CURRENT = "menu.json";
    private static final Pattern FILE = Pattern.compile("menu\\.json|v[1-9][0-9]{0,9}\\.json");

    private final Path root;

    WebsiteAdapter(Path root) {
        this.root = root;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Outcome> send(Channel channel, List<Push> pushes) {
        Path dir = root.resolve(channel.id());
        try {
            Files.createDirectories(dir);
            ObjectNode current = read(dir.resolve(CURRENT)).map(d -> (ObjectNode) d).orElseGet(() -> empty(channel));
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
                byte[] bytes = Json.write(doc);
                write(dir, "v" + doc.get("version").intValue() + ".json", bytes);
                write(dir, CURRENT, bytes);
            }
            return Collections.nCopies(pushes.size(), Outcome.ACCEPTED);
        } catch (IOException | RuntimeException e) {
            return Collections.nCopies(pushes.size(), Outcome.failed("website " + dir + ": " + e));
        }
    }

    /** A file of the content store, if {@code name} is one ({@code menu.json} or {@code v<n>.json}) and exists. */
    Optional<byte[]> file(String channelId, String name) throws IOException {
        if (!channelId.matches(Channel.ID) || !FILE.matcher(name).matches()) {
            return Optional.empty();
        }
        Path path = root.resolve(channelId).resolve(name);
        return Files.isRegularFile(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
    }

    private static ObjectNode empty(Channel channel) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("channel", channel.id());
        doc.put("version", 0);
        doc.putObject("items");
        return doc;
    }

    private static Optional<JsonNode> read(Path file) throws IOException {
        return Files.exists(file) ? Optional.of(Json.tree(Files.readAllBytes(file))) : Optional.empty();
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
