package dev.outpost.appliance.enroll;

import dev.outpost.api.enroll.EnrollmentToken;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts the relay's HTTPS certificate only if it is signed by one CA: before enrollment, the CA whose SHA-256
 * fingerprint the enrollment token carries (found in the chain the relay sends); after, the CA pinned at enrollment.
 * Validity is checked on this appliance's clock, so a wrong clock is named as such. A plain {@link X509TrustManager}
 * on purpose: the JDK wraps it and still checks the host name against the certificate.
 */
final class PinnedCaTrust implements X509TrustManager {
    private final String fingerprint;
    private final Optional<X509Certificate> pinned;
    private final InstantSource clock;

    private PinnedCaTrust(String fingerprint, Optional<X509Certificate> pinned, InstantSource clock) {
        this.fingerprint = fingerprint;
        this.pinned = pinned;
        this.clock = clock;
    }

    static PinnedCaTrust byFingerprint(String caFingerprint, InstantSource clock) {
        return new PinnedCaTrust(caFingerprint, Optional.empty(), clock);
    }

    static PinnedCaTrust pinned(X509Certificate ca, InstantSource clock) {
        return new PinnedCaTrust(fingerprint(ca), Optional.of(ca), clock);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("relay sent no certificate");
        }
        X509Certificate ca = pinned.isPresent() ? pinned.get() : Arrays.stream(chain)
                .filter(c -> fingerprint(c).equals(fingerprint)).findFirst()
                .orElseThrow(() -> new CertificateException("relay certificate chain does not contain the CA named by the "
                        + "enrollment token (sha256 " + fingerprint + "); check that relay.url is the relay that issued the token"));
        X509Certificate leaf = chain[0];
        try {
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("relay certificate " + leaf.getSubjectX500Principal() + " is not signed by the "
                    + (pinned.isPresent() ? "pinned" : "token's") + " CA (sha256 " + fingerprint + ")", e);
        }
        checkValid(leaf, "relay certificate");
        checkValid(ca, "relay CA certificate");
    }

    private void checkValid(X509Certificate certificate, String what) throws CertificateException {
        Instant now = clock.instant();
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new CertificateException(what + " is not valid until " + certificate.getNotBefore().toInstant()
                    + " but this appliance's clock says " + now + "; check the clock (NTP) and try again");
        }
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new CertificateException(what + " expired at " + certificate.getNotAfter().toInstant()
                    + " but this appliance's clock says " + now + "; check the clock (NTP): if it is right, the relay's"
                    + " certificate must be renewed");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the appliance does not accept TLS clients on its relay link");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pinned.map(c -> new X509Certificate[] {c}).orElseGet(() -> new X509Certificate[0]);
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return EnrollmentToken.fingerprint(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a certificate: " + e.getMessage(), e);
        }
    }
}
