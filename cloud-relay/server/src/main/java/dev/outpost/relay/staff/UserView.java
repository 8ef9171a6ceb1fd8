package dev.outpost.relay.staff;

import java.time.Instant;
import java.util.List;

/** A staff account as the users API and the audit log show it: never the password hash. */
public record UserView(String username, List<String> roles, List<String> jurisdictions, boolean disabled,
                       Instant createdAt, Instant passwordChangedAt) {
}
