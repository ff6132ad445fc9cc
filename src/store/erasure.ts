import { type CurrentFact, currentFactsOf, encodeCurrentFacts } from "./facts.js";
import type { Db } from "./leads.js";

/**
 * Removes a lead's personal data in place: identity fields, the prospect's words (quotes and
 * notes on observations), free-text fact values (current and in the history, and claimed in
 * disputes), identity and UTM term/content copied into capture events, the evidence text and
 * free-text resolutions of disputes. Facts, grades, stages and outcomes stay, for the statistics;
 * the grade inputs recorded in events hold no free text and are left as they are. The lead's
 * row_version moves, so a writer that read the lead before the erasure loses its compare-and-set
 * and, retrying, no longer finds it open.
 */
export async function eraseLeadPersonalData(
  db: Db,
  leadId: string,
  textFacts: readonly string[],
  now: number,
): Promise<void> {
  await db
    .updateTable("leads")
    .set({
      name: null,
      email: null,
      email_norm: null,
      phone: null,
      phone_norm: null,
      company: null,
      utm_term: null,
      utm_content: null,
      is_open: 0,
      erased_at: now,
      updated_at: now,
      row_version: (eb) => eb("row_version", "+", 1),
    })
    .where("id", "=", leadId)
    .execute();
  if (textFacts.length > 0) {
    const lead = await db.selectFrom("leads").select("facts").where("id", "=", leadId).executeTakeFirst();
    if (lead) {
      const text = new Set(textFacts);
      const facts = currentFactsOf(lead).map(
        ([fact, value, at]): CurrentFact => [fact, text.has(fact) ? null : value, at],
      );
      await db
        .updateTable("leads")
        .set({ facts: encodeCurrentFacts(facts) })
        .where("id", "=", leadId)
        .execute();
    }
  }
  const events = await db
    .selectFrom("lead_events")
    .select(["id", "data"])
    .where("lead_id", "=", leadId)
    .execute();
  const text = new Set(textFacts);
  for (const e of events) {
    const data = JSON.parse(e.data) as {
      observations?: { fact: string; value: unknown }[];
      gradeChange?: unknown;
      fact?: unknown;
      claimedValue?: unknown;
      resolution?: unknown;
      utm?: Record<string, unknown> | null;
    };
    let changed = false;
    for (const o of data.observations ?? []) {
      if (text.has(o.fact) && o.value !== null) {
        o.value = null;
        changed = true;
      }
    }
    // A dispute's claim about a free-text fact, and marketing's free-text resolution.
    if (typeof data.fact === "string" && text.has(data.fact) && data.claimedValue != null) {
      data.claimedValue = null;
      changed = true;
    }
    if (typeof data.resolution === "string" && data.resolution !== "") {
      data.resolution = null;
      changed = true;
    }
    if (data.utm && (data.utm.term !== undefined || data.utm.content !== undefined)) {
      delete data.utm.term;
      delete data.utm.content;
      changed = true;
    }
    // Grade inputs are facts the rules read (never free text); a fact may be keyed "name".
    const { gradeChange, ...rest } = data;
    if (scrub(rest)) changed = true;
    if (changed)
      await db
        .updateTable("lead_events")
        .set({ data: JSON.stringify(gradeChange === undefined ? rest : { ...rest, gradeChange }) })
        .where("id", "=", e.id)
        .execute();
  }
  // The lifecycle state keeps a rejection's evidence (the prospect's words) too.
  const lead = await db.selectFrom("leads").select("lifecycle").where("id", "=", leadId).executeTakeFirst();
  if (lead) {
    const state = JSON.parse(lead.lifecycle) as unknown;
    if (scrub(state))
      await db
        .updateTable("leads")
        .set({ lifecycle: JSON.stringify(state) })
        .where("id", "=", leadId)
        .execute();
  }
  const disputes = await db
    .selectFrom("disputes")
    .select(["id", "evidence", "fact", "resolution"])
    .where("lead_id", "=", leadId)
    .execute();
  for (const d of disputes) {
    const evidence = JSON.parse(d.evidence) as Record<string, unknown>;
    delete evidence.quote;
    delete evidence.note;
    await db
      .updateTable("disputes")
      .set({
        evidence: JSON.stringify(evidence),
        ...(text.has(d.fact) ? { claimed_value: null } : {}),
        ...(d.resolution ? { resolution: "" } : {}),
      })
      .where("id", "=", d.id)
      .execute();
  }
}

/** Keys that carry identity or the prospect's own words, wherever they sit in stored JSON. */
const PERSONAL = new Set(["name", "email", "phone", "company", "quote", "note"]);

/** Deletes personal keys at any depth, in place; true when something was removed. */
function scrub(value: unknown): boolean {
  if (Array.isArray(value)) return value.map(scrub).some(Boolean);
  if (typeof value !== "object" || value === null) return false;
  let changed = false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (PERSONAL.has(key)) {
      delete record[key];
      changed = true;
    } else if (scrub(record[key])) {
      changed = true;
    }
  }
  return changed;
}
