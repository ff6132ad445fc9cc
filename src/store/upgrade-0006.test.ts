import { sql } from "kysely";
import { expect, test } from "vitest";
import { getLead } from "../app/leads/get-lead.js";
import { newLeadRow } from "../app/leads/new-lead-row.js";
import { testApp } from "../app/testing/app.js";
import { findGradeChanges, findLeadEvents, findObservationRows } from "./events.js";
import { findLeadFacts } from "./facts.js";
import { migrateToLatest } from "./migrate.js";
import { AVAILABLE_DIALECTS, freshDatabase } from "./testing/dialects.js";

/**
 * A database made by the version before "one event per happening" (migrations up to 0005), with
 * fact events, current facts, grade events and lead events written as that version wrote them,
 * upgraded to the latest schema: every lead keeps its current facts, its grade, and the same
 * history (the lead page's entries, in the same order, with the same evidence).
 */
test.each(AVAILABLE_DIALECTS)(
  "an upgrade keeps every lead's facts, grade and history [%s]",
  async (dialect) => {
    const { store, cleanup } = await freshDatabase(dialect, { migrate: false });
    try {
      await migrateToLatest(store.db as never, "0005-web-app");
      const db = store.db as never as import("kysely").Kysely<Record<string, Record<string, unknown>>>;
      const leadRow = (id: string, email: string, grade: string | null, at: number) => {
        const { facts: _, ...row } = newLeadRow(id, { email, source: "ads" }, email, null, at);
        return {
          ...row,
          grade,
          graded_version: grade ? 1 : null,
          graded_at: grade ? at : null,
          row_version: 3,
        };
      };
      await db
        .insertInto("leads")
        .values([leadRow("l1", "a@x.test", "hot", 1000), leadRow("l2", "b@x.test", null, 1500)])
        .execute();
      const fact = (
        id: number,
        lead: string,
        f: string,
        value: string | null,
        created: number,
        extra = {},
      ) => ({
        id,
        lead_id: lead,
        fact: f,
        value,
        channel: "call",
        recorded_by: "rep",
        recorded_at: created - 10,
        quote: null,
        note: null,
        actor: "u1",
        created_at: created,
        ...extra,
      });
      const facts = [
        fact(1, "l1", "decision_date", '"2027-03-01"', 1000, { quote: "in March", channel: "form" }),
        fact(2, "l1", "notes", '"wants a demo"', 1000, { note: "from the form" }),
        fact(3, "l1", "stated_interest", "true", 2000, { actor: "u2" }),
        fact(4, "l1", "stated_interest", null, 2500, { recorded_at: 100 }), // older, entered late
      ];
      await db.insertInto("fact_events").values(facts).execute();
      await db
        .insertInto("lead_facts")
        .values([
          { lead_id: "l1", fact: "decision_date", value: '"2027-03-01"', recorded_at: 990, event_id: 1 },
          { lead_id: "l1", fact: "notes", value: '"wants a demo"', recorded_at: 990, event_id: 2 },
          { lead_id: "l1", fact: "stated_interest", value: "true", recorded_at: 1990, event_id: 3 },
        ])
        .execute();
      const inputs = (on: string) =>
        JSON.stringify({ on, facts: { decision_date: "2027-03-01" }, recorded: {} });
      await db
        .insertInto("grade_events")
        .values([
          {
            id: 1,
            lead_id: "l1",
            old_grade: null,
            new_grade: "warm",
            version: 1,
            cause: "capture",
            explanation: inputs("a"),
            at: 1000,
          },
          {
            id: 2,
            lead_id: "l1",
            old_grade: "warm",
            new_grade: "hot",
            version: 1,
            cause: "fact",
            explanation: inputs("b"),
            at: 2000,
          },
        ])
        .execute();
      await db
        .insertInto("lead_events")
        .values([
          {
            id: 1,
            lead_id: "l1",
            type: "captured",
            actor: "u1",
            at: 1000,
            data: '{"source":"ads","facts":["decision_date","notes"]}',
          },
          { id: 2, lead_id: "l2", type: "captured", actor: "u1", at: 1500, data: '{"source":null}' },
          {
            id: 3,
            lead_id: "l1",
            type: "hand_off",
            actor: "u1",
            at: 3000,
            data: '{"grade":"hot","slaDueAt":9}',
          },
        ])
        .execute();

      // The history the lead page showed before: facts, grades, events, by instant; within one
      // instant facts, then grades, then events, each in write order.
      const before = [
        ...facts.map((f) => ({
          at: f.created_at,
          kind: "fact",
          type: f.value === null ? "fact_unknown" : "fact_recorded",
          actor: f.actor,
          data: {
            fact: f.fact,
            value: f.value === null ? null : JSON.parse(f.value),
            channel: f.channel,
            recordedBy: f.recorded_by,
            recordedAt: f.recorded_at,
            quote: f.quote,
          },
        })),
        {
          at: 1000,
          kind: "grade",
          type: "graded",
          actor: null,
          data: { from: null, to: "warm", version: 1, cause: "capture", inputs: JSON.parse(inputs("a")) },
        },
        {
          at: 2000,
          kind: "grade",
          type: "graded",
          actor: null,
          data: { from: "warm", to: "hot", version: 1, cause: "fact", inputs: JSON.parse(inputs("b")) },
        },
        {
          at: 1000,
          kind: "event",
          type: "captured",
          actor: "u1",
          data: { source: "ads", facts: ["decision_date", "notes"] },
        },
        { at: 3000, kind: "event", type: "hand_off", actor: "u1", data: { grade: "hot", slaDueAt: 9 } },
      ].sort((a, b) => a.at - b.at);

      await migrateToLatest(store.db as never);
      const { deps } = await testApp(store);
      const l1 = await getLead(deps, "l1");
      expect(l1.history).toEqual(before);
      expect(l1.lead).toMatchObject({ grade: "hot", graded_version: 1, row_version: 3 });
      expect(l1.facts).toEqual([
        {
          fact: "decision_date",
          value: "2027-03-01",
          recordedAt: 990,
          channel: "form",
          recordedBy: "rep",
          quote: "in March",
        },
        {
          fact: "notes",
          value: "wants a demo",
          recordedAt: 990,
          channel: "call",
          recordedBy: "rep",
          quote: null,
        },
        {
          fact: "stated_interest",
          value: true,
          recordedAt: 1990,
          channel: "call",
          recordedBy: "rep",
          quote: null,
        },
      ]);
      expect((await findLeadFacts(store.db, "l1")).map((f) => [f.fact, f.value, f.recorded_at])).toEqual([
        ["decision_date", '"2027-03-01"', 990],
        ["notes", '"wants a demo"', 990],
        ["stated_interest", "true", 1990],
      ]);
      expect(await findLeadFacts(store.db, "l2")).toEqual([]);
      expect(
        (await findObservationRows(store.db, "l1")).map((o) => [o.fact, o.value, o.note, o.actor]),
      ).toEqual(facts.map((f) => [f.fact, f.value, f.note, f.actor]));
      expect(
        (await findGradeChanges(store.db)).map((g) => [g.lead_id, g.old_grade, g.new_grade, g.cause]),
      ).toEqual([
        ["l1", null, "warm", "capture"],
        ["l1", "warm", "hot", "fact"],
      ]);
      expect((await findLeadEvents(store.db, "l2")).map((e) => [e.type, e.data])).toEqual([
        ["captured", '{"source":null}'],
      ]);
      // The old tables are gone; new events get ids after the moved ones.
      const tables =
        dialect === "sqlite"
          ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db)
          : await sql<{ name: string }>`select table_name as name from information_schema.tables
              where table_schema = current_schema()`.execute(store.db);
      const names = tables.rows.map((r) => r.name);
      for (const gone of ["fact_events", "lead_facts", "grade_events", "lead_events_new"])
        expect(names).not.toContain(gone);
      await store.db
        .insertInto("lead_events")
        .values({ lead_id: "l2", type: "nurture", actor: "u1", at: 4000, data: "{}" })
        .execute();
      const ids = (await findLeadEvents(store.db, "l2")).map((e) => e.id);
      expect(ids[1]).toBeGreaterThan(8);
    } finally {
      await store.close();
      await cleanup();
    }
  },
  60_000,
);
