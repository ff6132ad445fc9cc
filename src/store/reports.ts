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

/**
 * Which leads a report counts; every part optional (none: all leads). `from`/`to` bound the
 * creation time (grades report) or the hand-off time (conversion), `to` exclusive; `version` is
 * the definition version a lead is graded under now; `source`/`campaign` match exactly.
 */
export interface ReportFilter {
  readonly from?: number;
  readonly to?: number;
  readonly version?: number;
  readonly source?: string;
  readonly campaign?: string;
}

/** How many leads have each current grade, per source or per campaign (all leads, erased ones too). */
export async function countLeadsByGrade(
  db: Db,
  by: "source" | "campaign",
  filter: ReportFilter = {},
): Promise<GradeCountRow[]> {
  let q = db.selectFrom("leads").select((eb) => [eb.ref(by).as("key"), "grade", eb.fn.countAll().as("n")]);
  if (filter.from !== undefined) q = q.where("created_at", ">=", filter.from);
  if (filter.to !== undefined) q = q.where("created_at", "<", filter.to);
  if (filter.version !== undefined) q = q.where("graded_version", "=", filter.version);
  if (filter.source !== undefined) q = q.where("source", "=", filter.source);
  if (filter.campaign !== undefined) q = q.where("campaign", "=", filter.campaign);
  const rows = await q.groupBy([by, "grade"]).execute();
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
  leads: Pick<ReportFilter, "version" | "source" | "campaign"> = {},
): Promise<LifecycleEventRow[]> {
  let q = db
    .selectFrom("lead_events")
    .select(["id", "lead_id", "type", "at", "data"])
    .where("type", "in", CONVERSION_EVENT_TYPES);
  if (leads.version !== undefined || leads.source !== undefined || leads.campaign !== undefined) {
    let which = db.selectFrom("leads").select("id");
    if (leads.version !== undefined) which = which.where("graded_version", "=", leads.version);
    if (leads.source !== undefined) which = which.where("source", "=", leads.source);
    if (leads.campaign !== undefined) which = which.where("campaign", "=", leads.campaign);
    q = q.where("lead_id", "in", which);
  }
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

/** The values a report can be filtered by: the sources, campaigns and grading versions leads have. */
export async function findReportDimensions(
  db: Db,
): Promise<{ sources: string[]; campaigns: string[]; versions: number[] }> {
  const distinct = async (column: "source" | "campaign") =>
    (
      await db
        .selectFrom("leads")
        .select(column)
        .distinct()
        .where(column, "is not", null)
        .orderBy(column)
        .limit(500)
        .execute()
    ).map((r) => String(r[column]));
  const versions = await db
    .selectFrom("leads")
    .select("graded_version")
    .distinct()
    .where("graded_version", "is not", null)
    .orderBy("graded_version", "desc")
    .execute();
  return {
    sources: await distinct("source"),
    campaigns: await distinct("campaign"),
    versions: versions.map((v) => Number(v.graded_version)),
  };
}
