import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import type { FactEventsTable, LeadFactsTable } from "./tables.js";

export type NewFactEvent = Insertable<FactEventsTable>;
export type FactEventRow = Selectable<FactEventsTable>;
export type LeadFactRow = Selectable<LeadFactsTable>;

/**
 * Appends fact events and folds them into the lead's current facts in the same statement set:
 * per fact, the value recorded latest wins (an older observation entered late is kept in the
 * history but does not overwrite a newer one).
 */
export async function appendFactEvents(db: Db, events: readonly NewFactEvent[]): Promise<void> {
  for (const e of events) {
    const { id } = await db.insertInto("fact_events").values(e).returning("id").executeTakeFirstOrThrow();
    await db
      .insertInto("lead_facts")
      .values({
        lead_id: e.lead_id,
        fact: e.fact,
        value: e.value ?? null,
        recorded_at: e.recorded_at,
        event_id: id,
      })
      .onConflict((oc) =>
        oc
          .columns(["lead_id", "fact"])
          .doUpdateSet((eb) => ({
            value: eb.ref("excluded.value"),
            recorded_at: eb.ref("excluded.recorded_at"),
            event_id: eb.ref("excluded.event_id"),
          }))
          .where("lead_facts.recorded_at", "<=", (eb) => eb.ref("excluded.recorded_at")),
      )
      .execute();
  }
}

export async function findLeadFacts(db: Db, leadId: string): Promise<LeadFactRow[]> {
  return db.selectFrom("lead_facts").selectAll().where("lead_id", "=", leadId).execute();
}

export async function findFactEvents(db: Db, leadId: string): Promise<FactEventRow[]> {
  return db.selectFrom("fact_events").selectAll().where("lead_id", "=", leadId).orderBy("id").execute();
}
