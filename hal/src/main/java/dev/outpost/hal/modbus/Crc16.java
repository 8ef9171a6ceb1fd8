package dev.outpost.hal.modbus;

import java.util.Arrays;
import java.util.Objects;

/**
 * CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF), as the RTU frame carries it: low byte first on the
 * wire. {@code 01 03 00 00 00 0A} has CRC 0xCDC5, sent as {@code C5 CD}.
 */
public final class Crc16 {

    private Crc16() {}

    public static int compute(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** {@code body} followed by its CRC, low byte first. */
    public static byte[] append(byte[] body) {
        int crc = compute(body, 0, body.length);
        byte[] frame = Arrays.copyOf(body, body.length + 2);
        frame[body.length] = (byte) crc;
        frame[body.length + 1] = (byte) (crc >>> 8);
        return frame;
    }

    /** The CRC a frame carries in its last two bytes. */
    public static int carried(byte[] frame) {
        return (frame[frame.length - 2] & 0xFF) | (frame[frame.length - 1] & 0xFF) << 8;
    }

    /** Whether the last two bytes of {@code frame} are the CRC of the bytes before them. */
    public static boolean matches(byte[] frame) {
        return frame.length >= 3 && carried(frame) == compute(frame, 0, frame.length - 2);
    }
}
