import type { ExpressionBuilder, Selectable, UpdateObject } from "kysely";
import { dialectOf } from "./dialect.js";
import type { Db } from "./leads.js";
import type { Database, JobsTable } from "./tables.js";

/**
 * The jobs table is the source of truth for background work: a job is due when it is not done,
 * its run_at has come and nobody holds a live lease on it. A runner takes a lease (owner + expiry)
 * before working; if it dies, the lease expires and another runner takes the job over. Every
 * write below checks the lease owner, so a runner that lost its lease can no longer change the job.
 * Times are the app clock's epoch ms, never the database's: tests drive them, and every process
 * compares leases on the same scale.
 */
export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly dedupeKey: string;
  /** The parsed JSON payload given at scheduling. */
  readonly payload: unknown;
  readonly runAt: number;
  readonly leaseOwner: string | null;
  readonly leaseUntil: number | null;
  /** Claims so far (since the last success, for a perpetual job): drives the retry backoff. */
  readonly attempts: number;
  readonly doneAt: number | null;
  readonly lastError: string | null;
}

type JobRow = Selectable<JobsTable>;

function toJob(row: JobRow): Job {
  return {
    id: Number(row.id),
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    payload: JSON.parse(row.payload),
    runAt: Number(row.run_at),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    attempts: Number(row.attempts),
    doneAt: row.done_at === null ? null : Number(row.done_at),
    lastError: row.last_error,
  };
}

/**
 * Schedules a job, once per dedupe key. If a job with the key is pending, it is kept (payload,
 * attempts, any lease) and runs at the earlier of the two times; if it is done, it is re-armed
 * with the new payload and time. One statement (ON CONFLICT), so concurrent schedulers cannot
 * create two rows.
 */
export async function scheduleJob(
  db: Db,
  job: { kind: string; dedupeKey: string; payload?: unknown; runAt: number },
): Promise<Job> {
  const row = await db
    .insertInto("jobs")
    .values({
      kind: job.kind,
      dedupe_key: job.dedupeKey,
      payload: JSON.stringify(job.payload ?? null),
      run_at: job.runAt,
      attempts: 0,
    })
    .onConflict((oc) =>
      oc.column("dedupe_key").doUpdateSet((eb) => {
        const pending = eb("jobs.done_at", "is", null);
        // A pending job keeps its own value; a done one takes the new row's (re-armed).
        type Kept = "kind" | "payload" | "lease_owner" | "lease_until" | "attempts" | "last_error";
        const pick = <C extends Kept>(col: C) =>
          eb
            .case()
            .when(pending)
            .then(eb.ref(`jobs.${col}`))
            .else(eb.ref(`excluded.${col}`))
            .end();
        return {
          kind: pick("kind"),
          payload: pick("payload"),
          run_at: eb
            .case()
            .when(eb.and([pending, eb("jobs.run_at", "<=", eb.ref("excluded.run_at"))]))
            .then(eb.ref("jobs.run_at"))
            .else(eb.ref("excluded.run_at"))
            .end(),
          lease_owner: pick("lease_owner"),
          lease_until: pick("lease_until"),
          attempts: pick("attempts"),
          last_error: pick("last_error"),
          done_at: null,
        };
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toJob(row);
}

/**
 * Atomically claims one due job (oldest run_at first) for `owner` until `now + leaseMs`, counting
 * the attempt. PostgreSQL: the inner SELECT … FOR UPDATE SKIP LOCKED makes concurrent claimers
 * pass over each other's rows instead of queueing or taking the same one, and re-checks the
 * conditions on the row's latest version. SQLite has one writer: the single UPDATE statement
 * cannot interleave with another claim. Returns undefined when nothing is due.
 */
export async function claimJob(
  db: Db,
  options: { owner: string; now: number; leaseMs: number; kinds?: readonly string[] | undefined },
): Promise<Job | undefined> {
  const { owner, now, leaseMs, kinds } = options;
  if (kinds && kinds.length === 0) return undefined;
  const postgres = dialectOf(db) === "postgres";
  const row = await db
    .updateTable("jobs")
    .set((eb) => ({
      lease_owner: owner,
      lease_until: now + leaseMs,
      attempts: eb("attempts", "+", 1),
    }))
    .where("id", "=", (eb) =>
      eb
        .selectFrom("jobs")
        .select("id")
        .where("done_at", "is", null)
        .where("run_at", "<=", now)
        .where((w) => w.or([w("lease_until", "is", null), w("lease_until", "<=", now)]))
        .$if(kinds !== undefined, (q) => q.where("kind", "in", kinds as readonly string[]))
        .orderBy("run_at")
        .orderBy("id")
        .limit(1)
        .$if(postgres, (q) => q.forUpdate().skipLocked()),
    )
    .returningAll()
    .executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/** Extends the lease of a running job; false when `owner` no longer holds it (taken over, or finished). */
export async function extendLease(db: Db, id: number, owner: string, until: number): Promise<boolean> {
  const r = await db
    .updateTable("jobs")
    .set({ lease_until: until })
    .where("id", "=", id)
    .where("lease_owner", "=", owner)
    .where("done_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Marks a job done. Only its lease owner may: false when another runner took the job over (this
 * runner's lease had expired), so the late finisher of a job presumed dead changes nothing.
 * An expired lease that nobody took over still counts: the work is done, rerunning it is waste.
 */
export async function completeJob(db: Db, id: number, owner: string, now: number): Promise<boolean> {
  return ownedUpdate(db, id, owner, { done_at: now, lease_owner: null, lease_until: null });
}

/**
 * Records a failure and frees the job to be retried at `retryAt` (the caller computes the
 * backoff from `attempts`). The error is kept in last_error. False when the lease was lost.
 */
export async function failJob(
  db: Db,
  id: number,
  owner: string,
  error: string,
  retryAt: number,
): Promise<boolean> {
  return ownedUpdate(db, id, owner, {
    run_at: retryAt,
    last_error: error.slice(0, 4000),
    lease_owner: null,
    lease_until: null,
  });
}

/**
 * A perpetual job finished a round: it stays pending, due again at `runAt`, with its attempt
 * count reset (the backoff restarts) and the last error cleared. False when the lease was lost.
 */
export async function rescheduleJob(db: Db, id: number, owner: string, runAt: number): Promise<boolean> {
  return ownedUpdate(db, id, owner, {
    run_at: runAt,
    attempts: 0,
    last_error: null,
    lease_owner: null,
    lease_until: null,
  });
}

/**
 * Gives a job back untouched (a runner shutting down cleanly): due again at once for another
 * runner, and the claim does not count as an attempt. False when the lease was lost.
 */
export async function releaseJob(db: Db, id: number, owner: string): Promise<boolean> {
  return ownedUpdate(db, id, owner, (eb) => ({
    lease_owner: null,
    lease_until: null,
    attempts: eb("attempts", "-", 1),
  }));
}

/** A job by id, for inspection (tests, admin views). */
export async function findJob(db: Db, id: number): Promise<Job | undefined> {
  const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/** The job scheduled under this dedupe key, done or not. */
export async function findJobByDedupeKey(db: Db, dedupeKey: string): Promise<Job | undefined> {
  const row = await db.selectFrom("jobs").selectAll().where("dedupe_key", "=", dedupeKey).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

async function ownedUpdate(
  db: Db,
  id: number,
  owner: string,
  change:
    | UpdateObject<Database, "jobs">
    | ((eb: ExpressionBuilder<Database, "jobs">) => UpdateObject<Database, "jobs">),
): Promise<boolean> {
  const r = await db
    .updateTable("jobs")
    .set(change)
    .where("id", "=", id)
    .where("lease_owner", "=", owner)
    .where("done_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
