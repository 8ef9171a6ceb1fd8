package dev.outpost.relay.posstaff;

import java.util.List;

/**
 * A POS employee as staff see them (and the audit records them): never the PIN hash, only whether one is set.
 *
 * @param sites the stores they work at; empty when {@code allStores}
 */
public record PosEmployee(String employeeId, String name, String role, boolean allStores, List<String> sites,
                          boolean active, String updatedBy, String updatedAt) {
    public PosEmployee {
        sites = List.copyOf(sites);
    }
}
