package dev.outpost.api.text;

/** Text for HTML a process renders itself (a screen's menu page, a channel's QR page). */
public final class Html {
    private Html() {
    }

    /** {@code text} safe inside an element or a quoted attribute: {@code < > & " '} as entities. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
