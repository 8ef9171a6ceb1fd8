package dev.outpost.appliance.legacy;

import dev.outpost.api.config.ConfigReader;
import dev.outpost.appliance.outbox.Backoff;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The legacy POS gateway's configuration: present only when {@code legacy.enabled = true}. Every key, its default and
 * unit is in the README's configuration reference.
 *
 * @param transport       legacy.transport: how the device is reached
 * @param target          legacy.address (tcp, {@code host:port}) or legacy.device (serial, a device path)
 * @param baud            legacy.baud: serial line speed, 8N1
 * @param timeout         legacy.timeout: the longest one call to the device may take, answer included
 * @param breakerFailures legacy.breaker-failures: failures in a row that open the breaker
 * @param breakerCoolDown legacy.breaker-cool-down: how long an open breaker refuses calls before its probe
 * @param backoff         legacy.retry-first and legacy.retry-max: pauses after failed sends
 */
public record LegacyConfig(Transport transport, String target, int baud, Duration timeout, int breakerFailures,
                           Duration breakerCoolDown, Backoff backoff) {
    public enum Transport { TCP, SERIAL }

    private static final String HOST_PORT = "[^/\\s:|]+:[0-9]{1,5}";
    private static final List<String> KEYS = List.of("legacy.transport", "legacy.address", "legacy.device",
            "legacy.baud", "legacy.timeout", "legacy.breaker-failures", "legacy.breaker-cool-down",
            "legacy.retry-first", "legacy.retry-max");

    /** Reads the legacy.* keys; empty when legacy.enabled is not true (another legacy.* key then is a problem). */
    public static Optional<LegacyConfig> read(ConfigReader in) {
        String enabledText = in.string("legacy.enabled", "false");
        boolean enabled = switch (enabledText) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                in.problem("legacy.enabled must be true or false, was '" + enabledText + "'");
                yield false;
            }
        };
        List<String> set = KEYS.stream().filter(key -> in.string(key, null) != null).toList();
        Transport transport = in.enumValue("legacy.transport", Transport.class, Transport.TCP);
        String address = in.string("legacy.address", null);
        String device = in.string("legacy.device", null);
        int baud = in.intIn("legacy.baud", 9600, SerialConfig.MIN_BAUD, SerialConfig.MAX_BAUD);
        Duration timeout = in.duration("legacy.timeout", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(1));
        int failures = in.intIn("legacy.breaker-failures", 3, 1, 100);
        Duration coolDown = in.duration("legacy.breaker-cool-down", Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofHours(1));
        Duration first = in.duration("legacy.retry-first", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1));
        Duration max = in.duration("legacy.retry-max", Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofHours(1));
        if (!enabled) {
            if (enabledText.equals("false") && !set.isEmpty()) {
                in.problem(String.join(", ", set) + (set.size() == 1 ? " is" : " are") + " set but legacy.enabled is"
                        + " not true: the legacy POS gateway is off; set legacy.enabled = true or remove the legacy.* keys");
            }
            return Optional.empty();
        }
        if (max.compareTo(first) < 0) {
            in.problem("legacy.retry-max must be at least legacy.retry-first (" + first.toMillis() + " ms), was "
                    + max.toMillis() + " ms");
            return Optional.empty();
        }
        String target;
        if (transport == Transport.TCP) {
            if (device != null || set.contains("legacy.baud")) {
                in.problem("legacy.device and legacy.baud are for legacy.transport = serial, not tcp; remove them");
            }
            if (address == null || !address.matches(HOST_PORT) || !portInRange(address)) {
                in.problem("legacy.address must be host:port (port 1-65535) of the legacy POS with legacy.transport"
                        + " = tcp, e.g. 10.0.0.40:4001, was " + (address == null ? "unset" : "'" + address + "'"));
                return Optional.empty();
            }
            target = address;
        } else {
            if (address != null) {
                in.problem("legacy.address is for legacy.transport = tcp, not serial; remove it");
            }
            if (device == null || !device.startsWith("/")) {
                in.problem("legacy.device must be the serial device of the legacy POS with legacy.transport = serial,"
                        + " e.g. /dev/ttyUSB0, was " + (device == null ? "unset" : "'" + device + "'"));
                return Optional.empty();
            }
            target = device;
        }
        return Optional.of(new LegacyConfig(transport, target, baud, timeout, failures, coolDown, new Backoff(first, max)));
    }

    private static boolean portInRange(String hostPort) {
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        return port >= 1 && port <= 65_535;
    }

    /** {@code tcp 10.0.0.40:4001}, {@code serial /dev/ttyUSB0 9600 8N1}. */
    String address() {
        return transport == Transport.TCP ? "tcp " + target : "serial " + target + " " + serialConfig().framing();
    }

    /** The device behind the line protocol, opened on first use. */
    LegacyPos open(LongSupplier ticker) {
        SerialSettings driver = new SerialSettings(transport == Transport.TCP ? "tcp" : SerialSettings.AUTO);
        SerialConfig line = serialConfig();
        return new LinePos(address(), () -> Serial.open(driver, line, ticker::getAsLong), ticker);
    }

    private SerialConfig serialConfig() {
        // the write timeout also bounds a TCP connect
        SerialConfig base = SerialConfig.of(target).withBaud(baud);
        return new SerialConfig(base.port(), base.baud(), base.dataBits(), base.parity(), base.stopBits(), false,
                timeout, timeout);
    }
}
