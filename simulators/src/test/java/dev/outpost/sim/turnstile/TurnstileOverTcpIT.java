package dev.outpost.sim.turnstile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.SerialSettings;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The driver through serial.driver=tcp to the module serving a loopback port, as a serial device server would. */
@Tag("integration")
class TurnstileOverTcpIT extends ModbusTurnstileContract {

    @Override
    protected SerialLink connect(TurnstileModule module) throws Exception {
        InetSocketAddress address = module.serveTcp(0);
        return Serial.open(new SerialSettings("tcp"), SerialConfig.of("127.0.0.1:" + address.getPort()));
    }

    @Test
    void aDroppedConnectionIsMadeAgainAndNoPassageIsLost() {
        turnstile.listen(recorder);
        recorder.awaitStatus("answering=true", status -> status.answering());
        module.dropConnections();
        module.exitOne();
        recorder.awaitTotals(0, 1);
        turnstile.unlockEntry();
        assertTrue(module.enterOne());
        recorder.awaitTotals(1, 1);
        assertTrue(turnstile.stats().linkErrors() >= 1, turnstile.stats().toString());
    }
}
