import { type CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "./connect.js";
import { type LeadListFilter, leadPageQuery } from "./lead-list.js";
import { AVAILABLE_DIALECTS, type DialectName, freshDatabase } from "./testing/dialects.js";

/**
 * Every list shape the inbox asks for is one index range walked in the page's order: the planner
 * picks the index made for it (migration 0007) and never sorts — no `USE TEMP B-TREE` on SQLite,
 * no Sort node on PostgreSQL —, so a page costs its 51 rows however many leads match.
 * lead-list.test.ts checks the wider set of filters only for "some index, no full scan".
 *
 * SQLite is asked twice: without statistics, as `truce serve` runs (nothing runs ANALYZE), and
 * after ANALYZE. PostgreSQL after ANALYZE, with sequential scans, bitmap scans and sorts turned
 * off: on a test-sized book it rightly prefers to fetch a few hundred rows and sort them, so the
 * question put to it is whether an index serves the page in order (if none did, the plan would
 * still sort). Where a filter keeps a quarter of the leads or more, walking leads_created and
 * checking the filter on each row is as good a plan, and PostgreSQL may pick it.
 */
const NOW = Date.parse("2026-11-27T10:00:00Z");
const LEADS = 6000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Lead n of the seeded book: captured ten minutes apart (lead 0 oldest), spread over every filter. */
function leadRow(n: number) {
  const stage =
    n % 10 === 0
      ? "handed_off"
      : n % 10 === 1
        ? "rejected"
        : n % 20 === 2
          ? "accepted"
          : n % 20 === 3
            ? "nurturing"
            : "captured";
  const createdAt = NOW - (LEADS - n) * 10 * MINUTE;
  const handedOff = stage === "handed_off" || stage === "rejected" || stage === "accepted";
  const source = ["website", "webinar", "partner", "ads"][n % 4] as string;
  return {
    id: `lead-${String(n).padStart(5, "0")}`,
    name: `Person ${n}`,
    email_norm: `p${n}@example.test`,
    source,
    campaign: `${source}-${Math.floor(n / 4) % 10}`,
    owner_id: handedOff || n % 7 === 0 ? `u-${n % 13}` : null,
    stage,
    lifecycle: "{}",
    is_open: 1,
    grade: ["hot", "warm", "cold"][Math.floor(n / 4) % 3] as string,
    // Hand-offs due every 40 minutes around now, several on the same minute (ties on the key).
    sla_due_at: handedOff ? NOW + (Math.floor(n / 30) - 100) * 40 * MINUTE : null,
    responded_at: handedOff && stage !== "handed_off" ? createdAt + 120 * MINUTE : null,
    created_at: createdAt,
    updated_at: NOW,
    row_version: 0,
  };
}

const oldest = leadRow(0);
const middle = leadRow(LEADS / 2);
const dueMiddle = leadRow(1510); // handed off, past due
const afterNewest = { createdAt: middle.created_at, id: middle.id };
const afterDue = { createdAt: dueMiddle.sla_due_at as number, id: dueMiddle.id };
const week = { at: NOW - 7 * DAY, enteredBy: ["reject"] };

/**
 * [inbox view or API shape, filter, the index that serves it]. "Rejected this week" alone may sort:
 * with statistics, the planner can start from the week's rejections (lead_events_type) and sort
 * those few instead of walking every rejected lead.
 */
const SHAPES: [string, LeadListFilter, string][] = [
  ["All (default list)", {}, "leads_created"],
  ["All, next page", { after: afterNewest }, "leads_created"],
  [
    "oldest first, next page",
    { sort: "oldest", after: { createdAt: oldest.created_at, id: oldest.id } },
    "leads_created",
  ],
  ["My queue", { ownerId: "u-3" }, "leads_owner"],
  ["My queue, next page", { ownerId: "u-3", after: afterNewest }, "leads_owner"],
  ["My queue, oldest first", { ownerId: "u-3", sort: "oldest" }, "leads_owner"],
  ["a grade", { grade: "hot" }, "leads_(grade|created)"],
  ["a grade, next page", { grade: "hot", after: afterNewest }, "leads_(grade|created)"],
  ["a stage", { stage: "nurturing" }, "leads_stage"],
  ["a source", { source: "webinar" }, "leads_(source|created)"],
  ["a campaign", { campaign: "partner-3" }, "leads_campaign"],
  ["grade and source (bench:http)", { grade: "hot", source: "website" }, "leads_(grade|source|created)"],
  [
    "grade and source, next page",
    { grade: "hot", source: "website", after: afterNewest },
    "leads_(grade|source|created)",
  ],
  ["grade and campaign (bench:http)", { grade: "hot", campaign: "partner-3" }, "leads_(grade|campaign)"],
  ["Hot waiting", { grade: "hot", stage: "handed_off", sort: "due" }, "leads_(sla_stage|sla)"],
  [
    "Hot waiting, next page",
    { grade: "hot", stage: "handed_off", sort: "due", after: afterDue },
    "leads_(sla_stage|sla)",
  ],
  ["Breached", { stage: "handed_off", sla: "breached", sort: "due" }, "leads_(sla_stage|sla)"],
  [
    "Breached, next page",
    { stage: "handed_off", sla: "breached", sort: "due", after: afterDue },
    "leads_(sla_stage|sla)",
  ],
  ["due first", { sort: "due" }, "leads_sla"],
  ["due first, next page", { sort: "due", after: afterDue }, "leads_sla"],
  ["Rejected this week", { stage: "rejected", stageSince: week }, "leads_stage"],
];
const WEEK_FIRST =
  /SEARCH lead_events USING (COVERING )?INDEX lead_events_type|Index Scan using lead_events_type/;

type Engine = { readonly name: string; readonly dialect: DialectName; readonly analyze: boolean };
const ENGINES: Engine[] = AVAILABLE_DIALECTS.flatMap((dialect): Engine[] =>
  dialect === "sqlite"
    ? [
        { name: "sqlite, no statistics (as served)", dialect, analyze: false },
        { name: "sqlite, after ANALYZE", dialect, analyze: true },
      ]
    : [{ name: "postgres, after ANALYZE", dialect, analyze: true }],
);

for (const engine of ENGINES) {
  describe(`leads list plans [${engine.name}]`, () => {
    let store: Store;
    let cleanup: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const fresh = await freshDatabase(engine.dialect);
      store = fresh.store;
      cleanup = fresh.cleanup;
      const rows = Array.from({ length: LEADS }, (_, n) => leadRow(n));
      for (let i = 0; i < rows.length; i += 500)
        await store.db
          .insertInto("leads")
          .values(rows.slice(i, i + 500))
          .execute();
      // Each rejection's event, at its response time: the last week's are a few of them.
      const events = rows
        .filter((r) => r.stage === "rejected")
        .map((r) => ({
          lead_id: r.id,
          type: "reject",
          actor: "u",
          at: r.responded_at as number,
          data: "{}",
        }));
      for (let i = 0; i < events.length; i += 500)
        await store.db
          .insertInto("lead_events")
          .values(events.slice(i, i + 500))
          .execute();
      // A bare ANALYZE on PostgreSQL walks every schema of the database, other test runs' included.
      if (engine.analyze)
        await sql
          .raw(engine.dialect === "sqlite" ? "analyze" : "analyze leads, lead_events")
          .execute(store.db);
    });
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    test.each(SHAPES)("%s: one walk of %s, no sort", async (_name, filter, index) => {
      const q = leadPageQuery(store.db, filter, NOW, 51).compile();
      const plan = await explain(store, engine.dialect, q);
      if (filter.stageSince && !new RegExp(index).test(plan)) {
        expect(plan).toMatch(WEEK_FIRST);
      } else if (engine.dialect === "sqlite") {
        expect(plan).toMatch(new RegExp(`(SCAN|SEARCH) leads USING (COVERING )?INDEX (${index})\\b`));
        expect(plan).not.toMatch(/TEMP B-TREE/);
        expect(plan).not.toMatch(/SCAN leads(?! USING)/);
      } else {
        expect(plan).toMatch(new RegExp(`Index (Only )?Scan (Backward )?using (${index}) on leads`));
        expect(plan).not.toMatch(/Sort|Seq Scan on leads/);
      }
      // The page is full: the plan was asked about a query that finds leads.
      expect((await leadPageQuery(store.db, filter, NOW, 51).execute()).length).toBeGreaterThan(0);
    });
  });
}

/** The plan as one text: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN lines. */
async function explain(store: Store, dialect: DialectName, q: CompiledQuery): Promise<string> {
  if (dialect === "sqlite") {
    const { rows } = await sql.raw<{ detail: string }>(`explain query plan ${inline(q)}`).execute(store.db);
    return rows.map((r) => r.detail).join("\n");
  }
  return store.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_bitmapscan = off`.execute(trx);
    await sql`set local enable_sort = off`.execute(trx);
    const { rows } = await sql.raw<{ "QUERY PLAN": string }>(`explain ${inline(q)}`).execute(trx);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
}

/** EXPLAIN takes no bound parameters on both engines: inline them (test constants only). */
function inline(q: CompiledQuery): string {
  let i = 0;
  return q.sql.replace(/\?|\$\d+/g, () => {
    const v = q.parameters[i++];
    return typeof v === "number" ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
  });
}
