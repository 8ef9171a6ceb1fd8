package dev.outpost.api.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SelfProbeTest {

    @Test
    void aServerOnEveryAddressIsAskedOnLoopback() {
        assertEquals("127.0.0.1", SelfProbe.loopbackFor("0.0.0.0"));
        assertEquals("[::1]", SelfProbe.loopbackFor("::"));
        assertEquals("[fe80::1]", SelfProbe.loopbackFor("fe80::1"));
        assertEquals("10.0.0.5", SelfProbe.loopbackFor("10.0.0.5"));
    }
}
