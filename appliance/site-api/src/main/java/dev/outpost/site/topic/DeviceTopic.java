package dev.outpost.site.topic;

/** A parsed per-device topic. */
public record DeviceTopic(String site, String device, Kind kind) {

    public enum Kind { PRESENCE, HEARTBEAT, CLOCK_REQUEST, CLOCK_REPLY }

    public DeviceTopic {
        Ids.site(site);
        Ids.device(site, device);
        if (kind == null) {
            throw new IllegalArgumentException("site " + site + ": device topic of " + device + " needs a kind");
        }
    }

    public String topic() {
        return switch (kind) {
            case PRESENCE -> Topics.presence(site, device);
            case HEARTBEAT -> Topics.heartbeat(site, device);
            case CLOCK_REQUEST -> Topics.clockRequest(site, device);
            case CLOCK_REPLY -> Topics.clockReply(site, device);
        };
    }
}
