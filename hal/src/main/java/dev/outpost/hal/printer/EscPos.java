package dev.outpost.hal.printer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/** ESC/POS jobs for a {@link ReceiptPrinter}. */
public final class EscPos {
    private static final Charset CP437 = Charset.forName("IBM437");

    private EscPos() {
    }

    /**
     * A receipt: ESC @ (reset), the text in code page 437 (a character it lacks prints as {@code ?}), three line feeds
     * and a partial cut (GS V 66 0).
     */
    public static byte[] receipt(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1B, 0x40});
        out.writeBytes(text.getBytes(CP437));
        out.writeBytes(new byte[] {'\n', '\n', '\n', 0x1D, 0x56, 66, 0});
        return out.toByteArray();
    }
}
