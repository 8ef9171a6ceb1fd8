package dev.outpost.sim.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.appliance.legacy.LineProtocol;
import dev.outpost.appliance.legacy.LineProtocol.Ack;
import dev.outpost.appliance.legacy.LineProtocol.Nak;
import dev.outpost.appliance.legacy.LineProtocol.Ping;
import dev.outpost.appliance.legacy.LineProtocol.Pong;
import dev.outpost.appliance.legacy.LineProtocol.Sale;
import dev.outpost.appliance.legacy.SaleRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the simulated legacy POS answers, line by line, without a line. */
class LegacyPosSimulatorTest {
    final LegacyPosSimulator device = new LegacyPosSimulator();

    static SaleRecord sale(String id, long total) {
        return new SaleRecord(id, total, "EUR", LocalDate.parse("2026-11-21"), Instant.parse("2026-11-21T10:00:00Z"));
    }

    private List<LineProtocol.Message> answer(LineProtocol.Message request) {
        String line = new String(LineProtocol.encode(request), StandardCharsets.US_ASCII).strip();
        return device.answer(line).stream().map(b -> new String(b, StandardCharsets.ISO_8859_1).strip())
                .filter(s -> !s.isEmpty()).map(s -> {
                    try {
                        return LineProtocol.decode(s);
                    } catch (LineProtocol.BadLine e) {
                        return (LineProtocol.Message) null;
                    }
                }).toList();
    }

    @Test
    void recordsASaleOnceAndAcksItAgain() {
        assertEquals(List.of(new Ack(1)), answer(new Sale(1, sale("t-1", 100))));
        assertEquals(List.of(new Ack(2)), answer(new Sale(2, sale("t-1", 100))));
        assertEquals(List.of("t-1"), device.taken());
        assertEquals(1, device.duplicates());
        assertEquals(List.of(new Pong(3)), answer(new Ping(3)));
    }

    @Test
    void refusesTheSameTransactionWithOtherContentsForGood() {
        answer(new Sale(1, sale("t-1", 100)));
        assertEquals(List.of(new Nak(2, true, "transaction t-1 already recorded with total 100 EUR")),
                answer(new Sale(2, sale("t-1", 999))));
        assertEquals(List.of("t-1"), device.taken());
    }

    @Test
    void faultsToldInAdvanceHitTheNextSales() {
        device.nakNext(1);
        assertEquals(List.of(new Nak(1, false, "busy")), answer(new Sale(1, sale("t-1", 1))));
        assertEquals(List.of(), device.taken(), "a NAK RETRY records nothing");
        device.dropAnswers(1);
        assertEquals(List.of(), answer(new Sale(2, sale("t-1", 1))));
        assertEquals(List.of("t-1"), device.taken(), "a dropped answer still records the sale");
        device.garbageNext(1);
        List<LineProtocol.Message> garbled = answer(new Sale(3, sale("t-2", 1)));
        assertTrue(garbled.stream().allMatch(m -> m == null), "nothing readable: " + garbled);
        device.silent(true);
        assertEquals(List.of(), answer(new Ping(4)));
        device.silent(false);
        assertEquals(List.of(new Ack(5)), answer(new Sale(5, sale("t-3", 1))));
    }

    @Test
    void aWellFormedLineWithABadFieldIsRefusedNamingTheField() {
        String body = "SALE|9|t-1|-5|EUR|2026-11-21|2026-11-21T10:00:00Z";
        List<byte[]> out = device.answer(body + "|" + LineProtocol.crc(body));
        LineProtocol.Message nak = LineProtocol.decode(new String(out.getFirst(), StandardCharsets.US_ASCII).strip());
        assertEquals(new Nak(9, true, "legacy line: sale record t-1: total_minor must be 0 or more, was -5"), nak);
    }

    @Test
    void theConsoleTellsItWhatToDoAndSaysWhatIsWrong() {
        assertTrue(LegacyPosCommand.execute(device, "drop 2").startsWith("ok; "));
        assertTrue(LegacyPosCommand.execute(device, "slow 500ms").contains("slow=500ms"));
        assertTrue(LegacyPosCommand.execute(device, "silent on").contains("silent=true"));
        assertEquals("error: drop takes a count of 0 or more, was '-1'", LegacyPosCommand.execute(device, "drop -1"));
        assertEquals("error: slow takes a duration such as 500ms or 2s, was 'soon'", LegacyPosCommand.execute(device, "slow soon"));
        assertTrue(LegacyPosCommand.execute(device, "jump").startsWith("error: unknown command 'jump'"));
    }
}
