package dev.outpost.appliance.pos.staff;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import dev.outpost.appliance.pos.Till;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staff sync against an HTTP server playing the relay's {@code /v1/sites/{site}/pos-staff}: an answer the contract
 * refuses, or another site's list, changes nothing and says why; HQ's list replaces the file and ends the sessions of
 * who is gone or changed role, and the next poll sends its ETag.
 */
class StaffSyncTest {
    @TempDir
    Path dir;
    final AtomicReference<String> answer = new AtomicReference<>();
    final AtomicReference<String> ifNoneMatch = new AtomicReference<>();
    HttpServer relay;
    RelayClient client;
    PosDb db;
    Staff staff;
    Path file;
    StaffSync sync;

    @BeforeEach
    void open() throws Exception {
        relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/v1/sites/" + SITE + "/pos-staff", exchange -> {
            ifNoneMatch.set(exchange.getRequestHeaders().getFirst("If-None-Match"));
            if ("\"e1\"".equals(ifNoneMatch.get())) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("ETag", "\"e1\"");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        relay.start();
        client = RelayClient.create(RelayClient.Options.of(URI.create("http://127.0.0.1:" + relay.getAddress().getPort())));
        file = dir.resolve("staff.json");
        Till.writeStaff(file);
        db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty());
        staff = new Staff(db, new StaffFile(file), () -> T0);
        sync = StaffSync.create(SITE, () -> client, file, staff);
    }

    @AfterEach
    void close() {
        client.close();
        relay.stop(0);
        db.close();
    }

    @Test
    void aRefusedAnswerChangesNothingAndSaysWhy() throws Exception {
        staff.login("till-1", "c-1", "1111");
        byte[] before = Files.readAllBytes(file);
        answer.set(list(SITE, "{\"employee_id\": \"c-1\", \"name\": \"Cary\", \"role\": \"BOSS\", \"pin_hash\": \""
                + hash("4826") + "\"}"));
        String refused = sync.syncNow();
        assertTrue(refused.startsWith("pos staff from HQ: not taken: relay "), refused);
        assertTrue(refused.contains("employees[0].role: must be one of CASHIER, MANAGER, ADMIN, was \"BOSS\""), refused);
        assertTrue(refused.endsWith("; the staff file stays as it is"), refused);

        answer.set(list("store-2", "{\"employee_id\": \"c-9\", \"name\": \"Cy\", \"role\": \"CASHIER\", \"pin_hash\": \""
                + hash("4826") + "\"}"));
        assertEquals("pos staff from HQ: refused: the relay sent the staff of site store-2; the staff file stays as it"
                + " is", sync.syncNow());

        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("staff.json.hq")));
        assertEquals(List.of("c-1"), staff.sessions().stream().map(Session::employeeId).toList());
        staff.login("till-2", "c-1", "1111");
    }

    @Test
    void hqsListReplacesTheFileAndEndsTheSessionsOfWhoIsGoneOrChangedRole() throws Exception {
        staff.login("till-1", "c-1", "1111");
        staff.login("till-2", "c-2", "2222");
        staff.login("till-3", "m-1", "9999");
        answer.set(list(SITE, "{\"employee_id\": \"c-2\", \"name\": \"Cleo\", \"role\": \"MANAGER\", \"pin_hash\": \""
                + hash("2222") + "\"}, {\"employee_id\": \"m-1\", \"name\": \"Mona\", \"role\": \"MANAGER\","
                + " \"pin_hash\": \"" + hash("9999") + "\"}, {\"employee_id\": \"n-1\", \"name\": \"Nico\", \"role\":"
                + " \"CASHIER\", \"pin_hash\": \"" + hash("4826") + "\"}"));
        assertEquals("written", sync.syncNow());
        assertEquals(List.of("m-1"), staff.sessions().stream().map(Session::employeeId).toList(),
                "c-1 is gone and c-2 is a manager now: their sessions ended; m-1 is unchanged");
        assertEquals(401, assertThrows(PosException.class, () -> staff.login("till-1", "c-1", "1111")).status());
        assertEquals(Role.MANAGER, staff.login("till-2", "c-2", "2222").role());
        staff.login("till-1", "n-1", "4826");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        assertEquals("unchanged", sync.syncNow());
        assertEquals("\"e1\"", ifNoneMatch.get(), "the next poll sends the ETag");
    }

    private static String list(String site, String employees) {
        return "{\"site_id\": \"" + site + "\", \"managed\": true, \"employees\": [" + employees + "]}";
    }

    private static String hash(String pin) {
        return PasswordHash.hash(pin.toCharArray(), 1_000);
    }
}
