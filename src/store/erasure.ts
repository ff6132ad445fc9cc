import type { Db } from "./leads.js";

/**
 * Removes a lead's personal data in place: identity fields, the prospect's words (quotes and
 * notes on fact events), free-text fact values, identity copied into capture events, and the
 * evidence text of disputes. Facts, grades, stages and outcomes stay, for the statistics.
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
    })
    .where("id", "=", leadId)
    .execute();
  await db
    .updateTable("fact_events")
    .set({ quote: null, note: null })
    .where("lead_id", "=", leadId)
    .execute();
  if (textFacts.length > 0) {
    await db
      .updateTable("fact_events")
      .set({ value: null })
      .where("lead_id", "=", leadId)
      .where("fact", "in", textFacts)
      .execute();
    await db
      .updateTable("lead_facts")
      .set({ value: null })
      .where("lead_id", "=", leadId)
      .where("fact", "in", textFacts)
      .execute();
  }
  const events = await db
    .selectFrom("lead_events")
    .select(["id", "data"])
    .where("lead_id", "=", leadId)
    .execute();
  for (const e of events) {
    const data = JSON.parse(e.data) as Record<string, unknown>;
    let changed = false;
    for (const key of ["name", "email", "phone", "company", "quote", "note"]) {
      if (key in data) {
        delete data[key];
        changed = true;
      }
    }
    if (changed)
      await db
        .updateTable("lead_events")
        .set({ data: JSON.stringify(data) })
        .where("id", "=", e.id)
        .execute();
  }
  const disputes = await db
    .selectFrom("disputes")
    .select(["id", "evidence"])
    .where("lead_id", "=", leadId)
    .execute();
  for (const d of disputes) {
    const evidence = JSON.parse(d.evidence) as Record<string, unknown>;
    delete evidence.quote;
    delete evidence.note;
    await db
      .updateTable("disputes")
      .set({ evidence: JSON.stringify(evidence) })
      .where("id", "=", d.id)
      .execute();
  }
}
