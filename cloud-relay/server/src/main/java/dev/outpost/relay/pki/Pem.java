package dev.outpost.relay.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM in and out for certificates, keys and certificate requests. */
final class Pem {
    private Pem() {
    }

    static String write(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    pem.writeObject(new JcaPKCS8Generator(key, null)); // PKCS#8, not SEC1: the JDK reads it back as is
                } else {
                    pem.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static X509Certificate certificate(String pem) {
        Object o = readOne(pem, "certificate");
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(String pem) {
        Object o = readOne(pem, "private key");
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("not a PEM private key (expected -----BEGIN PRIVATE KEY-----)");
    }

    /** A PKCS#10 request; the message names what was found instead. */
    static PKCS10CertificationRequest csr(String pem) {
        Object o;
        try {
            o = readOne(pem, "certificate request");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("csr is not a PEM PKCS#10 certificate request (expected -----BEGIN CERTIFICATE "
                    + "REQUEST-----): " + e.getMessage(), e);
        }
        if (!(o instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException("csr is not a PEM PKCS#10 certificate request (expected -----BEGIN CERTIFICATE "
                    + "REQUEST-----), found " + o.getClass().getSimpleName());
        }
        return csr;
    }

    private static Object readOne(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IllegalArgumentException("no PEM " + what + " found");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
    }
}
