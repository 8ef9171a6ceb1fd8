package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a site's gates must obey, as the relay holds it for the site's mall: {@code capacity}, {@code mode} (only
 * NORMAL admits; FIRE opens everything) and {@code state} (UNKNOWN after a FIRE until an operator recounts: no
 * admissions). {@code recounts} counts the operator recounts of the mall (0 before the first): a gate that saw a
 * fire waits for the next one, and holders report exits against it (see {@link LeaseRenew}). {@code version} moves
 * whenever the mall's ledger changes, on whichever relay; a site long-polls {@code GET /v1/sites/{site}/mall?after=
 * <version>} so a capacity cut or an EVACUATE reaches its gates at once.
 */
@Document("mall_state")
public record MallState(String mallId, long capacity, String mode, String state, long recounts, long version,
                        Instant serverTime) {
    /** The modes, as ARCHITECTURE.md §6 names them. */
    public static final List<String> MODES = List.of("NORMAL", "EVACUATE", "LOCKDOWN", "FIRE");
    /** Whether the relay knows how many people are inside. */
    public static final List<String> STATES = List.of("KNOWN", "UNKNOWN");
    /** The longest the relay holds a long-poll before answering with the state unchanged. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(25);

    public MallState {
        Fields.nonBlank("mall_id", mallId);
        Fields.notNegative("capacity", capacity);
        Fields.oneOf("mode", mode, MODES);
        Fields.oneOf("state", state, STATES);
        Fields.notNegative("recounts", recounts);
        Fields.positive("version", version);
        Fields.present("server_time", serverTime);
    }
}
