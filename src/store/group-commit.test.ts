import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { type RawBuilder, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openStore, type Store } from "./connect.js";
import type { GroupCommit, GroupCommitOptions } from "./group-commit.js";

/** Group commit on a real SQLite file (WAL, synchronous FULL, as openStore opens it). */
describe("group commit on SQLite", () => {
  let dir: string;
  let path: string;
  let store: Store;
  let group: GroupCommit<unknown>;

  const open = async (options?: GroupCommitOptions) => {
    store = await openStore({ kind: "sqlite", path, groupCommit: options }, { migrate: false });
    group = store.groupCommit as unknown as GroupCommit<unknown>;
    await sql`create table if not exists t (id integer primary key, v text not null)`.execute(store.db);
  };
  /** The rows another connection sees: only what is committed. */
  const committed = (): number[] => {
    const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare("select id from t order by id").pluck().all() as number[];
    } finally {
      db.close();
    }
  };
  const insert = (trx: Parameters<RawBuilder<unknown>["execute"]>[0], id: number) =>
    sql`insert into t (id, v) values (${id}, 'x')`.execute(trx);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "truce-group-commit-"));
    path = join(dir, "t.db");
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("concurrent units share one transaction; one that throws rolls back only itself", async () => {
    await open();
    const before = group.stats();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        group.run(async (trx) => {
          await insert(trx, i);
          if (i === 7) {
            await insert(trx, 1000 + i); // written, then undone with the unit
            throw new Error("unit 7 fails");
          }
          return i;
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected").map((r) => String(r.reason))).toEqual([
      "Error: unit 7 fails",
    ]);
    expect(results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))).toEqual(
      Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 7),
    );
    expect(committed()).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 7));
    const after = group.stats();
    expect(after.units - before.units).toBe(20);
    expect(after.groups - before.groups).toBe(1);
  });

  test("a unit settles only after the COMMIT that holds it: another connection sees its write by then", async () => {
    await open();
    const seenInside: number[][] = [];
    const seenAtResolve: number[][] = [];
    const units = Array.from({ length: 10 }, (_, i) =>
      group
        .run(async (trx) => {
          await insert(trx, i);
          // Inside the group nothing is committed yet, not even the units before this one.
          seenInside.push(committed());
          return i;
        })
        .then((v) => {
          seenAtResolve.push(committed());
          return v;
        }),
    );
    expect(await Promise.all(units)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seenInside).toEqual(Array.from({ length: 10 }, () => []));
    expect(seenAtResolve).toEqual(Array.from({ length: 10 }, () => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  test("a unit sees the writes of the units before it in its group", async () => {
    await open();
    const [, count] = await Promise.all([
      group.run((trx) => insert(trx, 1)),
      group.run(
        async (trx) => (await sql<{ n: number }>`select count(*) as n from t`.execute(trx)).rows[0]?.n,
      ),
    ]);
    expect(count).toBe(1);
  });

  test("a COMMIT that fails fails every unit of its group, and leaves nothing", async () => {
    await open();
    // A deferred foreign key is checked at COMMIT: one unit's dangling reference fails the group.
    await sql`create table c (id integer primary key, t_id integer references t (id) deferrable initially deferred)`.execute(
      store.db,
    );
    const results = await Promise.allSettled([
      group.run((trx) => insert(trx, 1)),
      group.run((trx) => sql`insert into c (id, t_id) values (1, 999)`.execute(trx)),
      group.run((trx) => insert(trx, 2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    for (const r of results)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "SQLITE_CONSTRAINT_FOREIGNKEY" });
    expect(committed()).toEqual([]);
    // The connection is free and the next group commits.
    await group.run((trx) => insert(trx, 3));
    expect(committed()).toEqual([3]);
  });

  test("a group takes at most maxUnits units; a unit marked alone runs in a group of its own", async () => {
    await open({ maxUnits: 4 });
    let before = group.stats();
    await Promise.all(Array.from({ length: 10 }, (_, i) => group.run((trx) => insert(trx, i))));
    expect(group.stats().groups - before.groups).toBe(3);
    before = group.stats();
    await Promise.all([
      group.run((trx) => insert(trx, 10)),
      group.run((trx) => insert(trx, 11), { alone: true }),
      group.run((trx) => insert(trx, 12)),
    ]);
    expect(group.stats().groups - before.groups).toBe(3);
    expect(committed()).toHaveLength(13);
  });

  test("a group stops taking units after maxMs: a slow unit ends its group", async () => {
    await open({ maxMs: 5 });
    const before = group.stats();
    await Promise.all([
      group.run(async (trx) => {
        await insert(trx, 0);
        await new Promise((r) => setTimeout(r, 20));
      }),
      group.run((trx) => insert(trx, 1)),
      group.run((trx) => insert(trx, 2)),
    ]);
    expect(group.stats().groups - before.groups).toBe(2);
    expect(committed()).toEqual([0, 1, 2]);
  });

  test("close waits for the queued units", async () => {
    await open();
    const pending = Array.from({ length: 5 }, (_, i) => group.run((trx) => insert(trx, i)));
    await store.close();
    await Promise.all(pending);
    expect(committed()).toEqual([0, 1, 2, 3, 4]);
    store = await openStore({ kind: "sqlite", path }, { migrate: false }); // for afterEach
  });

  test("groupCommit: false runs no queue", async () => {
    await open(undefined);
    expect(store.groupCommit).toBeDefined();
    await store.close();
    store = await openStore({ kind: "sqlite", path, groupCommit: false }, { migrate: false });
    expect(store.groupCommit).toBeUndefined();
  });
});
