package dev.outpost.hal.modbus;

import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.tinylog.Logger;

/**
 * The slave (server) side of Modbus RTU on one link, for simulated devices and test peers: {@link #readFrame} cuts
 * request frames out of the byte stream, {@link #reply} answers one through a handler. A handler refuses a request
 * by throwing {@link IllegalRequestException}, which becomes an exception response.
 *
 * <p>Frames are cut by length, known from the function code: pseudo-terminals, USB adapters and TCP device servers
 * deliver bytes in bursts whose gaps say little about frame boundaries, so the rest of a started frame may take
 * {@link #LATENCY} plus the wire time of a longest frame. Silence (t3.5) only ends a frame of an unknown function,
 * and drains the line after a broken frame so the next one starts in step. Broadcasts (unit 0) are ignored. The
 * ticker must be real time: the link waits in real time.
 */
public final class ModbusSlave {

    /** How late the rest of a started frame may come. */
    public static final Duration LATENCY = Duration.ofMillis(50);

    /** Lengths of request frames not known from the function code alone. */
    private static final int WITH_BYTE_COUNT = -1;
    private static final int UNKNOWN = -2;

    private final SerialLink link;
    private final int unit;
    private final FrameTiming timing;
    private final Function<ModbusRequest, ModbusResponse> handler;
    private final Ticker ticker;
    private final AtomicLong dropped = new AtomicLong();

    public ModbusSlave(SerialLink link, int unit, FrameTiming timing, Function<ModbusRequest, ModbusResponse> handler,
                       Ticker ticker) {
        this.link = Objects.requireNonNull(link, "link");
        if (unit < 1 || unit > ModbusMaster.MAX_UNIT) {
            throw new IllegalArgumentException("modbus slave " + link.port() + ": unit must be between 1 and "
                    + ModbusMaster.MAX_UNIT + ", was " + unit);
        }
        this.unit = unit;
        this.timing = Objects.requireNonNull(timing, "timing");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Waits up to {@code wait} for a frame and returns it whole, CRC included, whichever unit it is for. Empty when
     * nothing came, or when what came was cut short or failed its CRC (then it is dropped and counted).
     */
    public Optional<byte[]> readFrame(Duration wait) {
        byte[] frame = new byte[RtuFrame.MAX_LENGTH];
        int got = link.read(frame, 0, 2, wait);
        if (got == 0) {
            return Optional.empty();
        }
        long deadline = ticker.nanos() + LATENCY.toNanos() + timing.wireTime(RtuFrame.MAX_LENGTH).toNanos();
        got = fill(frame, got, 2, deadline);
        int length = got < 2 ? 2 : switch (frame[1] & 0xFF) {
            case 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 -> 8;
            case 0x0F, 0x10 -> WITH_BYTE_COUNT;
            default -> UNKNOWN;
        };
        if (length == WITH_BYTE_COUNT) {
            got = fill(frame, got, 7, deadline);
            length = got < 7 ? 7 : 9 + (frame[6] & 0xFF);
        } else if (length == UNKNOWN) {
            got += readUntilQuiet(frame, got);
            length = got;
        }
        got = fill(frame, got, length, deadline);
        byte[] read = Arrays.copyOf(frame, got);
        if (got < length || !Crc16.matches(read)) {
            dropped.incrementAndGet();
            int drained = readUntilQuiet(new byte[RtuFrame.MAX_LENGTH], 0);
            Logger.debug("modbus slave {} unit {}: dropped {} frame {} and {} bytes after it", link.port(), unit,
                    got < length ? "a cut-short" : "a bad-CRC", RtuFrame.hex(read), drained);
            return Optional.empty();
        }
        return Optional.of(read);
    }

    /**
     * The reply to one whole frame: empty for another unit, a broadcast or a bad CRC; otherwise the handler's
     * response, or an exception response if the request is malformed or refused.
     */
    public Optional<byte[]> reply(byte[] frame) {
        if (frame.length < 4 || !Crc16.matches(frame)) {
            dropped.incrementAndGet();
            return Optional.empty();
        }
        if ((frame[0] & 0xFF) != unit) {
            return Optional.empty();
        }
        byte[] pdu = Arrays.copyOfRange(frame, 1, frame.length - 2);
        byte[] answer;
        try {
            answer = handler.apply(ModbusRequest.decode(pdu)).pdu();
        } catch (IllegalRequestException e) {
            Logger.debug("modbus slave {} unit {}: refusing {}: {}", link.port(), unit, RtuFrame.hex(pdu),
                    e.getMessage());
            answer = exceptionPdu(pdu, e.code());
        } catch (RuntimeException e) {
            Logger.error(e, "modbus slave {} unit {}: handler failed on {}", link.port(), unit, RtuFrame.hex(pdu));
            answer = exceptionPdu(pdu, ExceptionCode.SERVER_DEVICE_FAILURE);
        }
        return Optional.of(RtuFrame.encode(unit, answer));
    }

    /** Frames dropped for a bad CRC or for being cut short. */
    public long droppedFrames() {
        return dropped.get();
    }

    private static byte[] exceptionPdu(byte[] request, ExceptionCode code) {
        return new byte[] {(byte) (request[0] | FunctionCode.EXCEPTION_FLAG), (byte) code.code()};
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

    /**
     * Reads into {@code buffer} from {@code offset} until the line is quiet for t3.5 or the buffer is full. It parks
     * and looks without blocking: jSerialComm's read timeouts go in 100 ms steps on Linux, far coarser than t3.5.
     */
    private int readUntilQuiet(byte[] buffer, int offset) {
        long silence = timing.silence().toNanos();
        long lastByte = ticker.nanos();
        int total = 0;
        while (offset + total < buffer.length) {
            int n = link.read(buffer, offset + total, buffer.length - offset - total, Duration.ZERO);
            long quiet = ticker.nanos() - lastByte;
            if (n > 0) {
                total += n;
                lastByte = ticker.nanos();
            } else if (quiet >= silence) {
                break;
            } else {
                LockSupport.parkNanos(silence - quiet);
            }
        }
        return total;
    }
}
