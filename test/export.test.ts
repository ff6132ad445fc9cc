import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCsv } from "../src/app/export/testing/csv-reader.js";
import { seedLeads, TRICKY_NOTE } from "../src/app/export/testing/seed.js";
import { AVAILABLE_DIALECTS } from "../src/store/testing/dialects.js";
import { type CliDatabase, cliDatabase, truce } from "./testing/truce-cli.js";

const dir = mkdtempSync(join(tmpdir(), "truce-export-"));

/** Rows of a CSV as objects keyed by the header. */
function records(text: string, delimiter = ","): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, delimiter);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ""])));
}

for (const dialect of AVAILABLE_DIALECTS) {
  describe(`truce export [${dialect}]`, { timeout: 120_000 }, () => {
    let db: CliDatabase;
    let ids: Awaited<ReturnType<typeof seedLeads>>["ids"];
    const run = (...args: string[]) => truce(["export", ...args], db.env);

    beforeAll(async () => {
      db = await cliDatabase(dialect);
      ids = (await seedLeads(db.store)).ids;
      await db.store.close();
    });
    afterAll(async () => db.cleanup());

    test("CSV: one row per lead with identity, facts, grade, explanation, outcome; quoting intact", () => {
      const r = run();
      expect(r).toMatchObject({ code: 0, err: "" });
      expect(r.out.split("\r\n")[0]).toBe(
        "id,name,email,phone,company,source,campaign,utm_source,utm_medium,utm_campaign,utm_term,utm_content,owner,stage,grade,definition_version,fact.decision_date,fact.stated_interest,fact.contact_channel,fact.notes,explanation,outcome_amount,outcome_currency,outcome_reason,created_at,updated_at,erased_at",
      );
      const rows = records(r.out);
      expect(rows.map((row) => row.id)).toEqual([ids.petr, ids.erased, ids.formula, ids.ivan, ids.olga]);
      const olga = rows.find((row) => row.id === ids.olga);
      expect(olga).toMatchObject({
        name: 'Olga "Ola", Ivanova',
        phone: "'+7 (999) 123-45-67",
        company: "Acme; Ltd",
        utm_source: "newsletter",
        stage: "won",
        grade: "hot",
        definition_version: "1",
        "fact.decision_date": "2027-02-15",
        "fact.stated_interest": "true",
        "fact.contact_channel": "",
        "fact.notes": TRICKY_NOTE,
        explanation: "Hot — Decision date 2027-02-15 is within 6 months of 2026-11-27",
        outcome_amount: "12500.5",
        outcome_currency: "RUB",
        created_at: "2026-11-27 10:00:00",
      });
      expect(rows.find((row) => row.id === ids.formula)?.name).toBe(
        `'=HYPERLINK("http://evil.example","click")`,
      );
      const erased = rows.find((row) => row.id === ids.erased);
      expect(erased).toMatchObject({
        name: "",
        email: "",
        phone: "",
        "fact.notes": "",
        source: "ads",
        grade: "cold",
      });
      expect(erased?.erased_at).toMatch(/^2026-11-30 /);
    });

    test("JSON Lines with the API's filters", () => {
      const hot = run("--format", "jsonl", "--grade", "hot");
      expect(hot.code).toBe(0);
      const lines = hot.out
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.id)).toEqual([ids.petr, ids.olga]);
      expect(lines[1]).toMatchObject({
        identity: { name: 'Olga "Ola", Ivanova' },
        facts: { decision_date: "2027-02-15", notes: TRICKY_NOTE },
        explanation: { en: "Hot — Decision date 2027-02-15 is within 6 months of 2026-11-27" },
        outcome: { amount: "12500.5", currency: "RUB" },
        createdAt: "2026-11-27T10:00:00.000Z",
      });
      const ids2 = (args: string[]) => records(run(...args).out).map((row) => row.id);
      expect(ids2(["--stage", "won"])).toEqual([ids.olga]);
      expect(ids2(["--source", "ads", "--campaign", "q4"])).toEqual([ids.erased, ids.ivan]);
      expect(ids2(["--search", "olga"])).toEqual([ids.olga]);
      expect(ids2(["--grade", "lukewarm"])).toEqual([]);
    });

    test("windows-1251 decodes back to the same text as UTF-8; --excel-ru is ; + 1251 + decimal comma", () => {
      const utf8 = run("--delimiter", ";", "--locale", "ru");
      const cp1251 = run("--delimiter", ";", "--encoding", "windows-1251", "--locale", "ru");
      expect(cp1251.code).toBe(0);
      expect(cp1251.bytes.equals(Buffer.from(utf8.out, "utf8"))).toBe(false);
      expect(iconv.decode(cp1251.bytes, "win1251")).toBe(utf8.out);

      const file = join(dir, `excel-${dialect}.csv`);
      const excel = run("--excel-ru", "--locale", "ru", "--out", file);
      expect(excel.code).toBe(0);
      expect(excel.out).toContain(`Выгружено лидов: 5 в ${file}`);
      const rows = records(iconv.decode(readFileSync(file), "win1251"), ";");
      const ivan = rows.find((row) => row.id === ids.ivan);
      expect(ivan).toMatchObject({ name: "Иван Петров", company: "ООО «Ромашка»", grade: "warm" });
      expect(ivan?.explanation_ru).toMatch(/^Тёплый — /);
      expect(rows.find((row) => row.id === ids.olga)?.outcome_amount).toBe("12500,5");
    });

    test("utf-8-bom starts with the byte-order mark; tab delimiter", () => {
      const bom = run("--encoding", "utf-8-bom");
      expect([...bom.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bom.bytes.subarray(3).toString("utf8")).toBe(run().out);
      const tab = run("--delimiter", "tab");
      expect(records(tab.out, "\t").find((row) => row.id === ids.olga)?.company).toBe("Acme; Ltd");
    });
  });
}

test("bad calls exit 2 and write nothing", { timeout: 120_000 }, () => {
  const env = { TRUCE_DB: join(dir, "bad-calls.db") };
  expect(truce(["export"], env)).toMatchObject({
    code: 2,
    err: expect.stringContaining("run truce init first"),
  });
  expect(truce(["init"], env).code).toBe(0);
  const bad = (args: string[], message: string) => {
    const r = truce(["export", ...args], env);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(message);
  };
  bad(["--format", "xml"], "--format: expected csv or jsonl");
  bad(["--delimiter", "|"], "--delimiter: expected , ; or tab");
  bad(["--encoding", "koi8-r"], "--encoding: expected utf-8 or utf-8-bom or windows-1251");
  bad(["--format", "jsonl", "--excel-ru"], "apply to CSV only");
  bad(["--stage", "nowhere"], "invalid input: stage");
  bad(["--out", join(dir, "missing", "x.csv")], "does not exist");
  expect(truce(["export", "--bogus"]).code).toBe(2);
});

test("export --help shows examples", () => {
  const r = truce(["export", "--help"]);
  expect(r.code).toBe(0);
  expect(r.out).toContain("truce export --excel-ru --locale ru --out leads.csv");
});
