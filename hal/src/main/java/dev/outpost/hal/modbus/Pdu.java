package dev.outpost.hal.modbus;

import java.util.ArrayList;
import java.util.List;

/** Byte-level helpers shared by the request and response codecs. Modbus is big-endian; bits pack LSB first. */
final class Pdu {

    static final int ADDRESSES = 0x10000;

    private Pdu() {}

    static int u16(byte[] pdu, int offset) {
        return (pdu[offset] & 0xFF) << 8 | pdu[offset + 1] & 0xFF;
    }

    static void putU16(byte[] pdu, int offset, int value) {
        pdu[offset] = (byte) (value >>> 8);
        pdu[offset + 1] = (byte) value;
    }

    static int bytesFor(int bits) {
        return (bits + 7) / 8;
    }

    static void pack(List<Boolean> bits, byte[] into, int offset) {
        for (int i = 0; i < bits.size(); i++) {
            if (bits.get(i)) {
                into[offset + i / 8] |= (byte) (1 << (i % 8));
            }
        }
    }

    static List<Boolean> unpack(byte[] from, int offset, int count) {
        List<Boolean> bits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bits.add((from[offset + i / 8] & 1 << (i % 8)) != 0);
        }
        return List.copyOf(bits);
    }

    /** Checks a span of addresses the way a slave must: quantity first (exception 03), then addresses (02). */
    static void span(FunctionCode function, int address, int quantity, int max) {
        if (quantity < 1 || quantity > max) {
            throw new IllegalRequestException(ExceptionCode.ILLEGAL_DATA_VALUE, function.label()
                    + ": quantity must be between 1 and " + max + ", was " + quantity);
        }
        if (address < 0 || (long) address + quantity > ADDRESSES) {
            throw new IllegalRequestException(ExceptionCode.ILLEGAL_DATA_ADDRESS, function.label()
                    + ": addresses must lie within 0..65535, were " + address + ".." + ((long) address + quantity - 1));
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(String.format("%02X", b & 0xFF));
        }
        return text.toString();
    }
}
