import type { Db } from "./leads.js";

/**
 * Queries behind `truce report`: counts grouped in the database, and the lifecycle events read in
 * pages (never the whole history in memory).
 */

export interface GradeCountRow {
  /** The source or campaign; null when the lead has none. */
  readonly key: string | null;
  readonly grade: string | null;
  readonly count: number;
}

/** How many leads have each current grade, per source or per campaign (all leads, erased ones too). */
export async function countLeadsByGrade(db: Db, by: "source" | "campaign"): Promise<GradeCountRow[]> {
  const rows = await db
    .selectFrom("leads")
    .select((eb) => [eb.ref(by).as("key"), "grade", eb.fn.countAll().as("n")])
    .groupBy([by, "grade"])
    .execute();
  return rows.map((r) => ({ key: r.key, grade: r.grade, count: Number(r.n) }));
}

/** The lifecycle events a conversion report reads: hand-offs and outcomes. */
export const CONVERSION_EVENT_TYPES = ["hand_off", "win", "lose"] as const;

export interface LifecycleEventRow {
  readonly id: number;
  readonly lead_id: string;
  readonly type: string;
  readonly at: number;
  /** JSON: the hand-off's grade, the win's amount and currency, the loss's reason. */
  readonly data: string;
}

/** Where a page of events ends: (lead_id, id) of its last row. */
export interface EventCursor {
  readonly leadId: string;
  readonly id: number;
}

/**
 * Hand-off and outcome events, ordered by lead and then by when they were written, so a reader
 * sees each lead's story whole and in order, one lead after another (keyset on (lead_id, id),
 * which the lead_events_lead index serves).
 */
export async function findConversionEventsPage(
  db: Db,
  after: EventCursor | null,
  limit: number,
): Promise<LifecycleEventRow[]> {
  let q = db
    .selectFrom("lead_events")
    .select(["id", "lead_id", "type", "at", "data"])
    .where("type", "in", CONVERSION_EVENT_TYPES);
  if (after !== null) {
    q = q
      .where("lead_id", ">=", after.leadId)
      .where((eb) =>
        eb.or([
          eb("lead_id", ">", after.leadId),
          eb.and([eb("lead_id", "=", after.leadId), eb("id", ">", after.id)]),
        ]),
      );
  }
  const rows = await q.orderBy("lead_id").orderBy("id").limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), at: Number(r.at) }));
}
