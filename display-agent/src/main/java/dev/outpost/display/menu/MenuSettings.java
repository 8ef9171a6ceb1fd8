package dev.outpost.display.menu;

import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.sign.Ed25519PublicKey;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What the screen shows and how it flips. Every key, its default and unit is in the README's configuration reference.
 *
 * @param rootKey      menu.root-key: the root public key the agent verifies every manifest against (base64url); unset,
 *                     the agent refuses every flip and shows its fail-safe menu or its last-known-good
 * @param variant      menu.variant: the menu variant this screen shows
 * @param locale       menu.locale: its locale
 * @param applianceUrl menu.appliance-url: the appliance's LAN HTTP, where blobs are fetched by hash
 * @param grace        flip.grace: a prepared screen that hears no decision by the activation instant plus this (site
 *                     time) commits on its own and says so
 */
public record MenuSettings(Optional<Ed25519PublicKey> rootKey, String variant, String locale, URI applianceUrl,
                           Duration grace) {
    public static final Duration DEFAULT_GRACE = Duration.ofMillis(500);
    public static final int APPLIANCE_HTTP_PORT = 8471;

    /** The screen's slot as a manifest entry spells it. */
    public String slot() {
        return variant + "/" + locale;
    }

    /** @param brokerUrl the site broker: the appliance's LAN HTTP defaults to its host, port 8471 */
    public static MenuSettings read(ConfigReader in, URI brokerUrl) {
        Optional<Ed25519PublicKey> root = in.publicKey("menu.root-key", "the root public key");
        String host = brokerUrl == null || brokerUrl.getHost() == null ? "127.0.0.1" : brokerUrl.getHost();
        return new MenuSettings(root,
                in.string("menu.variant", "main"),
                in.string("menu.locale", "en-US"),
                in.httpUrl("menu.appliance-url", URI.create("http://" + host + ":" + APPLIANCE_HTTP_PORT)),
                in.duration("flip.grace", DEFAULT_GRACE, Duration.ofMillis(10), Duration.ofMinutes(1)));
    }
}
