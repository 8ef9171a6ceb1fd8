package dev.outpost.api.heartbeat;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Instant;

/** The relay's answer to a heartbeat: its clock, and whether to fetch the manifest now rather than at the next poll. */
@Document("heartbeat_reply")
public record HeartbeatReply(Instant serverTime, boolean pullNow) {
    public HeartbeatReply {
        Fields.present("server_time", serverTime);
    }
}
