package dev.outpost.hal.modbus;

import static dev.outpost.hal.modbus.Hex.bytes;
import static dev.outpost.hal.modbus.Hex.withCrc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.SimSerial;
import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The slave codec: cutting frames out of a stream, answering them, and a master talking to it end to end. */
class ModbusSlaveTest {

    private static final Duration GENEROUS = Duration.ofSeconds(5);

    private final SimSerial.Pair wire = SimSerial.pair("sim-master", "sim-device");
    private final List<Boolean> coils = Collections.synchronizedList(new ArrayList<>(List.of(false, false, false)));
    private final ModbusSlave slave = new ModbusSlave(wire.b(), 7, new FrameTiming(9600), this::handle,
            Ticker.system());

    @AfterEach
    void close() {
        wire.close();
    }

    private ModbusResponse handle(ModbusRequest request) {
        return switch (request) {
            case ModbusRequest.ReadCoils read -> {
                if (read.address() + read.quantity() > coils.size()) {
                    throw new IllegalRequestException(ExceptionCode.ILLEGAL_DATA_ADDRESS, "3 coils");
                }
                yield new ModbusResponse.Bits(FunctionCode.READ_COILS,
                        coils.subList(read.address(), read.address() + read.quantity()));
            }
            case ModbusRequest.ReadInputRegisters read -> new ModbusResponse.Registers(
                    IntStream.range(read.address(), read.address() + read.quantity()).boxed().toList());
            case ModbusRequest.WriteCoil write -> {
                coils.set(write.address(), write.on());
                yield new ModbusResponse.CoilWritten(write.address(), write.on());
            }
            default -> throw new IllegalStateException("the handler broke on " + request);
        };
    }

    /** The slave's reply to {@code body} with its CRC appended. */
    private Optional<String> answer(String body) {
        return slave.reply(withCrc(body)).map(RtuFrame::hex);
    }

    private static Optional<String> framed(String body) {
        return Optional.of(RtuFrame.hex(withCrc(body)));
    }

    @Test
    void answersItsOwnUnitOnly() {
        assertEquals(framed("07 01 01 00"), answer("07 01 00 00 00 03"));
        assertEquals(Optional.empty(), answer("08 01 00 00 00 03"));
        assertEquals(Optional.empty(), answer("00 05 00 00 FF 00"));
        assertEquals(List.of(false, false, false), coils);
    }

    @Test
    void refusesWhatItCannotDoWithExceptionResponses() {
        assertEquals(framed("07 83 01"), answer("07 03 00 00 00 01"));
        assertEquals(framed("07 81 02"), answer("07 01 00 02 00 02"));
        assertEquals(framed("07 81 03"), answer("07 01 00 00 00 00"));
        assertEquals(framed("07 82 04"), answer("07 02 00 00 00 01"));
    }

    @Test
    void aBadCrcGetsNoAnswerAndCounts() {
        assertEquals(Optional.empty(), slave.reply(bytes("07 01 00 00 00 03 00 00")));
        assertEquals(1, slave.droppedFrames());
    }

    @Test
    void framesAreCutByLengthFromOneBurstOfBytes() {
        byte[] first = withCrc("07 05 00 01 FF 00");
        byte[] second = withCrc("07 0F 00 00 00 03 01 05");
        byte[] burst = new byte[first.length + second.length];
        System.arraycopy(first, 0, burst, 0, first.length);
        System.arraycopy(second, 0, burst, first.length, second.length);
        wire.a().write(burst);
        assertEquals(Optional.of(RtuFrame.hex(first)), slave.readFrame(GENEROUS).map(RtuFrame::hex));
        assertEquals(Optional.of(RtuFrame.hex(second)), slave.readFrame(GENEROUS).map(RtuFrame::hex));
        assertEquals(Optional.empty(), slave.readFrame(Duration.ofMillis(20)));
    }

    @Test
    void aFrameCutShortIsDroppedAndTheNextOneIsReadInStep() {
        wire.a().write(bytes("07 01 00 00"));
        assertEquals(Optional.empty(), slave.readFrame(GENEROUS));
        assertEquals(1, slave.droppedFrames());
        byte[] next = withCrc("07 01 00 00 00 03");
        wire.a().write(next);
        assertEquals(Optional.of(RtuFrame.hex(next)), slave.readFrame(GENEROUS).map(RtuFrame::hex));
    }

    @Test
    void aMasterOnSeveralThreadsGetsEachItsOwnReply() throws Exception {
        ModbusMaster master = new ModbusMaster(wire.a(), new FrameTiming(115_200), Duration.ofSeconds(1),
                Ticker.system());
        CompletableFuture<Void> serving = onOwnThread(() -> serve(wire.b()));
        List<CompletableFuture<Void>> callers = new ArrayList<>();
        for (int caller = 0; caller < 4; caller++) {
            int address = caller * 10;
            callers.add(onOwnThread(() -> {
                for (int i = 0; i < 25; i++) {
                    assertEquals(List.of(address, address + 1, address + 2), master.readInputRegisters(7, address, 3));
                }
            }));
        }
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        master.writeCoil(7, 1, true);
        assertEquals(List.of(false, true, false), master.readCoils(7, 0, 3));
        assertEquals(new ModbusStats(102, 102, 0, 0, 0, 0, 0), master.stats());
        wire.b().close();
        serving.get(5, TimeUnit.SECONDS);
        assertFalse(coils.get(0));
        assertTrue(coils.get(1));
    }

    /** Not the common pool: on a small machine it may have too few threads for a server and its callers at once. */
    private static CompletableFuture<Void> onOwnThread(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void serve(SerialLink link) {
        try {
            while (true) {
                slave.readFrame(Duration.ofMillis(100)).flatMap(slave::reply).ifPresent(link::write);
            }
        } catch (IllegalStateException closed) {
            // the test closed the link: done serving
        }
    }
}
