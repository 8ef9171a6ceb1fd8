package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import java.time.Instant;

/** Device → appliance on {@code Topics.clockRequest(site, device)}: {@code t1} is the device's clock at sending. */
@Document("clock_request")
public record ClockRequest(String deviceId, String requestId, Instant t1) implements DeviceMessage {

    public ClockRequest {
        Check.id("device_id", deviceId);
        Check.text("request_id", requestId);
        Check.present("t1", t1);
    }
}
