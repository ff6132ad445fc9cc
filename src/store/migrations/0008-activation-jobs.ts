import type { Kysely } from "kysely";

/**
 * `definition_activations`: one row per activation of a definition version, written in the
 * transaction that flips the version and kept up to date by the background regrade that follows
 * (each batch adds its counts in its own transaction, so the counts survive a crash exactly as the
 * regraded leads do). It is the durable `definition.activated` event: who, when it started and
 * finished, how many open leads it had to regrade, how many it regraded, how many grades changed.
 * `job_id` is the jobs row that runs the regrade (the API reports its state).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("definition_activations")
    .addColumn("version", "integer", (c) => c.primaryKey())
    .addColumn("retired_version", "integer")
    .addColumn("activated_by", "text", (c) => c.notNull())
    .addColumn("job_id", "bigint")
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint")
    /** Open leads not graded with the version when it was activated. */
    .addColumn("total", "integer", (c) => c.notNull())
    /** Leads regraded so far (stamped with the version by the regrade). */
    .addColumn("done", "integer", (c) => c.notNull())
    /** Of those, leads whose grade changed (the only ones that get a grade event). */
    .addColumn("changed", "integer", (c) => c.notNull())
    .execute();
}
