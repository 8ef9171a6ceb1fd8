package dev.outpost.appliance.legacy;

import dev.outpost.appliance.legacy.LineProtocol.Ack;
import dev.outpost.appliance.legacy.LineProtocol.BadLine;
import dev.outpost.appliance.legacy.LineProtocol.Message;
import dev.outpost.appliance.legacy.LineProtocol.Nak;
import dev.outpost.appliance.legacy.LineProtocol.Ping;
import dev.outpost.appliance.legacy.LineProtocol.Pong;
import dev.outpost.appliance.legacy.LineProtocol.Sale;
import dev.outpost.hal.serial.SerialException;
import dev.outpost.hal.serial.SerialLink;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The line protocol ({@link LineProtocol}) over a HAL serial link: a serial port through jSerialComm, or a TCP
 * connection to the device (or to a serial device server) through the HAL's {@code tcp} driver. The link is opened on
 * first use and again after any failure. Each request carries a new sequence number and only an answer with that
 * number counts: garbage, damaged lines and late answers to earlier requests are skipped until the deadline.
 */
final class LinePos implements LegacyPos {
    private final String address;
    private final Supplier<SerialLink> opener;
    private final LongSupplier ticker;
    private final LineProtocol.Lines lines = new LineProtocol.Lines();
    private final byte[] buffer = new byte[256];
    private final Object lock = new Object();
    private volatile SerialLink link;
    private long seq;
    private long skipped;

    LinePos(String address, Supplier<SerialLink> opener, LongSupplier ticker) {
        this.address = address;
        this.opener = opener;
        this.ticker = ticker;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Optional<String> send(SaleRecord sale, Duration timeout) {
        synchronized (lock) {
            long deadline = ticker.getAsLong() + timeout.toNanos();
            Message answer = ask(new Sale(nextSeq(), sale), "SALE " + sale.transactionId(), deadline, timeout);
            return switch (answer) {
                case Ack ack -> Optional.empty();
                case Nak nak when nak.permanent() -> Optional.of(nak.reason());
                case Nak nak -> throw new LegacyPosException("legacy pos " + address + ": asks to send sale "
                        + sale.transactionId() + " again later: " + nak.reason());
                default -> throw new LegacyPosException("legacy pos " + address + ": answered SALE with " + answer);
            };
        }
    }

    @Override
    public void ping(Duration timeout) {
        synchronized (lock) {
            long deadline = ticker.getAsLong() + timeout.toNanos();
            Message answer = ask(new Ping(nextSeq()), "PING", deadline, timeout);
            if (!(answer instanceof Pong)) {
                throw new LegacyPosException("legacy pos " + address + ": answered PING with " + answer);
            }
        }
    }

    private long nextSeq() {
        seq = LineProtocol.next(seq);
        return seq;
    }

    /** Sends {@code request} and waits until the deadline for the answer with its sequence number. */
    private Message ask(Message request, String what, long deadline, Duration timeout) {
        SerialLink current = connected();
        try {
            current.write(LineProtocol.encode(request));
            while (true) {
                long left = deadline - ticker.getAsLong();
                if (left <= 0) {
                    throw new LegacyPosException("legacy pos " + address + ": no answer to " + what + " (seq "
                            + request.seq() + ") within " + timeout.toMillis() + " ms");
                }
                int n = current.read(buffer, 0, buffer.length, Duration.ofNanos(left));
                for (String line : lines.feed(buffer, n)) {
                    Optional<Message> answer = answerTo(request.seq(), line);
                    if (answer.isPresent()) {
                        return answer.get();
                    }
                }
            }
        } catch (SerialException e) {
            reset();
            throw new LegacyPosException("legacy pos " + address + ": " + what + " failed: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new LegacyPosException("legacy pos " + address + ": " + what + " given up: the line was reset", e);
        }
    }

    private Optional<Message> answerTo(long expected, String line) {
        Message message;
        try {
            message = LineProtocol.decode(line);
        } catch (BadLine e) {
            skipped++;
            Logger.debug("legacy pos {}: skipped a line ({} so far): {}", address, skipped, e.getMessage());
            return Optional.empty();
        }
        if (message.seq() != expected || !(message instanceof Ack || message instanceof Nak || message instanceof Pong)) {
            skipped++;
            Logger.debug("legacy pos {}: skipped {} while waiting for seq {}", address, message, expected);
            return Optional.empty();
        }
        return Optional.of(message);
    }

    private SerialLink connected() {
        SerialLink current = link;
        if (current != null) {
            return current;
        }
        try {
            current = opener.get();
        } catch (SerialException e) {
            throw new LegacyPosException("legacy pos " + address + ": cannot open the line: " + e.getMessage(), e);
        }
        lines.clear();
        link = current;
        return current;
    }

    @Override
    public void reset() {
        SerialLink current = link;
        link = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void close() {
        reset();
    }

    @Override
    public String toString() {
        return "LinePos[" + address + "]";
    }
}
