package dev.outpost.site.message;

/** A message a device publishes about itself; {@link Messages#decodeFrom} checks it against its topic. */
public interface DeviceMessage {
    String deviceId();
}
