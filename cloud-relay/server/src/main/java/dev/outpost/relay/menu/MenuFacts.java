package dev.outpost.relay.menu;

import java.util.List;
import java.util.Set;

/**
 * What the top of a menu says that its items are checked against. A null field is one that was itself
 * unusable: the checks against it are skipped, as its own problem is already reported.
 */
record MenuFacts(String currency, List<String> locales, Set<String> dayparts, Set<String> categories) {
}
