package dev.outpost.site.broker;

import dev.outpost.site.topic.Ids;
import dev.outpost.site.topic.Topics;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may publish and subscribe where, and which client ids an account may use. Pure, so it is tested without a
 * broker.
 *
 * <ul>
 * <li>{@link Role#APPLIANCE}: publish and subscribe anywhere under {@code outpost/{site}/#}; client id is the
 *     username or {@code username.suffix} (a dot never occurs in a device id, so the appliance can open several
 *     connections without ever taking over a device's session).</li>
 * <li>{@link Role#DEVICE} with username {@code d}: publish under {@code outpost/{site}/devices/d/#} and on
 *     {@code outpost/{site}/clock/request/d}; subscribe to filters inside {@code outpost/{site}/state/#},
 *     {@code outpost/{site}/clock/reply/d} and {@code outpost/{site}/devices/d/#}; client id must equal {@code d}.</li>
 * </ul>
 * A subscription filter is allowed only if every topic it can match is allowed, so {@code outpost/{site}/#} is
 * refused to a device even though some of its topics are readable.
 */
public final class SiteAcl {

    private final String site;
    private final Function<String, Optional<Role>> roles;

    public SiteAcl(String site, Function<String, Optional<Role>> roles) {
        this.site = Ids.site(site);
        this.roles = roles;
    }

    public boolean canWrite(String topic, String username) {
        if (topic == null || topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            return false;
        }
        return allowed(username, true).stream().anyMatch(filter -> covers(filter, topic));
    }

    public boolean canRead(String filter, String username) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        return allowed(username, false).stream().anyMatch(allowed -> covers(allowed, filter));
    }

    public boolean clientIdAllowed(String username, String clientId) {
        Optional<Role> role = role(username);
        if (role.isEmpty() || clientId == null) {
            return false;
        }
        return switch (role.get()) {
            case DEVICE -> clientId.equals(username);
            case APPLIANCE -> clientId.equals(username)
                    || (clientId.startsWith(username + ".") && Ids.isValid(clientId.substring(username.length() + 1)));
        };
    }

    private Optional<Role> role(String username) {
        if (username == null || !Ids.isValid(username)) {
            return Optional.empty();
        }
        return roles.apply(username);
    }

    private List<String> allowed(String username, boolean write) {
        Optional<Role> role = role(username);
        if (role.isEmpty()) {
            return List.of();
        }
        String root = Topics.siteRoot(site);
        return switch (role.get()) {
            case APPLIANCE -> List.of(root + "/#");
            case DEVICE -> write
                    ? List.of(root + "/devices/" + username + "/#", Topics.clockRequest(site, username))
                    : List.of(root + "/state/#", Topics.clockReply(site, username), root + "/devices/" + username + "/#");
        };
    }

    /** True if every topic matched by {@code filter} is matched by {@code allowed} (with '#' needing a level). */
    static boolean covers(String allowed, String filter) {
        String[] a = allowed.split("/", -1);
        String[] f = filter.split("/", -1);
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("#")) {
                // "under" means at least one level below, so a device cannot use its bare device level either
                return i < f.length;
            }
            if (i >= f.length) {
                return false;
            }
            if (a[i].equals("+")) {
                if (f[i].equals("#")) {
                    return false;
                }
                continue;
            }
            if (f[i].equals("+") || f[i].equals("#") || !a[i].equals(f[i])) {
                return false;
            }
        }
        return f.length == a.length;
    }
}
