package dev.outpost.relay.channel;

import static dev.outpost.api.text.Html.escape;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import dev.outpost.relay.store.Tx;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The table QR page: {@code index.html} (and {@code v<n>.html}), a plain HTML page listing the items by category as
 * their template's text, and {@code qr.png}, a QR code of the channel's {@code page_url} (where the page is published)
 * for printing on tables; the page shows it too. Both live in the {@link ContentStore} beside its JSON documents.
 */
final class QrPageAdapter implements ChannelAdapter.Hosted {
    static final String KIND = "qr-page";
    private static final int MODULE_PIXELS = 8;

    private final ContentStore files;

    QrPageAdapter(ContentStore files) {
        this.files = files;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Outcome> publish(Tx tx, Channel channel, List<Push> pushes) throws SQLException {
        return files.publish(tx, channel, pushes, doc -> {
            byte[] page = page(channel, doc);
            return Map.of("v" + doc.get("version").intValue() + ".html", page, "index.html", page,
                    "qr.png", qr(channel.pageUrl()));
        });
    }

    static byte[] page(Channel channel, ObjectNode doc) {
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
        html.append(open ? "</ul>\n" : "").append("</main>\n<footer><img src=\"qr.png\" width=\"160\" height=\"160\" alt=\"QR"
                + " code of this page: ").append(escape(channel.pageUrl())).append("\"></footer>\n</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] qr(String url) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
                    EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IOException("qr-page: cannot encode " + url + " as a QR code: " + e.getMessage(), e);
        }
        int size = matrix.getWidth() * MODULE_PIXELS;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, matrix.get(x / MODULE_PIXELS, y / MODULE_PIXELS) ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }
}
