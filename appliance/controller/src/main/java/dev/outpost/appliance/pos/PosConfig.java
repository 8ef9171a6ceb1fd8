package dev.outpost.appliance.pos;

import dev.outpost.api.config.ConfigReader;
import dev.outpost.hal.printer.NetworkPrinterConfig;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The POS engine's settings. Every key, its default and unit is in the README's configuration reference.
 *
 * @param enabled      pos.enabled: run the POS engine and its LAN API under {@code /v1/pos}
 * @param catalog      pos.catalog: the id of the catalog the site sells from
 * @param zone         pos.zone: the store's IANA time zone; a sale's business day is its local date there
 * @param scanWindow   pos.duplicate-scan-window: a second scan of the same barcode on the same terminal within this is
 *                     ignored
 * @param qrTimeout    pos.qr-timeout: a QR payment still pending this long after it started is given up
 * @param offlineLimit pos.offline-limit: after this long without a delivery to the relay, new sales need a manager's
 *                     override
 * @param staffFile    pos.staff-file: the staff file (employee ids, roles, PIN hashes); default
 *                     {@code data.dir/pos-staff.json}
 * @param printers     pos.printers: each terminal's ESC/POS receipt printer on raw TCP,
 *                     {@code till-1=192.168.1.50:9100,till-2=...}
 * @param staffSyncPeriod pos.staff-sync-period: how often the staff file is brought to HQ's list of the store's
 *                     employees
 */
public record PosConfig(boolean enabled, String catalog, ZoneId zone, Duration scanWindow, Duration qrTimeout,
                        Duration offlineLimit, Optional<Path> staffFile, Map<String, NetworkPrinterConfig> printers,
                        Duration staffSyncPeriod) {
    public PosConfig {
        printers = Map.copyOf(printers);
    }

    public static final Duration DEFAULT_SCAN_WINDOW = Duration.ofSeconds(3);
    private static final Pattern PRINTER =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63})=([A-Za-z0-9.-]+):(\\d{1,5})");
    public static final Duration DEFAULT_QR_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_OFFLINE_LIMIT = Duration.ofHours(24);
    public static final Duration DEFAULT_STAFF_SYNC_PERIOD = Duration.ofMinutes(1);

    public static PosConfig defaults() {
        return new PosConfig(true, "main", ZoneOffset.UTC, DEFAULT_SCAN_WINDOW, DEFAULT_QR_TIMEOUT,
                DEFAULT_OFFLINE_LIMIT, Optional.empty(), Map.of(), DEFAULT_STAFF_SYNC_PERIOD);
    }

    /** The staff file: {@code pos.staff-file}, or {@code pos-staff.json} in the data directory. */
    public Path staffFile(Path dataDir) {
        return staffFile.orElse(dataDir.resolve("pos-staff.json"));
    }

    public static PosConfig read(ConfigReader in) {
        String enabled = in.string("pos.enabled", "false");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            in.problem("pos.enabled must be true or false, was '" + enabled + "'");
        }
        String catalog = in.id("pos.catalog", "main");
        String zoneName = in.string("pos.zone", "UTC");
        ZoneId zone = ZoneOffset.UTC;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            in.problem("pos.zone must be an IANA time zone (e.g. Europe/Madrid), was '" + zoneName + "'");
        }
        Duration window = in.duration("pos.duplicate-scan-window", DEFAULT_SCAN_WINDOW, Duration.ZERO,
                Duration.ofSeconds(60));
        Duration qr = in.duration("pos.qr-timeout", DEFAULT_QR_TIMEOUT, Duration.ofSeconds(5), Duration.ofMinutes(10));
        Duration offline = in.duration("pos.offline-limit", DEFAULT_OFFLINE_LIMIT, Duration.ofMinutes(1),
                Duration.ofDays(30));
        Path staff = in.path("pos.staff-file", null);
        Duration staffSync = in.duration("pos.staff-sync-period", DEFAULT_STAFF_SYNC_PERIOD, Duration.ofSeconds(1),
                Duration.ofHours(1));
        Map<String, NetworkPrinterConfig> printers = new LinkedHashMap<>();
        String list = in.string("pos.printers", "");
        for (String entry : list.isBlank() ? new String[0] : list.split(",")) {
            Matcher m = PRINTER.matcher(entry.strip());
            if (!m.matches()) {
                in.problem("pos.printers must list terminal=host:port entries separated by commas (e.g."
                        + " till-1=192.168.1.50:9100), was '" + entry.strip() + "' in '" + list + "'");
                continue;
            }
            int port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65_535 || printers.containsKey(m.group(1))) {
                in.problem("pos.printers: " + m.group(1) + (port < 1 || port > 65_535
                        ? ": port must be between 1 and 65535, was " + port : " is listed twice"));
                continue;
            }
            printers.put(m.group(1), new NetworkPrinterConfig(m.group(1), m.group(2), port, Duration.ofSeconds(2),
                    Duration.ofSeconds(2)));
        }
        return new PosConfig(enabled.equals("true"), catalog, zone, window, qr, offline, Optional.ofNullable(staff),
                printers, staffSync);
    }
}
