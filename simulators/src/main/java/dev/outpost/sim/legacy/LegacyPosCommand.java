package dev.outpost.sim.legacy;

import dev.outpost.api.logging.LogFormat;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.api.logging.Logging;
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
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.configuration.Configuration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulators legacy-pos}: a simulated legacy POS speaking the line protocol, served until the process is killed
 * (or {@code quit} on stdin); when stdin ends it keeps serving.
 */
@Command(name = "legacy-pos", mixinStandardHelpOptions = true,
        description = {"Serves a simulated legacy POS (the line protocol of the appliance's legacy gateway) until killed.",
                "Commands on stdin: silent on|off, slow DURATION, drop N, nak N, garbage N, reject TRANSACTION REASON, status, quit."})
public final class LegacyPosCommand implements Callable<Integer> {

    static final class Where {
        @Option(names = "--serial", paramLabel = "PATH", required = true,
                description = "serve on this serial device, e.g. /dev/pts/3 (one end of a socat pty pair)")
        String serial;

        @Option(names = "--tcp", paramLabel = "PORT", required = true,
                description = "serve on 127.0.0.1:PORT; 0 picks a free port")
        Integer tcp;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(names = "--baud", defaultValue = "9600", description = "line speed with --serial, 8N1 (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random faults (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--drop", defaultValue = "0", description = "chance a sale is recorded but not answered, 0..1")
    double drop;

    @Option(names = "--nak", defaultValue = "0", description = "chance a sale is answered NAK RETRY, 0..1")
    double nak;

    @Option(names = "--garbage", defaultValue = "0", description = "chance a sale is answered with noise, 0..1")
    double garbage;

    @Option(names = "--slow", defaultValue = "PT0S", description = "delay of every answer, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration slow;

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final PrintStream out;

    public LegacyPosCommand() {
        this(System.in, System.out);
    }

    LegacyPosCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!Configuration.isFrozen()) { // an in-process caller (a test) may have started logging already
            Logging.configure(new LogSettings(LogFormat.TEXT, LogSettings.LogLevel.INFO), "legacy-pos", null, null);
        }
        for (double chance : new double[] {drop, nak, garbage}) {
            if (chance < 0 || chance > 1) {
                throw new ParameterException(spec.commandLine(), "legacy-pos: --drop, --nak and --garbage are chances"
                        + " from 0 to 1, was " + chance);
            }
        }
        try (LegacyPosSimulator device = new LegacyPosSimulator()) {
            device.randomFaults(seed, drop, nak, garbage);
            device.slow(slow);
            if (where.serial != null) {
                SerialConfig config = SerialConfig.of(where.serial).withBaud(baud);
                device.serve(Serial.open(new SerialSettings("jserialcomm"), config));
                out.println("serving " + where.serial + " at " + config.framing());
            } else {
                InetSocketAddress address = listen(device);
                out.println("listening on " + address.getAddress().getHostAddress() + ":" + address.getPort());
            }
            out.flush();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.trim().equals("quit")) {
                    return 0;
                }
                out.println(execute(device, line.trim()));
                out.flush();
            }
            new CountDownLatch(1).await(); // stdin is gone: serve until killed
            return 0;
        } catch (IllegalArgumentException | SerialException e) {
            throw new ParameterException(spec.commandLine(), "legacy-pos: " + e.getMessage(), e);
        }
    }

    static String execute(LegacyPosSimulator device, String command) {
        String[] words = command.split("\\s+", 3);
        try {
            switch (words[0]) {
                case "status" -> {
                    return device.status();
                }
                case "silent" -> device.silent(words.length < 2 || !words[1].equals("off"));
                case "slow" -> device.slow(words.length > 1 ? duration(words[1]) : Duration.ZERO);
                case "drop" -> device.dropAnswers(count(words));
                case "nak" -> device.nakNext(count(words));
                case "garbage" -> device.garbageNext(count(words));
                case "reject" -> {
                    if (words.length < 3) {
                        return "error: reject takes a transaction id and a reason";
                    }
                    device.reject(words[1], words[2]);
                }
                default -> {
                    return "error: unknown command '" + command + "' (silent on|off, slow, drop, nak, garbage, reject, status, quit)";
                }
            }
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
        return "ok; " + device.status();
    }

    private static int count(String[] words) {
        try {
            int n = words.length > 1 ? Integer.parseInt(words[1]) : 1;
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(words[0] + " takes a count of 0 or more, was '" + words[1] + "'");
    }

    private static Duration duration(String text) {
        Matcher m = Pattern.compile("([0-9]{1,6})(ms|s)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("slow takes a duration such as 500ms or 2s, was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    }

    private InetSocketAddress listen(LegacyPosSimulator device) {
        try {
            return device.serveTcp(where.tcp);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "legacy-pos: cannot listen on 127.0.0.1:" + where.tcp + " ("
                    + e.getMessage() + "); pick another --tcp port, or 0 for a free one", e);
        }
    }
}
