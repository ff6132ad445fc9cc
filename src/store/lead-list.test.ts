import { type CompiledQuery, sql } from "kysely";
import { expect, test } from "vitest";
import { findLeadPage, type LeadListFilter, leadPageQuery } from "./lead-list.js";
import { describeEachDialect } from "./testing/dialects.js";

/**
 * The lead list's main filter combinations use an index on both engines (never a full scan of
 * leads, except text search, which is documented to scan). As in query-plans.test.ts: SQLite's
 * EXPLAIN QUERY PLAN names the index; PostgreSQL is asked with sequential scans turned off.
 */
describeEachDialect("lead list query plans", (ctx) => {
  const now = Date.parse("2026-11-27T10:00:00Z");
  const after = { createdAt: now - 1500 * 60_000, id: "lead-01500" };
  const cases: [string, LeadListFilter, string][] = [
    ["no filter", {}, "leads_created"],
    ["no filter, next page", { after }, "leads_created"],
    ["grade", { grade: "hot" }, "leads_grade|leads_created"],
    ["stage", { stage: "handed_off" }, "leads_stage|leads_created"],
    ["source", { source: "webinar" }, "leads_source|leads_created"],
    ["campaign", { campaign: "c-7" }, "leads_campaign|leads_created"],
    ["owner", { ownerId: "u-3" }, "leads_owner|leads_created"],
    [
      "grade and stage, next page",
      { grade: "hot", stage: "handed_off", after },
      "leads_(grade|stage|created)",
    ],
    [
      "source, campaign and owner",
      { source: "web", campaign: "c-4", ownerId: "u-4" },
      "leads_(source|campaign|owner|created)",
    ],
    ["SLA running", { sla: "running" }, "leads_sla|leads_created"],
    ["SLA breached", { sla: "breached" }, "leads_sla|leads_created"],
    ["SLA met and grade", { sla: "met", grade: "hot" }, "leads_grade|leads_created"],
    ["oldest first", { sort: "oldest" }, "leads_created"],
    ["oldest first, next page", { sort: "oldest", after }, "leads_created"],
    ["grade, oldest first", { grade: "hot", sort: "oldest" }, "leads_grade|leads_created"],
    ["due first", { sort: "due" }, "leads_sla"],
    ["due first, next page", { sort: "due", after: { createdAt: now, id: "lead-01500" } }, "leads_sla"],
    [
      "warm waiting, due first",
      { grade: "warm", stage: "handed_off", sort: "due" },
      "leads_(sla|grade|stage)",
    ],
    [
      "rejected since a time",
      { stage: "rejected", stageSince: { at: now - 7 * 86_400_000, enteredBy: ["reject"] } },
      "lead_events_type",
    ],
  ];
  const db = () => ctx.store.db;

  async function seed() {
    const rows = Array.from({ length: 3000 }, (_, n) => {
      const handedOff = n % 5 === 0;
      return {
        id: `lead-${String(n).padStart(5, "0")}`,
        name: `Person ${n}`,
        email_norm: `p${n}@example.test`,
        source: ["web", "webinar", "event", "ads"][n % 4] as string,
        campaign: `c-${n % 50}`,
        owner_id: `u-${n % 20}`,
        stage: handedOff
          ? "handed_off"
          : (["captured", "nurturing", "accepted", "rejected"][n % 4] as string),
        lifecycle: "{}",
        is_open: 1,
        grade: ["hot", "warm", "cold"][n % 3] as string,
        sla_due_at: handedOff ? now + ((n % 10) - 5) * 3_600_000 : null,
        responded_at: handedOff && n % 3 === 0 ? now - 1000 : null,
        created_at: now - (3000 - n) * 60_000,
        updated_at: now,
        row_version: 0,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await db()
        .insertInto("leads")
        .values(rows.slice(i, i + 500))
        .execute();
    // Rejections, one a day going back: the week's are few of them.
    const events = rows
      .filter((r) => r.stage === "rejected")
      .map((r, i) => ({ lead_id: r.id, type: "reject", actor: "u", at: now - i * 86_400_000, data: "{}" }));
    for (let i = 0; i < events.length; i += 500)
      await db()
        .insertInto("lead_events")
        .values(events.slice(i, i + 500))
        .execute();
    await sql.raw(ctx.dialect === "sqlite" ? "analyze" : "analyze leads, lead_events").execute(db());
  }

  test.each(cases)("%s uses %s", async (_name, filter, index) => {
    await seed();
    const q = leadPageQuery(db(), filter, now, 51).compile();
    let plan: string;
    if (ctx.dialect === "sqlite") {
      const { rows } = await sql.raw(`explain query plan ${inline(q)}`).execute(db());
      plan = JSON.stringify(rows);
      expect(plan).not.toMatch(/SCAN leads(?! USING)/);
    } else {
      plan = await db()
        .transaction()
        .execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const { rows } = await sql.raw(`explain ${inline(q)}`).execute(trx);
          return JSON.stringify(rows);
        });
    }
    expect(plan).toMatch(new RegExp(index));
    // The same query runs and finds leads (every case matches some of the seeded ones).
    expect((await findLeadPage(db(), filter, now, 51)).length).toBeGreaterThan(0);
  });
});

/** EXPLAIN takes no bound parameters on both engines: inline them (test constants only). */
function inline(q: CompiledQuery): string {
  let i = 0;
  return q.sql.replace(/\?|\$\d+/g, () => {
    const v = q.parameters[i++];
    return typeof v === "number" ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
  });
}
