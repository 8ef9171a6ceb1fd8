package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;

/**
 * Appliance → device on {@code Topics.clockReply(site, device)}: the request's {@code t1} echoed, {@code t2} when
 * the appliance received it and {@code t3} when it replied, both on the appliance's clock.
 */
@Document("clock_reply")
public record ClockReply(String deviceId, String requestId, Instant t1, Instant t2, Instant t3)
        implements DeviceMessage {

    public ClockReply {
        Check.id("device_id", deviceId);
        Check.text("request_id", requestId);
        Check.present("t1", t1);
        Check.present("t2", t2);
        Check.present("t3", t3);
        if (t3.isBefore(t2)) {
            throw new InvalidFieldException("t3", "must not be before t2 " + t2 + ", was " + t3);
        }
    }

    public static ClockReply answering(ClockRequest request, Instant t2, Instant t3) {
        return new ClockReply(request.deviceId(), request.requestId(), request.t1(), t2, t3);
    }
}
