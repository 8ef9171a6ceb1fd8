package dev.outpost.display.kds;

import dev.outpost.display.page.ApplianceHttp;
import dev.outpost.display.page.ApplianceHttp.Answer;
import java.util.Optional;

/**
 * A kitchen screen's bump and recall, sent to the appliance's LAN HTTP ({@code POST /v1/kds/{station}/bump} and
 * {@code .../recall}): the appliance holds the orders, so the cook's tap is answered only once it is on the
 * appliance's disk, or refused with the appliance's reason. Nothing is queued on the screen: a bump the appliance did
 * not take is not on the board.
 */
public final class StationCommands {
    private final ApplianceHttp appliance;
    private final String station;

    public StationCommands(ApplianceHttp appliance, String station) {
        this.appliance = appliance;
        this.station = station;
    }

    /** @param body the page's JSON, {@code {"order_id": "..."}}, checked by the appliance */
    public Answer bump(byte[] body) {
        return appliance.send("POST", "/v1/kds/" + station + "/bump", body, Optional.empty());
    }

    public Answer recall() {
        return appliance.send("POST", "/v1/kds/" + station + "/recall", new byte[0], Optional.empty());
    }
}
