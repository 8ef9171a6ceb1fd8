package dev.outpost.relay.occupancy;

import dev.outpost.api.json.ContractException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A mall's mode (ARCHITECTURE.md §6): only NORMAL admits; FIRE also makes the occupancy UNKNOWN. */
public enum Mode {
    NORMAL,
    /** no entries */
    EVACUATE,
    /** no entries, exits open */
    LOCKDOWN,
    /** everything open; passages are uncounted */
    FIRE;

    /** The mode named {@code text}; a {@link ContractException} on {@code document}'s {@code .mode} otherwise. */
    static Mode parse(String document, String text) {
        for (Mode mode : values()) {
            if (mode.name().equals(text)) {
                return mode;
            }
        }
        throw new ContractException(document, ".mode", "unknown mode '" + text + "' (modes: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }
}
