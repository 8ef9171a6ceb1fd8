package dev.outpost.sim.turnstile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.hal.time.ManualTime;
import org.junit.jupiter.api.Test;

class TurnstileConsoleTest {

    private final TurnstileModule module = TurnstileModule.on(ManualTime.create(), 1);
    private final TurnstileConsole console = new TurnstileConsole(module);

    @Test
    void commandsMovePeopleAndTheFireLoop() {
        assertEquals("entry locked: nobody passed (entries 0, exits 0)", console.execute("enter"));
        assertEquals("fire loop open: fire alarm", console.execute("  FIRE   on "));
        assertEquals("entered; entries 1, exits 0", console.execute("enter"));
        assertEquals("tailgated: 1 uncounted so far", console.execute("tailgate"));
        assertEquals("exited; entries 1, exits 1", console.execute("exit"));
        assertEquals("fire loop closed", console.execute("fire off"));
        assertEquals("entries 1, exits 1, uncounted 1; entry locked, exit free, FULL lamp off; requests 0, replies 0",
                console.execute("status"));
    }

    @Test
    void anUnknownCommandListsTheKnownOnes() {
        assertEquals("unknown command \"jump\"; commands: enter, exit, tailgate, fire on|off, status, quit",
                console.execute("jump"));
        assertEquals("unknown command \"fire maybe\"; commands: enter, exit, tailgate, fire on|off, status, quit",
                console.execute("fire maybe"));
    }
}
