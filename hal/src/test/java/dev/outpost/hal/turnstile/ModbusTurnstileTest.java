package dev.outpost.hal.turnstile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.outpost.hal.modbus.ExceptionCode;
import dev.outpost.hal.modbus.FrameTiming;
import dev.outpost.hal.modbus.FunctionCode;
import dev.outpost.hal.modbus.IllegalRequestException;
import dev.outpost.hal.modbus.ModbusRequest;
import dev.outpost.hal.modbus.ModbusResponse;
import dev.outpost.hal.modbus.ModbusSlave;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SimSerial;
import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the driver turns counter readings into passages, against a scripted slave whose every counter reply the test
 * chooses. The whole driver against the simulated module is tested in the simulators module.
 */
class ModbusTurnstileTest {

    private static final List<Boolean> READY = List.of(false, false, false, true, false, false);

    private final SimSerial.Pair wire = SimSerial.pair("sim-gate", "sim-module");
    private final Queue<PassageCounters> nextCounterReplies = new ConcurrentLinkedQueue<>();
    private final AtomicInteger counterReads = new AtomicInteger();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final AtomicLong entries = new AtomicLong();
    private final List<TurnstileStatus> statuses = new CopyOnWriteArrayList<>();
    private volatile PassageCounters counters = new PassageCounters(10, 0);
    private volatile boolean refuseInputs;
    private final ModbusTurnstile turnstile = ModbusTurnstile.over(
            ModbusTurnstileConfig.of(SerialConfig.of("sim-gate"), 1).withResponseTimeout(Duration.ofSeconds(2)),
            wire.a());

    ModbusTurnstileTest() {
        ModbusSlave slave = new ModbusSlave(wire.b(), 1, new FrameTiming(9600), this::handle, Ticker.system());
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    slave.readFrame(Duration.ofMillis(100)).flatMap(slave::reply).ifPresent(wire.b()::write);
                }
            } catch (IllegalStateException closed) {
                // the test is over
            }
        });
    }

    @AfterEach
    void close() {
        turnstile.close();
        wire.close();
    }

    private ModbusResponse handle(ModbusRequest request) {
        return switch (request) {
            case ModbusRequest.ReadDiscreteInputs read -> {
                if (refuseInputs) {
                    throw new IllegalRequestException(ExceptionCode.SERVER_DEVICE_BUSY, "busy");
                }
                yield new ModbusResponse.Bits(FunctionCode.READ_DISCRETE_INPUTS, READY);
            }
            case ModbusRequest.ReadInputRegisters read -> {
                PassageCounters reply = Optional.ofNullable(nextCounterReplies.poll()).orElse(counters);
                counterReads.incrementAndGet();
                int entries = (int) reply.entries();
                int exits = (int) reply.exits();
                yield new ModbusResponse.Registers(List.of(entries >>> 16, entries & 0xFFFF, exits >>> 16,
                        exits & 0xFFFF));
            }
            case ModbusRequest.WriteCoil write -> {
                writes.add(write.describe());
                yield new ModbusResponse.CoilWritten(write.address(), write.on());
            }
            default -> throw new IllegalRequestException(ExceptionCode.ILLEGAL_FUNCTION, "not scripted");
        };
    }

    private void listen() {
        turnstile.listen(new TurnstileListener() {
            @Override
            public void entryPassed(int count) {
                entries.addAndGet(count);
            }

            @Override
            public void exitPassed(int count) {}

            @Override
            public void statusChanged(TurnstileStatus status) {
                statuses.add(status);
            }
        });
    }

    /**
     * Waits until {@code more} further counter readings have been handled: one more has been served after them, and
     * the driver asks again only when done with the last. The first of them may still carry the values from before.
     */
    private void counterReadings(int more) {
        int target = counterReads.get() + more + 1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counterReads.get() < target) {
            if (System.nanoTime() - deadline > 0) {
                fail("only " + counterReads.get() + " of " + target + " counter readings within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    @Test
    void aLateReplyWithOlderCountersIsNotCountedTwice() {
        listen();
        counterReadings(2);
        counters = new PassageCounters(12, 0);
        counterReadings(2);
        assertEquals(2, entries.get());

        nextCounterReplies.add(new PassageCounters(8, 0));
        counters = new PassageCounters(13, 0);
        counterReadings(3);
        assertEquals(3, entries.get(), "counters 12, 8, 13 are one passage more, not six");
    }

    @Test
    void countersBehindForThreePollsAreAModuleResetNotFourBillionPassages() {
        counters = new PassageCounters(1000, 0);
        listen();
        counterReadings(2);
        counters = new PassageCounters(0, 0);
        counterReadings(ModbusTurnstile.BEHIND_BEFORE_RESET + 1);
        counters = new PassageCounters(1, 0);
        counterReadings(2);
        assertEquals(1, entries.get());
    }

    @Test
    void countersReadBeforeListeningAreTheBaseline() {
        assertEquals(Optional.of(new PassageCounters(10, 0)), turnstile.counters());
        counters = new PassageCounters(13, 0);
        listen();
        counterReadings(2);
        assertEquals(3, entries.get(), "the passages after the reading the gate reconciled against");
    }

    @Test
    void aModuleThatRefusesThePollIsDownUntilItAnswers() {
        refuseInputs = true;
        listen();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (turnstile.stats().exceptionResponses() < 3 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertFalse(turnstile.status().answering());
        assertTrue(statuses.isEmpty(), "it never answered, so nothing changed: " + statuses);
        refuseInputs = false;
        counterReadings(2);
        assertEquals(List.of(new TurnstileStatus(true, false, true, false, false)), statuses);
    }

    @Test
    void closingClearsTheEntryCoilAndRefusesCommandsAfterwards() {
        turnstile.unlockEntry();
        turnstile.close();
        assertEquals(List.of("write coil 0 = on", "write coil 0 = off"), writes);
        IllegalStateException e = assertThrows(IllegalStateException.class, turnstile::unlockEntry);
        assertEquals("turnstile sim-gate unit 1: closed; cannot unlock entry", e.getMessage());
    }

    @Test
    void oneListenerOnly() {
        listen();
        IllegalStateException e = assertThrows(IllegalStateException.class, this::listen);
        assertEquals("turnstile sim-gate unit 1: already has a listener; a turnstile reports to one", e.getMessage());
        assertEquals("modbus", turnstile.driver());
    }
}
