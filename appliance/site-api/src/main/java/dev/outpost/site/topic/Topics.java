package dev.outpost.site.topic;

import java.util.Optional;

/**
 * The LAN topic scheme. Everything lives under {@code outpost/{site}/}; the broker's ACL is written against
 * these same shapes, so a topic built elsewhere by hand will usually be refused.
 *
 * <pre>
 * outpost/{site}/devices/{device}/presence    retained; the device's last will sets it OFFLINE
 * outpost/{site}/devices/{device}/heartbeat
 * outpost/{site}/clock/request/{device}       device → appliance
 * outpost/{site}/clock/reply/{device}         appliance → device
 * outpost/{site}/state/mode                   retained, written by the appliance
 * </pre>
 */
public final class Topics {

    public static final String ROOT = "outpost";

    private Topics() {
    }

    public static String presence(String site, String device) {
        return devicePrefix(site, device) + "/presence";
    }

    public static String heartbeat(String site, String device) {
        return devicePrefix(site, device) + "/heartbeat";
    }

    public static String clockRequest(String site, String device) {
        return siteRoot(site) + "/clock/request/" + Ids.device(site, device);
    }

    public static String clockReply(String site, String device) {
        return siteRoot(site) + "/clock/reply/" + Ids.device(site, device);
    }

    public static String mode(String site) {
        return siteRoot(site) + "/state/mode";
    }

    /** Filter: the presence of every device of the site. */
    public static String allPresence(String site) {
        return siteRoot(site) + "/devices/+/presence";
    }

    /** Filter: the heartbeats of every device of the site. */
    public static String allHeartbeats(String site) {
        return siteRoot(site) + "/devices/+/heartbeat";
    }

    /** Filter: clock requests from every device of the site. */
    public static String allClockRequests(String site) {
        return siteRoot(site) + "/clock/request/+";
    }

    /** Filter: everything of the site. */
    public static String everything(String site) {
        return siteRoot(site) + "/#";
    }

    public static String siteRoot(String site) {
        return ROOT + "/" + Ids.site(site);
    }

    /**
     * Parses a per-device topic (presence, heartbeat, clock request or reply); empty for anything else,
     * including topics whose ids do not match the id pattern.
     */
    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        String[] levels = topic.split("/", -1);
        if (levels.length != 5 || !ROOT.equals(levels[0]) || !Ids.isValid(levels[1])) {
            return Optional.empty();
        }
        String site = levels[1];
        if ("devices".equals(levels[2]) && Ids.isValid(levels[3])) {
            return switch (levels[4]) {
                case "presence" -> Optional.of(new DeviceTopic(site, levels[3], DeviceTopic.Kind.PRESENCE));
                case "heartbeat" -> Optional.of(new DeviceTopic(site, levels[3], DeviceTopic.Kind.HEARTBEAT));
                default -> Optional.empty();
            };
        }
        if ("clock".equals(levels[2]) && Ids.isValid(levels[4])) {
            return switch (levels[3]) {
                case "request" -> Optional.of(new DeviceTopic(site, levels[4], DeviceTopic.Kind.CLOCK_REQUEST));
                case "reply" -> Optional.of(new DeviceTopic(site, levels[4], DeviceTopic.Kind.CLOCK_REPLY));
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /**
     * The device id of a presence or heartbeat topic of {@code site}.
     *
     * @throws IllegalArgumentException if the topic is anything else
     */
    public static String deviceOf(String site, String topic) {
        Ids.site(site);
        return parse(topic)
                .filter(t -> t.site().equals(site))
                .filter(t -> t.kind() == DeviceTopic.Kind.PRESENCE || t.kind() == DeviceTopic.Kind.HEARTBEAT)
                .map(DeviceTopic::device)
                .orElseThrow(() -> new IllegalArgumentException("site " + site + ": topic " + Ids.quote(topic)
                        + " is not a presence or heartbeat topic of this site (expected "
                        + ROOT + "/" + site + "/devices/{device}/presence|heartbeat)"));
    }

    private static String devicePrefix(String site, String device) {
        return siteRoot(site) + "/devices/" + Ids.device(site, device);
    }
}
