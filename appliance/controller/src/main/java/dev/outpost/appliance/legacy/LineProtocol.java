package dev.outpost.appliance.legacy;

import dev.outpost.hal.modbus.Crc16;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The legacy POS line protocol (README, "The legacy POS gateway"): ASCII lines ending in LF, fields joined by
 * {@code |}, the last field the CRC-16/MODBUS of every byte before the {@code |} in front of it, as four upper-case
 * hex digits. The host asks, the device answers with the request's sequence number:
 *
 * <pre>
 * SALE|seq|transaction_id|total_minor|currency|business_day|occurred_at|crc   → ACK|seq|crc  or  NAK|seq|RETRY|reason|crc
 * PING|seq|crc                                                                 → PONG|seq|crc                 NAK|seq|REJECT|reason|crc
 * </pre>
 *
 * Both ends use this class; {@link Lines} cuts a byte stream into lines, whatever pieces it arrives in.
 */
public final class LineProtocol {
    /** A longer line is garbage and dropped whole. */
    public static final int MAX_LINE = 512;
    /** Sequence numbers run from 1 to this, then start again at 1. */
    public static final long MAX_SEQ = 999_999_999L;

    private LineProtocol() {
    }

    /** One line of the protocol. */
    public sealed interface Message {
        long seq();
    }

    public record Sale(long seq, SaleRecord record) implements Message {
    }

    public record Ping(long seq) implements Message {
    }

    public record Ack(long seq) implements Message {
    }

    public record Pong(long seq) implements Message {
    }

    /**
     * @param permanent REJECT: the device will never take this record; RETRY: not now (busy, a damaged line)
     */
    public record Nak(long seq, boolean permanent, String reason) implements Message {
        public Nak {
            reason = reason == null || reason.isBlank() ? "no reason given" : reason.replaceAll("[^\\x20-\\x7E]|\\|", " ").strip();
        }
    }

    /**
     * A line that is not a message.
     *
     * @param seq     the sequence number it carries, or 0 when it has none that can be trusted
     * @param damaged the checksum or the framing is wrong (noise, a cut line), as opposed to a well-formed line
     *                with a field the receiver cannot take
     */
    public static final class BadLine extends IllegalArgumentException {
        private final long seq;
        private final boolean damaged;

        BadLine(String message, long seq, boolean damaged) {
            super(message);
            this.seq = seq;
            this.damaged = damaged;
        }

        public long seq() {
            return seq;
        }

        public boolean damaged() {
            return damaged;
        }
    }

    /** The message as one line, LF included. */
    public static byte[] encode(Message message) {
        String body = switch (message) {
            case Sale s -> String.join("|", "SALE", seq(s.seq()), s.record().transactionId(),
                    Long.toString(s.record().totalMinor()), s.record().currency(), s.record().businessDay().toString(),
                    s.record().occurredAt().toString());
            case Ping p -> "PING|" + seq(p.seq());
            case Ack a -> "ACK|" + seq(a.seq());
            case Pong p -> "PONG|" + seq(p.seq());
            case Nak n -> String.join("|", "NAK", seq(n.seq()), n.permanent() ? "REJECT" : "RETRY", n.reason());
        };
        return (body + "|" + crc(body) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads one line (without its LF).
     *
     * @throws BadLine naming what is wrong with it
     */
    public static Message decode(String line) {
        if (line.length() > MAX_LINE) {
            throw new BadLine("legacy line: longer than " + MAX_LINE + " bytes", 0, true);
        }
        if (!line.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new BadLine("legacy line: not printable ASCII: " + shown(line), 0, true);
        }
        int bar = line.lastIndexOf('|');
        if (bar < 0 || !line.substring(bar + 1).equals(crc(line.substring(0, bar)))) {
            throw new BadLine("legacy line: checksum does not match: " + shown(line), 0, true);
        }
        String[] f = line.substring(0, bar).split("\\|", -1);
        long seq = seqOf(f.length > 1 ? f[1] : "");
        if (seq == 0) {
            throw new BadLine("legacy line: seq must be a number from 1 to " + MAX_SEQ + ": " + shown(line), 0, false);
        }
        return switch (f[0]) {
            case "SALE" -> {
                fields(f, 7, line, seq);
                yield new Sale(seq, sale(f, seq));
            }
            case "PING" -> {
                fields(f, 2, line, seq);
                yield new Ping(seq);
            }
            case "ACK" -> {
                fields(f, 2, line, seq);
                yield new Ack(seq);
            }
            case "PONG" -> {
                fields(f, 2, line, seq);
                yield new Pong(seq);
            }
            case "NAK" -> {
                fields(f, 4, line, seq);
                if (!f[2].equals("RETRY") && !f[2].equals("REJECT")) {
                    throw new BadLine("legacy line: NAK kind must be RETRY or REJECT, was '" + f[2] + "'", seq, false);
                }
                yield new Nak(seq, f[2].equals("REJECT"), f[3]);
            }
            default -> throw new BadLine("legacy line: unknown message '" + f[0] + "'", seq, false);
        };
    }

    private static SaleRecord sale(String[] f, long seq) {
        long total;
        try {
            total = Long.parseLong(f[3]);
        } catch (NumberFormatException e) {
            throw new BadLine("legacy line: SALE total_minor must be a whole number, was '" + f[3] + "'", seq, false);
        }
        LocalDate day;
        Instant at;
        try {
            day = LocalDate.parse(f[5]);
        } catch (DateTimeParseException e) {
            throw new BadLine("legacy line: SALE business_day must be YYYY-MM-DD, was '" + f[5] + "'", seq, false);
        }
        try {
            at = Instant.parse(f[6]);
        } catch (DateTimeParseException e) {
            throw new BadLine("legacy line: SALE occurred_at must be an ISO-8601 instant, was '" + f[6] + "'", seq, false);
        }
        try {
            return new SaleRecord(f[2], total, f[4], day, at);
        } catch (IllegalArgumentException e) {
            throw new BadLine("legacy line: " + e.getMessage(), seq, false);
        }
    }

    private static void fields(String[] f, int count, String line, long seq) {
        if (f.length != count) {
            throw new BadLine("legacy line: " + f[0] + " takes " + count + " fields before the checksum, got " + f.length
                    + ": " + shown(line), seq, false);
        }
    }

    private static long seqOf(String text) {
        if (!text.matches("[0-9]{1,9}")) {
            return 0;
        }
        return Long.parseLong(text);
    }

    private static String seq(long seq) {
        if (seq < 1 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("legacy line: seq must be from 1 to " + MAX_SEQ + ", was " + seq);
        }
        return Long.toString(seq);
    }

    /** The sequence number after {@code seq}. */
    public static long next(long seq) {
        return seq >= MAX_SEQ ? 1 : seq + 1;
    }

    /** The checksum field of a line whose other fields are {@code body}: its CRC-16/MODBUS as four hex digits. */
    public static String crc(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return String.format(Locale.ROOT, "%04X", Crc16.compute(bytes, 0, bytes.length));
    }

    private static String shown(String line) {
        String printable = line.replaceAll("[^\\x20-\\x7E]", "?");
        return "'" + (printable.length() > 80 ? printable.substring(0, 80) + "..." : printable) + "'";
    }

    /**
     * Cuts a byte stream into lines: bytes arrive in any pieces; CR before LF is dropped; a line longer than
     * {@link #MAX_LINE} is dropped whole (and counted) up to its LF. Not thread-safe: one reader.
     */
    public static final class Lines {
        private final StringBuilder line = new StringBuilder();
        private boolean overlong;
        private long dropped;

        /** The lines {@code n} more bytes complete, in order. */
        public List<String> feed(byte[] bytes, int n) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                char c = (char) (bytes[i] & 0xFF);
                if (c == '\n') {
                    if (overlong) {
                        dropped++;
                    } else {
                        int end = line.length();
                        out.add(end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString());
                    }
                    line.setLength(0);
                    overlong = false;
                } else if (line.length() <= MAX_LINE) {
                    line.append(c);
                } else {
                    overlong = true;
                }
            }
            return out;
        }

        /** Forgets a partial line (after a reconnect, say). */
        public void clear() {
            line.setLength(0);
            overlong = false;
        }

        /** Overlong lines dropped so far. */
        public long dropped() {
            return dropped;
        }
    }
}
