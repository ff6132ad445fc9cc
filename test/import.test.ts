import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterAll, describe, expect, test } from "vitest";
import { openStore } from "../src/store/connect.js";
import { findObservationRows } from "../src/store/events.js";

/** `truce import` as a user runs it: the built binary (`npm test` builds first), exit codes, files. */
const BIN = fileURLToPath(new URL("../bin/truce.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "truce-import-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ENV = { ...process.env, LANG: "C", LC_ALL: "", TRUCE_LOCALE: "", DATABASE_URL: "", USER: "ops" };

function truce(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: ENV });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function freshDb(name: string): string {
  const db = join(dir, `${name}.db`);
  expect(truce(["init", "--db", db]).code).toBe(0);
  return db;
}

describe("truce import", () => {
  test("--help explains the mapping and shows examples", () => {
    const r = truce(["import", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Examples:\n  truce import leads.csv --dry-run");
    expect(r.out).toContain("--resume");
  });

  test("a Russian Excel file (Windows-1251, ;) imports; JSON output; bad rows exit 1", () => {
    const db = freshDb("ru");
    const file = join(dir, "лиды.csv");
    const text = "ФИО;Эл. почта;Телефон;Дата принятия решения;Заявил об интересе к продукту\r\n";
    writeFileSync(
      file,
      iconv.encode(
        `${text}Ольга;olga@x.test;;01.03.2027;да\r\nИван;ivan@;;;\r\nПётр;;+7 999 1;нет данных;нет\r\n`,
        "win1251",
      ),
    );
    const r = truce(["import", file, "--db", db, "--format", "json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({
      status: "imported",
      encoding: "windows-1251",
      delimiter: ";",
      created: 2,
      rejected: 1,
    });
    expect(out.rejectsFile).toBe(join(dir, "лиды.rejects.csv"));
    expect(readFileSync(out.rejectsFile, "utf8")).toBe(
      "\uFEFFrow,column,value,reason\r\n3,Эл. почта,ivan@,not an e-mail address\r\n",
    );
    const again = truce(["import", file, "--db", db]);
    expect(again.out).toMatch(/^лиды\.csv was already imported: nothing written/);
  });

  test("bad calls exit 2", () => {
    const db = freshDb("calls");
    const ok = join(dir, "ok.csv");
    writeFileSync(ok, "email\na@x.test\n");
    expect(truce(["import", ok, "--db", db])).toMatchObject({ code: 0 });
    expect(truce(["import", join(dir, "missing.csv"), "--db", db])).toMatchObject({
      code: 2,
      err: expect.stringContaining("no such file"),
    });
    expect(truce(["import", ok, "--db", db, "--dates", "ymd"]).code).toBe(2);
    expect(truce(["import", ok, "--db", db, "--encoding", "klingon"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("unknown encoding"),
    });
    const mapping = join(dir, "mapping.yaml");
    writeFileSync(mapping, "columns:\n  E-mail: email\n");
    expect(truce(["import", ok, "--db", db, "--mapping", mapping])).toMatchObject({
      code: 2,
      err: expect.stringContaining("does not have: E-mail"),
    });
    const none = join(dir, "none.csv");
    writeFileSync(none, "budget\n5\n");
    expect(truce(["import", none, "--db", db]).code).toBe(2);
    expect(truce(["import", ok, "--db", join(dir, "not-initialised.db")])).toMatchObject({
      code: 2,
      err: expect.stringContaining("truce init"),
    });
  });

  test("killed with SIGKILL midway and resumed: every good row once with its facts and evidence, every bad row rejected once", async () => {
    const db = freshDb("kill");
    const ROWS = 50_000;
    const lines = ["Name,Email,Phone,Decision date,Stated interest,Contact channel"];
    const bad = new Set<number>();
    const emails = new Set<string>();
    for (let i = 0; i < ROWS; i++) {
      const row = i + 2;
      if (i % 20 === 7) bad.add(row);
      const who = i % 20 === 13 ? i - 13 : i; // 5 % repeat an earlier good row's e-mail
      if (!bad.has(row)) emails.add(`p${who}@x.test`);
      const email = bad.has(row) ? `broken-${i}` : `p${who}@x.test`;
      lines.push(
        `"Person ${i}, Jr",${email},,2027-0${(i % 9) + 1}-15,${i % 2 ? "да" : "no"},${i % 3 ? "call" : "-"}`,
      );
    }
    const file = join(dir, "big.csv");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const args = ["import", file, "--db", db, "--batch-size", "500"];

    const child = spawn(process.execPath, [BIN, ...args], { env: ENV, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const store = await openStore({ kind: "sqlite", path: db, busyTimeoutMs: 0 }, { migrate: false });
    const cursor = async () =>
      Number((await store.db.selectFrom("imports").select("cursor").executeTakeFirst())?.cursor ?? 0);
    try {
      while ((await cursor()) < 15_000) await new Promise((r) => setTimeout(r, 50));
      child.kill("SIGKILL");
      await exited;
      const killedAt = await cursor();
      expect(killedAt).toBeLessThan(ROWS + 1); // midway…
      expect((killedAt - 1) % 500).toBe(0); // …on a batch boundary: whole batches only
      const written = await store.db
        .selectFrom("import_rows")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(written.n)).toBe(killedAt - 1);
    } finally {
      child.kill("SIGKILL");
    }

    const resumed = truce([...args, "--resume", "--format", "json"]);
    expect(resumed.code).toBe(1); // some rows were rejected
    const result = JSON.parse(resumed.out);
    expect(result).toMatchObject({
      status: "imported",
      rows: ROWS,
      rejected: bad.size,
      created: emails.size,
    });
    expect(result.merged).toBe(ROWS - bad.size - emails.size);
    expect(result.resumedAfter).toBeGreaterThanOrEqual(15_001);

    try {
      // Each good row: exactly its facts (3, or 2 when the channel is "-"), with import evidence.
      const grouped = new Map<
        string,
        { note: string | null; channel: string; recorded_by: string; n: number }
      >();
      for (const o of await findObservationRows(store.db)) {
        const key = `${o.note}|${o.channel}|${o.recorded_by}`;
        const g = grouped.get(key) ?? { note: o.note, channel: o.channel, recorded_by: o.recorded_by, n: 0 };
        g.n++;
        grouped.set(key, g);
      }
      const facts = [...grouped.values()];
      const byRow = new Map(facts.map((f) => [Number(f.note?.replace("big.csv, row ", "")), f]));
      expect(byRow.size).toBe(ROWS - bad.size);
      for (let i = 0; i < ROWS; i++) {
        const row = i + 2;
        const f = byRow.get(row);
        if (bad.has(row)) expect(f).toBeUndefined();
        else
          expect([row, Number(f?.n), f?.channel, f?.recorded_by]).toEqual([
            row,
            i % 3 ? 3 : 2,
            "import",
            "ops",
          ]);
      }
      const events = await store.db
        .selectFrom("lead_events")
        .select("data")
        .where("type", "like", "imported%")
        .execute();
      const eventRows = events.map((e) => JSON.parse(e.data).row as number).sort((a, b) => a - b);
      expect(eventRows).toEqual([...Array(ROWS).keys()].map((i) => i + 2).filter((r) => !bad.has(r)));
      const leads = await store.db
        .selectFrom("leads")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(leads.n)).toBe(emails.size);
    } finally {
      await store.close();
    }
    const rejects = readFileSync(join(dir, "big.rejects.csv"), "utf8").trim().split("\r\n").slice(1);
    expect(rejects.map((l) => Number(l.split(",")[0]))).toEqual([...bad]);
  }, 300_000);
});
