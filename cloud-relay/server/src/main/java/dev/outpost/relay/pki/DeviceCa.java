package dev.outpost.relay.pki;

import dev.outpost.api.enroll.EnrollmentToken;
import dev.outpost.relay.store.Store;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The device certificate authority: an ECDSA P-256 key and a self-signed certificate, kept in the store (table
 * {@code device_ca}) so every relay on one database shares one CA. The first relay (or admin command) to open an
 * empty store creates it; a concurrent creator loses the insert-if-absent race and loads the winner's.
 * P-256 because every TLS stack (the JDK's included) takes it for client certificates.
 */
public final class DeviceCa {
    /** Site certificates name their site as this URI SAN prefix, and as {@code CN=site:<id>}. */
    public static final String SITE_URI_PREFIX = "outpost:site:";
    private static final Pattern SITE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String fingerprint;

    private DeviceCa(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
        this.fingerprint = fingerprint(certificate);
    }

    /** Loads the store's CA, creating it first if the store has none. */
    public static DeviceCa loadOrCreate(Store store, Instant now) {
        Optional<DeviceCa> existing = load(store);
        if (existing.isPresent()) {
            return existing.get();
        }
        KeyPair pair = newKeyPair();
        X500Name name = new X500Name("CN=Outpost device CA " + serial().toString(16).substring(0, 8));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("device CA: cannot build the CA certificate: " + e.getMessage(), e);
        }
        X509Certificate cert = sign(builder, pair.getPrivate());
        DeviceCa created = new DeviceCa(pair.getPrivate(), cert);
        store.inTransaction("create device CA", tx -> {
            String upsert = "INSERT INTO device_ca (id, key_pem, certificate_pem, fingerprint, created_at) VALUES (1, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO NOTHING";
            return tx.update(upsert, Pem.write(pair.getPrivate()), Pem.write(cert), created.fingerprint, now.toEpochMilli());
        });
        return load(store).orElseThrow(() -> new IllegalStateException("device CA: created but cannot be read back"));
    }

    private static Optional<DeviceCa> load(Store store) {
        return store.inTransaction("load device CA", tx -> tx.queryOne(
                "SELECT key_pem, certificate_pem FROM device_ca WHERE id = 1",
                r -> new DeviceCa(Pem.privateKey(r.getString(1)), Pem.certificate(r.getString(2)))));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the CA certificate's DER, lower-case hex: what enrollment tokens carry. */
    public String fingerprint() {
        return fingerprint;
    }

    /** A certificate a CSR asked for, naming {@code siteId}; the CSR's own subject is ignored. */
    public X509Certificate issueSite(String siteId, PKCS10CertificationRequest csr, Instant now, Duration validity) {
        if (!SITE_ID.matcher(siteId).matches()) {
            throw new IllegalArgumentException("site_id must be lower-case letters, digits and dashes (at most 63), was '"
                    + siteId + "'");
        }
        PublicKey publicKey = checkedKey(csr);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), new X500Name("CN=site:" + siteId), publicKey);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, SITE_URI_PREFIX + siteId)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("device CA: cannot build a certificate for site " + siteId + ": " + e.getMessage(), e);
        }
        return sign(builder, key);
    }

    /** The relay's HTTPS identity: a fresh key and a server certificate for {@code hostnames}, chain leaf first. */
    public ServerIdentity issueServer(List<String> hostnames, Instant now) {
        KeyPair pair = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(Duration.ofDays(397))),
                new X500Name("CN=" + hostnames.getFirst()), pair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String host : hostnames) {
            names.add(isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("device CA: cannot build the server certificate for " + hostnames + ": "
                    + e.getMessage(), e);
        }
        return new ServerIdentity(pair.getPrivate(), List.of(sign(builder, key), certificate));
    }

    /** The relay's HTTPS key and its certificate chain (leaf, then the device CA). */
    public record ServerIdentity(PrivateKey key, List<X509Certificate> chain) {
    }

    /** The site a certificate of this CA names (its {@code outpost:site:} URI), if any. */
    public static Optional<String> siteOf(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return Optional.empty();
            }
            for (List<?> san : sans) {
                if (Integer.valueOf(GeneralName.uniformResourceIdentifier).equals(san.get(0))
                        && san.get(1) instanceof String uri && uri.startsWith(SITE_URI_PREFIX)) {
                    return Optional.of(uri.substring(SITE_URI_PREFIX.length()));
                }
            }
            return Optional.empty();
        } catch (java.security.cert.CertificateParsingException e) {
            return Optional.empty();
        }
    }

    public static String serialOf(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return EnrollmentToken.fingerprint(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint certificate: " + e.getMessage(), e);
        }
    }

    private static PublicKey checkedKey(PKCS10CertificationRequest csr) {
        PublicKey publicKey;
        try {
            publicKey = new JcaPKCS10CertificationRequest(csr).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("csr: unreadable public key: " + e.getMessage(), e);
        }
        if (!(publicKey instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("csr: the key must be ECDSA P-256 (secp256r1), was " + publicKey.getAlgorithm()
                    + "; generate it with openssl ecparam -name prime256v1 -genkey");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("csr: its signature does not verify against its own public key; "
                        + "sign the request with the key it names");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("csr: cannot check its signature: " + e.getMessage(), e);
        }
        return publicKey;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("device CA: cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("device CA: this JDK cannot generate EC P-256 keys: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
