package dev.outpost.hil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.config.ConfigException;
import dev.outpost.hal.serial.Parity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A bench file is read strictly: every problem is named by its key, with the value and what was expected. */
class BenchFileTest {
    static final String GOOD = """
            # the example of the README's "Hardware-in-the-loop bench"
            bench.name = mall-bench-1
            gpio.chip = gpiochip0
            gpio.wiring = 17>5, 27>6, 22>13
            fire.relay-line = 24
            serial.port = /dev/ttyUSB0
            serial.parity = even
            modbus.unit = 3
            printer.address = 10.0.0.40
            flip.appliance-url = http://10.0.0.2:8471
            flip.screens = 4
            """;

    @Test
    void aRealBenchFileIsReadWithItsDefaults() {
        BenchFile bench = BenchFile.parse("bench.conf", GOOD);
        assertEquals("mall-bench-1", bench.name());
        assertEquals("auto", bench.gpio().driver());
        assertEquals(List.of(new WiredPair(17, 5), new WiredPair(27, 6), new WiredPair(22, 13)), bench.wiring());
        assertEquals(Duration.ofMillis(100), bench.lineDeadline());
        assertEquals(OptionalInt.of(24), bench.fireRelayLine());
        assertEquals("/dev/ttyUSB0", bench.serial().port());
        assertEquals("9600 8E1", bench.serial().framing());
        assertEquals(Parity.EVEN, bench.serial().parity());
        assertEquals(3, bench.unit());
        assertEquals("10.0.0.40", bench.printer().host());
        assertEquals(9100, bench.printer().port());
        assertEquals(URI.create("http://10.0.0.2:8471"), bench.appliance());
        assertEquals(4, bench.screens());
        assertEquals(Duration.ofMinutes(5), bench.flipWait());
        assertEquals(Duration.ofSeconds(60), bench.operatorWait());
    }

    @Test
    void aBadValueIsRefusedNamingItsKey() {
        assertEquals(List.of("serial.baud must be a whole number between 1200 and 921600, was 'fast'"),
                problems(GOOD + "serial.baud = fast\n"));
        assertEquals(List.of("printer.address must be host or host:port with a port between 1 and 65535, was "
                + "'10.0.0.40:99999'"), problems(GOOD.replace("10.0.0.40", "10.0.0.40:99999")));
        assertEquals(List.of("gpio.chip must look like gpiochip0, was \"chip0\""),
                problems(GOOD.replace("gpio.chip = gpiochip0", "gpio.chip = chip0")));
    }

    @Test
    void badWiringIsRefusedNamingTheLines() {
        assertEquals(List.of("gpio.wiring must be output>input line pairs separated by commas, e.g. 17>5, 27>6; '27-6' "
                + "is not one, in '17>5, 27-6'"), problems(GOOD.replace("17>5, 27>6, 22>13", "17>5, 27-6")));
        assertEquals(List.of("gpio.wiring: line 5 is in 17>5 and 22>5; each line is wired to one thing"),
                problems(GOOD.replace("22>13", "22>5")));
        assertEquals(List.of("fire.relay-line 13 is also in gpio.wiring; each line is wired to one thing"),
                problems(GOOD.replace("fire.relay-line = 24", "fire.relay-line = 13")));
    }

    @Test
    void missingAndUnknownKeysAreEachNamed() {
        List<String> problems = problems("""
                bench.name = b
                gpio.wirng = 17>5
                """);
        assertEquals(List.of(
                "gpio.wiring is required (the output>input line pairs wired together on the bench, e.g. 17>5, 27>6)",
                "serial.port is required (the turnstile I/O module's line, e.g. /dev/ttyUSB0)",
                "printer.address is required (the receipt printer's host:port, ESC/POS over raw TCP, port 9100 when "
                        + "left out)",
                "flip.appliance-url is required (the bench appliance's LAN HTTP, e.g. http://10.0.0.2:8471, whose GET "
                        + "/v1/flips reports each flip)",
                "flip.screens is required (how many screens show the menu QA flips, 1-1000)"),
                problems.subList(0, 5));
        assertEquals(6, problems.size(), problems.toString());
        assertEquals("unknown key gpio.wirng", problems.get(5).substring(0, "unknown key gpio.wirng".length()));
    }

    private static List<String> problems(String text) {
        return assertThrows(ConfigException.class, () -> BenchFile.parse("bench.conf", text)).problems();
    }
}
