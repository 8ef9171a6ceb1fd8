// What the Menus and Approvals pages both show of a menu: prices in their currency, allergens in words, the problems
// that refuse a menu (each at its path), and what the publish gates found.
import { el } from "./ui.js";

const ALLERGEN_WORDS = { cereals_gluten: "cereals with gluten", tree_nuts: "tree nuts", soybeans: "soya" };

/** The audit action a publish leaves, by the state it ended in. */
export const PUBLISH_ACTIONS = { PUBLISHED: "menu.published", HELD: "menu.publish.held", AWAITING_SECOND: "menu.publish.awaiting-second" };

export const STATE_WORDS = {
  PUBLISHED: "published",
  HELD: "held: a price is outside its sibling-country baseline",
  AWAITING_SECOND: "awaiting a second person: a high-risk change",
  REJECTED: "rejected",
};

/** {amount_minor: 949, currency: "EUR"} in `locale`: "€9.49" (en-GB), "9,49 €" (fr-FR), "¥900" (JPY has no minor unit). */
export function formatPrice(price, locale) {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: price.currency });
  return format.format(price.amount_minor / 10 ** format.resolvedOptions().maximumFractionDigits);
}

export function allergenWords(ids) {
  return ids.map((id) => ALLERGEN_WORDS[id] || id.replaceAll("_", " ")).join(", ");
}

/** Both allergen lists of an item, in words: "contains milk, sesame; may contain eggs", or "none declared". */
export function allergenText(allergens) {
  const parts = [];
  if (allergens.contains.length) parts.push("contains " + allergenWords(allergens.contains));
  if (allergens.may_contain.length) parts.push("may contain " + allergenWords(allergens.may_contain));
  return parts.join("; ") || "none declared";
}

/** The problems of a menu that cannot be shown: each with its path (marked), gate, message and the stores it affects. */
export function problemList(problems) {
  const list = el("ul", { class: "problems" });
  for (const p of problems) {
    list.append(el("li", { "data-path": p.path },
      el("mark", { class: "path" }, el("code", { text: p.path })), " ",
      el("span", { class: "gate", text: p.gate }), " ",
      el("span", { text: p.message }),
      el("span", { class: "hint", text: " — stores: " + p.stores.join(", ") })));
  }
  return list;
}

/** What the gates found for a version: passed gates, held prices, high-risk reasons, the countries it affects. */
export function gateFindings(version) {
  const gates = version.gates || {};
  const held = gates.price_bounds ? gates.price_bounds.held : [];
  const risks = gates.two_person ? gates.two_person.reasons : [];
  const box = el("div", { class: "gates" });
  const passed = ["schema", "allergens"].filter((g) => gates[g] === "passed");
  if (passed.length) box.append(el("p", { text: "Passed: " + passed.join(", ") + " validation." }));
  if (held.length) {
    const list = el("ul", { class: "held" });
    for (const h of held) list.append(el("li", { text: h }));
    box.append(el("p", {}, el("strong", { text: "Prices held for review (outside 20%–500% of the sibling countries' median):" })), list);
  }
  if (risks.length) {
    const list = el("ul", { class: "risks" });
    for (const r of risks) list.append(el("li", { text: r }));
    box.append(el("p", {}, el("strong", { text: "High-risk changes (two-person rule):" })), list);
  }
  if (gates.countries && gates.countries.length) {
    box.append(el("p", { text: "Affects " + gates.countries.join(", ") + ": an approver for "
      + (gates.countries.length === 1 ? "that country" : "all of them") + ", other than the publisher, decides." }));
  }
  return box;
}
