/**
 * The menu document model (ARCHITECTURE.md §5, publish): pure functions over Jackson trees, no storage and no
 * HTTP. A publish runs them in this order:
 *
 * <ol>
 *   <li>{@link dev.outpost.relay.menu.LayerMerge#merge LayerMerge.merge(layers)}: global, region, country, store
 *       and promotional layers, deep-merged in order, with {@code {"$remove": true}} to delete a key.</li>
 *   <li>{@link dev.outpost.relay.menu.MenuValidation#validate MenuValidation.validate(menu)}: every
 *       {@link dev.outpost.relay.menu.MenuProblem} at its exact JSON path, each of kind {@code SCHEMA} or
 *       {@code ALLERGENS} for the two gates.</li>
 *   <li>{@link dev.outpost.relay.menu.PriceBounds#check PriceBounds.check(menu, siblings)}: the
 *       {@link dev.outpost.relay.menu.HeldPrice}s outside 20%–500% of the sibling countries' median.</li>
 *   <li>{@link dev.outpost.relay.menu.MenuDiff#between MenuDiff.between(previous, next)}: items added, removed,
 *       changed, and whether the two-person rule applies.</li>
 *   <li>{@link dev.outpost.relay.menu.ResolvedMenu#resolve ResolvedMenu.resolve(menu, locale)}: one canonical,
 *       content-addressed blob per locale.</li>
 * </ol>
 *
 * <h2>The menu document</h2>
 * A JSON object; every field below is required unless marked optional, and any other field is a problem (a typo
 * such as {@code alergens} must not silently drop allergen data). Null is never allowed.
 * <pre>
 * currency     ISO 4217 code, e.g. "USD"
 * locales      BCP 47 tags in canonical form ("en-US", not "en-us"), at least one, no duplicates
 * dayparts     optional; id → {"from": "06:00", "until": "10:30"}, local HH:mm, from ≠ until,
 *              until before from runs across midnight
 * categories   id → {"names": {locale → text}, "sort": integer}
 * items        id → {
 *   names          {locale → text}
 *   descriptions   optional; {locale → text}
 *   price          {"amount_minor": integer ≥ 0, "currency": the menu's currency}
 *   category       a category id
 *   allergens      {"contains": [...], "may_contain": [...]}: both present (possibly empty), from
 *                  {@link dev.outpost.relay.menu.MenuValidation#ALLERGENS}, no duplicates, disjoint
 *   calories       integer kcal ≥ 0
 *   dayparts       optional; daypart ids, at least one, no duplicates; absent means all day
 *   channels       optional; channel ids (non-blank strings), no duplicates
 * }
 * </pre>
 * Ids (of categories, items, dayparts) match {@code [a-z0-9][a-z0-9-]{0,63}}. Every {@code names} map, and every
 * {@code descriptions} map present, has a non-blank text for each of the menu's locales: screens never fall back
 * to another language. A text in a locale the menu does not show is allowed (a global layer may name items in every
 * country's language) if its key is a canonical BCP 47 tag, and is left out of the resolved blob. Integers are at most 2^53 − 1, the largest a JSON number (and so the canonical blob)
 * carries exactly.
 *
 * <h2>Problems and paths</h2>
 * A path names one field: {@code items.big-burger.price.amount_minor}, {@code locales[1]}, and a key that is not a
 * plain word in brackets as a JSON string ({@code items["big burger"]}). A message says what is wrong and shows the
 * value: a string as a bare word when it is one ({@code was EUR}), quoted otherwise ({@code was " "}), and a value
 * of the wrong type as JSON ({@code expected an integer, was "540"}).
 */
package dev.outpost.relay.menu;
