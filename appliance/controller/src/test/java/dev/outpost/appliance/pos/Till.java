package dev.outpost.appliance.pos;

import dev.outpost.api.password.PasswordHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A staff file for the POS tests: cashier c-1 (PIN 1111), cashier c-2 (2222), manager m-1 (9999). */
public final class Till {
    private Till() {
    }

    public static void writeStaff(Path file) throws IOException {
        Files.writeString(file, """
                {"employees": [
                  {"employee_id": "c-1", "name": "Cary Cashier", "role": "CASHIER", "pin_hash": "%s"},
                  {"employee_id": "c-2", "name": "Cleo Cashier", "role": "CASHIER", "pin_hash": "%s"},
                  {"employee_id": "m-1", "name": "Mona Manager", "role": "MANAGER", "pin_hash": "%s"}]}
                """.formatted(PasswordHash.hash("1111".toCharArray(), 1_000), PasswordHash.hash("2222".toCharArray(), 1_000),
                PasswordHash.hash("9999".toCharArray(), 1_000)));
    }
}
