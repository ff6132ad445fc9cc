import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { CachedStatementDatabase, TruceSqliteDialect } from "./sqlite-driver.js";

interface TestDb {
  readonly t: { readonly id: number; readonly v: string };
}

describe("the SQLite statement cache", () => {
  let dir: string;
  let cached: CachedStatementDatabase;
  let db: Kysely<TestDb>;

  const open = async (capacity: number) => {
    cached = new CachedStatementDatabase(new SqliteDatabase(join(dir, "t.db")), capacity);
    db = new Kysely<TestDb>({ dialect: new TruceSqliteDialect(cached) });
    await sql`create table if not exists t (id integer primary key, v text not null)`.execute(db);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "truce-stmt-cache-"));
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the same SQL is prepared once and reused; other parameters give their own answers", async () => {
    await open(500);
    for (let i = 0; i < 10; i++)
      await db
        .insertInto("t")
        .values({ id: i, v: `v${i}` })
        .execute();
    const before = cached.stats();
    for (let i = 0; i < 10; i++) {
      const row = await db.selectFrom("t").select("v").where("id", "=", i).executeTakeFirstOrThrow();
      expect(row.v).toBe(`v${i}`);
    }
    const after = cached.stats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(9);
  });

  test("a statement still iterating is not handed out again: the same SQL meanwhile gets a fresh one", async () => {
    await open(500);
    for (let i = 0; i < 5; i++)
      await db
        .insertInto("t")
        .values({ id: i, v: `v${i}` })
        .execute();
    const query = db.selectFrom("t").select(["id", "v"]).orderBy("id");
    await query.execute(); // cached now
    const { sql: text } = query.compile();
    // Kysely holds the connection for a whole stream, so through Kysely alone a busy statement
    // hardly happens; an iterator left open on the cached statement is the case to survive.
    const first = cached.prepare(text);
    const rows = first.iterate([]);
    expect(rows.next().value).toEqual({ id: 0, v: "v0" });
    const again = cached.prepare(text);
    expect(again).not.toBe(first);
    expect(again.all([])).toHaveLength(5);
    // Kysely's own query of the same SQL still works while the iterator is open.
    expect((await query.execute()).map((r) => r.id)).toEqual([0, 1, 2, 3, 4]);
    expect([...rows].map((r) => (r as { id: number }).id)).toEqual([1, 2, 3, 4]);
    // Done iterating: the cached statement serves again.
    expect(cached.prepare(text)).toBe(first);
  });

  test("streams through Kysely work with cached statements, also broken off early", async () => {
    await open(500);
    for (let i = 0; i < 5; i++)
      await db
        .insertInto("t")
        .values({ id: i, v: `v${i}` })
        .execute();
    const query = () => db.selectFrom("t").select("id").orderBy("id");
    const seen: number[] = [];
    for await (const row of query().stream()) seen.push(row.id);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    for await (const row of query().stream()) if (row.id === 1) break;
    const before = cached.stats();
    expect((await query().execute()).length).toBe(5);
    expect(cached.stats().hits - before.hits).toBe(1);
  });

  test("the cache stays bounded, the least recently used out first", async () => {
    await open(3);
    const select = (n: number) => sql`select ${sql.lit(n)} as n`.execute(db);
    for (let n = 0; n < 10; n++) await select(n);
    expect(cached.stats().size).toBe(3);
    // 7, 8, 9 are cached; touching 7 makes 8 the oldest, so 10 pushes 8 out and 7 stays.
    let s = cached.stats();
    await select(7);
    expect(cached.stats().hits).toBe(s.hits + 1);
    await select(10);
    s = cached.stats();
    await select(7);
    expect(cached.stats().hits).toBe(s.hits + 1);
    await select(8);
    expect(cached.stats().misses).toBe(s.misses + 1);
    expect(cached.stats().size).toBe(3);
  });

  test("capacity 0 prepares every query anew", async () => {
    await open(0);
    for (let i = 0; i < 3; i++) await db.selectFrom("t").select("id").execute();
    expect(cached.stats()).toMatchObject({ size: 0, hits: 0 });
  });
});
