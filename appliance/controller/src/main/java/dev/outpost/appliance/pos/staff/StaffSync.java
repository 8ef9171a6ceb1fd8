package dev.outpost.appliance.pos.staff;

import dev.outpost.api.client.FetchedStaff;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Document;
import dev.outpost.api.json.Json;
import dev.outpost.api.posstaff.SiteStaff;
import dev.outpost.appliance.enroll.DurableFiles;
import dev.outpost.appliance.menu.BlobFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Brings the site's staff file to what HQ keeps ({@code GET /v1/sites/{site}/pos-staff}, issue 6), every {@code
 * pos.staff-sync-period}. HQ's list is written whole to the staff file (fsync and an atomic rename), then {@link
 * Staff#replaced} ends the sessions of employees who are gone or changed role; a new employee or a new PIN works at the
 * next login, an old PIN no longer does.
 *
 * <p>Until HQ manages the site's staff (the relay says {@code managed: false}) the file is left alone. From the first
 * list written, the file is HQ's: a {@code <staff file>.hq} file beside it records the ETag and the SHA-256 of what was
 * written, and a file that no longer matches (edited by hand) is replaced by HQ's list at the next sync. The relay out
 * of reach, or an answer the contract refuses, changes nothing: logins go on with the file as it is.
 */
public final class StaffSync implements AutoCloseable {
    /** What was last written from HQ, beside the staff file. */
    @Document("pos_staff_synced")
    record Synced(String etag, String sha256) {
    }

    private final String siteId;
    private final Supplier<RelayClient> relay;
    private final Path file;
    private final Path syncedFile;
    private final Staff staff;
    private final ScheduledExecutorService executor;

    // guarded by this
    private String unmanagedEtag;
    private String lastProblem;

    private StaffSync(String siteId, Supplier<RelayClient> relay, Path file, Staff staff) {
        this.siteId = siteId;
        this.relay = relay;
        this.file = file;
        this.syncedFile = file.resolveSibling(file.getFileName() + ".hq");
        this.staff = staff;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pos-staff-" + siteId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Syncs at once and then every {@code period}, into {@code file}, ending sessions through {@code staff}. */
    public static StaffSync start(String siteId, Supplier<RelayClient> relay, Path file, Staff staff, Duration period) {
        StaffSync sync = new StaffSync(siteId, relay, file, staff);
        sync.executor.scheduleWithFixedDelay(sync::tick, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        return sync;
    }

    /** Not started: tests call {@link #syncNow()} themselves. */
    static StaffSync create(String siteId, Supplier<RelayClient> relay, Path file, Staff staff) {
        return new StaffSync(siteId, relay, file, staff);
    }

    private void tick() {
        try {
            syncNow();
        } catch (RuntimeException e) {
            Logger.error(e, "site {}: pos staff sync failed unexpectedly; trying again at the next period", siteId);
        }
    }

    /**
     * One sync, on the caller's thread: what it did, for logs and tests ({@code "unmanaged"} while HQ manages no staff
     * for the site, {@code "unchanged"}, {@code "written"}, or the problem that left the file as it was).
     */
    public synchronized String syncNow() {
        Optional<Synced> synced = synced();
        boolean edited = synced.isPresent() && !synced.get().sha256().equals(currentSha256());
        String ifNoneMatch = edited ? null : synced.map(Synced::etag).orElse(unmanagedEtag);
        Optional<FetchedStaff> fetched;
        try {
            fetched = relay.get().posStaff(siteId, ifNoneMatch);
        } catch (RuntimeException e) {
            return problem("not taken: " + e.getMessage());
        }
        if (fetched.isEmpty()) {
            lastProblem = null;
            return synced.isPresent() ? "unchanged" : "unmanaged";
        }
        SiteStaff list = fetched.get().staff();
        if (!list.siteId().equals(siteId)) {
            return problem("refused: the relay sent the staff of site " + list.siteId());
        }
        String etag = fetched.get().etag().orElse("");
        if (!list.managed() && synced.isEmpty()) {
            if (unmanagedEtag == null) {
                Logger.info("site {}: HQ manages no POS staff for this site; the staff file {} stays as it is",
                        siteId, file);
            }
            unmanagedEtag = etag;
            lastProblem = null;
            return "unmanaged";
        }
        byte[] bytes = Json.write(new StaffFile.Staff(list.employees().stream().map(e -> new StaffFile.Employee(
                e.employeeId(), e.name(), Role.valueOf(e.role()), e.pinHash())).toList()));
        try {
            DurableFiles.writePrivate(file, bytes);
            DurableFiles.writePrivate(syncedFile, Json.write(new Synced(etag, BlobFiles.sha256(bytes))));
        } catch (IOException e) {
            return problem("not written to " + file + ": " + e.getMessage());
        }
        if (edited) {
            Logger.warn("site {}: pos staff file {} was changed by hand; HQ manages this site's staff, so HQ's list"
                    + " replaced it (change staff at HQ: PUT /v1/pos-staff/<employee>)", siteId, file);
        }
        List<Session> ended = staff.replaced("removed or changed at HQ");
        Logger.info("site {}: pos staff from HQ written to {}: {} employees{}", siteId, file, list.employees().size(),
                ended.isEmpty() ? "" : "; ended " + ended);
        lastProblem = null;
        return "written";
    }

    private Optional<Synced> synced() {
        if (!Files.exists(syncedFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readAllBytes(syncedFile), Synced.class));
        } catch (IOException | ContractException e) {
            // HQ's still: the staff file is rewritten from HQ's list, which writes this file again
            return Optional.of(new Synced("", ""));
        }
    }

    private String currentSha256() {
        try {
            return Files.exists(file) ? BlobFiles.sha256(Files.readAllBytes(file)) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private String problem(String problem) {
        String message = "pos staff from HQ: " + problem + "; the staff file stays as it is";
        if (!message.equals(lastProblem)) {
            Logger.warn("site {}: {}", siteId, message);
        }
        lastProblem = message;
        return message;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
