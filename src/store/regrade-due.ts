import type { Db } from "./leads.js";

/** A position in the (next_regrade_at, id) order of due leads: the last lead of the previous batch. */
export interface RegradeCursor {
  readonly at: number;
  readonly id: string;
}

/**
 * Open, not erased leads whose grade changes with time by `now` (next_regrade_at <= now), in
 * (next_regrade_at, id) order after `after`, at most `limit`. The keyset keeps a long run moving
 * forward even past leads it had to skip. The bounds on next_regrade_at are written out (not as a
 * row-value comparison) so both engines scan the partial index leads_regrade_due as a range.
 */
export async function findLeadsDueForRegrade(
  db: Db,
  options: { now: number; after?: RegradeCursor | undefined; limit: number },
): Promise<RegradeCursor[]> {
  const { now, after, limit } = options;
  let q = db
    .selectFrom("leads")
    .select(["id", "next_regrade_at"])
    .where("next_regrade_at", "is not", null)
    .where("next_regrade_at", "<=", now)
    .where("is_open", "=", 1)
    .where("erased_at", "is", null);
  if (after) {
    q = q
      .where("next_regrade_at", ">=", after.at)
      .where((eb) => eb.or([eb("next_regrade_at", ">", after.at), eb("id", ">", after.id)]));
  }
  const rows = await q.orderBy("next_regrade_at").orderBy("id").limit(limit).execute();
  return rows.map((r) => ({ at: Number(r.next_regrade_at), id: r.id }));
}

/** The earliest next_regrade_at of any open, not erased lead (null when no grade will change with time). */
export async function earliestRegradeAt(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom("leads")
    .select("next_regrade_at")
    .where("next_regrade_at", "is not", null)
    .where("is_open", "=", 1)
    .where("erased_at", "is", null)
    .orderBy("next_regrade_at")
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.next_regrade_at) : null;
}
