package dev.outpost.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store NUC's OS image booted under qemu-system-x86_64 with UEFI firmware (OVMF): an installer's
 * {@code outpost/enroll.conf} on its EFI partition, a real relay on this machine (10.0.2.2 from the guest), and the
 * appliance's heartbeat in the relay's fleet view within a deadline; then an ACPI power-off, the token gone from the
 * EFI partition, and a second boot that heartbeats again without enrolling again. Minutes, not seconds: behind the {@code os-image} profile, out of CI
 * ({@code ./outpost test -pl image -am -Pos-image}). Builds the image first when image/target has none.
 */
@Tag("os-image")
class OsImageIT {
    private static final Path ROOT = Path.of(System.getProperty("outpost.root", ".."));
    private static final Path IMAGE = ROOT.resolve("image/target/outpost-store-nuc.img");
    private static final String OVMF = "/usr/share/ovmf/OVMF.fd";
    private static final String SITE = "store-77";
    private static final Map<String, String> JAVA = Map.of("JAVA_HOME", System.getProperty("java.home"));

    @BeforeAll
    static void buildTheImageWhenMissing() {
        if (!Files.isRegularFile(IMAGE)) {
            Run.within(Duration.ofMinutes(20), Map.of(), ROOT, ROOT.resolve("image/os/build-os-image").toString()).ok();
        }
        assertTrue(Files.isRegularFile(Path.of(OVMF)), OVMF + ": UEFI firmware for qemu (apt-get install ovmf)");
    }

    @Test
    void theImageBootsEnrollsFromItsEfiPartitionAndTheApplianceHeartbeatsToTheRelay(@TempDir Path tmp) throws Exception {
        Path disk = tmp.resolve("disk.img");
        Run.within(Duration.ofMinutes(5), Map.of(), null, "cp", "--sparse=always", IMAGE.toString(), disk.toString()).ok();
        String esp = disk + "@@" + espOffset(disk);

        int http = Poll.freePort();
        int https = Poll.freePort();
        Path relayConf = Files.writeString(tmp.resolve("relay.conf"), "http.host = 127.0.0.1\nhttp.port = " + http
                + "\nhttps.port = " + https + "\nhttps.hostnames = 10.0.2.2,127.0.0.1\ndata.dir = " + tmp.resolve("relay")
                + "\nstaff.password.bcrypt-cost = 10\n");
        String relayJar = ROOT.resolve("cloud-relay/server/target/relay-server.jar").toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path password = Files.writeString(tmp.resolve("password"), "os-image-test-password\n");
        Run.of(JAVA, null, java, "-cp", relayJar, "dev.outpost.relay.admin.AdminMain", "create-admin", "--config",
                relayConf.toString(), "--username", "root", "--password-file", password.toString(), "--reason", "test").ok();
        String token = Stream.of(Run.of(JAVA, null, java, "-cp", relayJar, "dev.outpost.relay.admin.AdminMain",
                        "issue-enrollment-token", "--config", relayConf.toString(), "--site", SITE, "--ttl", "1h",
                        "--reason", "test").ok().output().split("\n"))
                .filter(line -> line.startsWith("ot1.")).findFirst().orElseThrow();
        byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        String rootKey = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));

        // as an installer's Windows laptop writes it: CRLF
        Path enroll = Files.writeString(tmp.resolve("enroll.conf"), String.join("\r\n", "# store 77, till 1",
                "relay = https://10.0.2.2:" + https, "token = " + token, "site = " + SITE, "root-key = " + rootKey, ""));
        Run.of("mmd", "-i", esp, "::/outpost").ok();
        Run.of("mcopy", "-i", esp, enroll.toString(), "::/outpost/enroll.conf").ok();

        Path serial = tmp.resolve("serial.log");
        Path monitor = tmp.resolve("monitor.sock");
        Process relay = null;
        Process qemu = null;
        try {
            relay = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", relayJar, "--config",
                    relayConf.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("relay.log").toFile()).start();
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            URI base = URI.create("http://127.0.0.1:" + http);
            Poll.until("the relay answers /healthz", Duration.ofSeconds(60), tmp.resolve("relay.log"),
                    () -> Poll.get(client, base.resolve("/healthz")).statusCode() == 200);
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(base.resolve("/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"root\", \"password\": "
                            + "\"os-image-test-password\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());

            long booted = System.nanoTime();
            boolean kvm = false;
            if (Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm"))) {
                qemu = boot(disk, serial, monitor, tmp.resolve("qemu.log"), true);
                kvm = kernelStarts(qemu, serial, tmp.resolve("qemu.log"));
                if (!kvm) {
                    stop(qemu);
                    System.out.println("OsImageIT: KVM does not run this guest here (qemu said: "
                            + Files.readString(tmp.resolve("qemu.log")).lines().filter(l -> l.contains("error"))
                                    .findFirst().orElse("nothing")
                            + "); booting with TCG");
                }
            }
            if (!kvm) {
                Files.deleteIfExists(serial);
                booted = System.nanoTime();
                qemu = boot(disk, serial, monitor, tmp.resolve("qemu.log"), false);
            }
            Process guest = qemu;
            Poll.until("the relay's fleet shows " + SITE + "'s heartbeat from the booted image (" + (kvm ? "KVM" : "TCG") + ")",
                    kvm ? Duration.ofMinutes(4) : Duration.ofMinutes(15), serial, () -> {
                        assertTrue(guest.isAlive(), "qemu exited " + (guest.isAlive() ? "" : guest.exitValue()));
                        return Poll.get(client, base.resolve("/v1/fleet/freshness")).body()
                                .contains("\"site_id\":\"" + SITE + "\"");
                    });
            System.out.printf("OsImageIT: boot to enrolled and heartbeating in %d s (%s)%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - booted), kvm ? "KVM" : "TCG");
            String console = Files.readString(serial);
            assertTrue(console.contains("outpost-firstboot: site " + SITE + ": enrolling with relay https://10.0.2.2:"
                    + https), console);
            assertTrue(console.contains("site " + SITE + ": provisioned"), "outpost-provision's own words:\n" + console);
            assertTrue(console.contains("outpost-firstboot: site " + SITE + ": hostname outpost-" + SITE), console);
            assertTrue(console.contains("outpost-firstboot: site " + SITE + ": enrolled; the token is removed"), console);
            assertFalse(console.contains(token), "the token is never on the console");

            powerOff(qemu, monitor, serial, kvm);

            String files = Run.of("mdir", "-b", "-i", esp, "::/outpost").ok().output();
            assertEquals("::/outpost/enrolled.conf\n", files, "enroll.conf is replaced by enrolled.conf");
            String record = Run.of("mtype", "-i", esp, "::/outpost/enrolled.conf").ok().output();
            assertFalse(record.contains(token), record);
            assertTrue(record.contains("\nsite = " + SITE + "\n"), record);
            assertTrue(Pattern.compile("\n# token: used to enroll at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, removed\n")
                    .matcher(record).find(), record);

            // the second boot: the appliance comes back from what the first wrote, and enrollment never runs again
            String before = lastHeartbeat(client, base);
            Path serial2 = tmp.resolve("serial-2.log");
            Path monitor2 = tmp.resolve("monitor-2.sock");
            qemu = boot(disk, serial2, monitor2, tmp.resolve("qemu-2.log"), kvm);
            Process rebooted = qemu;
            Poll.until("after a reboot, a new heartbeat from " + SITE + " and the console's login prompt",
                    kvm ? Duration.ofMinutes(4) : Duration.ofMinutes(15), serial2, () -> {
                        assertTrue(rebooted.isAlive(), "qemu exited " + (rebooted.isAlive() ? "" : rebooted.exitValue()));
                        return Poll.tail(serial2).contains("outpost-" + SITE + " login:")
                                && !lastHeartbeat(client, base).equals(before);
                    });
            assertFalse(Files.readString(serial2, StandardCharsets.ISO_8859_1).contains("outpost-firstboot"),
                    "enrollment does not run again:\n" + Poll.tail(serial2));
            powerOff(qemu, monitor2, serial2, kvm);
        } finally {
            stop(qemu);
            stop(relay);
        }
    }

    private static String lastHeartbeat(HttpClient client, URI base) throws Exception {
        String body = Poll.get(client, base.resolve("/v1/fleet/freshness")).body();
        Matcher m = Pattern.compile("\"site_id\":\"" + SITE + "\",\"last_heartbeat\":\"([^\"]+)\"").matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    /**
     * An ACPI power-off through qemu's monitor: the guest shuts down cleanly and qemu exits. The button is pressed
     * again every 30 s, as a person would: a press while the guest is still starting a service may go unheard.
     */
    private static void powerOff(Process qemu, Path monitor, Path serial, boolean kvm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(kvm ? 2 : 5);
        do {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(monitor));
                channel.write(ByteBuffer.wrap("system_powerdown\n".getBytes(StandardCharsets.US_ASCII)));
            }
        } while (!qemu.waitFor(30, TimeUnit.SECONDS) && System.nanoTime() < deadline);
        assertFalse(qemu.isAlive(), "the guest powers off on ACPI power-off:\n" + Poll.tail(serial));
        assertTrue(Files.readString(serial, StandardCharsets.ISO_8859_1).contains("reboot: Power down"), Poll.tail(serial));
    }

    /** The EFI system partition's byte offset in the disk image, from its GPT. */
    private static long espOffset(Path disk) {
        String dump = Run.of("sfdisk", "--dump", disk.toString()).ok().output();
        Matcher m = Pattern.compile("(?m)^\\S+1 : start=\\s*(\\d+),.*type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B")
                .matcher(dump);
        assertTrue(m.find(), "partition 1 is the EFI system partition:\n" + dump);
        return Long.parseLong(m.group(1)) * 512;
    }

    private static Process boot(Path disk, Path serial, Path monitor, Path log, boolean kvm) throws IOException {
        List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-machine", "q35,accel=" + (kvm ? "kvm" : "tcg"),
                "-m", "1536", "-smp", "2", "-bios", OVMF, "-drive", "file=" + disk + ",format=raw,if=virtio",
                "-nic", "user,model=virtio-net-pci", "-display", "none", "-serial", "file:" + serial,
                "-monitor", "unix:" + monitor + ",server=on,wait=off", "-no-reboot"));
        if (!kvm) {
            command.addAll(List.of("-cpu", "max"));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Whether the kernel starts under KVM within 30 s. A nested or restricted KVM may fail on the firmware's first
     * instructions ("KVM internal error"), leaving qemu paused rather than exited.
     */
    private static boolean kernelStarts(Process qemu, Path serial, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!qemu.isAlive() || Files.readString(log).contains("KVM internal error")) {
                return false;
            }
            if (Files.exists(serial) && Files.readString(serial, StandardCharsets.ISO_8859_1).contains("Linux version")) {
                return true;
            }
            qemu.waitFor(200, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
