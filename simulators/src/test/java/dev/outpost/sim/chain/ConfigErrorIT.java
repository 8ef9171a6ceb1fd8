package dev.outpost.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each process refuses a bad config at start, exits 2, and names the key, the value and what was expected; missing hardware exits 1. */
@Tag("integration")
class ConfigErrorIT {
    @TempDir
    Path dir;

    private String runToExit(String process, String configText) throws Exception {
        return runToExit(process, configText, 2);
    }

    private String runToExit(String process, String configText, int expectedCode) throws Exception {
        Path conf = dir.resolve(process + ".conf");
        Files.writeString(conf, configText);
        ManagedProcess p = new Launcher(Path.of(System.getProperty("outpost.root")), dir).start(process, process,
                List.of("--config", conf.toString()));
        int code = p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(expectedCode, code, Files.readString(p.log()));
        return Files.readString(p.log());
    }

    @Test
    void relayNamesTheBadPort() throws Exception {
        String out = runToExit("relay", "http.port = 99999\n");
        assertTrue(out.contains("http.port must be between 0 and 65535, was 99999"), out);
    }

    @Test
    void applianceNamesMissingAndUnknownKeys() throws Exception {
        String out = runToExit("appliance", "relay.url = http://127.0.0.1:1\nheartbeat.period = soon\nbroker.prot = 1\n"
                + "relay.enrollment-token = letmein\n");
        assertTrue(out.contains("site.id is required"), out);
        assertTrue(out.contains("heartbeat.period must be a duration such as 500ms, 30s, 5m or 2h, was 'soon'"), out);
        assertTrue(out.contains("unknown key broker.prot"), out);
        assertTrue(out.contains("relay.url must be the relay's https URL (its https.port)"), out);
        assertTrue(out.contains("relay.enrollment-token: enrollment token: not of the form ot1.<secret>.<ca-sha256>"), out);
    }

    @Test
    void displayNamesABadRole() throws Exception {
        String out = runToExit("display", """
                site.id = store-1
                device.id = board-1
                broker.url = tcp://127.0.0.1:1883
                broker.password = x
                display.role = billboard
                """);
        assertTrue(out.contains("display.role must be one of board, kiosk, pos, kds, lobby, was 'billboard'"), out);
    }

    @Test
    void gateNamesABadBrokerUrl() throws Exception {
        String out = runToExit("gate", """
                site.id = mall-1
                device.id = gate-1
                broker.url = http://127.0.0.1:1883
                broker.password = x
                """);
        assertTrue(out.contains("broker.url must be a tcp://host:port URL"), out);
    }

    @Test
    void aGateWithoutGpioHardwareRefusesToStartAndSaysWhatToSet() throws Exception {
        String out = runToExit("gate", """
                site.id = mall-1
                device.id = gate-1
                broker.url = tcp://127.0.0.1:1883
                broker.password = x
                gpio.driver = auto
                """, 1);
        assertTrue(out.contains("gpio: no GPIO hardware found"), out);
        assertTrue(out.contains("gpio.driver=sim"), out);
    }
}
