package dev.outpost.api.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * tinylog writer for {@code writer = json lines}: one JSON object per line on standard output.
 * tinylog's own JSON writer writes only to files, and its console writer does not escape messages.
 */
public final class JsonLinesWriter implements Writer {
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final OutputStream out;

    public JsonLinesWriter(Map<String, String> properties) {
        this(properties, new FileOutputStream(FileDescriptor.out));
    }

    JsonLinesWriter(Map<String, String> properties, OutputStream out) {
        this.out = out;
        properties.forEach((key, value) -> {
            if (key.startsWith("field.")) {
                fields.put(key.substring("field.".length()), value);
            }
        });
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.DATE, LogEntryValue.LEVEL, LogEntryValue.CLASS, LogEntryValue.THREAD,
                LogEntryValue.CONTEXT, LogEntryValue.MESSAGE, LogEntryValue.EXCEPTION);
    }

    @Override
    public void write(LogEntry entry) throws IOException {
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "time", entry.getTimestamp().toInstant().toString());
        field(line, "level", entry.getLevel().name());
        fields.forEach((key, value) -> field(line, key, value));
        field(line, "logger", entry.getClassName());
        field(line, "thread", entry.getThread() == null ? null : entry.getThread().getName());
        entry.getContext().forEach((key, value) -> field(line, key, value));
        field(line, "message", entry.getMessage());
        if (entry.getException() != null) {
            StringWriter trace = new StringWriter();
            entry.getException().printStackTrace(new PrintWriter(trace));
            field(line, "error", trace.toString());
        }
        line.setLength(line.length() - 1);
        line.append("}\n");
        synchronized (out) {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void field(StringBuilder line, String key, String value) {
        if (value == null) {
            return;
        }
        quote(line, key);
        line.append(':');
        quote(line, value);
        line.append(',');
    }

    static void quote(StringBuilder out, String s) {
        out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
