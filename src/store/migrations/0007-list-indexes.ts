import { type Kysely, sql } from "kysely";

/**
 * Indexes for the leads list as it pages (issue 9). The list orders by (created_at, id) — or
 * (sla_due_at, id) for `due` — and 0001's indexes stopped at created_at: on SQLite every filtered
 * page then sorted its ties on id in a temporary B-tree (`USE TEMP B-TREE FOR LAST TERM OF ORDER
 * BY`), and the due views sorted all their rows. After this, each filter the inbox uses is one
 * index range walked in the keyset's order, stopping when the page is full:
 *
 * - `leads_grade`, `leads_stage`, `leads_source`, `leads_campaign`, `leads_owner`: the same names
 *   and leading column as before, now (column, created_at, id). A page filtered on two of these
 *   walks one of them and checks the other on the row.
 * - `leads_sla`: unanswered hand-offs (the same partial index), now (sla_due_at, id): the `due` order.
 * - `leads_sla_stage` (new): the same unanswered hand-offs by (stage, sla_due_at, id), for the
 *   due views that also filter on the stage ("Hot waiting", "Breached"). Partial: a capture, an
 *   import or a regrade never writes it (sla_due_at is null until a hand-off).
 *
 * A capture writes as many index entries as before: five indexes replace five, the new one is
 * partial. Measurements: bench/README.md (`bench:http`); plans: src/store/list-plans.test.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const unanswered = "sla_due_at is not null and responded_at is null";
  const remake = async (name: string, columns: string[], where?: string) => {
    await db.schema.dropIndex(name).execute();
    let q = db.schema.createIndex(name).on("leads").columns(columns);
    if (where) q = q.where(sql.raw(where) as never);
    await q.execute();
  };
  await remake("leads_grade", ["grade", "created_at", "id"]);
  await remake("leads_stage", ["stage", "created_at", "id"]);
  await remake("leads_source", ["source", "created_at", "id"]);
  await remake("leads_campaign", ["campaign", "created_at", "id"]);
  await remake("leads_owner", ["owner_id", "created_at", "id"]);
  await remake("leads_sla", ["sla_due_at", "id"], unanswered);
  await db.schema
    .createIndex("leads_sla_stage")
    .on("leads")
    .columns(["stage", "sla_due_at", "id"])
    .where(sql.raw(unanswered) as never)
    .execute();
}
