package dev.outpost.sim.turnstile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialSettings;
import dev.outpost.hal.turnstile.ModbusTurnstile;
import dev.outpost.hal.turnstile.ModbusTurnstileConfig;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.sim.SimulatorsMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code simulators turnstile --tcp 0} driven on stdin, with the gate's driver connected through serial.driver=tcp. */
@Tag("integration")
class TurnstileCommandIT {

    private final PipedOutputStream stdin = new PipedOutputStream();
    private final PipedInputStream stdout = new PipedInputStream(64 * 1024);

    @Test
    void servesAModuleOverTcpThatTakesCommandsOnStdin() throws Exception {
        PipedInputStream commandIn = new PipedInputStream(stdin);
        PrintStream commandOut = new PrintStream(new PipedOutputStream(stdout), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> exit.complete(new CommandLine(new TurnstileCommand(commandIn,
                commandOut)).execute("--tcp", "0", "--unit", "3")));
        BufferedReader out = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));

        Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(out.readLine());
        assertTrue(listening.matches(), listening.toString());
        ModbusTurnstileConfig config = ModbusTurnstileConfig.of(SerialConfig.of("127.0.0.1:" + listening.group(1)), 3);
        Recorder recorder = new Recorder();
        try (ModbusTurnstile turnstile = ModbusTurnstile.open(config, new SerialSettings("tcp"))) {
            turnstile.listen(recorder);
            recorder.awaitStatus("answering=true", TurnstileStatus::answering);

            assertEquals("fire loop open: fire alarm", say("fire on", out));
            recorder.awaitStatus("fireAlarm=true", TurnstileStatus::fireAlarm);
            assertEquals("entered; entries 1, exits 0", say("enter", out), "the fire alarm releases the entry");
            assertEquals("exited; entries 1, exits 1", say("exit", out));
            recorder.awaitTotals(1, 1);
            assertTrue(say("status", out).startsWith("entries 1, exits 1, uncounted 0; entry unlocked"));
        }
        say("quit", null);
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aBadUnitIsAUsageErrorNamingTheLimit() {
        CommandLine command = new CommandLine(new TurnstileCommand(new PipedInputStream(), System.out));
        StringWriter errors = new StringWriter();
        command.setErr(new PrintWriter(errors));
        assertEquals(2, command.execute("--tcp", "0", "--unit", "0"));
        assertTrue(errors.toString().startsWith("turnstile: turnstile module: unit must be between 1 and 247, was 0"),
                errors.toString());
    }

    @Test
    void theSubcommandIsRegistered() {
        assertTrue(new CommandLine(new SimulatorsMain()).getSubcommands().containsKey("turnstile"));
    }

    /** Writes {@code line} to the command's stdin and returns its answer, if {@code out} is given. */
    private String say(String line, BufferedReader out) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        return out == null ? null : out.readLine();
    }
}
