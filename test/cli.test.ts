import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

/** Runs the real `truce` binary (built by `npm test` before the tests), as a user would. */
const BIN = fileURLToPath(new URL("../bin/truce.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "truce-cli-"));

function truce(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: "utf8",
    env: {
      ...process.env,
      LANG: "C",
      LC_ALL: "",
      TRUCE_LOCALE: "",
      TRUCE_DB: join(dir, "default", "truce.db"),
      DATABASE_URL: "",
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("truce lint", () => {
  test("variant-a passes", () => {
    const r = truce(["lint", "variant-a"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("0 errors, 0 warnings — the definition is objective and complete");
  });

  test("variant-b fails with subjectivity findings, as JSON too", () => {
    const text = truce(["lint", "variant-b"]);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/variant-b \(built-in\):\d+:\d+ {2}error {2}subjective\.wording/);
    const json = truce(["lint", "variant-b", "--format", "json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report.ok).toBe(false);
    expect(
      report.findings.filter((f: { code: string }) => f.code === "subjective.wording").length,
    ).toBeGreaterThanOrEqual(10);
  });

  test("speaks Russian when asked", () => {
    const r = truce(["lint", "variant-b", "--locale", "ru"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("опирается на оценку («скоро»");
    expect(r.out).toMatch(/ошибок \d+, предупреждений 0/);
  });

  test("a broken file is reported with its name and line, exit 1", () => {
    const path = file(
      "broken.yaml",
      "truce: 1\nid: demo\nname: { en: Demo }\nfacts:\n  - key: x\n    type: bool\n    label: { en: X }\ngrades: []\n",
    );
    const r = truce(["lint", path]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${path}:6:11  error  definition.schema (facts[0].type)`);
    expect(r.out).toContain(`${path}:8:9  error  definition.schema (grades)`);
  });

  test("a gap is shown with a counterexample lead", () => {
    const path = file(
      "gap.yaml",
      `truce: 1
id: gap
name: { en: Gap }
facts:
  - { key: budget, type: number, min: 0, label: { en: Budget }, guide: { en: The amount the prospect named in writing } }
grades:
  - key: hot
    label: { en: Hot }
    when: { fact: budget, gte: 5000 }
  - key: warm
    label: { en: Warm }
    when: { fact: budget, between: [1000, 4000] }
`,
    );
    const r = truce(["lint", path, "--format", "json"]);
    expect(r.code).toBe(1);
    const gap = JSON.parse(r.out).findings.find((f: { code: string }) => f.code === "grade.gap");
    expect(gap.counterexample.grade).toBeNull();
  });

  test("bad calls exit 2 with a message", () => {
    expect(truce(["lint", join(dir, "missing.yaml")])).toMatchObject({
      code: 2,
      err: expect.stringContaining("no such definition file or built-in template"),
    });
    expect(truce(["lint", "variant-a", "--format", "xml"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--format: expected text or json"),
    });
    expect(truce(["lint", "variant-a", "--at", "soon"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--at: expected a date"),
    });
    expect(truce(["lint", "variant-a", "--bogus"]).code).toBe(2);
    expect(truce(["lint"]).code).toBe(2);
  });
});

describe("truce grade", () => {
  const leads = JSON.stringify([
    { id: "L-1", facts: { decision_date: "2027-03-01", stated_interest: true } },
    { id: "L-2", facts: { stated_interest: true } },
    { id: "L-3", facts: {} },
    {
      id: "L-4",
      observations: [
        {
          fact: "decision_date",
          value: "2027-01-10",
          evidence: {
            channel: "call",
            recordedBy: "anna",
            recordedAt: "2026-11-20T10:00:00Z",
            quote: "We decide in January",
          },
        },
      ],
    },
  ]);

  test("prints each lead's grade with its explanation", () => {
    const r = truce(["grade", "variant-a", file("leads.json", leads), "--at", "2026-11-27"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "L-1: Hot — Decision date 2027-03-01 is within 6 months of 2026-11-27\n  becomes Warm on 2027-03-02 if no fact changes\n",
    );
    expect(r.out).toContain("L-2: Warm — Stated interest in the product: yes\n");
    expect(r.out).toContain("L-3: Cold — no grade above applies\n");
    expect(r.out).toContain("L-4: Hot — Decision date 2027-01-10 is within 6 months of 2026-11-27\n");
  });

  test("reads JSON Lines from standard input and writes JSON", () => {
    const lines = (JSON.parse(leads) as unknown[]).map((l) => JSON.stringify(l)).join("\n");
    const r = truce(["grade", "variant-a", "-", "--format", "json", "--at", "2026-11-27T12:00:00Z"], lines);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { id: string; grade: string; explanation: { text: { ru: string[] } } }[];
    expect(out.map((l) => [l.id, l.grade])).toEqual([
      ["L-1", "hot"],
      ["L-2", "warm"],
      ["L-3", "cold"],
      ["L-4", "hot"],
    ]);
    expect(out[0]?.explanation.text.ru[0]).toBe(
      "Горячий — «Дата принятия решения» 2027-03-01 — в пределах 6 месяцев от 2026-11-27",
    );
  });

  test("time moves the grade: the same lead is warm once its decision date has passed", () => {
    const r = truce(["grade", "variant-a", "-", "--at", "2027-03-02"], leads);
    expect(r.out).toContain("L-1: Warm");
  });

  test("bad leads: every problem with where it is, nothing on stdout, exit 1", () => {
    const bad = JSON.stringify([
      { id: "ok", facts: { stated_interest: true } },
      { id: "b1", facts: { stated_interest: "yes", decision_date: "2027-02-30" } },
      { id: "b2", facts: { budget: 5 } },
      { facts: {}, observations: [] },
    ]);
    const r = truce(["grade", "variant-a", "-"], bad);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain('stdin[1] (lead b1) fact "stated_interest": expected true or false, got "yes"');
    expect(r.err).toContain(
      'stdin[1] (lead b1) fact "decision_date": expected a date as YYYY-MM-DD (years 1000–9999), got "2027-02-30"',
    );
    expect(r.err).toContain('stdin[2] (lead b2) fact "budget": unknown fact "budget"');
    expect(r.err).toContain("stdin[3]: a lead has either `facts`");
    expect(r.err).toContain("4 problems in the leads; nothing was graded");
  });

  test("input that is not JSON is refused with its line", () => {
    const r = truce(["grade", "variant-a", "-"], '{"facts": {}}\n{"facts": \n');
    expect(r.code).toBe(2);
    expect(r.err).toContain("stdin:2: not valid JSON");
  });
});

describe("truce templates and start", () => {
  test("lists templates and prints one that lints clean when saved", () => {
    const list = truce(["templates"]);
    expect(list.out).toMatch(/^variant-a +Variant A/m);
    const yaml = truce(["templates", "bant"]).out;
    expect(truce(["lint", file("mine.yaml", yaml)]).code).toBe(0);
  });
});

describe("truce init", () => {
  test("creates the SQLite file on first run and says what it did; a rerun changes nothing", () => {
    const db = join(dir, "fresh", "truce.db");
    const first = truce(["init", "--db", db, "--admin-email", "ops@acme.example"]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      new RegExp(
        `^Created the database ${db.replaceAll("/", "\\/")} \\(SQLite\\)\\.\nCreated the administrator ops@acme\\.example\\. One-time password: [A-Za-z0-9_-]{16}\n  \\(shown this once and never again; change it after signing in\\)\nInstalled the definition variant-a as version 1: active, approved by the administrator \\(there are no department heads yet\\)\\.\n$`,
      ),
    );
    const again = truce(["init", "--db", db]);
    expect(again.out).toBe(`The database ${db} (SQLite) is ready.\n`);
  });

  test("a bad place or DATABASE_URL is a clear error with exit 2", () => {
    expect(truce(["init", "--db", "/etc/passwd/x.db"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("cannot open the database /etc/passwd/x.db"),
    });
    const r = spawnSync(process.execPath, [BIN, "init"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "mysql://x" },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("DATABASE_URL must start with postgres://");
  });
});

describe("truce serve", () => {
  test("first run prints the one-time password, serves real HTTP, and stops gracefully on SIGTERM", async () => {
    const db = join(dir, "served", "truce.db");
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--db", db], {
      env: { ...process.env, TRUCE_LOG_LEVEL: "silent", DATABASE_URL: "" },
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    const address = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
      child.stdout.on("data", () => {
        const m = /running at (http:\/\/[^ ]+)/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(m[1] as string);
        }
      });
    });
    expect(out).toMatch(/One-time password: \S+/);
    const health = await fetch(`${address}/api/v1/health`);
    expect(await health.json()).toEqual({ status: "ok" });
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(out).toContain("Stopped.");
    // A second run finds the database ready and prints no secret.
    const again = truce(["init", "--db", db]);
    expect(again.out).not.toMatch(/password/i);
  });
});
