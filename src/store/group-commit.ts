import { performance } from "node:perf_hooks";
import { CompiledQuery, type ControlledTransaction, type Kysely, type Transaction } from "kysely";

export interface GroupCommitOptions {
  /** Most units in one transaction. */
  readonly maxUnits?: number | undefined;
  /** A group takes no further unit once it has run this long (ms): a long unit ends its group. */
  readonly maxMs?: number | undefined;
}

export interface UnitOptions {
  /** Run in a transaction of its own (a long batch: the units beside it would wait for it). */
  readonly alone?: boolean | undefined;
}

export const GROUP_MAX_UNITS = 64;
/**
 * Measured (bench:http, a loaded machine): at 20 ms the cap, not the queue, ended most groups
 * (≈ 10 captures of 45 queued; a capture took 2–4 ms of wall time there), at 200 ms groups held
 * ≈ 47 and captures ran +30–40 %. Units queued meanwhile wait either way; the cap only lets the
 * units already done be answered before a long one finishes.
 */
export const GROUP_MAX_MS = 100;

interface Unit<DB> {
  readonly work: (trx: Transaction<DB>) => Promise<unknown>;
  readonly alone: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

const SAVEPOINT = CompiledQuery.raw("savepoint unit");
const ROLLBACK_TO = CompiledQuery.raw("rollback to unit");
const RELEASE = CompiledQuery.raw("release unit");

/**
 * Group commit for a database with ONE connection (SQLite): units of work submitted while a
 * group is running, or in the same turn of the event loop, are applied in ONE transaction
 * (BEGIN IMMEDIATE … COMMIT), one after the other, each inside its own savepoint. A unit that
 * throws is rolled back to its savepoint and rejected at once with its error; the others go on.
 * A unit's promise resolves only after the COMMIT that holds it (with synchronous = FULL, on
 * disk); if BEGIN or COMMIT fails, every unit of the group is rejected with that error (the
 * caller decides what to retry). One fsync per group instead of one per unit.
 *
 * Units run strictly one at a time on the connection, and see the writes of the units before
 * them in their group (as they would had those committed first). A unit must use only the
 * transaction it is given: anything else waits for the connection its own group holds.
 */
export class GroupCommit<DB> {
  readonly #db: Kysely<DB>;
  readonly #maxUnits: number;
  readonly #maxMs: number;
  readonly #queue: Unit<DB>[] = [];
  #scheduled = false;
  #running = false;
  #idle: (() => void)[] = [];
  #groups = 0;
  #units = 0;

  constructor(db: Kysely<DB>, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#maxUnits = Math.max(1, options.maxUnits ?? GROUP_MAX_UNITS);
    this.#maxMs = Math.max(0, options.maxMs ?? GROUP_MAX_MS);
  }

  /** Runs `work` in the next group; settles after that group's COMMIT (or with the unit's error). */
  run<T>(work: (trx: Transaction<DB>) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        work,
        alone: options.alone === true,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.#schedule();
    });
  }

  /** Groups committed (or failed) and units run so far: units ÷ groups is the mean group size. */
  stats(): { readonly groups: number; readonly units: number; readonly queued: number } {
    return { groups: this.#groups, units: this.#units, queued: this.#queue.length };
  }

  /** Resolves once nothing is queued or running (before closing the store). */
  idle(): Promise<void> {
    if (!this.#running && !this.#scheduled && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  // The group runs on setImmediate, after the event loop's poll phase: every request that
  // arrived meanwhile has submitted its unit by then and joins the group.
  #schedule(): void {
    if (this.#scheduled || this.#running) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      await this.#runGroup(this.#take());
    } finally {
      this.#running = false;
      if (this.#queue.length > 0) this.#schedule();
      else for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  /** The next group: up to maxUnits units from the queue's head; a unit that must run alone, alone. */
  #take(): Unit<DB>[] {
    const first = this.#queue[0];
    if (first?.alone) return this.#queue.splice(0, 1);
    let n = 0;
    while (n < this.#queue.length && n < this.#maxUnits && !this.#queue[n]?.alone) n++;
    return this.#queue.splice(0, n);
  }

  async #runGroup(group: Unit<DB>[]): Promise<void> {
    if (group.length === 0) return;
    this.#groups++;
    let trx: ControlledTransaction<DB>;
    try {
      trx = await this.#db.startTransaction().setAccessMode("read write").execute();
    } catch (e) {
      for (const unit of group) unit.reject(e);
      return;
    }
    const done: { readonly unit: Unit<DB>; readonly value: unknown }[] = [];
    const started = performance.now();
    let next = 0;
    // The unit whose savepoint is open: if the group breaks while it runs, it is rejected too.
    let current: Unit<DB> | undefined;
    try {
      while (next < group.length && (next === 0 || performance.now() - started < this.#maxMs)) {
        const unit = group[next++] as Unit<DB>;
        this.#units++;
        current = unit;
        await trx.executeQuery(SAVEPOINT);
        let value: unknown;
        try {
          value = await unit.work(trx);
        } catch (e) {
          await trx.executeQuery(ROLLBACK_TO);
          await trx.executeQuery(RELEASE);
          current = undefined;
          unit.reject(e);
          continue;
        }
        await trx.executeQuery(RELEASE);
        current = undefined;
        done.push({ unit, value });
      }
      await trx.commit().execute();
    } catch (e) {
      // A savepoint, a rollback to one, or the COMMIT failed: nothing of this group is kept.
      if (!trx.isCommitted && !trx.isRolledBack)
        await trx
          .rollback()
          .execute()
          .catch(() => {});
      current?.reject(e);
      for (const d of done) d.unit.reject(e);
      this.#queue.unshift(...group.slice(next));
      return;
    }
    // Units left out by the time cap go first into the next group.
    this.#queue.unshift(...group.slice(next));
    for (const d of done) d.unit.resolve(d.value);
  }
}
