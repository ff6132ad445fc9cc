import { type CompiledQuery, sql } from "kysely";
import { expect, test } from "vitest";
import { findActiveDefinition } from "./definitions.js";
import { describeEachDialect } from "./testing/dialects.js";

/**
 * The hot queries use the indexes made for them. SQLite: EXPLAIN QUERY PLAN names the index.
 * PostgreSQL: on near-empty tables the planner rightly prefers a sequential scan, so the check
 * turns sequential scans off for the transaction and asks whether the index can serve the query.
 */
describeEachDialect("query plans", (ctx) => {
  const now = Date.parse("2026-11-27T10:00:00Z");
  const cases: [string, () => CompiledQuery, string][] = [
    [
      "capture dedupe by e-mail",
      () =>
        db()
          .selectFrom("leads")
          .selectAll()
          .where("email_norm", "=", "a@b.c")
          .where("is_open", "=", 1)
          .compile(),
      "leads_email_open",
    ],
    [
      "capture dedupe by phone",
      () =>
        db()
          .selectFrom("leads")
          .selectAll()
          .where("phone_norm", "=", "79991234567")
          .where("is_open", "=", 1)
          .compile(),
      "leads_phone_open",
    ],
    [
      "capture dedupe by e-mail or phone, in one statement (both partial indexes)",
      () =>
        db()
          .selectFrom("leads")
          .selectAll()
          .where("email_norm", "=", "a@b.c")
          .where("is_open", "=", 1)
          .unionAll(
            db()
              .selectFrom("leads")
              .selectAll()
              .where("phone_norm", "=", "79991234567")
              .where("is_open", "=", 1),
          )
          .compile(),
      "leads_email_open[\\s\\S]*leads_phone_open",
    ],
    [
      "leads due for a time regrade",
      () =>
        db()
          .selectFrom("leads")
          .select("id")
          .where("next_regrade_at", "is not", null)
          .where("next_regrade_at", "<=", now)
          .orderBy("next_regrade_at")
          .limit(500)
          .compile(),
      "leads_regrade_due",
    ],
    [
      "a lead's grade history",
      () =>
        db()
          .selectFrom("lead_events")
          .selectAll()
          .where("lead_id", "=", "x")
          .where("version", "is not", null)
          .orderBy("id")
          .compile(),
      "lead_events_lead",
    ],
    [
      "a lead's events",
      () => db().selectFrom("lead_events").selectAll().where("lead_id", "=", "x").orderBy("id").compile(),
      "lead_events_lead",
    ],
    [
      "open disputes",
      () =>
        db().selectFrom("disputes").selectAll().where("status", "=", "open").orderBy("opened_at").compile(),
      "disputes_status",
    ],
    [
      "unanswered hand-offs past due",
      () =>
        db()
          .selectFrom("leads")
          .selectAll()
          .where("sla_due_at", "is not", null)
          .where("responded_at", "is", null)
          .where("sla_due_at", "<", now)
          .orderBy("sla_due_at")
          .compile(),
      "leads_sla",
    ],
    // A third of the leads are hot: walking leads_created backwards and filtering is as good a plan.
    [
      "leads of a grade, newest first",
      () =>
        db()
          .selectFrom("leads")
          .select("id")
          .where("grade", "=", "hot")
          .orderBy("created_at", "desc")
          .limit(50)
          .compile(),
      "leads_grade|leads_created",
    ],
    [
      "the active definition",
      () => db().selectFrom("definition_versions").selectAll().where("status", "=", "active").compile(),
      "definition_versions_one_active",
    ],
    [
      "due webhook deliveries",
      () =>
        db()
          .selectFrom("webhook_deliveries")
          .selectAll()
          .where("status", "=", "pending")
          .where("next_attempt_at", "<=", now)
          .orderBy("next_attempt_at")
          .limit(100)
          .compile(),
      "webhook_deliveries_due",
    ],
    [
      "due jobs",
      () =>
        db()
          .selectFrom("jobs")
          .selectAll()
          .where("done_at", "is", null)
          .where("run_at", "<=", now)
          .orderBy("run_at")
          .limit(1)
          .compile(),
      "jobs_due",
    ],
  ];
  const db = () => ctx.store.db;

  /** Realistic statistics: thousands of distinct contacts, so neither planner guesses on empty tables. */
  async function seed() {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      id: `lead-${i}`,
      email_norm: `p${i}@example.test`,
      phone_norm: `7999${String(i).padStart(7, "0")}`,
      stage: "captured",
      lifecycle: "{}",
      is_open: i % 10 === 0 ? 0 : 1,
      grade: ["hot", "warm", "cold"][i % 3] as string,
      next_regrade_at: i % 7 === 0 ? now + i * 1000 : null,
      created_at: now - i,
      updated_at: now,
      row_version: 0,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db()
        .insertInto("leads")
        .values(rows.slice(i, i + 500))
        .execute();
    const disputes = rows.slice(0, 1000).map((l, i) => ({
      lead_id: l.id,
      fact: "decision_date",
      claimed_value: "null",
      evidence: "{}",
      status: i % 20 === 0 ? "open" : "dismissed",
      opened_by: "u",
      opened_at: now - i,
    }));
    const jobs = Array.from({ length: 1000 }, (_, i) => ({
      kind: "k",
      dedupe_key: `k-${i}`,
      payload: "{}",
      run_at: now + i * 60_000,
      attempts: 0,
      done_at: i % 20 === 0 ? null : now,
    }));
    for (let i = 0; i < 1000; i += 500) {
      await db()
        .insertInto("disputes")
        .values(disputes.slice(i, i + 500))
        .execute();
      await db()
        .insertInto("jobs")
        .values(jobs.slice(i, i + 500))
        .execute();
    }
    // A bare ANALYZE on PostgreSQL walks every schema of the database, other test runs' included.
    await db()
      .insertInto("webhooks")
      .values({
        id: "w1",
        url: "http://127.0.0.1/",
        secret: "s",
        events: "[]",
        created_by: "u",
        created_at: now,
        consecutive_failures: 0,
      })
      .execute();
    const deliveries = Array.from({ length: 1000 }, (_, i) => ({
      webhook_id: "w1",
      outbox_id: i,
      status: i % 20 === 0 ? "pending" : "delivered",
      attempts: 1,
      next_attempt_at: now + i,
      created_at: now,
    }));
    for (let i = 0; i < 1000; i += 500)
      await db()
        .insertInto("webhook_deliveries")
        .values(deliveries.slice(i, i + 500))
        .execute();
    await sql
      .raw(ctx.dialect === "sqlite" ? "analyze" : "analyze leads, disputes, jobs, webhook_deliveries")
      .execute(db());
  }

  test.each(cases)("%s uses %s", async (_name, query, index) => {
    await seed();
    // Dialect-specific SQL only here: the plan statements themselves.
    const q = query();
    let plan: string;
    if (ctx.dialect === "sqlite") {
      const { rows } = await sql.raw(`explain query plan ${inline(q)}`).execute(db());
      plan = JSON.stringify(rows);
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
  });

  test("the repository's own active-definition query runs", async () => {
    expect(await findActiveDefinition(db())).toBeUndefined();
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
