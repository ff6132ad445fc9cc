import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import type { DefinitionActivationsTable, OutboxTable } from "./tables.js";

/**
 * Activations of definition versions and their regrade's progress: the row is written with the
 * flip, each regrade batch adds its counts in its own transaction, and the last pass marks it
 * finished. Mapped to `Activation` here, so no caller sees a row.
 */
export interface Activation {
  readonly version: number;
  readonly retiredVersion: number | null;
  readonly activatedBy: string;
  readonly jobId: number | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly total: number;
  readonly done: number;
  readonly changed: number;
}

function activationOf(row: Selectable<DefinitionActivationsTable>): Activation {
  return {
    version: Number(row.version),
    retiredVersion: row.retired_version === null ? null : Number(row.retired_version),
    activatedBy: row.activated_by,
    jobId: row.job_id === null ? null : Number(row.job_id),
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    total: Number(row.total),
    done: Number(row.done),
    changed: Number(row.changed),
  };
}

export async function insertActivation(
  db: Db,
  a: Pick<Activation, "version" | "retiredVersion" | "activatedBy" | "startedAt" | "total">,
): Promise<void> {
  await db
    .insertInto("definition_activations")
    .values({
      version: a.version,
      retired_version: a.retiredVersion,
      activated_by: a.activatedBy,
      job_id: null,
      started_at: a.startedAt,
      finished_at: null,
      total: a.total,
      done: 0,
      changed: 0,
    })
    .execute();
}

/** Links the activation to the job that runs its regrade. */
export async function setActivationJob(db: Db, version: number, jobId: number): Promise<void> {
  await db
    .updateTable("definition_activations")
    .set({ job_id: jobId })
    .where("version", "=", version)
    .execute();
}

export async function findActivation(db: Db, version: number): Promise<Activation | undefined> {
  const row = await db
    .selectFrom("definition_activations")
    .selectAll()
    .where("version", "=", version)
    .executeTakeFirst();
  return row ? activationOf(row) : undefined;
}

/** Adds one committed batch's counts; call inside the batch's transaction. */
export async function addActivationProgress(
  db: Db,
  version: number,
  counts: { readonly done: number; readonly changed: number },
): Promise<void> {
  if (counts.done === 0 && counts.changed === 0) return;
  await db
    .updateTable("definition_activations")
    .set((eb) => ({ done: eb("done", "+", counts.done), changed: eb("changed", "+", counts.changed) }))
    .where("version", "=", version)
    .execute();
}

/**
 * Marks the activation finished, once: the row as it is now when this call finished it,
 * undefined when it was finished already (by another runner) or does not exist.
 */
export async function finishActivation(db: Db, version: number, at: number): Promise<Activation | undefined> {
  const row = await db
    .updateTable("definition_activations")
    .set({ finished_at: at })
    .where("version", "=", version)
    .where("finished_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  return row ? activationOf(row) : undefined;
}

/** Closes unfinished activations of other versions: a newer activation took their work over. */
export async function closeActivationsBefore(db: Db, version: number, at: number): Promise<void> {
  await db
    .updateTable("definition_activations")
    .set({ finished_at: at })
    .where("version", "<>", version)
    .where("finished_at", "is", null)
    .execute();
}

/** Open, not erased leads not graded with `version`: what an activation of it has to regrade. */
export async function countLeadsToRegrade(db: Db, version: number): Promise<number> {
  const row = await db
    .selectFrom("leads")
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
    .where("is_open", "=", 1)
    .where("erased_at", "is", null)
    .where((eb) => eb.or([eb("graded_version", "is", null), eb("graded_version", "<>", version)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The one `definition.activated` outbox row of an activation, written in the transaction that
 * finishes it, with its counts. The regrade sends no `lead.graded` per lead: receivers that mirror
 * grades refetch the changed ones after this event.
 */
export function outboxOfActivation(a: Activation): Insertable<OutboxTable> {
  const payload = {
    version: a.version,
    retiredVersion: a.retiredVersion,
    actor: a.activatedBy,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
    total: a.total,
    regraded: a.done,
    changed: a.changed,
  };
  return {
    event: "definition.activated",
    lead_id: null,
    payload: JSON.stringify(payload),
    created_at: a.finishedAt ?? a.startedAt,
  };
}
