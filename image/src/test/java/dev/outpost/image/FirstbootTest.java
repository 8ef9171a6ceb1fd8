package dev.outpost.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's first-boot script ({@code image/os/outpost-firstboot}) on a scratch ESP and /etc, with a stand-in for
 * {@code outpost-provision} that records its arguments and exits as told. OsImageIT runs the real thing in qemu.
 */
class FirstbootTest {
    private static final Path SCRIPT = Path.of(System.getProperty("outpost.root", "..")).resolve("image/os/outpost-firstboot");
    private static final String TOKEN = "ot1.AAAA.secret";

    @TempDir
    Path tmp;
    private Path conf;
    private Path etc;

    @BeforeEach
    void scratch() throws IOException {
        conf = Files.createDirectories(tmp.resolve("esp/outpost")).resolve("enroll.conf");
        etc = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(etc.resolve("hostname"), "outpost-nuc\n");
        Files.writeString(etc.resolve("hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\toutpost-nuc\n");
        Path provision = tmp.resolve("outpost-provision");
        Files.writeString(provision, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + tmp.resolve("provision.args")
                + "\"\necho \"site store-1: $PROVISION_SAYS\"\nexit \"$PROVISION_EXIT\"\n");
        provision.toFile().setExecutable(true);
    }

    private Run firstboot(int provisionExit, String provisionSays) {
        return Run.of(Map.of("OUTPOST_ENROLL_CONF", conf.toString(), "OUTPOST_PROVISION", tmp.resolve("outpost-provision")
                .toString(), "OUTPOST_ETC", etc.toString(), "PROVISION_EXIT", String.valueOf(provisionExit),
                "PROVISION_SAYS", provisionSays), null, SCRIPT.toString());
    }

    @Test
    void enrollsWithTheFileWrittenOnWindowsThenSetsTheHostnameAndRemovesTheToken() throws IOException {
        Files.writeString(conf, "# till 1\r\nrelay = https://relay.example.com:8473\r\ntoken = " + TOKEN
                + "\r\n  site=store-1  \r\nroot-key = rk\r\n");
        Run run = firstboot(0, "provisioned");
        assertEquals(0, run.exit(), run.output());
        assertEquals("enroll\n--relay\nhttps://relay.example.com:8473\n--token\n" + TOKEN + "\n--site\nstore-1\n--role\n"
                + "appliance\n--no-enable\n--root-key\nrk\n", Files.readString(tmp.resolve("provision.args")));
        assertEquals("""
                outpost-firstboot: site store-1: enrolling with relay https://relay.example.com:8473
                  site store-1: provisioned
                outpost-firstboot: site store-1: hostname outpost-store-1
                outpost-firstboot: site store-1: enrolled; the token is removed (%s replaces %s); outpost-appliance started
                """.formatted(conf.resolveSibling("enrolled.conf"), conf), run.output());
        assertEquals("outpost-store-1\n", Files.readString(etc.resolve("hostname")));
        assertEquals("127.0.0.1\tlocalhost\n127.0.1.1\toutpost-store-1\n", Files.readString(etc.resolve("hosts")));
        assertFalse(Files.exists(conf), "enroll.conf is gone, so the unit's condition is false at the next boot");
        String record = Files.readString(conf.resolveSibling("enrolled.conf"));
        assertFalse(record.contains(TOKEN), record);
        assertTrue(record.matches("# till 1\nrelay = https://relay.example.com:8473\n# token: used to enroll at "
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, removed\n  site=store-1  \nroot-key = rk\n"), record);
    }

    @Test
    void aFailedEnrollmentKeepsTheTokenAndChangesNothingSoTheUnitTriesAgain() throws IOException {
        String file = "relay = https://relay.example.com:8473\ntoken = " + TOKEN + "\nsite = store-1\nhostname = till-1\n";
        Files.writeString(conf, file);
        Run run = firstboot(1, "relay https://relay.example.com:8473: unreachable: connection refused");
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().endsWith("  site store-1: relay https://relay.example.com:8473: unreachable: connection "
                + "refused\noutpost-firstboot: site store-1: NOT enrolled (outpost-provision exit 1, above); trying again"
                + " in a minute and at every boot\n"), run.output());
        assertEquals(file, Files.readString(conf));
        assertFalse(Files.exists(conf.resolveSibling("enrolled.conf")));
        assertEquals("outpost-nuc\n", Files.readString(etc.resolve("hostname")));

        Run otherSite = firstboot(3, "provisioned for store-2");
        assertEquals(3, otherSite.exit(), otherSite.output());
        assertTrue(otherSite.output().endsWith("NOT enrolled (outpost-provision exit 3, above); fix " + conf
                + " on the EFI partition and reboot\n"), otherSite.output());
        assertEquals(file, Files.readString(conf));
    }

    @Test
    void aWrongFileIsRefusedNamingTheLineAndTheKeyBeforeAnythingIsSent() throws IOException {
        Map<String, String> wrong = Map.of(
                "relay = https://r\ntoken = t\nsite = s\nport = 1\n",
                conf + " line 4: unknown key 'port'; expected one of relay, token, site, root-key, hostname",
                "relay = https://r\ntoken = t\nsite = s\nsite = s2\n", conf + " line 4: site is set twice",
                "relay = https://r\nsite = s\n", conf + ": token is required (relay = https://…, token = ot1.…, site = …)",
                "relay = https://r\ntoken = a b\nsite = s\n",
                conf + " line 2: expected 'key = value' (one of relay, token, site, root-key, hostname), was 'token = a b'",
                "relay = https://r\ntoken = t\nsite = s\nhostname = -till\n", conf + ": hostname '-till' is not a host name"
                        + " (a-z, 0-9 and '-', at most 63, not starting or ending with '-'); set hostname = …");
        for (Map.Entry<String, String> file : wrong.entrySet()) {
            Files.writeString(conf, file.getKey());
            Run run = firstboot(0, "provisioned");
            assertEquals(2, run.exit(), run.output());
            assertEquals("outpost-firstboot: " + file.getValue() + "\n", run.output());
            assertFalse(Files.exists(tmp.resolve("provision.args")), "outpost-provision is not run");
            assertEquals(file.getKey(), Files.readString(conf));
            assertEquals("outpost-nuc\n", Files.readString(etc.resolve("hostname")));
        }
    }
}
