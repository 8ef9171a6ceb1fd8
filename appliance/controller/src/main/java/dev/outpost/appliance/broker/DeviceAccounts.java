package dev.outpost.appliance.broker;

import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The site broker's device accounts file: one {@code device-id role password-hash} per line, {@code #} comments.
 * Roles are {@code device} or {@code appliance}; hashes come from {@code PasswordHash.hash}. A bad line rejects the
 * whole file, so a typo never leaves a device half-provisioned.
 */
public final class DeviceAccounts {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private DeviceAccounts() {
    }

    public static Map<String, Credential> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("broker.accounts " + file + ": file does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("broker.accounts " + file + ": cannot be read: " + e.getMessage(), e);
        }
        Map<String, Credential> accounts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = "line " + (i + 1) + ": ";
            if (parts.length != 3) {
                problems.add(where + "expected 'device-id role password-hash', found " + parts.length + " fields");
                continue;
            }
            Role role = role(parts[1]);
            if (!ID.matcher(parts[0]).matches()) {
                problems.add(where + "device id '" + parts[0] + "' must be lower-case letters, digits and dashes");
            } else if (role == null) {
                problems.add(where + "role '" + parts[1] + "' must be device or appliance");
            } else if (accounts.containsKey(parts[0])) {
                problems.add(where + "device " + parts[0] + " is listed twice");
            } else {
                try {
                    accounts.put(parts[0], new Credential(role, parts[2]));
                } catch (IllegalArgumentException e) {
                    problems.add(where + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("broker.accounts " + file + ": " + String.join("; ", problems));
        }
        return accounts;
    }

    private static Role role(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "device" -> Role.DEVICE;
            case "appliance" -> Role.APPLIANCE;
            default -> null;
        };
    }
}
