package dev.outpost.appliance.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.appliance.legacy.LineProtocol.Ack;
import dev.outpost.appliance.legacy.LineProtocol.BadLine;
import dev.outpost.appliance.legacy.LineProtocol.Nak;
import dev.outpost.appliance.legacy.LineProtocol.Ping;
import dev.outpost.appliance.legacy.LineProtocol.Pong;
import dev.outpost.appliance.legacy.LineProtocol.Sale;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The line protocol's wire format, and what the codec makes of garbage, cut and damaged lines. */
class LineProtocolTest {
    static final SaleRecord SALE = new SaleRecord("t-0001", 1299, "EUR", LocalDate.parse("2026-11-21"),
            Instant.parse("2026-11-21T12:30:00Z"));

    private static String text(LineProtocol.Message m) {
        return new String(LineProtocol.encode(m), StandardCharsets.US_ASCII);
    }

    @Test
    void linesAreAsTheReadmeDocumentsThem() {
        assertEquals("SALE|7|t-0001|1299|EUR|2026-11-21|2026-11-21T12:30:00Z|" + LineProtocol.crc(
                "SALE|7|t-0001|1299|EUR|2026-11-21|2026-11-21T12:30:00Z") + "\n", text(new Sale(7, SALE)));
        // CRC-16/MODBUS of "123456789" is 0x4B37: the checksum is the standard one, as hex
        assertEquals("4B37", LineProtocol.crc("123456789"));
        assertEquals("ACK|7|" + LineProtocol.crc("ACK|7") + "\n", text(new Ack(7)));
        assertEquals("NAK|8|REJECT|unknown currency|" + LineProtocol.crc("NAK|8|REJECT|unknown currency") + "\n",
                text(new Nak(8, true, "unknown currency")));
        assertEquals("PING|9|" + LineProtocol.crc("PING|9") + "\n", text(new Ping(9)));
    }

    @Test
    void everyMessageReadsBackAsItWasWritten() {
        for (LineProtocol.Message m : List.of(new Sale(1, SALE), new Ping(2), new Pong(3), new Ack(999_999_999),
                new Nak(5, false, "busy"), new Nak(6, true, "duplicate with another total"))) {
            String line = text(m);
            assertEquals(m, LineProtocol.decode(line.substring(0, line.length() - 1)));
        }
    }

    @Test
    void aNakReasonCannotBreakTheLine() {
        Nak nak = new Nak(4, true, "bad|field\nhere");
        assertEquals("bad field here", nak.reason());
        assertEquals(nak, LineProtocol.decode(text(nak).strip()));
    }

    @Test
    void aDamagedLineIsRefusedAsDamaged() {
        String good = text(new Ack(12)).strip();
        for (String bad : List.of(good.replace("12", "13"), "ACK|12", "", "garbage!!", good + "X", "\u0001" + good,
                good.substring(1))) {
            BadLine e = assertThrows(BadLine.class, () -> LineProtocol.decode(bad), bad);
            assertTrue(e.damaged(), bad);
            assertTrue(e.getMessage().startsWith("legacy line: "), e.getMessage());
        }
    }

    @Test
    void aWellFormedLineWithABadFieldNamesTheFieldAndKeepsItsSeq() {
        String body = "SALE|41|t-1|12x|EUR|2026-11-21|2026-11-21T12:30:00Z";
        BadLine e = assertThrows(BadLine.class, () -> LineProtocol.decode(body + "|" + LineProtocol.crc(body)));
        assertFalse(e.damaged());
        assertEquals(41, e.seq());
        assertEquals("legacy line: SALE total_minor must be a whole number, was '12x'", e.getMessage());
        String lower = "SALE|42|t-1|12|eur|2026-11-21|2026-11-21T12:30:00Z";
        BadLine currency = assertThrows(BadLine.class, () -> LineProtocol.decode(lower + "|" + LineProtocol.crc(lower)));
        assertEquals(42, currency.seq());
        assertTrue(currency.getMessage().contains("currency must be an ISO 4217 code"), currency.getMessage());
        String unknown = "HELLO|3";
        assertThrows(BadLine.class, () -> LineProtocol.decode(unknown + "|" + LineProtocol.crc(unknown)));
    }

    @Test
    void linesComeOutWholeWhateverPiecesTheBytesArriveIn() {
        String stream = text(new Ack(1)) + "noise\r\n" + text(new Nak(2, false, "busy")).replace("\n", "\r\n")
                + text(new Pong(3));
        byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 50; run++) {
            LineProtocol.Lines lines = new LineProtocol.Lines();
            List<String> out = new ArrayList<>();
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(9));
                byte[] piece = new byte[n];
                System.arraycopy(bytes, at, piece, 0, n);
                out.addAll(lines.feed(piece, n));
                at += n;
            }
            assertEquals(List.of(text(new Ack(1)).strip(), "noise", text(new Nak(2, false, "busy")).strip(),
                    text(new Pong(3)).strip()), out);
        }
    }

    @Test
    void aPartialLineWaitsForItsEndAndAnOverlongOneIsDroppedWhole() {
        LineProtocol.Lines lines = new LineProtocol.Lines();
        byte[] half = "ACK|1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(), lines.feed(half, half.length));
        byte[] flood = ("x".repeat(2_000) + "\n" + text(new Ack(2))).getBytes(StandardCharsets.US_ASCII);
        lines.clear();
        assertEquals(List.of(text(new Ack(2)).strip()), lines.feed(flood, flood.length));
        assertEquals(1, lines.dropped());
    }
}
