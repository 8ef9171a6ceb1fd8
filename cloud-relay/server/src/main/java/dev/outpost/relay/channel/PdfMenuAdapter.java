package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.relay.store.Tx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The printed menu: a real PDF (A4) per version, {@code menu.pdf} and {@code v<n>.pdf} in the {@link ContentStore}
 * beside its JSON documents. Items are listed by category (a heading per category when the channel takes
 * categories), each as its template's text, wrapped to the page. Text is set in Liberation Sans (bundled with
 * PDFBox, embedded in the file); an item with a character that font cannot draw is rejected naming the character,
 * rather than printed with a hole in it.
 */
final class PdfMenuAdapter implements ChannelAdapter.Hosted {
    static final String KIND = "pdf";
    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final float MARGIN = 56;
    private static final float TEXT = 11;
    private static final float HEADING = 15;
    private static final float LEADING = 1.4f;

    private final ContentStore files;

    PdfMenuAdapter(ContentStore files) {
        this.files = files;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Outcome> publish(Tx tx, Channel channel, List<Push> pushes) throws SQLException {
        Outcome[] out = new Outcome[pushes.size()];
        List<Push> printable = new ArrayList<>();
        try (PDDocument probe = new PDDocument()) {
            PDType0Font font = font(probe);
            for (int i = 0; i < pushes.size(); i++) {
                String problem = pushes.get(i).value() == null ? null : undrawable(font, pushes.get(i).value());
                if (problem == null) {
                    printable.add(pushes.get(i));
                } else {
                    out[i] = Outcome.rejected("pdf: " + problem);
                }
            }
        } catch (IOException e) {
            return pushes.stream().map(p -> Outcome.failed("pdf: cannot load the font " + FONT + ": " + e)).toList();
        }
        Iterator<Outcome> published = files.publish(tx, channel, printable, doc -> {
            byte[] pdf = render(doc);
            return Map.of("v" + doc.get("version").intValue() + ".pdf", pdf, "menu.pdf", pdf);
        }).iterator();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = published.next();
            }
        }
        return List.of(out);
    }

    /** Why the font cannot draw one of the value's texts, or null when it can draw them all. */
    private static String undrawable(PDType0Font font, JsonNode value) {
        for (var field : value.properties()) {
            if (field.getValue().isTextual()) {
                try {
                    font.encode(drawable(field.getValue().textValue()));
                } catch (IllegalArgumentException | IOException e) {
                    return field.getKey() + " " + field.getValue() + ": " + e.getMessage();
                }
            }
        }
        return null;
    }

    /** A narrow no-break space (in French prices) is drawn as a no-break space: the font has no glyph for it. */
    private static String drawable(String text) {
        return text.replace('\u202f', '\u00a0');
    }

    private static PDType0Font font(PDDocument pdf) throws IOException {
        try (InputStream in = PDDocument.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IOException("not on the classpath");
            }
            return PDType0Font.load(pdf, in);
        }
    }

    static byte[] render(ObjectNode doc) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDType0Font font = font(pdf);
            pdf.getDocumentInformation().setTitle("Menu, version " + doc.get("version").intValue());
            try (Pages pages = new Pages(pdf, font)) {
                String category = null;
                for (var item : ContentStore.ordered(doc)) {
                    String itemCategory = item.getValue().path("category").asText(null);
                    if (itemCategory != null && !itemCategory.equals(category)) {
                        pages.line(drawable(itemCategory), HEADING);
                        category = itemCategory;
                    }
                    pages.line(drawable(item.getValue().path("text").asText("")), TEXT);
                }
                pages.atLeastOne();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            pdf.save(bytes);
            return bytes.toByteArray();
        }
    }

    /** Lines down A4 pages, wrapped at word boundaries, a new page when one is full. */
    private static final class Pages implements AutoCloseable {
        private final PDDocument pdf;
        private final PDType0Font font;
        private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
        private PDPageContentStream page;
        private float y;

        Pages(PDDocument pdf, PDType0Font font) {
            this.pdf = pdf;
            this.font = font;
        }

        void line(String text, float size) throws IOException {
            for (String wrapped : wrap(text, size)) {
                if (page == null || y - size * LEADING < MARGIN) {
                    newPage();
                }
                y -= size * LEADING;
                page.beginText();
                page.setFont(font, size);
                page.newLineAtOffset(MARGIN, y);
                page.showText(wrapped);
                page.endText();
            }
        }

        private List<String> wrap(String text, float size) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                } else {
                    line.setLength(0);
                    line.append(candidate);
                }
            }
            lines.add(line.toString());
            return lines;
        }

        /** An empty menu is still a document with a page. */
        void atLeastOne() throws IOException {
            if (pdf.getNumberOfPages() == 0) {
                newPage();
            }
        }

        private void newPage() throws IOException {
            close();
            PDPage next = new PDPage(PDRectangle.A4);
            pdf.addPage(next);
            page = new PDPageContentStream(pdf, next);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        @Override
        public void close() throws IOException {
            if (page != null) {
                page.close();
                page = null;
            }
        }
    }
}
