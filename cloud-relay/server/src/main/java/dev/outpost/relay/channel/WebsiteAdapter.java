package dev.outpost.relay.channel;

import dev.outpost.relay.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The website's content store: the versioned JSON documents of {@link ContentStore} ({@code menu.json},
 * {@code v<n>.json}) and the same as a plain HTML page ({@code index.html}, {@code v<n>.html}: a {@link MenuPage}),
 * which the website reads from the relay or embeds.
 */
final class WebsiteAdapter implements ChannelAdapter.Hosted {
    static final String KIND = "website";

    private final ContentStore files;

    WebsiteAdapter(ContentStore files) {
        this.files = files;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Outcome> publish(Tx tx, Channel channel, List<Push> pushes) throws SQLException {
        return files.publish(tx, channel, pushes, doc -> {
            byte[] page = MenuPage.html(channel, doc, "");
            return Map.of("v" + doc.get("version").intValue() + ".html", page, "index.html", page);
        });
    }
}
