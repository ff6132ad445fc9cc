import SqliteDatabase from "better-sqlite3";
import { type RawBuilder, sql } from "kysely";
import { expect, test } from "vitest";
import { AppError } from "../core/errors.js";
import { openStore, type Store } from "../store/connect.js";
import { describeEachDialect } from "../store/testing/dialects.js";
import type { AppDeps } from "./deps.js";
import { GraderCache } from "./grading.js";
import { ConflictError, inTransaction } from "./transaction.js";

const depsOf = (store: Store): AppDeps => ({
  store,
  clock: () => Date.parse("2026-11-27T10:00:00Z"),
  newId: () => "unused",
  graders: new GraderCache(),
});

const insert = (trx: Parameters<RawBuilder<unknown>["execute"]>[0], id: number) =>
  sql`insert into tx_test (id, v) values (${id}, 'x')`.execute(trx);
const ids = async (store: Store) =>
  (await sql<{ id: number }>`select id from tx_test order by id`.execute(store.db)).rows.map((r) =>
    Number(r.id),
  );

describeEachDialect("inTransaction", (ctx) => {
  test("concurrent units: a lost race is retried, an AppError rolls back only its own unit", async () => {
    await sql`create table tx_test (id integer primary key, v text not null)`.execute(ctx.store.db);
    const deps = depsOf(ctx.store);
    const attempts = new Map<number, number>();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(deps, async (trx) => {
          const n = (attempts.get(i) ?? 0) + 1;
          attempts.set(i, n);
          await insert(trx, i);
          if (i === 3 && n < 3) throw new ConflictError("lost a race"); // twice, then it goes through
          if (i === 5) throw new AppError("test.refused", { en: "no", ru: "нет" });
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i === 5 ? "rejected" : "fulfilled")),
    );
    expect((results[5] as PromiseRejectedResult).reason).toMatchObject({ code: "test.refused" });
    expect(attempts.get(3)).toBe(3);
    expect(attempts.get(5)).toBe(1); // never retried
    expect(await ids(ctx.store)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
  });

  test("a unique violation is retried with fresh reads; nothing of the failed attempt is left", async () => {
    await sql`create table tx_test (id integer primary key, v text not null)`.execute(ctx.store.db);
    const deps = depsOf(ctx.store);
    let attempts = 0;
    const [first, second] = await Promise.all([
      inTransaction(deps, async (trx) => {
        attempts++;
        await insert(trx, 10);
        if (attempts === 1) await insert(trx, 10); // as if a concurrent writer had taken the key
        return attempts;
      }),
      inTransaction(deps, async (trx) => {
        await insert(trx, 20);
        return "other";
      }),
    ]);
    expect([first, second]).toEqual([2, "other"]);
    expect(await ids(ctx.store)).toEqual([10, 20]);
  });
});

test("SQLite: a group that finds the database locked by another connection is retried until it is free", async () => {
  const { freshDatabase } = await import("../store/testing/dialects.js");
  const fresh = await freshDatabase("sqlite", { migrate: false });
  await fresh.store.close();
  const path = fresh.config.kind === "sqlite" ? fresh.config.path : "";
  const store = await openStore({ kind: "sqlite", path, busyTimeoutMs: 0 }, { migrate: false });
  try {
    await sql`create table tx_test (id integer primary key, v text not null)`.execute(store.db);
    const other = new SqliteDatabase(path, { timeout: 0 });
    other.exec("begin immediate"); // holds the write lock
    const deps = depsOf(store);
    const writes = Promise.all(
      Array.from({ length: 5 }, (_, i) => inTransaction(deps, (trx) => insert(trx, i))),
    );
    await new Promise((r) => setTimeout(r, 30));
    expect(other.prepare("select count(*) from tx_test").pluck().get()).toBe(0);
    other.exec("rollback");
    other.close();
    await writes;
    expect(await ids(store)).toEqual([0, 1, 2, 3, 4]);
  } finally {
    await store.close();
    await fresh.cleanup();
  }
});
