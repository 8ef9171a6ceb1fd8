package dev.outpost.relay.staff;

import dev.outpost.api.config.ConfigReader;
import java.time.Duration;

/**
 * Staff login settings; every key, default and unit is in the README's configuration reference.
 *
 * @param passwordCost    staff.password.bcrypt-cost: bcrypt's cost (2^cost rounds); 12 takes about 0.25 s here
 * @param sessionIdle     staff.session.idle: a session unused this long ends
 * @param sessionMax      staff.session.max: a session ends this long after login, however busy
 * @param lockoutFailures staff.lockout.failures: failed logins within the window that lock the name
 * @param lockoutWindow   staff.lockout.window: the window failed logins are counted in
 * @param lockoutDuration staff.lockout.duration: how long a locked name stays locked
 */
public record StaffConfig(int passwordCost, Duration sessionIdle, Duration sessionMax, int lockoutFailures,
                          Duration lockoutWindow, Duration lockoutDuration) {

    public static StaffConfig defaults() {
        return new StaffConfig(12, Duration.ofMinutes(30), Duration.ofHours(12), 5, Duration.ofMinutes(15),
                Duration.ofMinutes(15));
    }

    public static StaffConfig read(ConfigReader in) {
        StaffConfig d = defaults();
        StaffConfig config = new StaffConfig(
                in.intIn("staff.password.bcrypt-cost", d.passwordCost(), 10, 16),
                in.duration("staff.session.idle", d.sessionIdle(), Duration.ofMinutes(1), Duration.ofDays(1)),
                in.duration("staff.session.max", d.sessionMax(), Duration.ofMinutes(1), Duration.ofDays(30)),
                in.intIn("staff.lockout.failures", d.lockoutFailures(), 1, 100),
                in.duration("staff.lockout.window", d.lockoutWindow(), Duration.ofSeconds(1), Duration.ofDays(1)),
                in.duration("staff.lockout.duration", d.lockoutDuration(), Duration.ofSeconds(1), Duration.ofDays(1)));
        if (config.sessionIdle().compareTo(config.sessionMax()) > 0) {
            in.problem("staff.session.idle must not be longer than staff.session.max (" + ConfigText.of(config.sessionMax())
                    + "), was " + ConfigText.of(config.sessionIdle()));
        }
        return config;
    }
}
