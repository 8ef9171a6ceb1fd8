package dev.outpost.relay.pki;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.enroll.EnrollmentToken;
import dev.outpost.api.enroll.SiteCertificate;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Sites' identities: one-time enrollment tokens, the certificates issued for them, renewal and revocation. All of it
 * lives in the store, so every relay on one database honours a token, a certificate or a revocation at once.
 *
 * <p>Design notes. A token is stored as the SHA-256 of its secret; it is consumed by a conditional UPDATE
 * ({@code used_at IS NULL}) in the same transaction that records the certificate, so of two enrollments racing on one
 * token exactly one commits. Renewal issues a second certificate for a new key and leaves the old one valid until it
 * expires or is revoked, so a site that loses the renewal reply keeps working. Every enrollment, success or refusal,
 * and every site mismatch is audited.
 */
public final class DeviceIdentity {
    public static final Duration MAX_TOKEN_TTL = Duration.ofDays(30);
    private static final Pattern TTL = Pattern.compile("(\\d{1,9})(s|m|h|d)");
    private static final Pattern SITE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String COLUMNS = "serial, site_id, fingerprint, not_before, not_after, issued_at, issued_via,"
            + " revoked_at, revoked_by, revoke_reason";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;
    private final DeviceCa ca;
    private final Duration validity;

    public DeviceIdentity(Store store, AuditLog audit, InstantSource clock, DeviceCa ca, Duration validity) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.ca = ca;
        this.validity = validity;
    }

    /** Over {@code store}'s device CA, creating the CA first if the store has none (relay start, admin commands). */
    public static DeviceIdentity open(Store store, AuditLog audit, InstantSource clock, PkiConfig config) {
        return new DeviceIdentity(store, audit, clock, DeviceCa.loadOrCreate(store, clock.instant()), config.certificateValidity());
    }

    public DeviceCa ca() {
        return ca;
    }

    /** A token just issued: the only time its secret is seen. */
    public record IssuedToken(String siteId, String token, Instant expiresAt) {
    }

    /** Issues a one-time token for {@code siteId}, valid for {@code ttl}; returns it as {@code ot1.<secret>.<ca-fp>}. */
    public String issueToken(String siteId, Duration ttl, String actor, String reason) {
        return issue(siteId, ttl, actor, reason).token();
    }

    /** Reads a token lifetime such as 30m, 24h or 7d. */
    public static Duration ttl(String text) {
        Matcher m = TTL.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw HttpProblem.badRequest("enrollment token: ttl must be a duration such as 30m, 24h or 7d, was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** {@link #issueToken}, with the expiry. */
    public IssuedToken issue(String siteId, Duration ttl, String actor, String reason) {
        requireSite("enrollment token", siteId);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TOKEN_TTL) > 0) {
            throw new HttpProblem(HttpStatus.BAD_REQUEST, "enrollment token for site " + siteId
                    + ": ttl must be between 1s and 30d, was " + format(ttl));
        }
        requireReason("enrollment token for site " + siteId, reason);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        store.inTransaction("issue enrollment token", tx -> {
            tx.update("INSERT INTO enrollment_tokens (token_hash, site_id, issued_at, expires_at, issued_by, reason)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", hash, siteId, now.toEpochMilli(), expires.toEpochMilli(), actor, reason);
            ObjectNode after = node().put("token", tokenId(hash)).put("expires_at", expires.toString());
            return audit.append(tx, new AuditEntry(actor, "device.enrollment-token.issued", "site:" + siteId, null, after, reason));
        });
        return new IssuedToken(siteId, new EnrollmentToken(secret, ca.fingerprint()).toString(), expires);
    }

    /** Trades a token and a CSR for a site certificate, or refuses (audited either way). */
    public SiteCertificate enroll(EnrollRequest request) {
        String site = request.siteId();
        String actor = "enrollment-token:unknown";
        try {
            requireSite("enroll", site);
            EnrollmentToken token;
            try {
                token = EnrollmentToken.parse(request.token());
            } catch (IllegalArgumentException e) {
                throw new HttpProblem(HttpStatus.BAD_REQUEST, "enroll: site " + site + ": " + e.getMessage());
            }
            String hash = sha256(token.secret());
            actor = "enrollment-token:" + tokenId(hash);
            if (!token.caFingerprint().equals(ca.fingerprint())) {
                throw new HttpProblem(HttpStatus.FORBIDDEN, "enroll: site " + site + ": the token names CA " + token.caFingerprint()
                        + " but this relay's device CA is " + ca.fingerprint() + "; issue a token on this relay with "
                        + hint(site));
            }
            X509Certificate certificate = issue(site, request.csr(), "enroll");
            String key = sha256(certificate.getPublicKey().getEncoded());
            String tokenActor = actor;
            return store.inTransaction("enroll site " + site, tx -> {
                Token row = tx.queryOne("SELECT site_id, expires_at, used_at, used_serial, used_key FROM enrollment_tokens"
                                + " WHERE token_hash = ?", r -> new Token(r.getString(1), Instant.ofEpochMilli(r.getLong(2)),
                                optionalInstant(r, 3), Optional.ofNullable(r.getString(4)), Optional.ofNullable(r.getString(5))),
                                hash)
                        .orElseThrow(() -> new HttpProblem(HttpStatus.FORBIDDEN, "enroll: site " + site
                                + ": token not recognised by this relay; " + hint(site)));
                Instant now = clock.instant();
                if (!row.siteId().equals(site)) {
                    throw new HttpProblem(HttpStatus.FORBIDDEN, "enroll: token is for site " + row.siteId() + ", not " + site
                            + "; use that site's token or " + hint(site));
                }
                boolean repeated = row.usedAt().isPresent() && row.usedKey().filter(key::equals).isPresent();
                if (row.usedAt().isPresent() && !repeated) {
                    throw new HttpProblem(HttpStatus.FORBIDDEN, "enroll: site " + site + ": token already used at "
                            + row.usedAt().get() + " (certificate " + row.usedSerial().orElse("?") + "); tokens are single-use, "
                            + hint(site));
                }
                if (!now.isBefore(row.expiresAt())) {
                    throw new HttpProblem(HttpStatus.FORBIDDEN, "enroll: site " + site + ": token expired at " + row.expiresAt()
                            + "; " + hint(site));
                }
                String serial = DeviceCa.serialOf(certificate);
                if (repeated) {
                    tx.update("UPDATE enrollment_tokens SET used_serial = ? WHERE token_hash = ?", serial, hash);
                } else if (tx.update("UPDATE enrollment_tokens SET used_at = ?, used_serial = ?, used_key = ? WHERE token_hash = ?"
                        + " AND used_at IS NULL", now.toEpochMilli(), serial, key, hash) != 1) {
                    throw new HttpProblem(HttpStatus.FORBIDDEN, "enroll: site " + site + ": token was used by a concurrent "
                            + "enrollment; tokens are single-use, " + hint(site));
                }
                record(tx, site, certificate, "enrollment", now);
                audit.append(tx, new AuditEntry(tokenActor, "device.enrolled", "site:" + site, null, describe(certificate),
                        repeated ? "enrollment repeated with the key the token was first used with (certificate "
                                + row.usedSerial().orElse("?") + "; its reply did not reach the device)"
                                : "enrollment with a one-time token"));
                return reply(site, certificate);
            });
        } catch (HttpProblem e) {
            refused(actor, site, e.getMessage());
            throw e;
        }
    }

    /** A new certificate for a new key, for a site that holds a valid one; the old stays valid until it expires or is revoked. */
    public SiteCertificate renew(String site, String currentSerial, String csrPem) {
        X509Certificate certificate = issue(site, csrPem, "renew");
        return store.inTransaction("renew certificate of site " + site, tx -> {
            Instant now = clock.instant();
            record(tx, site, certificate, "renewal", now);
            audit.append(tx, new AuditEntry("site:" + site, "device.certificate.renewed", "site:" + site,
                    node().put("serial", currentSerial), describe(certificate), "renewal by the site, authenticated by "
                    + "certificate " + currentSerial));
            return reply(site, certificate);
        });
    }

    /** Revokes a certificate; every relay on this store refuses it from its next request on. */
    public CertificateRecord revoke(String serial, String actor, String reason) {
        String normalized = serial.strip().toLowerCase(java.util.Locale.ROOT).replace(":", "");
        requireReason("certificate " + normalized, reason);
        return store.inTransaction("revoke certificate " + normalized, tx -> {
            CertificateRecord current = find(tx, normalized).orElseThrow(() -> new HttpProblem(HttpStatus.NOT_FOUND,
                    "certificate " + normalized + ": no such certificate on this relay; list them with "
                            + "./outpost admin list-certificates"));
            if (current.revokedAt().isPresent()) {
                throw new HttpProblem(HttpStatus.CONFLICT, "certificate " + normalized + " of site "
                        + current.siteId() + ": already revoked at " + current.revokedAt().get() + " by "
                        + current.revokedBy().orElse("?"));
            }
            Instant now = clock.instant();
            tx.update("UPDATE site_certificates SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE serial = ?",
                    now.toEpochMilli(), actor, reason, normalized);
            audit.append(tx, new AuditEntry(actor, "device.certificate.revoked", "site:" + current.siteId(),
                    node().put("serial", normalized).put("state", current.state(now)),
                    node().put("serial", normalized).put("state", "revoked"), reason));
            return find(tx, normalized).orElseThrow();
        });
    }

    /** Every certificate issued, newest first; only {@code siteId}'s when given. */
    public List<CertificateRecord> list(Optional<String> siteId) {
        return store.inTransaction("list certificates", tx -> siteId.isPresent()
                ? tx.query("SELECT " + COLUMNS + " FROM site_certificates WHERE site_id = ? ORDER BY issued_at DESC, serial",
                        DeviceIdentity::read, siteId.get())
                : tx.query("SELECT " + COLUMNS + " FROM site_certificates ORDER BY issued_at DESC, serial", DeviceIdentity::read));
    }

    /**
     * Checks a client certificate (already verified as signed by this CA) for a call on {@code pathSite}'s endpoints,
     * against the store: known, not revoked, valid now, and naming that site. A mismatch is audited.
     */
    public CertificateRecord authorize(X509Certificate certificate, String pathSite) {
        String serial = DeviceCa.serialOf(certificate);
        CertificateRecord record = store.read("check certificate " + serial, tx -> find(tx, serial))
                .orElseThrow(() -> new HttpProblem(HttpStatus.FORBIDDEN, "site " + pathSite + ": client certificate " + serial
                        + " is not one this relay issued; enroll with a token from ./outpost admin issue-enrollment-token"));
        if (record.revokedAt().isPresent()) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "site " + record.siteId() + ": certificate " + serial + " was revoked at "
                    + record.revokedAt().get() + " (" + record.revokeReason().orElse("no reason") + "); enroll again with a new "
                    + "token from ./outpost admin issue-enrollment-token --site " + record.siteId());
        }
        Instant now = clock.instant();
        if (now.isAfter(record.notAfter())) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "site " + record.siteId() + ": certificate " + serial + " expired at "
                    + record.notAfter() + "; enroll again with a new token (renew before expiry next time)");
        }
        if (now.isBefore(record.notBefore())) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "site " + record.siteId() + ": certificate " + serial + " is not valid until "
                    + record.notBefore() + " and the relay's clock says " + now + "; check the relay's clock");
        }
        if (!record.siteId().equals(pathSite)) {
            String message = "site " + pathSite + ": refused: the client certificate " + serial + " is for site "
                    + record.siteId() + "; a site may only call its own endpoints (/v1/sites/" + record.siteId() + "/...)";
            audit.append(new AuditEntry("site:" + record.siteId(), "device.site-mismatch", "site:" + pathSite, null,
                    node().put("serial", serial), message));
            throw new HttpProblem(HttpStatus.FORBIDDEN, message);
        }
        return record;
    }

    private X509Certificate issue(String site, String csrPem, String what) {
        try {
            PKCS10CertificationRequest csr = Pem.csr(csrPem);
            return ca.issueSite(site, csr, clock.instant(), validity);
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(HttpStatus.BAD_REQUEST, what + ": site " + site + ": " + e.getMessage());
        }
    }

    private void refused(String actor, String site, String message) {
        String subject = site == null || site.isBlank() ? "site:(none)" : "site:" + site;
        audit.append(new AuditEntry(actor, "device.enrollment.refused", subject, null, null, message));
    }

    private void record(Tx tx, String site, X509Certificate certificate, String via, Instant now) throws SQLException {
        tx.update("INSERT INTO site_certificates (serial, site_id, fingerprint, not_before, not_after, issued_at, issued_via)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", DeviceCa.serialOf(certificate), site, DeviceCa.fingerprint(certificate),
                certificate.getNotBefore().getTime(), certificate.getNotAfter().getTime(), now.toEpochMilli(), via);
    }

    private SiteCertificate reply(String site, X509Certificate certificate) {
        return new SiteCertificate(site, DeviceCa.serialOf(certificate), Pem.write(certificate), Pem.write(ca.certificate()),
                certificate.getNotAfter().toInstant());
    }

    private static Optional<CertificateRecord> find(Tx tx, String serial) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM site_certificates WHERE serial = ?", DeviceIdentity::read, serial);
    }

    private static CertificateRecord read(ResultSet r) throws SQLException {
        return new CertificateRecord(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)),
                Instant.ofEpochMilli(r.getLong(5)), Instant.ofEpochMilli(r.getLong(6)), r.getString(7), optionalInstant(r, 8),
                Optional.ofNullable(r.getString(9)), Optional.ofNullable(r.getString(10)));
    }

    private static Optional<Instant> optionalInstant(ResultSet r, int column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static ObjectNode describe(X509Certificate certificate) {
        return node().put("serial", DeviceCa.serialOf(certificate)).put("fingerprint", DeviceCa.fingerprint(certificate))
                .put("not_after", certificate.getNotAfter().toInstant().toString());
    }

    private static ObjectNode node() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static String format(Duration d) {
        long s = d.getSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String hint(String site) {
        return "issue a new one with ./outpost admin issue-enrollment-token --site " + site;
    }

    private static void requireSite(String what, String site) {
        if (site == null || !SITE_ID.matcher(site).matches()) {
            throw new HttpProblem(HttpStatus.BAD_REQUEST, what + ": site_id must be lower-case letters, digits and dashes "
                    + "(at most 63, e.g. store-0042), was '" + site + "'");
        }
    }

    private static void requireReason(String what, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new HttpProblem(HttpStatus.BAD_REQUEST, what + ": a reason is required (--reason \"...\"): it goes into the audit log");
        }
    }

    /** The first 12 hex digits of a token's hash: enough to tell tokens apart in the audit log, useless to an attacker. */
    private static String tokenId(String hash) {
        return hash.substring(0, 12);
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** usedKey: the SHA-256 of the public key the token was first used with. */
    private record Token(String siteId, Instant expiresAt, Optional<Instant> usedAt, Optional<String> usedSerial,
                         Optional<String> usedKey) {
    }
}
