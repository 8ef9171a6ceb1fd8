package dev.outpost.hal.modbus;

import static dev.outpost.hal.modbus.Hex.bytes;
import static dev.outpost.hal.modbus.Hex.withCrc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.SimSerial;
import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The master against a scripted device end: it reads each request and writes exactly the reply a test wants. */
class ModbusMasterTest {

    private static final Duration GENEROUS = Duration.ofSeconds(5);
    private static final String READ_INPUTS = "01 02 00 00 00 06 F8 08";

    private final SimSerial.Pair wire = SimSerial.pair("sim-master", "sim-device");
    private final SerialLink device = wire.b();
    /** Generous: the test thread answers, and a cold JVM may take its time the first time round. */
    private ModbusMaster master = master(Duration.ofSeconds(2));

    private ModbusMaster master(Duration responseTimeout) {
        return new ModbusMaster(wire.a(), new FrameTiming(9600), responseTimeout, Ticker.system());
    }

    @AfterEach
    void close() {
        wire.close();
    }

    /** Runs {@code call}, checks the request it sends, answers with {@code reply}, and returns what the call got. */
    private <T> T exchange(Supplier<T> call, String request, byte[] reply) throws Exception {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(call);
        byte[] sent = new byte[bytes(request).length];
        device.readExactly(sent, GENEROUS);
        device.write(reply);
        assertEquals(request, RtuFrame.hex(sent));
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private ModbusException failure(String reply) {
        return assertThrows(ModbusException.class,
                () -> exchange(() -> master.readDiscreteInputs(1, 0, 6), READ_INPUTS, bytes(reply)));
    }

    @Test
    void readsDiscreteInputsFromAKnownFrame() throws Exception {
        assertEquals(List.of(false, false, true, true, false, true),
                exchange(() -> master.readDiscreteInputs(1, 0, 6), READ_INPUTS, bytes("01 02 01 2C A0 55")));
        assertEquals(new ModbusStats(1, 1, 0, 0, 0, 0, 0), master.stats());
    }

    @Test
    void readsInputRegistersAndWritesCoils() throws Exception {
        assertEquals(List.of(0xFFFF, 0xFFFE, 0, 7), exchange(() -> master.readInputRegisters(1, 0, 4),
                "01 04 00 00 00 04 F1 C9", bytes("01 04 08 FF FF FF FE 00 00 00 07 18 1F")));
        exchange(() -> {
            master.writeCoil(1, 0, true);
            return null;
        }, "01 05 00 00 FF 00 8C 3A", bytes("01 05 00 00 FF 00 8C 3A"));
        exchange(() -> {
            master.writeCoils(1, 0, List.of(true, true));
            return null;
        }, "01 0F 00 00 00 02 01 03 9E 96", bytes("01 0F 00 00 00 02 D4 0A"));
        assertEquals(new ModbusStats(3, 3, 0, 0, 0, 0, 0), master.stats());
    }

    @Test
    void aBadCrcIsRefusedCountedAndShown() {
        ModbusException e = failure("01 02 01 2C A0 56");
        assertEquals(ModbusException.Failure.BAD_CRC, e.failure());
        assertEquals("modbus sim-master unit 1: read discrete inputs 0..5: bad CRC in 01 02 01 2C A0 56 "
                + "(expected A0 55)", e.getMessage());
        assertEquals(new ModbusStats(1, 0, 0, 1, 0, 0, 0), master.stats());
    }

    @Test
    void anExceptionResponseCarriesItsCode() {
        ModbusException e = assertThrows(ModbusException.class,
                () -> exchange(() -> master.readDiscreteInputs(1, 0, 6), READ_INPUTS, withCrc("01 82 02")));
        assertEquals(ModbusException.Failure.EXCEPTION_RESPONSE, e.failure());
        assertEquals(OptionalInt.of(2), e.exceptionCode());
        assertEquals("modbus sim-master unit 1: read discrete inputs 0..5: refused with illegal data address (02)",
                e.getMessage());
        assertEquals(1, master.stats().exceptionResponses());
    }

    @Test
    void noReplyTimesOutAfterTheResponseTimeout() {
        master = master(Duration.ofMillis(100));
        long start = System.nanoTime();
        ModbusException e = assertThrows(ModbusException.class, () -> master.readDiscreteInputs(1, 0, 6));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ModbusException.Failure.TIMEOUT, e.failure());
        assertEquals("modbus sim-master unit 1: read discrete inputs 0..5: no reply within 100 ms", e.getMessage());
        assertTrue(elapsedMillis >= 100 && elapsedMillis < 2000, "gave up after " + elapsedMillis + " ms");
        assertEquals(new ModbusStats(1, 0, 1, 0, 0, 0, 0), master.stats());
    }

    @Test
    void repliesThatAreNotForThisRequestAreMalformed() {
        master = master(Duration.ofMillis(200)); // each failure keeps the line quiet for a response timeout
        assertEquals("modbus sim-master unit 1: read discrete inputs 0..5: a reply from unit 2 02 02",
                failure("02 02 01 2C A0 55").getMessage());
        assertEquals("modbus sim-master unit 1: read discrete inputs 0..5: a reply with function code 04 01 04",
                failure(RtuFrame.hex(withCrc("01 04 02 00 00"))).getMessage());
        assertEquals("modbus sim-master unit 1: read discrete inputs 0..5: byte count 2, expected 1, in 01 02 02",
                failure(RtuFrame.hex(withCrc("01 02 02 2C 00"))).getMessage());
        assertEquals("modbus sim-master unit 1: read discrete inputs 0..5: a reply cut short after 3 bytes within "
                + "200 ms: 01 02 01", failure("01 02 01").getMessage());
        assertEquals(new ModbusStats(4, 0, 0, 0, 4, 0, 0), master.stats());
    }

    @Test
    void aWrongEchoIsMalformed() {
        ModbusException e = assertThrows(ModbusException.class, () -> exchange(() -> {
            master.writeCoil(1, 2, true);
            return null;
        }, RtuFrame.hex(withCrc("01 05 00 02 FF 00")), withCrc("01 05 00 02 00 00")));
        assertEquals(ModbusException.Failure.MALFORMED, e.failure());
        assertTrue(e.getMessage().startsWith("modbus sim-master unit 1: write coil 2 = on: the echo 05 00 02 00 00 "
                + "does not match the request 05 00 02 FF 00 in 01 05 00 02 00 00"), e.getMessage());
    }

    @Test
    void aLateReplyToATimedOutRequestIsNotTakenForTheNextOne() throws Exception {
        master = master(Duration.ofMillis(100));
        assertThrows(ModbusException.class, () -> master.readDiscreteInputs(1, 0, 6));
        long failedAt = System.nanoTime();
        CompletableFuture<List<Boolean>> next = CompletableFuture.supplyAsync(() -> master.readDiscreteInputs(1, 0, 6));
        byte[] timedOut = new byte[8];
        device.readExactly(timedOut, GENEROUS);
        device.write(bytes("01 02 01 3F E1 98"));

        byte[] request = new byte[8];
        device.readExactly(request, GENEROUS);
        long quietMillis = (System.nanoTime() - failedAt) / 1_000_000;
        assertTrue(quietMillis >= 90, "the next request went out " + quietMillis + " ms after the failure");
        device.write(bytes("01 02 01 2C A0 55"));
        assertEquals(List.of(false, false, true, true, false, true), next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void unitsOutsideOneTo247AreRefusedBeforeAnythingIsSent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> master.readCoils(0, 0, 1));
        assertEquals("modbus sim-master: unit must be between 1 and 247, was 0 (broadcast is not supported)",
                e.getMessage());
        assertEquals(0, device.read(new byte[8], Duration.ofMillis(50)));
        assertEquals(0, master.stats().requests());
    }
}
