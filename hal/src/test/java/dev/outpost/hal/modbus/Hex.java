package dev.outpost.hal.modbus;

import java.util.HexFormat;

final class Hex {

    private Hex() {}

    /** {@code "01 02 0A"} to bytes. */
    static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    /** The bytes of {@code spaced} followed by their CRC. */
    static byte[] withCrc(String spaced) {
        return Crc16.append(bytes(spaced));
    }
}
