package dev.outpost.appliance.tier;

import dev.outpost.api.json.Document;

/** {@code DELETE /v1/menus/override}: end the override running early, decided by {@code manager}, for {@code reason}. */
@Document("menu_override_end")
public record OverrideEnd(String reason, String manager) {
    public OverrideEnd {
        OverrideRequest.text("reason", reason, OverrideRequest.MAX_REASON);
        OverrideRequest.text("manager", manager, OverrideRequest.MAX_MANAGER);
    }
}
