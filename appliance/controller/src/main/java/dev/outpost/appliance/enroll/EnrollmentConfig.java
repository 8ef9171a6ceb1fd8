package dev.outpost.appliance.enroll;

import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.enroll.EnrollmentToken;
import java.net.URI;
import java.util.Optional;

/**
 * How this appliance gets its site certificate. Every key, its default and unit is in the README's configuration reference.
 *
 * @param token relay.enrollment-token: the one-time token, used only while data.dir holds no certificate yet
 */
public record EnrollmentConfig(Optional<EnrollmentToken> token) {

    /** Reads relay.enrollment-token; {@code relayUrl} must be https, since device endpoints need mutual TLS. */
    public static EnrollmentConfig read(ConfigReader in, URI relayUrl) {
        String text = in.string("relay.enrollment-token", null);
        Optional<EnrollmentToken> token = Optional.empty();
        if (text != null && !text.isBlank()) {
            try {
                token = Optional.of(EnrollmentToken.parse(text));
            } catch (IllegalArgumentException e) {
                in.problem("relay.enrollment-token: " + e.getMessage());
            }
        }
        if (relayUrl != null && !"https".equals(relayUrl.getScheme())) {
            in.problem("relay.url must be the relay's https URL (its https.port): device endpoints need mutual TLS, was "
                    + relayUrl);
        }
        return new EnrollmentConfig(token);
    }
}
