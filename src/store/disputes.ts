import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import type { DisputesTable } from "./tables.js";

export type DisputeRow = Selectable<DisputesTable>;

export async function insertDispute(db: Db, row: Insertable<DisputesTable>): Promise<number> {
  const { id } = await db.insertInto("disputes").values(row).returning("id").executeTakeFirstOrThrow();
  return Number(id);
}

/** Locks the dispute for its resolution (see findLeadForUpdate for why a no-op update). */
export async function findDisputeForUpdate(db: Db, id: number): Promise<DisputeRow | undefined> {
  await db
    .updateTable("disputes")
    .set((eb) => ({ status: eb.ref("status") }))
    .where("id", "=", id)
    .execute();
  return db.selectFrom("disputes").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function closeDispute(
  db: Db,
  id: number,
  change: { status: "accepted" | "dismissed"; resolved_by: string; resolved_at: number; resolution: string },
): Promise<boolean> {
  const r = await db
    .updateTable("disputes")
    .set(change)
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open disputes, oldest first (the disputes_status index serves it). */
export async function findOpenDisputes(db: Db, limit = 500): Promise<DisputeRow[]> {
  return db
    .selectFrom("disputes")
    .selectAll()
    .where("status", "=", "open")
    .orderBy("opened_at")
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function findDisputesOfLead(db: Db, leadId: string): Promise<DisputeRow[]> {
  return db.selectFrom("disputes").selectAll().where("lead_id", "=", leadId).orderBy("id").execute();
}

/** A dispute as the layers above see it: the stored JSON (claimed value, evidence) parsed here, once. */
export interface Dispute {
  readonly id: number;
  readonly leadId: string;
  readonly fact: string;
  /** The value sales observed; null claims the fact is unknown. */
  readonly claimedValue: boolean | number | string | null;
  readonly evidence: Record<string, unknown>;
  readonly status: "open" | "accepted" | "dismissed";
  readonly openedBy: string;
  readonly openedAt: number;
  readonly resolvedBy: string | null;
  readonly resolvedAt: number | null;
  readonly resolution: string | null;
}

export function disputeOf(row: DisputeRow): Dispute {
  return {
    id: Number(row.id),
    leadId: row.lead_id,
    fact: row.fact,
    claimedValue:
      row.claimed_value === null ? null : (JSON.parse(row.claimed_value) as Dispute["claimedValue"]),
    evidence: JSON.parse(row.evidence) as Record<string, unknown>,
    status: row.status as Dispute["status"],
    openedBy: row.opened_by,
    openedAt: row.opened_at,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  };
}
