package dev.outpost.appliance.enroll;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.enroll.CertificateRequest;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.enroll.EnrollmentToken;
import dev.outpost.api.enroll.SiteCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.tinylog.Logger;

/**
 * The site's identity towards the relay: an ECDSA P-256 key made here (it never leaves the device), the site
 * certificate the relay's device CA issued for it, and that CA, pinned. Kept under {@code data.dir/identity}
 * ({@code site.key} 0600, {@code site.crt}, {@code ca.crt}), each written with fsync and an atomic rename; the
 * certificate is written last, so its presence means the identity is whole.
 *
 * <p>In the last third of its certificate's life, {@link #client()} renews it with a new key (the old certificate
 * stays valid at the relay until it expires or is revoked).
 *
 * <p>Without a certificate, {@link #client()} enrolls first (once: a refused token is not tried again until restart)
 * with the one-time token, verifying the relay's HTTPS certificate against the CA fingerprint the token carries; after
 * that the token is never needed again. The key is on disk ({@code site.key.pending}) before the request goes, so an
 * enrollment that got no answer asks again with the same key and the relay answers it rather than calling the token
 * used.
 */
public final class SiteIdentity implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String siteId;
    private final RelayClient.Options relay;
    private final Optional<EnrollmentToken> token;
    private final Path dir;
    private final InstantSource clock;
    private RelayClient client;
    private RelayException refused;
    private Instant nextRenewalAttempt;

    public SiteIdentity(String siteId, RelayClient.Options relay, Optional<EnrollmentToken> token, Path dataDir,
                        InstantSource clock) {
        this.siteId = siteId;
        this.relay = relay;
        this.token = token;
        this.dir = dataDir.resolve("identity");
        this.clock = clock;
    }

    public Path keyFile() {
        return dir.resolve("site.key");
    }

    public Path certificateFile() {
        return dir.resolve("site.crt");
    }

    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    /**
     * The key an enrollment under way was asked for: kept from before the request until the identity is on disk, so
     * an enrollment whose reply never came (a timeout, a power cut) asks again with the same key, which the relay
     * answers instead of calling the token used.
     */
    public Path pendingKeyFile() {
        return dir.resolve("site.key.pending");
    }

    /** Whether this site holds a certificate (and so never needs its enrollment token again). */
    public boolean enrolled() {
        return Files.isRegularFile(certificateFile()) && Files.isRegularFile(keyFile()) && Files.isRegularFile(caFile());
    }

    /**
     * A client for the relay over mutual TLS, trusting only the pinned CA; enrolls first if this site has no
     * certificate yet.
     *
     * @throws RelayException naming the site and what to do when enrollment is impossible or refused
     */
    public synchronized RelayClient client() {
        if (client == null) {
            if (refused != null) {
                throw refused;
            }
            if (!enrolled()) {
                try {
                    enroll();
                } catch (RelayException e) {
                    // the relay said no (expired, used, wrong site): the token will not get better until the config changes
                    if (e.status().orElse(500) / 100 == 4) {
                        refused = e;
                    }
                    throw e;
                }
            }
            finishRenewal();
            client = RelayClient.create(relay.withSslContext(mutualTls()));
        }
        if (renewalDue()) {
            renew();
        }
        return client;
    }

    /**
     * Whether the certificate is in the last third of its life (on this appliance's clock) and no attempt failed in
     * the last hour.
     */
    private boolean renewalDue() {
        X509Certificate current = read(certificateFile()).getFirst();
        Instant from = current.getNotBefore().toInstant();
        Instant until = current.getNotAfter().toInstant();
        Instant renewAt = until.minus(Duration.between(from, until).dividedBy(3));
        Instant now = clock.instant();
        return !now.isBefore(renewAt) && (nextRenewalAttempt == null || !now.isBefore(nextRenewalAttempt));
    }

    /**
     * Renews with a new key, authenticated by the current certificate. The new key and certificate are written as
     * {@code .next} files first, then renamed key before certificate; {@link #finishRenewal()} completes a rename a
     * crash interrupted. A failure keeps the current certificate (the relay leaves it valid) and waits an hour.
     */
    private void renew() {
        KeyPair pair = newKeyPair();
        X509Certificate ca = read(caFile()).getFirst();
        try {
            SiteCertificate issued = client.renewCertificate(siteId, new CertificateRequest(csr(pair)));
            X509Certificate certificate = certificates(issued.certificate()).getFirst();
            certificate.verify(ca.getPublicKey());
            if (!certificate.getPublicKey().equals(pair.getPublic())) {
                throw new RelayException("renewal reply's certificate is not for the new key", null);
            }
            DurableFiles.writePrivate(next(keyFile()), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            DurableFiles.writePrivate(next(certificateFile()), issued.certificate().getBytes(StandardCharsets.US_ASCII));
            finishRenewal();
            client.close();
            client = RelayClient.create(relay.withSslContext(mutualTls()));
            nextRenewalAttempt = null;
            Logger.info("site {}: certificate renewed: {} valid until {}", siteId, issued.serial(), issued.notAfter());
        } catch (RelayException | IOException | GeneralSecurityException e) {
            nextRenewalAttempt = clock.instant().plus(Duration.ofHours(1));
            Logger.warn("site {}: certificate renewal failed, keeping the current one and trying again at {}: {}", siteId,
                    nextRenewalAttempt, e.getMessage());
        }
    }

    /** Completes an interrupted renewal: both {@code .next} files are durable before the first rename. */
    private void finishRenewal() {
        try {
            Path nextKey = next(keyFile());
            Path nextCertificate = next(certificateFile());
            if (Files.exists(nextKey) && Files.exists(nextCertificate)) {
                DurableFiles.rename(nextKey, keyFile());
            }
            if (Files.exists(nextCertificate) && !Files.exists(nextKey)) {
                DurableFiles.rename(nextCertificate, certificateFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("site " + siteId + ": cannot finish renewing the certificate in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static Path next(Path file) {
        return file.resolveSibling(file.getFileName() + ".next");
    }

    /**
     * Enrolls now: the pending key (made and kept on disk first, or the one an unanswered enrollment left), CSR,
     * {@code POST /v1/enroll}, then the key, CA and certificate on disk. A refusal, or a request that never left,
     * drops the pending key (and the directories made for it); a lost answer or an answer refused here keeps it for
     * the next try.
     */
    public synchronized SiteCertificate enroll() {
        EnrollmentToken enrollment = token.orElseThrow(() -> new RelayException("site " + siteId + ": not enrolled (no "
                + "certificate in " + dir + ") and relay.enrollment-token is not set; issue a token with ./outpost admin "
                + "issue-enrollment-token --site " + siteId + " and put it in the appliance's config", null));
        List<Path> made = missingDirectories();
        KeyPair pair = pendingKey();
        SSLContext byFingerprint = context(null, PinnedCaTrust.byFingerprint(enrollment.caFingerprint(), clock));
        SiteCertificate issued;
        try (RelayClient enroller = RelayClient.create(relay.withSslContext(byFingerprint))) {
            issued = enroller.enroll(new EnrollRequest(siteId, enrollment.toString(), csr(pair)));
        } catch (RelayException e) {
            if (e.unsent() || e.status().orElse(500) / 100 == 4) { // the relay never saw it, or refused it
                dropPendingKey(made);
            }
            throw new RelayException(e.status().orElse(-1), "site " + siteId + ": enrollment failed: " + e.getMessage(), e);
        }
        X509Certificate certificate = certificates(issued.certificate()).getFirst();
        X509Certificate ca = certificates(issued.caChain()).getFirst();
        if (!PinnedCaTrust.fingerprint(ca).equals(enrollment.caFingerprint())) {
            throw new RelayException("site " + siteId + ": enrollment reply names CA sha256 " + PinnedCaTrust.fingerprint(ca)
                    + ", not the token's " + enrollment.caFingerprint() + "; refusing to pin it", null);
        }
        try {
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new RelayException("site " + siteId + ": enrollment reply's certificate is not signed by the CA it names", e);
        }
        if (!certificate.getPublicKey().equals(pair.getPublic())) {
            throw new RelayException("site " + siteId + ": enrollment reply's certificate is not for this site's key", null);
        }
        Instant now = clock.instant();
        if (now.isBefore(certificate.getNotBefore().toInstant()) || now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new RelayException("site " + siteId + ": the relay issued certificate " + issued.serial() + " valid from "
                    + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant()
                    + " but this appliance's clock says " + now + "; check the clock (NTP), then enroll again: the relay"
                    + " answers the key this appliance kept (" + pendingKeyFile() + ") with the same token until it expires",
                    null);
        }
        try {
            DurableFiles.writePrivate(keyFile(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            DurableFiles.writePrivate(caFile(), issued.caChain().getBytes(StandardCharsets.US_ASCII));
            DurableFiles.writePrivate(certificateFile(), issued.certificate().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("site " + siteId + ": enrolled, but cannot store the identity in " + dir + ": "
                    + e.getMessage(), e);
        }
        dropPendingKey(List.of()); // the identity lives in the directories now
        Logger.info("site {}: enrolled with the relay: certificate {} valid until {}, CA sha256 {} pinned", siteId,
                issued.serial(), issued.notAfter(), enrollment.caFingerprint());
        return issued;
    }

    /** The certificate on disk, if enrolled. */
    public Optional<X509Certificate> certificate() {
        return enrolled() ? Optional.of(read(certificateFile()).getFirst()) : Optional.empty();
    }

    /** The SHA-256 fingerprint of the CA pinned at enrollment, as an enrollment token names it; empty if not enrolled. */
    public Optional<String> pinnedCaFingerprint() {
        return enrolled() ? Optional.of(PinnedCaTrust.fingerprint(read(caFile()).getFirst())) : Optional.empty();
    }

    /** The serial of the certificate on disk, if enrolled. */
    public Optional<String> serial() {
        if (!enrolled()) {
            return Optional.empty();
        }
        return Optional.of(read(certificateFile()).getFirst().getSerialNumber().toString(16));
    }

    private SSLContext mutualTls() {
        try {
            PrivateKey key = privateKey(keyFile());
            X509Certificate certificate = read(certificateFile()).getFirst();
            X509Certificate ca = read(caFile()).getFirst();
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("site", key, password, new Certificate[] {certificate, ca});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            return context(factory, PinnedCaTrust.pinned(ca, clock));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("site " + siteId + ": cannot load the identity in " + dir + ": " + e.getMessage()
                    + "; to enroll again, remove that directory and set a new relay.enrollment-token", e);
        }
    }

    private static ECPrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(Files.readString(file, StandardCharsets.US_ASCII).replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                        .strip())));
    }

    /** The pending key on disk with its public half, or a new one written there (fsync, atomic rename) first. */
    private KeyPair pendingKey() {
        Path file = pendingKeyFile();
        try {
            if (Files.isRegularFile(file)) {
                ECPrivateKey key = privateKey(file);
                ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
                org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(key.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return new KeyPair(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, key.getParams())), key);
            }
            KeyPair pair = newKeyPair();
            DurableFiles.writePrivate(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("site " + siteId + ": cannot keep the enrollment key in " + file + ": "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("site " + siteId + ": unreadable enrollment key " + file + ": " + e.getMessage()
                    + "; remove it to enroll with a new key", e);
        }
    }

    /** The identity directory and those above it that do not exist yet, deepest first. */
    private List<Path> missingDirectories() {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir.toAbsolutePath(); d != null && !Files.exists(d); d = d.getParent()) {
            missing.add(d);
        }
        return missing;
    }

    /** Removes the pending key, and {@code made}, the directories its writing made: as if it never was. */
    private void dropPendingKey(List<Path> made) {
        try {
            Files.deleteIfExists(pendingKeyFile());
            for (Path d : made) {
                Files.deleteIfExists(d);
            }
        } catch (IOException e) {
            Logger.warn("site {}: cannot remove {}: {}", siteId, pendingKeyFile(), e.getMessage());
        }
    }

    private static SSLContext context(KeyManagerFactory keys, TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[] {trust}, RANDOM);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("tls: cannot build an SSL context: " + e.getMessage(), e);
        }
    }

    private String csr(KeyPair pair) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=site:" + siteId), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(request);
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("site " + siteId + ": cannot make a certificate request: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate EC P-256 keys: " + e.getMessage(), e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private List<X509Certificate> read(Path file) {
        try {
            return certificates(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("site " + siteId + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private List<X509Certificate> certificates(String pem) {
        try {
            List<X509Certificate> list = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (list.isEmpty()) {
                throw new RelayException("site " + siteId + ": expected a PEM certificate from the relay, found none", null);
            }
            return list;
        } catch (GeneralSecurityException e) {
            throw new RelayException("site " + siteId + ": unreadable certificate: " + e.getMessage(), e);
        }
    }

    /** How long the certificate on disk has left, on this appliance's clock. */
    public Optional<Duration> remaining() {
        return enrolled() ? Optional.of(Duration.between(clock.instant(),
                read(certificateFile()).getFirst().getNotAfter().toInstant())) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
