import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe } from "vitest";
import { type DatabaseConfig, openStore, type Store } from "../connect.js";

/**
 * Runs a suite once per SQL dialect, against real databases: a fresh SQLite file, and a fresh
 * schema on the PostgreSQL server (TRUCE_TEST_PG_URL, default the local test database), dropped
 * afterwards, so runs never collide. With CI=true an unreachable PostgreSQL fails the run
 * instead of skipping it.
 */
export const PG_URL = process.env.TRUCE_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const pgProblem = await probePostgres();
if (pgProblem && process.env.CI === "true") {
  throw new Error(
    `PostgreSQL is unreachable at ${PG_URL} (${pgProblem}) and CI=true: the PostgreSQL suite must run`,
  );
}

export type DialectName = "sqlite" | "postgres";
export const DIALECTS: readonly DialectName[] = ["sqlite", "postgres"];
/** The dialects this run can test: PostgreSQL drops out only outside CI, when unreachable. */
export const AVAILABLE_DIALECTS: readonly DialectName[] = pgProblem ? ["sqlite"] : DIALECTS;

/** A fresh, migrated database of the given dialect, and how to throw it away. */
export async function freshDatabase(dialect: DialectName, options: { migrate?: boolean } = {}) {
  let config: DatabaseConfig;
  let cleanup: () => Promise<void>;
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "truce-test-"));
    config = { kind: "sqlite", path: join(dir, "truce.db") };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    config = { kind: "postgres", url: PG_URL, schema, poolSize: 8 };
    cleanup = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  }
  const store = await openStore(config, options);
  return { store, config, cleanup };
}

/**
 * `describeEachDialect("leads", (ctx) => { test(..., async () => ctx.store.db…) })`: the body
 * runs once per dialect, with a fresh database per test.
 */
export function describeEachDialect(
  name: string,
  body: (ctx: {
    readonly store: Store;
    readonly config: DatabaseConfig;
    readonly dialect: DialectName;
  }) => void,
) {
  for (const dialect of DIALECTS) {
    const run = dialect === "postgres" && pgProblem ? describe.skip : describe;
    run(`${name} [${dialect}]`, () => {
      const ctx = { dialect } as { store: Store; config: DatabaseConfig; dialect: DialectName };
      let cleanup: (() => Promise<void>) | undefined;
      beforeEach(async () => {
        cleanup = undefined; // a failed set-up must not make the next clean-up drop the previous schema
        const fresh = await freshDatabase(dialect);
        ctx.store = fresh.store;
        ctx.config = fresh.config;
        cleanup = fresh.cleanup;
      });
      afterEach(async () => {
        await ctx.store?.close();
        await cleanup?.();
      });
      body(ctx);
    });
  }
}
