package dev.outpost.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * SSL contexts for mutual TLS from files, with the JDK only: our identity (key + certificate chain)
 * and the one CA we trust for the peer, instead of the JDK's public CA list.
 */
public final class Tls {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Tls() {
    }

    /** Identity from a PKCS#12 keystore (its one key entry), trusting only the CA in {@code caPem}. */
    public static SSLContext fromPkcs12(Path keystore, char[] password, Path caPem) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password);
            }
            return context(store, password, caPem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: " + keystore + ": cannot load the PKCS#12 keystore: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Identity from PEM files: an unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}) and its
     * certificate chain, leaf first; trusting only the CA in {@code caPem}.
     */
    public static SSLContext fromPem(Path privateKeyPem, Path certificateChainPem, Path caPem) {
        PrivateKey key = privateKey(privateKeyPem);
        List<X509Certificate> chain = certificates(certificateChainPem);
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", key, password, chain.toArray(new Certificate[0]));
            return context(store, password, caPem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: " + privateKeyPem + ": key does not fit certificate "
                    + certificateChainPem + ": " + e.getMessage(), e);
        }
    }

    /** No client certificate; trusts only the CA in {@code caPem} for the server. */
    public static SSLContext trusting(Path caPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caPem).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("tls: cannot build an SSL context: " + e.getMessage(), e);
        }
    }

    /**
     * From keys and certificates already in memory: {@code key} with its {@code chain} (leaf first) as our identity,
     * or no identity when {@code key} is null; trusting only {@code ca}.
     */
    public static SSLContext of(PrivateKey key, List<X509Certificate> chain, X509Certificate ca) {
        try {
            char[] password = new char[0];
            KeyManagerFactory keys = null;
            if (key != null) {
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("identity", key, password, chain.toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trustManagers(List.of(ca)).getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: cannot build an SSL context for " + (chain.isEmpty() ? "no identity"
                    : chain.get(0).getSubjectX500Principal()) + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyStore identity, char[] password, Path caPem) throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trustManagers(caPem).getTrustManagers(), null);
        return context;
    }

    private static TrustManagerFactory trustManagers(Path caPem) throws GeneralSecurityException {
        return trustManagers(certificates(caPem));
    }

    private static TrustManagerFactory trustManagers(List<X509Certificate> cas) throws GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try {
            trust.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory;
    }

    static List<X509Certificate> certificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IllegalArgumentException("tls: " + pem + ": no certificate found (expected PEM, BEGIN CERTIFICATE)");
            }
            return read.stream().map(X509Certificate.class::cast).toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: " + pem + ": cannot read certificates: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("tls: " + pem + ": cannot read: " + e.getMessage(), e);
        }
        Matcher matcher = PKCS8.matcher(text);
        if (!matcher.find()) {
            if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")) {
                throw new IllegalArgumentException("tls: " + pem + ": a PKCS#1/SEC1 key; convert it to PKCS#8 with "
                        + "`openssl pkcs8 -topk8 -nocrypt -in " + pem.getFileName() + "`");
            }
            throw new IllegalArgumentException("tls: " + pem
                    + ": no unencrypted PKCS#8 key found (expected -----BEGIN PRIVATE KEY-----)");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("tls: " + pem + ": not an EC, RSA or EdDSA PKCS#8 key");
    }
}
