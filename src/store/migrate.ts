import { type Kysely, type Migration, sql } from "kysely";
import { dialectOf } from "./dialect.js";
import * as initial from "./migrations/0001-initial.js";
import * as accounts from "./migrations/0002-accounts-and-webhooks.js";
import * as forms from "./migrations/0003-forms.js";
import * as imports from "./migrations/0004-imports.js";
import * as webApp from "./migrations/0005-web-app.js";
import * as oneEvent from "./migrations/0006-one-event-per-happening.js";
import * as listIndexes from "./migrations/0007-list-indexes.js";
import * as activationJobs from "./migrations/0008-activation-jobs.js";

/** Every migration, in order. Names sort; a new one gets the next number. Never edit a shipped one. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001-initial": initial,
  "0002-accounts-and-webhooks": accounts,
  "0003-forms": forms,
  "0004-imports": imports,
  "0005-web-app": webApp,
  "0006-one-event-per-happening": oneEvent,
  "0007-list-indexes": listIndexes,
  "0008-activation-jobs": activationJobs,
};

/** Any fixed number: the advisory lock that serialises migrations across processes on PostgreSQL. */
const LOCK_ID = 7_416_121;

/**
 * Brings the schema up to date (or up to and including `upTo`); safe at every start-up and from
 * several processes at once. All pending migrations run in ONE transaction — both engines have
 * transactional DDL — so an upgrade is all or nothing. Returns the names applied.
 *
 * Written here rather than with Kysely's Migrator: its bookkeeping asks the introspector for
 * every table of every schema, which fails when another schema is dropped meanwhile (as parallel
 * test runs do), and an upgrade should not depend on the rest of the database server.
 */
export async function migrateToLatest(db: Kysely<unknown>, upTo?: string): Promise<string[]> {
  const names = Object.keys(MIGRATIONS).sort();
  if (upTo !== undefined && !names.includes(upTo)) throw new Error(`no migration named ${upTo}`);
  const wanted = upTo === undefined ? names : names.slice(0, names.indexOf(upTo) + 1);
  return db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === "postgres")
      await sql`select pg_advisory_xact_lock(${sql.lit(LOCK_ID)})`.execute(trx);
    await sql`create table if not exists truce_migrations (name text primary key, applied_at bigint not null)`.execute(
      trx,
    );
    const { rows } = await sql<{ name: string }>`select name from truce_migrations`.execute(trx);
    const applied = new Set(rows.map((r) => r.name));
    const unknown = [...applied].filter((n) => !names.includes(n));
    if (unknown.length > 0) {
      throw new Error(
        `the database was migrated by a newer Truce (${unknown.join(", ")}): upgrade Truce before opening it`,
      );
    }
    const pending = wanted.filter((n) => !applied.has(n));
    for (const name of pending) {
      try {
        await (MIGRATIONS[name] as Migration).up(trx);
      } catch (e) {
        throw new Error(`database migration ${name} failed: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
      await sql`insert into truce_migrations (name, applied_at) values (${name}, ${Date.now()})`.execute(trx);
    }
    return pending;
  });
}
