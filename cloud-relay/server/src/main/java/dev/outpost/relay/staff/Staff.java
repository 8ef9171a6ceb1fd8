package dev.outpost.relay.staff;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The staff member behind a request, as {@link Access#require} found them.
 *
 * @param username      the login name
 * @param roles         the roles held now (read from the store on every request, so a change applies at once)
 * @param jurisdictions the ISO country codes an approver signs off for (empty unless approver)
 * @param credential    how the request proved who it is
 */
public record Staff(String username, SortedSet<Role> roles, SortedSet<String> jurisdictions, Credential credential) {

    /** How a request authenticated: a console session cookie, or an API bearer token. */
    public enum Credential { SESSION, TOKEN }

    public Staff {
        roles = Collections.unmodifiableSortedSet(new TreeSet<>(roles));
        jurisdictions = Collections.unmodifiableSortedSet(new TreeSet<>(jurisdictions));
    }

    /** The audit actor for this staff member: {@code user:alice}. */
    public String actor() {
        return "user:" + username;
    }

    /** Whether this member holds {@code role}; every member holds {@link Role#VIEWER}. */
    public boolean has(Role role) {
        return role == Role.VIEWER ? !roles.isEmpty() : roles.contains(role);
    }

    /** Whether this member may sign off for {@code jurisdiction} (an ISO country code such as FR). */
    public boolean approvesFor(String jurisdiction) {
        return roles.contains(Role.APPROVER) && jurisdictions.contains(jurisdiction);
    }

    List<String> roleNames() {
        return roles.stream().map(Role::wire).toList();
    }
}
