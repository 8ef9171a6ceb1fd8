package dev.outpost.relay.menu;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.stores.StoreProfile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a menu layer applies, in the order layers merge: {@code global}, {@code region:<region>},
 * {@code country:<CC>}, {@code store:<site>}, then {@code promo:<name>} overlays while their window is open.
 */
public record Scope(Kind kind, String value) implements Comparable<Scope> {
    private static final Pattern TEXT = Pattern.compile("(region|country|store|promo):([A-Za-z0-9][A-Za-z0-9-]{0,63})");

    /** The kinds in merge order. */
    public enum Kind { GLOBAL, REGION, COUNTRY, STORE, PROMO }

    public static final Scope GLOBAL = new Scope(Kind.GLOBAL, "");

    public static Scope parse(String text) {
        if (text.equals("global")) {
            return GLOBAL;
        }
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw HttpProblem.badRequest("layer scope: expected global, region:<region>, country:<CC>, store:<site> or"
                    + " promo:<name>, was '" + text + "'");
        }
        Kind kind = Kind.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
        if (kind == Kind.COUNTRY && !m.group(2).matches("[A-Z]{2}")) {
            throw HttpProblem.badRequest("layer scope " + text + ": a country is an ISO 3166-1 alpha-2 code such as FR");
        }
        return new Scope(kind, m.group(2));
    }

    /** Whether this base layer (not a promo) applies to {@code store}. */
    public boolean covers(StoreProfile store) {
        return switch (kind) {
            case GLOBAL -> true;
            case REGION -> value.equals(store.region());
            case COUNTRY -> value.equals(store.country());
            case STORE -> value.equals(store.siteId());
            case PROMO -> false;
        };
    }

    @Override
    public int compareTo(Scope other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : value.compareTo(other.value);
    }

    @JsonValue
    @Override
    public String toString() {
        return kind == Kind.GLOBAL ? "global" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + value;
    }
}
