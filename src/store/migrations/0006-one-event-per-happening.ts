import { type Kysely, sql } from "kysely";
import { dialectOf } from "../dialect.js";

/**
 * One event per happening (issue 9). Before: a capture wrote a lead event, one fact event per
 * observation, a current-facts row per fact and a grade event; an activation wrote a grade event
 * for every open lead. After:
 *
 * - `leads.facts` holds the lead's current facts: a JSON array of `[fact, value, recorded_at]`
 *   sorted by fact key (code-unit order), `value` being the fact's stored JSON text (or null for
 *   "unknown"). The latest recorded observation wins, as before.
 * - `lead_events` is the one history: every happening is one row whose `data` carries what happened
 *   in it — `observations` (each with its evidence) and `gradeChange` (from, to, version, cause, inputs)
 *   when the grade changed — and whose `old_grade`/`new_grade`/`version` columns repeat the grade
 *   change (null when the grade did not change) for queries.
 * - `fact_events`, `lead_facts` and `grade_events` are gone. Their rows move into `lead_events`
 *   as they were: a fact event becomes a `facts_recorded` event with one observation, a grade event
 *   a `regraded` event, each at its own instant; within one instant the order stays facts, then
 *   the grade they caused, then the event — the order the lead's history showed before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === "postgres";
  await sql`alter table leads add column facts text not null default '[]'`.execute(db);
  if (pg) {
    await sql`update leads set facts = f.facts from (
        select lead_id, json_agg(json_build_array(fact, value, recorded_at) order by fact collate "C")::text as facts
        from lead_facts group by lead_id) f
      where leads.id = f.lead_id`.execute(db);
  } else {
    await sql`update leads set facts = (
        select json_group_array(json_array(fact, value, recorded_at) order by fact)
        from lead_facts where lead_id = leads.id)
      where id in (select lead_id from lead_facts)`.execute(db);
  }

  const serial = pg ? sql`id bigserial primary key` : sql`id integer primary key autoincrement`;
  await sql`create table lead_events_new (
      ${serial},
      lead_id text not null references leads (id),
      type text not null,
      actor text not null,
      at bigint not null,
      data text not null,
      old_grade text,
      new_grade text,
      version integer)`.execute(db);

  const observation = pg
    ? sql`json_build_object('observations', json_build_array(json_build_object('fact', fact, 'value', value::json,
        'channel', channel, 'recordedBy', recorded_by, 'recordedAt', recorded_at, 'quote', quote, 'note', note)))::text`
    : sql`json_object('observations', json_array(json_object('fact', fact, 'value', json(value),
        'channel', channel, 'recordedBy', recorded_by, 'recordedAt', recorded_at, 'quote', quote, 'note', note)))`;
  const grade = pg
    ? sql`json_build_object('gradeChange', json_build_object('from', old_grade, 'to', new_grade, 'version', version,
        'cause', cause, 'inputs', explanation::json))::text`
    : sql`json_object('gradeChange', json_object('from', old_grade, 'to', new_grade, 'version', version,
        'cause', cause, 'inputs', json(explanation)))`;
  await sql`insert into lead_events_new (lead_id, type, actor, at, data, old_grade, new_grade, version)
    select lead_id, type, actor, at, data, old_grade, new_grade, version from (
      select lead_id, 'facts_recorded' as type, actor, created_at as at, ${observation} as data,
        cast(null as text) as old_grade, cast(null as text) as new_grade, cast(null as integer) as version,
        0 as part, id
      from fact_events
      union all
      select lead_id, 'regraded', 'system', at, ${grade}, old_grade, new_grade, version, 1, id
      from grade_events
      union all
      select lead_id, type, actor, at, data, null, null, null, 2, id
      from lead_events) e
    order by at, part, id`.execute(db);

  await sql`drop table lead_events`.execute(db);
  await sql`drop table lead_facts`.execute(db);
  await sql`drop table fact_events`.execute(db);
  await sql`drop table grade_events`.execute(db);
  await sql`alter table lead_events_new rename to lead_events`.execute(db);
  if (pg) {
    // The sequence and primary key keep their _new names otherwise; nothing refers to them by name,
    // but a database should read as if it had been made this way.
    await sql`alter sequence lead_events_new_id_seq rename to lead_events_id_seq`.execute(db);
    await sql`alter index lead_events_new_pkey rename to lead_events_pkey`.execute(db);
  }
  await sql`create index lead_events_lead on lead_events (lead_id, id)`.execute(db);
  await sql`create index lead_events_type on lead_events (type, at)`.execute(db);
}
