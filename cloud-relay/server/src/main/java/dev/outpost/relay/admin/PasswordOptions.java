package dev.outpost.relay.admin;

import dev.outpost.relay.staff.Secrets;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a new password comes from. Never the command line itself: argv is visible to every user through ps.
 * From a file (its first line), generated (and printed once), or read from standard input.
 */
final class PasswordOptions {
    @Option(names = "--password-file", paramLabel = "FILE", description = "read the password from the first line of FILE")
    Path file;

    @Option(names = "--generate", description = "generate a strong password and print it")
    boolean generate;

    /** The password, and whether it was generated (so the command prints it). */
    record Password(char[] value, boolean generated) {
    }

    Password read(String forWhom) {
        if (file != null && generate) {
            throw new IllegalArgumentException("give --password-file or --generate, not both");
        }
        if (generate) {
            return new Password(Secrets.password().toCharArray(), true);
        }
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return new Password(text.lines().findFirst().orElse("").toCharArray(), false);
            } catch (IOException e) {
                throw new IllegalArgumentException("--password-file " + file + ": cannot be read: " + e.getMessage());
            }
        }
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password for %s: ", forWhom);
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !new String(first).equals(new String(again))) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return new Password(first, false);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password: give --password-file FILE, --generate, or one line on standard input");
            }
            return new Password(line.toCharArray(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("standard input: " + e.getMessage(), e);
        }
    }
}
