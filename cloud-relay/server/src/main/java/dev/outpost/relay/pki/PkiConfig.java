package dev.outpost.relay.pki;

import dev.outpost.api.config.ConfigReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Device identity settings. Every key, its default and unit is in the README's configuration reference.
 *
 * @param httpsPort           https.port: the HTTPS port for devices (mutual TLS) and enrollment (0 = any free port)
 * @param hostnames           https.hostnames: names and IP addresses the relay's server certificate is valid for
 * @param certificateValidity pki.site-certificate-validity: how long a site certificate is valid
 */
public record PkiConfig(int httpsPort, List<String> hostnames, Duration certificateValidity) {

    public PkiConfig {
        hostnames = List.copyOf(hostnames);
        if (hostnames.isEmpty()) {
            throw new IllegalArgumentException("https.hostnames must name at least one host, was empty");
        }
    }

    public static PkiConfig read(ConfigReader in) {
        int port = in.port("https.port", 8473);
        List<String> hostnames = Arrays.stream(in.string("https.hostnames", "localhost,127.0.0.1").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (hostnames.isEmpty()) {
            in.problem("https.hostnames must name at least one host or IP address, e.g. localhost,127.0.0.1,relay.example.com");
            hostnames = List.of("localhost");
        }
        Duration validity = in.duration("pki.site-certificate-validity", Duration.ofDays(365), Duration.ofHours(1),
                Duration.ofDays(3650));
        return new PkiConfig(port, hostnames, validity);
    }
}
