package dev.outpost.hal.modbus;

import java.util.Objects;

/** An RTU frame (ADU): unit id, PDU, CRC-16 low byte first. */
public final class RtuFrame {

    /** The longest frame the serial line spec allows. */
    public static final int MAX_LENGTH = 256;

    private RtuFrame() {}

    public static byte[] encode(int unit, byte[] pdu) {
        Objects.requireNonNull(pdu, "pdu");
        if (unit < 0 || unit > 255) {
            throw new IllegalArgumentException("modbus: a unit id is one byte, was " + unit);
        }
        if (pdu.length < 1 || pdu.length > MAX_LENGTH - 3) {
            throw new IllegalArgumentException("modbus: a PDU is 1.." + (MAX_LENGTH - 3) + " bytes, was " + pdu.length);
        }
        byte[] body = new byte[pdu.length + 1];
        body[0] = (byte) unit;
        System.arraycopy(pdu, 0, body, 1, pdu.length);
        return Crc16.append(body);
    }

    /** e.g. {@code 01 02 00 00 00 06 F8 08}. */
    public static String hex(byte[] frame) {
        return Pdu.hex(frame);
    }
}
