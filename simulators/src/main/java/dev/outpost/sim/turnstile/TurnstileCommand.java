package dev.outpost.sim.turnstile;

import dev.outpost.api.logging.LogFormat;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.api.logging.Logging;
import dev.outpost.hal.modbus.FrameTiming;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialException;
import dev.outpost.hal.serial.SerialSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tinylog.configuration.Configuration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulators turnstile}: one simulated turnstile I/O module, served until the process is killed (or
 * {@code quit} on stdin), for QA and the demo. When stdin ends (e.g. {@code </dev/null}), it keeps serving.
 */
@Command(name = "turnstile", mixinStandardHelpOptions = true,
        description = {"Serves one simulated turnstile I/O module (Modbus RTU slave, ARCHITECTURE.md §8) until killed.",
                "Commands on stdin: enter, exit, tailgate, fire on|off, status, quit."})
public final class TurnstileCommand implements Callable<Integer> {

    static final class Where {
        @Option(names = "--serial", paramLabel = "PATH", required = true,
                description = "serve on this serial device, e.g. /dev/pts/3 (one end of a socat pty pair)")
        String serial;

        @Option(names = "--tcp", paramLabel = "PORT", required = true,
                description = "serve on 127.0.0.1:PORT, as a serial device server would; 0 picks a free port")
        Integer tcp;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(names = "--unit", defaultValue = "1", description = "Modbus unit id, 1..247 (default: ${DEFAULT-VALUE})")
    int unit;

    @Option(names = "--baud", defaultValue = "9600", description = "line speed with --serial (default: ${DEFAULT-VALUE})")
    int baud;

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final PrintStream out;

    public TurnstileCommand() {
        this(System.in, System.out);
    }

    TurnstileCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!Configuration.isFrozen()) { // an in-process caller (a test) may have started logging already
            Logging.configure(new LogSettings(LogFormat.TEXT, LogSettings.LogLevel.INFO), "turnstile", null, null);
        }
        try (TurnstileModule module = TurnstileModule.create(unit)) {
            if (where.serial != null) {
                SerialConfig config = SerialConfig.of(where.serial).withBaud(baud);
                module.serve(Serial.open(new SerialSettings("jserialcomm"), config), new FrameTiming(baud));
                out.println("serving unit " + unit + " on " + where.serial + " at " + config.framing());
            } else {
                InetSocketAddress address = listen(module);
                out.println("listening on " + address.getAddress().getHostAddress() + ":" + address.getPort());
            }
            out.flush();
            TurnstileConsole console = new TurnstileConsole(module);
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.trim().equals("quit")) {
                    return 0;
                }
                out.println(console.execute(line));
                out.flush();
            }
            new CountDownLatch(1).await(); // stdin is gone: serve until killed
            return 0;
        } catch (IllegalArgumentException | SerialException e) {
            throw new ParameterException(spec.commandLine(), "turnstile: " + e.getMessage(), e);
        }
    }

    private InetSocketAddress listen(TurnstileModule module) {
        try {
            return module.serveTcp(where.tcp);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "turnstile: cannot listen on 127.0.0.1:" + where.tcp + " ("
                    + e.getMessage() + "); pick another --tcp port, or 0 for a free one", e);
        }
    }
}
