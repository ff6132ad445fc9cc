import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { findGradeChanges, findLeadEvents, findObservationRows } from "../../store/events.js";
import { findLeadFacts } from "../../store/facts.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import type { AppDeps } from "../deps.js";
import { captureLead } from "../leads/capture-lead.js";
import { evidence, testApp } from "../testing/app.js";
import type { ImportOptions } from "./options.js";
import { runImport } from "./run-import.js";

const dir = mkdtempSync(join(tmpdir(), "truce-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function csv(text: string): string {
  const path = join(dir, `leads-${++files}.csv`);
  writeFileSync(path, text);
  return path;
}

const run = (deps: AppDeps, path: string, extra: Partial<ImportOptions> = {}) =>
  runImport(deps, { path, actor: "tester", rejectsPath: `${path}.rejects.csv`, ...extra });

const HEADER = "Name,Email,Phone,Decision date,Stated interest,Contact channel\n";

describeEachDialect("import", (ctx) => {
  const db = () => ctx.store.db;
  const count = async (table: "leads" | "observations" | "lead_events" | "imports") =>
    table === "observations"
      ? (await findObservationRows(db())).length
      : Number(
          (
            await db()
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
  const leadByEmail = async (email: string) =>
    db().selectFrom("leads").selectAll().where("email_norm", "=", email).executeTakeFirstOrThrow();

  test("rows become leads graded like captures, facts with import evidence (file, row)", async () => {
    const { deps } = await testApp(ctx.store);
    const path = csv(`${HEADER}Olga,olga@x.test,,01.03.2027,да,Web form\n`);
    const r = await run(deps, path);
    expect(r).toMatchObject({ status: "imported", rows: 1, created: 1, merged: 0, rejected: 0 });
    // The same lead captured: the same grade, version, next change and grade inputs.
    const at = new Date(deps.clock()).toISOString();
    const facts = [
      { fact: "decision_date", value: "2027-03-01", evidence: evidence(at, "import") },
      { fact: "stated_interest", value: true, evidence: evidence(at, "import") },
      { fact: "contact_channel", value: "form", evidence: evidence(at, "import") },
    ];
    const captured = await captureLead(deps, { name: "Olga", email: "olga2@x.test", facts }, "tester");
    const [a, b] = [await leadByEmail("olga@x.test"), await leadByEmail("olga2@x.test")];
    for (const k of ["grade", "graded_version", "next_regrade_at", "stage", "is_open"] as const)
      expect(a[k]).toEqual(b[k]);
    expect(a.grade).toBe("hot");
    const [ga, gb] = [await findGradeChanges(db(), a.id), await findGradeChanges(db(), captured.leadId)];
    const inputs = (gs: typeof ga) =>
      gs.map((g) => [g.new_grade, g.cause, g.version, JSON.parse(g.explanation)]);
    expect(inputs(ga)).toEqual(inputs(gb));
    const events = await findObservationRows(db(), a.id);
    expect(events.map((e) => [e.fact, e.value, e.channel, e.recorded_by, e.note])).toEqual([
      ["decision_date", '"2027-03-01"', "import", "tester", `${path.split("/").pop()}, row 2`],
      ["stated_interest", "true", "import", "tester", `${path.split("/").pop()}, row 2`],
      ["contact_channel", '"form"', "import", "tester", `${path.split("/").pop()}, row 2`],
    ]);
    expect((await findLeadEvents(db(), a.id)).map((e) => [e.type, JSON.parse(e.data).row])).toEqual([
      ["imported", 2],
    ]);
  });

  test("rows matching an open lead by e-mail or phone merge into it, also within the file", async () => {
    const { deps } = await testApp(ctx.store);
    const existing = await captureLead(deps, { email: "ann@x.test", phone: "+7 999 000-00-01" }, "tester");
    const path = csv(
      `${HEADER}Ann,ANN@x.test,,2027-01-10,,\nBo,bo@x.test,,,yes,\nBo again,bo@x.test,,,no,call\nPhone only,,+79990000001,,yes,\n`,
    );
    const r = await run(deps, path, { batchSize: 2 });
    expect(r).toMatchObject({ created: 1, merged: 3, rejected: 0 });
    expect(await count("leads")).toBe(2);
    const ann = await leadByEmail("ann@x.test");
    expect(ann.id).toBe(existing.leadId);
    expect(ann.grade).toBe("hot"); // cold at capture; the imported decision date makes it hot
    expect((await findGradeChanges(db(), ann.id)).map((g) => [g.old_grade, g.new_grade, g.cause])).toEqual([
      [null, "cold", "capture"],
      ["cold", "hot", "fact"],
    ]);
    expect((await findLeadEvents(db(), ann.id)).map((e) => e.type)).toEqual([
      "captured",
      "imported_again",
      "imported_again",
    ]);
    const bo = await leadByEmail("bo@x.test");
    const current = Object.fromEntries((await findLeadFacts(db(), bo.id)).map((f) => [f.fact, f.value]));
    expect(current).toEqual({ stated_interest: "false", contact_channel: '"call"' }); // the later row wins
    expect(bo.grade).toBe("cold");
  });

  test("bad rows go to the rejects file with row, column, value and reason; good rows still import", async () => {
    const { deps } = await testApp(ctx.store);
    const path = csv(
      `${HEADER}A,a@x.test,,,,\nB,not-an-email,,,,\nC,c@x.test,,31.02.2027,,\n,,,,,\nD,d@x.test,,,maybe,Fax\nE,e@x.test,,03/04/2027,,\nF,=HYPERLINK(1),,,,\n`,
    );
    const r = await run(deps, path);
    expect(r).toMatchObject({
      rows: 7,
      created: 1,
      rejected: 5,
      skipped: 1,
      rejectsFile: `${path}.rejects.csv`,
    });
    const lines = readFileSync(`${path}.rejects.csv`, "utf8").split("\r\n");
    expect(lines[0]).toBe("\uFEFFrow,column,value,reason");
    expect(lines.slice(1, 6).map((l) => l.split(",").slice(0, 3).join(","))).toEqual([
      "3,Email,not-an-email",
      "4,Decision date,31.02.2027",
      "6,Stated interest,maybe",
      "7,Decision date,03/04/2027",
      "8,Email,'=HYPERLINK(1)", // never a live formula in a spreadsheet
    ]);
    expect(lines[3]).toContain("also Contact channel: expected one of form, call, email, event");
    expect(lines[4]).toContain("--dates dmy or --dates mdy");
    const fixed = await run(deps, path, { dates: "mdy" }); // other options: a new import
    expect(fixed.importId).not.toBe(r.importId);
  });

  test("a dry run writes nothing and counts as the import will", async () => {
    const { deps } = await testApp(ctx.store);
    await captureLead(deps, { email: "a@x.test" }, "tester");
    const path = csv(
      `${HEADER}A,a@x.test,,,,\nB,b@x.test,,,,\nB,,,,,\nB2,b@x.test,+1 555 0100,,,\nP,,+1-555-0100,,,\nX,bad,,,,\n`,
    );
    const before = await Promise.all([
      count("leads"),
      count("observations"),
      count("lead_events"),
      count("imports"),
    ]);
    const dry = await run(deps, path, { dryRun: true });
    expect(
      await Promise.all([count("leads"), count("observations"), count("lead_events"), count("imports")]),
    ).toEqual(before);
    const real = await run(deps, path);
    for (const k of ["rows", "created", "merged", "rejected", "skipped"] as const)
      expect(dry[k]).toBe(real[k]);
    expect(real).toMatchObject({ created: 3, merged: 2, rejected: 1 });
  });

  test("--strict: one bad row imports nothing; a clean file imports", async () => {
    const { deps } = await testApp(ctx.store);
    const refused = await run(deps, csv(`${HEADER}A,a@x.test,,,,\nB,b@x.test,,,perhaps,\n`), {
      strict: true,
    });
    expect(refused).toMatchObject({ status: "refused", rejected: 1, importId: null });
    expect(await count("leads")).toBe(0);
    const ok = await run(deps, csv(`${HEADER}A,a@x.test,,,,\nB,b@x.test,,,yes,\n`), { strict: true });
    expect(ok).toMatchObject({ status: "imported", created: 2 });
  });

  test("a crash between or inside batches loses and duplicates nothing: a rerun resumes", async () => {
    const { deps } = await testApp(ctx.store);
    const rows = Array.from({ length: 30 }, (_, i) =>
      i % 7 === 3
        ? `Bad ${i},bad-${i},,,,`
        : `P${i},p${i % 20}@x.test,,2027-0${(i % 9) + 1}-01,${i % 2 ? "yes" : "no"},call`,
    );
    const path = csv(`${HEADER}${rows.join("\n")}\n`);
    const good = rows.filter((r) => !r.startsWith("Bad"));
    const created = new Set(good.map((r) => r.split(",")[1])).size;
    let batches = 0;
    const crash = () => {
      if (++batches === 2) throw new Error("killed after 2 batches");
    };
    await expect(run(deps, path, { batchSize: 4, onProgress: crash })).rejects.toThrow("killed");
    let made = 0;
    const dying = () => {
      if (++made === 5) throw new Error("killed inside a batch");
      return `lead-${made}-${Math.random()}`;
    };
    await expect(run(deps, path, { batchSize: 4, newLeadId: dying })).rejects.toThrow("inside a batch");
    const done = await run(deps, path, { batchSize: 4 });
    const counts = { created, merged: good.length - created, rejected: 30 - good.length };
    expect(done).toMatchObject({ status: "imported", rows: 30, ...counts });
    expect(done.resumedAfter).toBeGreaterThanOrEqual(9);
    const imported = await db().selectFrom("import_rows").select(["row", "outcome"]).orderBy("row").execute();
    expect(imported.map((r) => Number(r.row))).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    const notes = await findObservationRows(db());
    const perRow = new Map<string | null, number>();
    for (const n of notes) perRow.set(n.note, (perRow.get(n.note) ?? 0) + 1);
    expect(perRow.size).toBe(good.length); // each good row once…
    expect([...perRow.values()].every((n) => n === 3)).toBe(true); // …with its three facts
    expect(await count("lead_events")).toBe(good.length);
    expect(await count("leads")).toBe(created);
    const again = await run(deps, path, { batchSize: 7 });
    expect(again).toMatchObject({ status: "already_imported", ...counts });
    expect(await count("lead_events")).toBe(good.length);
  });
});
