package dev.outpost.relay.channel;

import static dev.outpost.api.text.Html.escape;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A channel's document as a plain HTML page: the items by category (a heading per category when the channel takes
 * categories), each as its template's text, in the channel's language; what follows the list is the caller's.
 */
final class MenuPage {
    private MenuPage() {
    }

    /** The page; {@code footer} is HTML put after the list as it is (the caller escapes what goes in it). */
    static byte[] html(Channel channel, ObjectNode doc, String footer) {
        StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"").append(escape(channel.locale()))
                .append("\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                        + "<title>Menu</title></head>\n<body>\n<main>\n");
        String category = null;
        boolean open = false;
        for (var item : ContentStore.ordered(doc)) {
            String itemCategory = item.getValue().path("category").asText(null);
            if (itemCategory != null && !itemCategory.equals(category)) {
                html.append(open ? "</ul>\n" : "").append("<h2>").append(escape(itemCategory)).append("</h2>\n");
                open = false;
                category = itemCategory;
            }
            if (!open) {
                html.append("<ul>\n");
                open = true;
            }
            html.append("<li id=\"").append(escape(item.getKey())).append("\">")
                    .append(escape(item.getValue().path("text").asText(""))).append("</li>\n");
        }
        html.append(open ? "</ul>\n" : "").append("</main>\n").append(footer).append("</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }
}
