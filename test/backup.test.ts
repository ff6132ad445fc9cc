import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { beforeAll, describe, expect, test } from "vitest";
import { seedLeads } from "../src/app/export/testing/seed.js";
import { checkSqliteFile } from "../src/store/backup.js";
import { openStore } from "../src/store/connect.js";
import { BIN, truce } from "./testing/truce-cli.js";

const dir = mkdtempSync(join(tmpdir(), "truce-backup-"));
const BETTER_SQLITE3 = createRequire(import.meta.url).resolve("better-sqlite3");

/** A Truce database with the seeded leads, closed. */
async function seededDatabase(name: string): Promise<string> {
  const path = join(dir, name);
  const store = await openStore({ kind: "sqlite", path });
  await seedLeads(store);
  await store.close();
  return path;
}

const count = (path: string, sql: string) => {
  const db = new SqliteDatabase(path, { fileMustExist: true });
  try {
    return Object.values(db.prepare(sql).get() as Record<string, number>)[0] as number;
  } finally {
    db.close();
  }
};

describe("truce backup", { timeout: 120_000 }, () => {
  test("a consistent copy while another process writes: intact, every row committed before it began", async () => {
    const live = await seededDatabase("live.db");
    const pre = new SqliteDatabase(live);
    pre.exec("create table writer_rows (n integer primary key, pad blob not null)");
    // ~8 MiB to copy, so the backup takes long enough for the writer to write during it.
    pre
      .prepare(
        "with recursive s(n) as (select 1 union all select n + 1 from s where n < 8000) insert into writer_rows select n, randomblob(1000) from s",
      )
      .run();
    pre.close();
    // The writer: one row per transaction, numbered on, until killed.
    const script = join(dir, "writer.cjs");
    writeFileSync(
      script,
      `const db = new (require(${JSON.stringify(BETTER_SQLITE3)}))(${JSON.stringify(live)}, { timeout: 5000 });
       db.pragma("journal_mode = WAL");
       const insert = db.prepare("insert into writer_rows (n, pad) values ((select max(n) + 1 from writer_rows), randomblob(1000))");
       process.stdout.write("ready\\n");
       for (;;) insert.run();`,
    );
    const writer = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((ok) => writer.stdout.once("data", () => ok()));
      await new Promise((ok) => setTimeout(ok, 200));
      const before = count(live, "select max(n) from writer_rows");
      const copy = join(dir, "copy.db");
      const r = truce(["backup", copy], { TRUCE_DB: live });
      const after = count(live, "select max(n) from writer_rows");
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Backed up ${live} to ${copy}`);
      expect(r.out).toContain("integrity check passed");
      expect(checkSqliteFile(copy)).toMatchObject({ integrity: "ok", unknownMigrations: [] });
      const copied = count(copy, "select max(n) from writer_rows");
      expect(copied).toBeGreaterThanOrEqual(before);
      // One snapshot: rows 1..max, no gaps, no half-written transaction.
      expect(count(copy, "select count(*) from writer_rows")).toBe(copied);
      expect(count(copy, "select count(*) from leads")).toBe(5);
      expect(after).toBeGreaterThan(before); // the writer was never stopped by the backup
      expect(existsSync(`${copy}-wal`)).toBe(false);
    } finally {
      writer.kill();
    }
  });

  test("refuses to overwrite FILE without --force; a missing database; PostgreSQL gets pg_dump", async () => {
    const live = await seededDatabase("live2.db");
    const copy = join(dir, "copy2.db");
    writeFileSync(copy, "precious");
    const refused = truce(["backup", copy], { TRUCE_DB: live });
    expect(refused).toMatchObject({ code: 2, err: expect.stringContaining("add --force") });
    expect(readFileSync(copy, "utf8")).toBe("precious");
    expect(truce(["backup", copy, "--force"], { TRUCE_DB: live }).code).toBe(0);
    expect(count(copy, "select count(*) from leads")).toBe(5);
    expect(truce(["backup", join(dir, "x.db")], { TRUCE_DB: join(dir, "none.db") })).toMatchObject({
      code: 2,
      err: expect.stringContaining("there is no database at"),
    });
    const pg = truce(["backup", "truce.sql"], {
      DATABASE_URL: "postgres://truce:s3cret@db.example:5432/truce",
    });
    expect(pg.code).toBe(2);
    expect(pg.err).toContain("pg_dump --no-owner --file=truce.sql postgres://truce@db.example:5432/truce");
    expect(pg.err).toContain(
      "psql --single-transaction --set ON_ERROR_STOP=1 --file=truce.sql postgres://truce@db.example:5432/truce",
    );
    expect(pg.err).not.toContain("s3cret");
  });
});

describe("truce restore", { timeout: 120_000 }, () => {
  let backup: string;
  let original: string;
  beforeAll(async () => {
    const live = await seededDatabase("source.db");
    backup = join(dir, "source-backup.db");
    expect(truce(["backup", backup], { TRUCE_DB: live }).code).toBe(0);
    original = truce(["export", "--format", "jsonl"], { TRUCE_DB: live }).out;
  });

  test("round trip: a restored backup exports the same leads", () => {
    const target = join(dir, "restored", "truce.db");
    const r = truce(["restore", backup], { TRUCE_DB: target });
    expect(r).toMatchObject({ code: 0, out: `Restored the database ${target} from ${backup}.\n` });
    expect(original.split("\n").length).toBe(6);
    expect(truce(["export", "--format", "jsonl"], { TRUCE_DB: target }).out).toBe(original);
  });

  test("refuses an existing database without --force, and one open in another process even with it", async () => {
    const target = join(dir, "other.db");
    const store = await openStore({ kind: "sqlite", path: target });
    await store.db.selectFrom("users").selectAll().execute();
    const env = { TRUCE_DB: target };
    expect(truce(["restore", backup], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining("add --force"),
    });
    expect(truce(["restore", backup, "--force"], env)).toMatchObject({
      code: 1,
      err: expect.stringContaining("is open in another process"),
    });
    expect(count(target, "select count(*) from leads")).toBe(0);
    await store.close();
    expect(truce(["restore", backup, "--force"], env).code).toBe(0);
    expect(count(target, "select count(*) from leads")).toBe(5);
  });

  test("refuses while truce serve holds the database, and backs it up meanwhile", async () => {
    const target = join(dir, "served.db");
    const env = { ...process.env, LANG: "C", TRUCE_LOCALE: "", DATABASE_URL: "", TRUCE_LOG_LEVEL: "silent" };
    const server = spawn(process.execPath, [BIN, "serve", "--port", "0", "--db", target], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((ok, fail) => {
        let seen = "";
        server.stdout.on("data", (d: Buffer) => {
          seen += d.toString();
          if (seen.includes("Truce is running")) ok();
        });
        server.once("exit", (c) => fail(new Error(`truce serve exited with ${c}: ${seen}`)));
      });
      const refused = truce(["restore", backup, "--force"], { TRUCE_DB: target });
      expect(refused).toMatchObject({ code: 1, err: expect.stringContaining("is truce serve running?") });
      const copy = join(dir, "served-copy.db");
      expect(truce(["backup", copy], { TRUCE_DB: target }).code).toBe(0);
      expect(checkSqliteFile(copy).integrity).toBe("ok");
    } finally {
      server.kill("SIGTERM");
      await new Promise((ok) => server.once("exit", ok));
    }
    expect(truce(["restore", backup, "--force"], { TRUCE_DB: target }).code).toBe(0);
  });

  test("refuses what is not an intact Truce database, or comes from a newer Truce", () => {
    const target = join(dir, "never.db");
    const env = { TRUCE_DB: target };
    const text = join(dir, "notes.txt");
    writeFileSync(text, "this is not a database, but it is long enough to look like a file".repeat(100));
    expect(truce(["restore", text], env)).toMatchObject({
      code: 1,
      err: expect.stringContaining("not a SQLite database"),
    });
    const foreign = join(dir, "foreign.db");
    new SqliteDatabase(foreign).exec("create table t (x)");
    expect(truce(["restore", foreign], env)).toMatchObject({
      code: 1,
      err: expect.stringContaining("not a Truce database"),
    });
    const newer = join(dir, "newer.db");
    copyFileSync(backup, newer);
    const db = new SqliteDatabase(newer);
    db.prepare("insert into truce_migrations (name, applied_at) values ('9999-from-the-future', 0)").run();
    db.close();
    expect(truce(["restore", newer], env)).toMatchObject({
      code: 1,
      err: expect.stringContaining("newer Truce"),
    });
    expect(truce(["restore", join(dir, "missing.db")], env)).toMatchObject({ code: 2 });
    expect(existsSync(target)).toBe(false);
    const pg = truce(["restore", "truce.sql"], { DATABASE_URL: "postgres://truce@db.example/truce" });
    expect(pg).toMatchObject({ code: 2, err: expect.stringContaining("psql --single-transaction") });
  });
});
