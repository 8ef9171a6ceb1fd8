package dev.outpost.api.config;

import dev.outpost.api.sign.Ed25519PublicKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads typed values out of a {@link ConfigFile}, collecting every problem instead of stopping at the first,
 * so an installer fixes a file in one pass. {@link #finish()} rejects unknown keys and throws if anything was wrong.
 * A value out of range is an error, never clamped.
 */
public final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final ConfigFile file;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();

    ConfigReader(ConfigFile file) {
        this.file = file;
    }

    public String string(String key, String defaultValue) {
        return read(key, defaultValue, "text", v -> v);
    }

    public String requiredString(String key, String what) {
        return required(key, what, () -> string(key, null));
    }

    /** An identifier as used for sites and devices: lower-case letters, digits and dashes, at most 63. */
    public String id(String key, String defaultValue) {
        return read(key, defaultValue, "an id of lower-case letters, digits and dashes (at most 63, e.g. store-0042)",
                v -> ID.matcher(v).matches() ? v : null);
    }

    public String requiredId(String key, String what) {
        return required(key, what, () -> id(key, null));
    }

    public URI requiredHttpUrl(String key, String what) {
        return required(key, what, () -> httpUrl(key, null));
    }

    public URI requiredBrokerUrl(String key, String what) {
        return required(key, what, () -> brokerUrl(key, null));
    }

    public int intIn(String key, int defaultValue, int min, int max) {
        known.add(key);
        String raw = file.values().get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                problems.add(key + " must be between " + min + " and " + max + ", was " + raw);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number between " + min + " and " + max + ", was '" + raw + "'");
            return defaultValue;
        }
    }

    /** A TCP port; 0 means "any free port", useful in tests. */
    public int port(String key, int defaultValue) {
        return intIn(key, defaultValue, 0, 65535);
    }

    /** A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        known.add(key);
        String raw = file.values().get(key);
        if (raw == null) {
            return defaultValue;
        }
        Duration value = parseDuration(raw);
        if (value == null) {
            problems.add(key + " must be a duration such as 500ms, 30s, 5m or 2h, was '" + raw + "'");
            return defaultValue;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(key + " must be between " + format(min) + " and " + format(max) + ", was " + raw);
            return defaultValue;
        }
        return value;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String choices = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return read(key, defaultValue, "one of " + choices, v -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(v)) {
                    return constant;
                }
            }
            return null;
        });
    }

    public Path path(String key, Path defaultValue) {
        return read(key, defaultValue, "a file system path", v -> {
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                return null;
            }
        });
    }

    /** An http or https URL. */
    public URI httpUrl(String key, URI defaultValue) {
        return read(key, defaultValue, "an http:// or https:// URL with a host, e.g. https://relay.example.com", v -> url(v, "http", "https"));
    }

    /** A broker URL, {@code tcp://host:port}. */
    public URI brokerUrl(String key, URI defaultValue) {
        return read(key, defaultValue, "a tcp://host:port URL, e.g. tcp://127.0.0.1:1883", v -> {
            URI uri = url(v, "tcp");
            return uri != null && uri.getPort() > 0 ? uri : null;
        });
    }

    /**
     * An Ed25519 public key as unpadded base64url (a root key devices trust), or empty when unset; {@code what} says
     * whose key it is and where it comes from.
     */
    public Optional<Ed25519PublicKey> publicKey(String key, String what) {
        String raw = string(key, null);
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ed25519PublicKey.fromBase64Url(raw.strip()));
        } catch (RuntimeException e) {
            problems.add(key + " must be " + what + " as unpadded base64url (43 characters, printed by ./outpost admin"
                    + " make-signing-keys), was '" + raw + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Records a problem found by checking a combination of keys; {@link #finish()} reports it with the rest. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws a {@link ConfigException} naming every problem and every key this process does not know. */
    public void finish() {
        List<String> all = new ArrayList<>(problems);
        for (String key : file.values().keySet()) {
            if (!known.contains(key)) {
                all.add("unknown key " + key + " (known keys: " + String.join(", ", known) + ")");
            }
        }
        if (!all.isEmpty()) {
            throw new ConfigException(file.source(), all);
        }
    }

    private <T> T required(String key, String what, Supplier<T> read) {
        String raw = file.values().get(key);
        if (raw == null || raw.isEmpty()) {
            known.add(key);
            problems.add(key + " is required (" + what + ")");
            return null;
        }
        return read.get();
    }

    private <T> T read(String key, T defaultValue, String expected, Function<String, T> parse) {
        known.add(key);
        String raw = file.values().get(key);
        if (raw == null) {
            return defaultValue;
        }
        T value = parse.apply(raw);
        if (value == null) {
            problems.add(key + " must be " + expected + ", was '" + raw + "'");
            return defaultValue;
        }
        return value;
    }

    private static URI url(String raw, String... schemes) {
        try {
            URI uri = new URI(raw);
            if (uri.getHost() == null || uri.getScheme() == null || !List.of(schemes).contains(uri.getScheme())) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static Duration parseDuration(String raw) {
        Matcher m = DURATION.matcher(raw.strip());
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(raw.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
