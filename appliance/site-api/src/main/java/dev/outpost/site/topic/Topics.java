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
 * outpost/{site}/state/mode                   retained MallStatus, written by the appliance
 * outpost/{site}/state/menu-tier              retained MenuTier, written by the appliance
 * outpost/{site}/devices/{gate}/lease/ask     gate → hub
 * outpost/{site}/devices/{gate}/lease/grant   hub → gate
 * outpost/{site}/devices/{gate}/journal       gate → hub
 * outpost/{site}/devices/{gate}/journal/ack   hub → gate
 * outpost/{site}/devices/{d}/flip/prepare     appliance → display, retained FlipPrepare
 * outpost/{site}/devices/{d}/flip/decision    appliance → display, retained FlipDecision
 * outpost/{site}/devices/{d}/flip/answer      display → appliance, FlipAnswer
 * outpost/{site}/devices/{d}/flip/report      display → appliance, retained FlipReport
 * outpost/{site}/devices/{d}/menu             display → appliance, retained MenuShown
 * outpost/{site}/state/kds/{station}          retained KitchenStation: a kitchen station's open tickets, by the appliance
 * outpost/{site}/state/lobby                  retained LobbyBoard: the order numbers preparing and ready, by the appliance
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

    public static String menuTier(String site) {
        return siteRoot(site) + "/state/menu-tier";
    }

    /** A kitchen station's tickets; {@code station} is an id like a device's. */
    public static String kdsStation(String site, String station) {
        if (!Ids.isValid(station)) {
            throw new IllegalArgumentException("site " + site + ": kitchen station " + Ids.quote(station)
                    + " must match " + Ids.PATTERN_TEXT);
        }
        return siteRoot(site) + "/state/kds/" + station;
    }

    public static String lobby(String site) {
        return siteRoot(site) + "/state/lobby";
    }

    public static String gateLeaseAsk(String site, String gate) {
        return devicePrefix(site, gate) + "/lease/ask";
    }

    public static String gateLeaseGrant(String site, String gate) {
        return devicePrefix(site, gate) + "/lease/grant";
    }

    public static String gateJournal(String site, String gate) {
        return devicePrefix(site, gate) + "/journal";
    }

    public static String gateJournalAck(String site, String gate) {
        return devicePrefix(site, gate) + "/journal/ack";
    }

    public static String flipPrepare(String site, String device) {
        return devicePrefix(site, device) + "/flip/prepare";
    }

    public static String flipDecision(String site, String device) {
        return devicePrefix(site, device) + "/flip/decision";
    }

    public static String flipAnswer(String site, String device) {
        return devicePrefix(site, device) + "/flip/answer";
    }

    public static String flipReport(String site, String device) {
        return devicePrefix(site, device) + "/flip/report";
    }

    public static String menuShown(String site, String device) {
        return devicePrefix(site, device) + "/menu";
    }

    /** Filter: the flip answers of every display of the site. */
    public static String allFlipAnswers(String site) {
        return siteRoot(site) + "/devices/+/flip/answer";
    }

    /** Filter: the flip reports of every display of the site. */
    public static String allFlipReports(String site) {
        return siteRoot(site) + "/devices/+/flip/report";
    }

    /** Filter: what every display of the site shows. */
    public static String allMenusShown(String site) {
        return siteRoot(site) + "/devices/+/menu";
    }

    /** Filter: the lease asks of every gate of the site. */
    public static String allGateLeaseAsks(String site) {
        return siteRoot(site) + "/devices/+/lease/ask";
    }

    /** Filter: the journals of every gate of the site. */
    public static String allGateJournals(String site) {
        return siteRoot(site) + "/devices/+/journal";
    }

    /** The device id in a topic {@code outpost/{site}/devices/{device}/...}, or empty. */
    public static Optional<String> deviceIn(String site, String topic) {
        String prefix = siteRoot(site) + "/devices/";
        if (topic == null || !topic.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = topic.substring(prefix.length());
        int slash = rest.indexOf('/');
        String device = slash < 0 ? rest : rest.substring(0, slash);
        return Ids.isValid(device) ? Optional.of(device) : Optional.empty();
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
