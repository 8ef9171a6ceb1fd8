package dev.outpost.relay.channel;

import static dev.outpost.api.text.Html.escape;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.outpost.relay.store.Tx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The table QR page: {@code index.html} (and {@code v<n>.html}), the {@link MenuPage} of the items with the QR code
 * under them, and {@code qr.png}, a QR code of the channel's {@code page_url} (where the page is published)
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

    private static byte[] page(Channel channel, ObjectNode doc) {
        return MenuPage.html(channel, doc, "<footer><img src=\"qr.png\" width=\"160\" height=\"160\" alt=\"QR code"
                + " of this page: " + escape(channel.pageUrl()) + "\"></footer>\n");
    }

    private static byte[] qr(String url) throws IOException {
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
