package dev.outpost.hal.modbus;

import dev.outpost.hal.serial.SerialException;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

/**
 * The master (client) side of Modbus RTU on one serial link, one request at a time: callers on several threads
 * take turns. Before each request it throws away stray input and keeps the line quiet for t3.5 since the last
 * traffic, or for a response timeout after a request that got no reply or a malformed one (RTU replies carry no
 * request id, so a late reply must not be taken for the next one's). A reply is read by length, known from the
 * request and its byte count, so it completes as soon as its last byte is in; it must be complete within the
 * response timeout plus the wire time of request and reply.
 *
 * <p>A failed request throws {@link ModbusException}, counts in {@link #stats()} and is logged at debug with
 * port, unit, function and addresses. Callers that poll decide what deserves a louder log.
 *
 * <p>Deadlines are measured on the ticker, which must be real time: the link waits in real time.
 */
public final class ModbusMaster implements AutoCloseable {

    public static final int MAX_UNIT = 247;

    private static final int REQUESTS = 0;
    private static final int REPLIES = 1;
    private static final int FIRST_FAILURE = 2;

    private final SerialLink link;
    private final FrameTiming timing;
    private final Duration responseTimeout;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLongArray counts = new AtomicLongArray(FIRST_FAILURE + ModbusException.Failure.values().length);
    private long lastTrafficNanos;
    private long quietUntilNanos;

    public ModbusMaster(SerialLink link, FrameTiming timing, Duration responseTimeout, Ticker ticker) {
        this.link = Objects.requireNonNull(link, "link");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (responseTimeout == null || responseTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("modbus " + link.port() + ": response timeout must be at least 1 ms, "
                    + "was " + responseTimeout);
        }
        this.responseTimeout = responseTimeout;
        this.lastTrafficNanos = ticker.nanos() - timing.silence().toNanos();
        this.quietUntilNanos = lastTrafficNanos;
    }

    public String port() {
        return link.port();
    }

    public List<Boolean> readCoils(int unit, int address, int quantity) {
        return ((ModbusResponse.Bits) transact(unit, new ModbusRequest.ReadCoils(address, quantity))).values();
    }

    public List<Boolean> readDiscreteInputs(int unit, int address, int quantity) {
        return ((ModbusResponse.Bits) transact(unit, new ModbusRequest.ReadDiscreteInputs(address, quantity))).values();
    }

    /** Register values 0..65535. */
    public List<Integer> readInputRegisters(int unit, int address, int quantity) {
        return ((ModbusResponse.Registers) transact(unit, new ModbusRequest.ReadInputRegisters(address, quantity)))
                .values();
    }

    public void writeCoil(int unit, int address, boolean on) {
        transact(unit, new ModbusRequest.WriteCoil(address, on));
    }

    public void writeCoils(int unit, int address, List<Boolean> values) {
        transact(unit, new ModbusRequest.WriteCoils(address, values));
    }

    /**
     * Sends {@code request} to {@code unit} and returns its normal reply.
     *
     * @throws ModbusException for no reply, a bad or foreign reply, an exception response or a failed link
     */
    public ModbusResponse transact(int unit, ModbusRequest request) {
        Objects.requireNonNull(request, "request");
        if (unit < 1 || unit > MAX_UNIT) {
            throw new IllegalArgumentException("modbus " + link.port() + ": unit must be between 1 and " + MAX_UNIT
                    + ", was " + unit + " (broadcast is not supported)");
        }
        String context = "modbus " + link.port() + " unit " + unit + ": " + request.describe();
        lock.lock();
        try {
            counts.incrementAndGet(REQUESTS);
            ModbusResponse response = exchange(unit, request, context);
            if (response instanceof ModbusResponse.ExceptionReply refused) {
                throw new ModbusException(context + ": refused with " + refused.describe(), refused.code());
            }
            counts.incrementAndGet(REPLIES);
            return response;
        } catch (ModbusException e) {
            counts.incrementAndGet(FIRST_FAILURE + e.failure().ordinal());
            if (e.failure() == ModbusException.Failure.TIMEOUT || e.failure() == ModbusException.Failure.MALFORMED) {
                quietUntilNanos = ticker.nanos() + responseTimeout.toNanos();
            }
            Logger.debug(e.getMessage());
            throw e;
        } finally {
            lastTrafficNanos = ticker.nanos();
            lock.unlock();
        }
    }

    private ModbusResponse exchange(int unit, ModbusRequest request, String context) {
        try {
            awaitQuiet(context);
            byte[] frame = RtuFrame.encode(unit, request.pdu());
            link.write(frame);
            long deadline = ticker.nanos() + responseTimeout.toNanos()
                    + timing.wireTime(frame.length + 3 + request.replyPduLength()).toNanos();
            byte[] reply = readReply(unit, request, deadline, context);
            try {
                return ModbusResponse.decode(request, Arrays.copyOfRange(reply, 1, reply.length - 2));
            } catch (IllegalArgumentException e) {
                throw new ModbusException(ModbusException.Failure.MALFORMED, context + ": " + e.getMessage() + " in "
                        + RtuFrame.hex(reply));
            }
        } catch (SerialException e) {
            throw new ModbusException(ModbusException.Failure.LINK, context + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops stray input, then waits until the line has been quiet for t3.5, and after a timeout or a malformed reply
     * for a response timeout; bytes meanwhile are dropped and restart the t3.5 wait. It parks and looks without
     * blocking, because jSerialComm's read timeouts go in 100 ms steps on Linux (termios VTIME), far coarser than t3.5.
     */
    private void awaitQuiet(String context) {
        int dropped = link.discardInput();
        long giveUp = ticker.nanos() + 2 * responseTimeout.toNanos();
        long silence = timing.silence().toNanos();
        long left;
        while ((left = Math.max(lastTrafficNanos + silence, quietUntilNanos) - ticker.nanos()) > 0) {
            LockSupport.parkNanos(Math.min(left, silence));
            int n = link.discardInput();
            if (n > 0) {
                dropped += n;
                lastTrafficNanos = ticker.nanos();
                if (lastTrafficNanos - giveUp > 0) {
                    break; // a line that never goes quiet: send anyway and let the reply check tell
                }
            }
        }
        if (dropped > 0) {
            Logger.debug("{}: dropped {} stray bytes before the request", context, dropped);
        }
    }

    private byte[] readReply(int unit, ModbusRequest request, long deadline, String context) {
        int code = request.function().code();
        byte[] frame = new byte[Math.max(5, 3 + request.replyPduLength())];
        int got = fill(frame, 0, 2, deadline);
        if (got == 0) {
            throw new ModbusException(ModbusException.Failure.TIMEOUT, context + ": no reply within "
                    + responseTimeout.toMillis() + " ms");
        }
        if (got < 2) {
            throw cutShort(context, frame, got);
        }
        if ((frame[0] & 0xFF) != unit) {
            throw malformed(context, "a reply from unit " + (frame[0] & 0xFF), frame, got);
        }
        int function = frame[1] & 0xFF;
        int length;
        if (function == (code | FunctionCode.EXCEPTION_FLAG)) {
            length = 5;
        } else if (function != code) {
            throw malformed(context, String.format("a reply with function code %02X", function), frame, got);
        } else {
            length = 3 + request.replyPduLength();
            if (request.function().reads()) {
                got = fill(frame, got, 3, deadline);
                int expected = request.replyPduLength() - 2;
                if (got == 3 && (frame[2] & 0xFF) != expected) {
                    throw malformed(context, "byte count " + (frame[2] & 0xFF) + ", expected " + expected + ", in",
                            frame, got);
                }
            }
        }
        got = fill(frame, got, length, deadline);
        if (got < length) {
            throw cutShort(context, frame, got);
        }
        byte[] reply = Arrays.copyOf(frame, length);
        if (!Crc16.matches(reply)) {
            throw new ModbusException(ModbusException.Failure.BAD_CRC, context + ": bad CRC in " + RtuFrame.hex(reply)
                    + String.format(" (expected %02X %02X)", Crc16.compute(reply, 0, length - 2) & 0xFF,
                    Crc16.compute(reply, 0, length - 2) >>> 8));
        }
        return reply;
    }

    private ModbusException cutShort(String context, byte[] frame, int got) {
        return malformed(context, "a reply cut short after " + got + " bytes within " + responseTimeout.toMillis()
                + " ms:", frame, got);
    }

    private static ModbusException malformed(String context, String what, byte[] frame, int got) {
        return new ModbusException(ModbusException.Failure.MALFORMED, context + ": " + what + " "
                + RtuFrame.hex(Arrays.copyOf(frame, got)));
    }

    private int fill(byte[] frame, int got, int want, long deadline) {
        while (got < want) {
            long left = deadline - ticker.nanos();
            if (left <= 0) {
                return got;
            }
            got += link.read(frame, got, want - got, Duration.ofNanos(left));
        }
        return got;
    }

    public ModbusStats stats() {
        return new ModbusStats(counts.get(REQUESTS), counts.get(REPLIES), failures(ModbusException.Failure.TIMEOUT),
                failures(ModbusException.Failure.BAD_CRC), failures(ModbusException.Failure.MALFORMED),
                failures(ModbusException.Failure.EXCEPTION_RESPONSE), failures(ModbusException.Failure.LINK));
    }

    private long failures(ModbusException.Failure failure) {
        return counts.get(FIRST_FAILURE + failure.ordinal());
    }

    /** Closes the link. */
    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "ModbusMaster[" + link.port() + ", " + timing.baud() + " baud, " + responseTimeout.toMillis() + " ms]";
    }
}
