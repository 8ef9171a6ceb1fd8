package dev.outpost.api.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFormatTest {

    @Test
    void aFreshDirectoryIsCreatedAndStampedWithThisRelease(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("gate");
        DataFormat.claim("gate", dir, 1, "0.1.0");
        assertEquals(new DataFormat.Recorded(1, "0.1.0"), DataFormat.read("gate", dir.resolve("FORMAT")));
    }

    @Test
    void anUpgradeRestampsTheDataAndKeepsIt(@TempDir Path dir) throws Exception {
        DataFormat.claim("relay", dir, 1, "0.1.0");
        Files.writeString(dir.resolve("relay.db"), "data");
        DataFormat.claim("relay", dir, 2, "0.2.0");
        assertEquals(new DataFormat.Recorded(2, "0.2.0"), DataFormat.read("relay", dir.resolve("FORMAT")));
        assertEquals("data", Files.readString(dir.resolve("relay.db")));
    }

    @Test
    void anOlderReleaseOfTheSameFormatMayRun(@TempDir Path dir) throws Exception {
        DataFormat.claim("display", dir, 1, "0.1.1");
        DataFormat.claim("display", dir, 1, "0.1.0");
        assertEquals(new DataFormat.Recorded(1, "0.1.0"), DataFormat.read("display", dir.resolve("FORMAT")));
    }

    @Test
    void anOlderReleaseRefusesNewerDataAndSaysWhatToDo(@TempDir Path dir) throws Exception {
        DataFormat.claim("appliance", dir, 2, "0.2.0");
        DataFormat.NewerDataException refused = assertThrows(DataFormat.NewerDataException.class,
                () -> DataFormat.claim("appliance", dir, 1, "0.1.0"));
        assertEquals("appliance: the data in " + dir + " is format 2, written by outpost appliance 0.2.0; this release"
                + " (0.1.0) understands format 1 at most. Install 0.2.0 or newer again, or move " + dir + " away to start"
                + " with no data", refused.getMessage());
        assertEquals(new DataFormat.Recorded(2, "0.2.0"), DataFormat.read("appliance", dir.resolve("FORMAT")));
    }

    @Test
    void aFormatFileWithoutAFormatIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("FORMAT"), "hello\n");
        DataFormat.NewerDataException refused = assertThrows(DataFormat.NewerDataException.class,
                () -> DataFormat.claim("gate", dir, 1, "0.1.0"));
        assertEquals("gate: " + dir.resolve("FORMAT") + " does not say which format the data is in (expected a line"
                + " 'format = N'); it was not written by this release. Restore it, or move " + dir + " away to start with"
                + " no data", refused.getMessage());
    }
}
