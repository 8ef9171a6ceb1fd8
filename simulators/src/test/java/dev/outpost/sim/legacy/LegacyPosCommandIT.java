package dev.outpost.sim.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.appliance.legacy.LineProtocol;
import dev.outpost.appliance.legacy.LineProtocol.Ping;
import dev.outpost.appliance.legacy.LineProtocol.Pong;
import dev.outpost.sim.SimulatorsMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code simulators legacy-pos --tcp 0} answering the line protocol on its port and commands on stdin. */
@Tag("integration")
class LegacyPosCommandIT {

    @Test
    void answersOnItsPortAndTakesCommandsOnStdin() throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        PipedInputStream stdout = new PipedInputStream(64 * 1024);
        PipedInputStream commandIn = new PipedInputStream(stdin);
        PrintStream commandOut = new PrintStream(new PipedOutputStream(stdout), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> exit.complete(new CommandLine(new LegacyPosCommand(commandIn,
                commandOut)).execute("--tcp", "0")));
        BufferedReader out = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
        PrintStream in = new PrintStream(stdin, true, StandardCharsets.UTF_8);

        Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(out.readLine());
        assertTrue(listening.matches(), listening.toString());
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(listening.group(1)))) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(LineProtocol.encode(new Ping(5)));
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals(new Pong(5), LineProtocol.decode(answer));
        }
        in.println("nak 2");
        assertTrue(out.readLine().startsWith("ok; taken=0 "));
        in.println("status");
        assertTrue(out.readLine().contains("requests=1 "));
        in.println("quit");
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aChanceAboveOneIsAUsageError() {
        CommandLine command = new CommandLine(new LegacyPosCommand(new PipedInputStream(), System.out));
        StringWriter errors = new StringWriter();
        command.setErr(new PrintWriter(errors));
        assertEquals(2, command.execute("--tcp", "0", "--drop", "2"));
        assertTrue(errors.toString().startsWith("legacy-pos: --drop, --nak and --garbage are chances from 0 to 1, was 2.0"),
                errors.toString());
    }

    @Test
    void theSubcommandIsRegistered() {
        assertTrue(new CommandLine(new SimulatorsMain()).getSubcommands().containsKey("legacy-pos"));
    }
}
