package dev.outpost.relay.pki;

import dev.outpost.api.enroll.CertificateRequest;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.store.Store;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Date;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Device identity wired into the relay: the HTTPS connector (server certificate from the device CA, client
 * certificates wanted and trusted only from that CA), {@code POST /v1/enroll}, renewal, and the one guard in front of
 * every {@code /v1/sites/*} route, whoever registers it.
 */
public final class DevicePki {
    /** The request attribute the guard sets: the site id the client certificate proved. */
    public static final String SITE_ATTRIBUTE = "outpost.site";
    private static final String CERTIFICATE_ATTRIBUTE = "outpost.site-certificate";
    private static final String SITES_PREFIX = "/v1/sites/";
    /** How long a site's idle connection is kept on the device port: longer than the appliance keeps it (75 s). */
    private static final Duration DEVICE_IDLE_TIMEOUT = Duration.ofMinutes(2);

    private final PkiConfig config;
    private final InstantSource clock;
    private final DeviceIdentity identity;
    private ServerConnector connector;

    private DevicePki(PkiConfig config, InstantSource clock, DeviceIdentity identity) {
        this.config = config;
        this.clock = clock;
        this.identity = identity;
    }

    /** Loads (or creates, once per store) the device CA. */
    public static DevicePki open(Store store, AuditLog audit, InstantSource clock, PkiConfig config) {
        return new DevicePki(config, clock, DeviceIdentity.open(store, audit, clock, config));
    }

    public DeviceIdentity identity() {
        return identity;
    }

    /**
     * Adds the connectors (plain HTTP on {@code httpPort}, then HTTPS), the enrollment routes and the device guard.
     * Javalin adds its own HTTP connector only when none was added, so the plain one is added here too, first: Javalin's
     * {@code port()} answers the first connector's port.
     */
    public void configure(JavalinConfig cfg, String host, int httpPort) {
        SslContextFactory.Server ssl = sslContextFactory();
        cfg.jetty.addConnector((server, httpConfig) -> {
            ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
            plain.setHost(host);
            plain.setPort(httpPort);
            return plain;
        });
        cfg.jetty.addConnector((server, httpConfig) -> {
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // sites may reach the relay by an address not in https.hostnames (a NAT, a tunnel): the pinned CA is what counts
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
            connector.setHost(host);
            connector.setPort(config.httpsPort());
            // sites poll and heartbeat every 30 s and keep their connection 75 s: over the default 30 s idle timeout
            // most polls would cost a new mutual-TLS handshake, the most expensive thing the relay does for a site
            connector.setIdleTimeout(DEVICE_IDLE_TIMEOUT.toMillis());
            return connector;
        });
        cfg.routes.before(SITES_PREFIX + "*", this::guard);
        cfg.routes.post("/v1/enroll", this::enroll);
        cfg.routes.post(SITES_PREFIX + "{site}/certificate", this::renew);
    }

    /** The staff-facing routes: issue tokens, list and revoke certificates, behind the staff login. */
    public DeviceAdminRoutes adminRoutes(Access access) {
        return new DeviceAdminRoutes(identity, access, clock);
    }

    /** The HTTPS port, once started; useful when configured with 0. */
    public int httpsPort() {
        if (connector == null) {
            throw new IllegalStateException("relay: the HTTPS connector is not configured");
        }
        return connector.getLocalPort();
    }

    private void guard(Context ctx) {
        String rest = ctx.path().substring(SITES_PREFIX.length());
        int slash = rest.indexOf('/');
        String site = URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
        if (!ctx.req().isSecure()) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "site " + site + ": device endpoints need mutual TLS on https.port ("
                    + httpsPortOrConfigured() + "); this request came over plain HTTP");
        }
        if (!(ctx.req().getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain)
                || chain.length == 0) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "site " + site + ": device endpoints need a client certificate; "
                    + "enroll the site first (POST /v1/enroll with a token from ./outpost admin issue-enrollment-token)");
        }
        CertificateRecord record = identity.authorize(chain[0], site);
        ctx.attribute(SITE_ATTRIBUTE, record.siteId());
        ctx.attribute(CERTIFICATE_ATTRIBUTE, record.serial());
    }

    private void enroll(Context ctx) {
        if (!ctx.req().isSecure()) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "enroll: needs HTTPS on https.port (" + httpsPortOrConfigured()
                    + "), so the site can check the relay against the CA fingerprint in its token");
        }
        EnrollRequest request = Json.read(ctx.bodyAsBytes(), EnrollRequest.class);
        Responses.json(ctx, identity.enroll(request));
    }

    private void renew(Context ctx) {
        String site = ctx.attribute(SITE_ATTRIBUTE);
        String serial = ctx.attribute(CERTIFICATE_ATTRIBUTE);
        CertificateRequest request = Json.read(ctx.bodyAsBytes(), CertificateRequest.class);
        Responses.json(ctx, identity.renew(site, serial, request.csr()));
    }

    private String httpsPortOrConfigured() {
        return connector != null && connector.getLocalPort() > 0 ? Integer.toString(connector.getLocalPort())
                : Integer.toString(config.httpsPort());
    }

    private SslContextFactory.Server sslContextFactory() {
        DeviceCa ca = identity.ca();
        DeviceCa.ServerIdentity server = ca.issueServer(config.hostnames(), clock.instant());
        char[] password = "in-memory".toCharArray();
        KeyStore keys;
        try {
            keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("relay", server.key(), password, server.chain().toArray(new Certificate[0]));
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("relay: cannot hold the HTTPS key in memory: " + e.getMessage(), e);
        }
        X509TrustManager clients = new SiteTrust(ca.certificate(), clock);
        SslContextFactory.Server factory = new SslContextFactory.Server() {
            @Override
            protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
                return new TrustManager[] {clients};
            }
        };
        factory.setKeyStore(keys);
        factory.setKeyStorePassword(new String(password));
        factory.setKeyManagerPassword(new String(password));
        factory.setWantClientAuth(true);
        return factory;
    }

    /**
     * Client certificates: signed by the device CA and valid on the relay's clock; revocation and the site are checked
     * per request by the guard, against the store. Staff clients present none, which is allowed (want, not need).
     */
    private record SiteTrust(X509Certificate ca, InstantSource clock) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no client certificate");
            }
            X509Certificate leaf = chain[0];
            try {
                leaf.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CertificateException("client certificate " + leaf.getSubjectX500Principal()
                        + " is not signed by this relay's device CA", e);
            }
            leaf.checkValidity(Date.from(clock.instant()));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the relay does not act as a TLS client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {ca};
        }
    }
}
