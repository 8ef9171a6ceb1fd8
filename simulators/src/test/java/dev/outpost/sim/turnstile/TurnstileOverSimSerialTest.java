package dev.outpost.sim.turnstile;

import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.SimSerial;

/** The driver and the module on the two ends of a simulated line. */
class TurnstileOverSimSerialTest extends ModbusTurnstileContract {

    @Override
    protected SerialLink connect(TurnstileModule module) {
        SimSerial.Pair wire = SimSerial.pair("sim-gate", "sim-module");
        module.serve(wire.b());
        return wire.a();
    }
}
