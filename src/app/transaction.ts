import type { Transaction } from "kysely";
import { AppError } from "../core/errors.js";
import type { UnitOptions } from "../store/group-commit.js";
import type { Database } from "../store/tables.js";
import type { AppDeps } from "./deps.js";

/** Thrown inside a transaction when a compare-and-set lost a race: the whole unit is retried. */
export class ConflictError extends Error {}

const MAX_ATTEMPTS = 20;

/**
 * Runs a unit of work in one transaction; everything it writes commits together or not at all.
 * On SQLite, units submitted concurrently share one transaction, each in its own savepoint
 * (group commit, src/store/group-commit.ts): a unit that fails rolls back only itself, and the
 * promise settles after the COMMIT that holds the unit. `alone` keeps a long batch out of a group.
 * Lost races are retried from the start with fresh reads: optimistic conflicts, SQLite's
 * "database is busy", PostgreSQL serialization failures and deadlocks, and unique violations
 * (a concurrent writer created the same row; the retry finds it). AppErrors are never retried.
 */
export async function inTransaction<T>(
  deps: AppDeps,
  work: (trx: Transaction<Database>) => Promise<T>,
  options: UnitOptions = {},
): Promise<T> {
  const group = deps.store.groupCommit;
  for (let attempt = 1; ; attempt++) {
    try {
      return await (group ? group.run(work, options) : deps.store.db.transaction().execute(work));
    } catch (e) {
      if (e instanceof AppError || attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
        if (attempt >= MAX_ATTEMPTS && isRetryable(e)) {
          throw new AppError(
            "lead.conflict",
            {
              en: "the record kept changing while it was being written; try again",
              ru: "запись всё время менялась во время сохранения; попробуйте ещё раз",
            },
            { attempts: attempt },
          );
        }
        throw e;
      }
      // Back off a little, with jitter, so racing writers do not collide again in lockstep.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
    }
  }
}

function isRetryable(e: unknown): boolean {
  if (e instanceof ConflictError) return true;
  const code = (e as { code?: unknown }).code;
  return (
    code === "SQLITE_BUSY" ||
    code === "SQLITE_BUSY_SNAPSHOT" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    code === "40001" ||
    code === "40P01" ||
    code === "23505"
  );
}
