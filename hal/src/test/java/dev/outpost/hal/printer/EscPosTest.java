package dev.outpost.hal.printer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class EscPosTest {

    @Test
    void aReceiptIsResetTextInCodePage437FeedAndPartialCut() {
        // "é" is 0x82 in code page 437; a UTF-8 printer job would print two wrong characters instead
        assertArrayEquals(new byte[] {0x1B, 0x40, 'C', 'a', 'f', (byte) 0x82, '\n', '\n', '\n', '\n', 0x1D, 0x56, 66, 0},
                EscPos.receipt("Caf\u00e9\n"));
    }
}
