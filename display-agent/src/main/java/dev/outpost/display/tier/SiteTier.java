package dev.outpost.display.tier;

import dev.outpost.api.json.ContractException;
import dev.outpost.site.message.MenuTier;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The site's menu tier as the appliance tells it, retained on {@code Topics.menuTier(site)}: a screen that boots hears
 * it at once. A message that breaks the contract is dropped with a warning and the tier heard last stays.
 */
public final class SiteTier implements AutoCloseable {
    private final String site;
    private final String device;
    private final SiteMqttClient mqtt;
    private final List<Consumer<MenuTier>> listeners = new CopyOnWriteArrayList<>();
    private volatile MenuTier heard;

    private SiteTier(String site, String device, SiteMqttClient mqtt) {
        this.site = site;
        this.device = device;
        this.mqtt = mqtt;
    }

    public static SiteTier listen(String site, String device, SiteMqttClient mqtt) {
        SiteTier tier = new SiteTier(site, device, mqtt);
        mqtt.subscribe(Topics.menuTier(site), 1, (topic, payload) -> tier.receive(payload));
        return tier;
    }

    /** The tier heard last; empty until the appliance has told one. */
    public Optional<MenuTier> heard() {
        return Optional.ofNullable(heard);
    }

    /** Called with every tier heard that differs from the one before. */
    public void onChange(Consumer<MenuTier> listener) {
        listeners.add(listener);
    }

    private void receive(byte[] payload) {
        MenuTier tier;
        try {
            tier = Messages.decode(payload, MenuTier.class);
        } catch (ContractException e) {
            Logger.warn("display {}: menu tier on '{}' dropped, keeping {}: {}", device, Topics.menuTier(site),
                    heard == null ? "none heard" : heard.tier(), e.getMessage());
            return;
        }
        MenuTier before = heard;
        heard = tier;
        if (tier.sameAs(before)) {
            return;
        }
        Logger.info("display {}: site menu tier {} since {}{}", device, tier.tier(), tier.since(),
                tier.running().map(o -> ", overridden by " + o.manager() + " until " + o.until()).orElse(""));
        for (Consumer<MenuTier> listener : listeners) {
            try {
                listener.accept(tier);
            } catch (RuntimeException e) {
                Logger.warn(e, "display {}: a menu tier listener failed", device);
            }
        }
    }

    @Override
    public void close() {
        mqtt.unsubscribe(Topics.menuTier(site));
    }
}
