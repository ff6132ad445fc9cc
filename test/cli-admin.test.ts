import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashToken, verifyPassword } from "../src/app/auth/secrets.js";
import { seedLeads } from "../src/app/export/testing/seed.js";
import { findApiKeyById } from "../src/store/api-keys.js";
import type { Store } from "../src/store/connect.js";
import { countGradeChanges } from "../src/store/events.js";
import { findUserByEmail } from "../src/store/sessions.js";
import { AVAILABLE_DIALECTS } from "../src/store/testing/dialects.js";
import { type CliDatabase, cliDatabase, truce } from "./testing/truce-cli.js";

const dir = mkdtempSync(join(tmpdir(), "truce-admin-"));

/** Everything graded cold, whatever the facts or the day: a candidate whose matrix does not depend on today. */
const ALL_COLD = join(dir, "all-cold.yaml");
writeFileSync(
  ALL_COLD,
  `truce: 1
id: all-cold
name: { en: All cold }
facts:
  - { key: stated_interest, type: boolean, label: { en: Stated interest }, guide: { en: What they said } }
grades:
  - key: cold
    label: { en: Cold }
    otherwise: true
`,
);

for (const dialect of AVAILABLE_DIALECTS) {
  // Each test runs the binary a dozen times: generous time for a busy machine.
  describe(`admin commands [${dialect}]`, { timeout: 120_000 }, () => {
    let db: CliDatabase;
    let store: Store;
    const run = (...args: string[]) => truce(args, db.env);
    beforeAll(async () => {
      db = await cliDatabase(dialect);
      store = db.store;
      await seedLeads(store);
    });
    afterAll(async () => db.cleanup());

    test("users add prints a working one-time password once; reset-password replaces it; list", async () => {
      const added = run(
        "users",
        "add",
        "Olga@Acme.example",
        "--role",
        "marketing_head",
        "--name",
        "Olga Ivanova",
      );
      expect(added.code).toBe(0);
      const password = /One-time password: (\S+)/.exec(added.out)?.[1] as string;
      const user = await findUserByEmail(store.db, "olga@acme.example");
      expect(user).toMatchObject({ name: "Olga Ivanova", role: "marketing_head" });
      expect(await verifyPassword(password, user?.password_hash as string)).toBe(true);

      const reset = run("users", "reset-password", "olga@acme.example", "--format", "json");
      expect(reset.code).toBe(0);
      const { oneTimePassword } = JSON.parse(reset.out);
      const after = await findUserByEmail(store.db, "olga@acme.example");
      expect(await verifyPassword(oneTimePassword, after?.password_hash as string)).toBe(true);
      expect(await verifyPassword(password, after?.password_hash as string)).toBe(false);

      const list = run("users", "list");
      expect(list.out).toMatch(/olga@acme\.example\s+Olga Ivanova\s+marketing_head/);
      const json = JSON.parse(run("users", "list", "--format", "json").out) as { email: string }[];
      expect(json.map((u) => u.email)).toContain("admin@example.test");
      expect(JSON.stringify(json)).not.toContain("scrypt$");

      expect(run("users", "add", "olga@acme.example", "--role", "sales")).toMatchObject({
        code: 1,
        err: expect.stringContaining("exists"),
      });
      expect(run("users", "add", "x@acme.example", "--role", "boss")).toMatchObject({
        code: 2,
        err: expect.stringContaining("--role: expected one of"),
      });
      expect(run("users", "add", "not-an-email", "--role", "sales").code).toBe(2);
      expect(run("users", "add", "y@acme.example").code).toBe(2); // --role is required
      expect(run("users", "reset-password", "nobody@acme.example").code).toBe(1);
    });

    test("keys add prints the key once (only its hash is stored); list; revoke", async () => {
      const added = run(
        "keys",
        "add",
        "website forms",
        "--scope",
        "capture",
        "--scope",
        "read",
        "--format",
        "json",
      );
      expect(added.code).toBe(0);
      const key = JSON.parse(added.out) as { id: string; key: string; scopes: string[] };
      expect(key.scopes).toEqual(["capture", "read"]);
      const row = await findApiKeyById(store.db, key.id);
      expect(row?.key_hash).toBe(hashToken(key.key));
      expect(JSON.stringify(row)).not.toContain(key.key);

      const list = run("keys", "list");
      expect(list.out).toContain("website forms");
      expect(list.out).not.toContain(key.key);
      expect(list.out).toContain(`${key.key.split("_").slice(0, 2).join("_")}_…`);

      expect(run("keys", "revoke", key.id)).toMatchObject({
        code: 0,
        out: `Revoked the API key "website forms" (${key.id}).\n`,
      });
      const listed = JSON.parse(run("keys", "list", "--format", "json").out) as {
        id: string;
        revokedAt: number | null;
      }[];
      expect(listed.find((k) => k.id === key.id)?.revokedAt).not.toBeNull();

      expect(run("keys", "add", "x", "--scope", "everything")).toMatchObject({
        code: 2,
        err: expect.stringContaining("--scope"),
      });
      expect(run("keys", "add", "x").code).toBe(2);
      expect(run("keys", "revoke", "no-such-key")).toMatchObject({
        code: 1,
        err: expect.stringContaining("no API key"),
      });
    });

    test("report: grades by source and campaign, conversion by grade, as text and JSON", () => {
      const text = run("report");
      expect(text.code).toBe(0);
      expect(text.out).toContain("Lead grades by source\nsource   hot  warm  cold  total\n");
      expect(text.out).toMatch(/\nads\s+1\s+1\s+1\s+3\n/);
      expect(text.out).toMatch(/\n\(none\)\s+0\s+0\s+1\s+1\n/);
      expect(text.out).toMatch(/\nhot\s+2\s+1\s+0\s+1\s+100%\s+12500\.5 RUB\s+3\s+—\n/);
      const json = JSON.parse(run("report", "conversion", "--format", "json").out);
      expect(Object.keys(json)).toEqual(["conversion"]);
      expect(json.conversion.grades[1]).toMatchObject({ grade: "warm", lost: 1, medianDaysToLost: 2 });
      expect(run("report", "--locale", "ru").out).toContain("Классы лидов по источникам");
      expect(run("report", "nonsense")).toMatchObject({ code: 2, err: expect.stringContaining("no report") });
    });

    test("simulate prints the transition matrix of the open leads, and writes nothing", async () => {
      const gradeEvents = await countGradeChanges(store.db);
      const text = run("simulate", ALL_COLD);
      expect(text.code).toBe(0);
      expect(text.out).toContain(`Simulated ${ALL_COLD} against the active version 1`);
      expect(text.out).toContain("2 open leads. Nothing was written.");
      expect(text.out).toMatch(/from \\ to\s+cold\s+total/);
      const json = JSON.parse(run("simulate", ALL_COLD, "--format", "json").out);
      expect(json).toMatchObject({ activeVersion: 1, candidateVersion: null, total: 2 });
      for (const row of Object.values(json.matrix as Record<string, Record<string, number>>))
        expect(Object.keys(row)).toEqual(["cold"]);
      const stored = JSON.parse(run("simulate", "--version", "1", "--format", "json").out);
      expect(stored).toMatchObject({ candidateVersion: 1, total: 2 });

      const broken = join(dir, "broken.yaml");
      writeFileSync(broken, "truce: 1\nid: x\ngrades: nope\n");
      const bad = run("simulate", broken);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain("definition.schema");
      expect(run("simulate", "--version", "99").code).toBe(1);
      expect(run("simulate").code).toBe(2);
      expect(run("simulate", ALL_COLD, "--version", "1").code).toBe(2);
      expect(await countGradeChanges(store.db)).toBe(gradeEvents);
    });
  });
}

test("every new command has --help with examples", () => {
  for (const args of [
    ["export"],
    ["simulate"],
    ["report"],
    ["users", "add"],
    ["users", "reset-password"],
    ["users", "list"],
    ["keys", "add"],
    ["keys", "list"],
    ["keys", "revoke"],
    ["backup"],
    ["restore"],
  ]) {
    const r = truce([...args, "--help"]);
    expect(r.code, args.join(" ")).toBe(0);
    expect(r.out, args.join(" ")).toContain("Examples:");
  }
}, 120_000);
