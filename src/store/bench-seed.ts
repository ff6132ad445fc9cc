import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import type { LeadEventInsert } from "./events.js";
import type { LeadRow } from "./tables.js";

/**
 * Raw database access for `npm run bench:store` only: bulk seeding, and the raw baselines the use
 * cases are compared with, on SQLite (better-sqlite3 on the file, its own connection: the store's
 * must be idle meanwhile) or PostgreSQL (one `pg` client in the bench's schema). Prepared
 * statements, rows as arrays: the floor of what the database does here, not a second way to write
 * leads. Nothing in the app uses it.
 */

/** One lead to seed: its row (current facts on it) and its capture event, if any. */
export interface SeedLead {
  readonly lead: LeadRow;
  /** Its capture event (with the grade change), or null for none. */
  readonly event: LeadEventInsert | null;
}

/** An open lead and its current facts as the raw read returns them. */
export interface RawLeadRead {
  readonly id: string;
  readonly grade: string | null;
  readonly gradedVersion: number | null;
  readonly rowVersion: number;
  /** [fact, value (stored JSON text), recorded_at] in fact-key order. */
  readonly facts: readonly (readonly [string, string | null, number])[];
}

export interface RegradeOutcome {
  readonly lead: Pick<
    LeadRow,
    "id" | "grade" | "graded_version" | "graded_at" | "next_regrade_at" | "updated_at" | "row_version"
  >;
  /** Its events carrying a grade change of that cause: type, from, to, version, inputs (JSON text), at. */
  readonly events: readonly {
    readonly type: string;
    readonly old_grade: string | null;
    readonly new_grade: string | null;
    readonly version: number;
    readonly explanation: string;
    readonly at: number;
  }[];
}

export interface RowCounts {
  /** The engine and its version. */
  readonly engine: string;
  readonly leads: number;
  readonly leadEvents: number;
  /** Events carrying a grade change (old_grade/new_grade/version set). */
  readonly gradeChanges: number;
  /** Observations inside the events with id > `observationsAfter` (0: all). */
  readonly observations: number;
  /** The highest event id. */
  readonly lastEventId: number;
}

export interface BenchRaw {
  /**
   * Inserts `count` leads made by `make(i)`, in order, with their events: set-up, not measured.
   * Returns the rows written.
   */
  seed(
    count: number,
    make: (i: number) => SeedLead,
    onProgress?: (done: number) => void,
  ): Promise<{ leads: number; facts: number; gradeChanges: number }>;
  /**
   * The read an activation needs at the least: every open, not erased lead with its current facts
   * (the `facts` column), one prepared SELECT (SQLite: one statement in rowid order; PostgreSQL:
   * the same statement by pages of 10,000 in id order, the order its activation walks).
   */
  readOpenLeads(onLead: (lead: RawLeadRead) => void): Promise<{ leads: number; factRows: number }>;
  /**
   * Every lead (SQLite: rowid order; PostgreSQL: id order) with its events whose grade change has
   * this cause, for the check after timing. `events` is the number of such events in the table.
   */
  readRegradeOutcome(
    cause: string,
    onLead: (o: RegradeOutcome) => void,
  ): Promise<{ leads: number; events: number }>;
  /**
   * The raw durable write a capture is compared with: one prepared single-row INSERT per lead,
   * `group` of them per transaction and commit (SQLite: WAL, synchronous FULL as openStore;
   * PostgreSQL: synchronous_commit as the server has it).
   */
  insertLeadsGrouped(rows: readonly LeadRow[], group: number): Promise<void>;
  counts(observationsAfter?: number): Promise<RowCounts>;
  close(): Promise<void>;
}

const LEAD_COLUMNS = [
  "id",
  "name",
  "email",
  "email_norm",
  "phone",
  "phone_norm",
  "company",
  "source",
  "campaign",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "owner_id",
  "stage",
  "lifecycle",
  "is_open",
  "grade",
  "graded_version",
  "graded_at",
  "next_regrade_at",
  "handed_off_at",
  "handed_off_by",
  "sla_due_at",
  "responded_at",
  "outcome_amount",
  "outcome_currency",
  "outcome_reason",
  "created_at",
  "updated_at",
  "erased_at",
  "row_version",
  "facts",
] as const satisfies readonly (keyof LeadRow)[];

const EVENT_COLUMNS = [
  "lead_id",
  "type",
  "actor",
  "at",
  "data",
  "old_grade",
  "new_grade",
  "version",
] as const satisfies readonly (keyof LeadEventInsert)[];

const INSERT_LEAD_SQLITE = `insert into leads (${LEAD_COLUMNS.join(", ")}) values (${LEAD_COLUMNS.map(() => "?").join(", ")})`;

function leadValues(lead: LeadRow): unknown[] {
  return LEAD_COLUMNS.map((c) => lead[c]);
}

const OPEN_LEADS =
  "select id, grade, graded_version, row_version, facts from leads where is_open = 1 and erased_at is null";

type RawRow = [string, string | null, number | null, number, string];

function rawLead(r: RawRow): RawLeadRead {
  return {
    id: r[0],
    grade: r[1],
    gradedVersion: r[2],
    rowVersion: r[3],
    facts: JSON.parse(r[4]) as [string, string | null, number][],
  };
}

// ---------------------------------------------------------------------------------------------
// SQLite

function openSqlite(path: string): SqliteDatabase.Database {
  const db = new SqliteDatabase(path);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  return db;
}

/** Raw access to the SQLite file at `path`; each call opens and closes its own connection. */
export function sqliteBenchRaw(path: string): BenchRaw {
  const withDb = <T>(f: (db: SqliteDatabase.Database) => T): T => {
    const db = openSqlite(path);
    try {
      return f(db);
    } finally {
      db.close();
    }
  };
  return {
    seed: async (count, make, onProgress) => {
      const r = seedLeadsForBench(path, count, make, onProgress);
      return { leads: r.leads, facts: r.facts, gradeChanges: r.gradeEvents };
    },
    readOpenLeads: async (onLead) =>
      withDb((db) => {
        const rows = db.prepare(`${OPEN_LEADS} order by rowid`).raw(true);
        let leads = 0;
        let factRows = 0;
        for (const r of rows.iterate() as IterableIterator<RawRow>) {
          const lead = rawLead(r);
          onLead(lead);
          leads++;
          factRows += lead.facts.length;
        }
        return { leads, factRows };
      }),
    readRegradeOutcome: async (cause, onLead) =>
      withDb((db) => {
        const rows = db
          .prepare(
            `select l.rowid, l.id, l.grade, l.graded_version, l.graded_at, l.next_regrade_at, l.updated_at,
               l.row_version, e.type, e.old_grade, e.new_grade, e.version, e.data ->> '$.gradeChange.inputs', e.at, e.id
             from leads l left join lead_events e on e.lead_id = l.id and e.version is not null
               and e.data ->> '$.gradeChange.cause' = ?
             order by l.rowid, e.id`,
          )
          .raw(true);
        const leads = groupOutcomes(rows.iterate(cause) as IterableIterator<unknown[]>, onLead);
        const events = db
          .prepare(
            "select count(*) from lead_events where version is not null and data ->> '$.gradeChange.cause' = ?",
          )
          .pluck()
          .get(cause) as number;
        return { leads, events };
      }),
    insertLeadsGrouped: async (rows, group) =>
      withDb((db) => {
        db.pragma("synchronous = FULL");
        const insert = db.prepare(INSERT_LEAD_SQLITE);
        const some = db.transaction((batch: readonly LeadRow[]) => {
          for (const row of batch) insert.run(leadValues(row));
        });
        for (let i = 0; i < rows.length; i += group) some(rows.slice(i, i + group));
      }),
    counts: async (observationsAfter = 0) =>
      withDb((db) => {
        const one = (q: string, ...p: unknown[]) =>
          Number(
            db
              .prepare(q)
              .pluck()
              .get(...p) ?? 0,
          );
        return {
          engine: `sqlite ${db.prepare("select sqlite_version()").pluck().get() as string}`,
          leads: one("select count(*) from leads"),
          leadEvents: one("select count(*) from lead_events"),
          gradeChanges: one("select count(*) from lead_events where version is not null"),
          observations: one(
            "select coalesce(sum(json_array_length(data, '$.observations')), 0) from lead_events where id > ?",
            observationsAfter,
          ),
          lastEventId: one("select coalesce(max(id), 0) from lead_events"),
        };
      }),
    close: async () => {},
  };
}

/**
 * Inserts `count` leads made by `make(i)` into the SQLite file, in order, with their events, in ONE
 * transaction with prepared statements (also bench:http's and bench:web's set-up). Durability is
 * off while seeding (a lost seed is made again) and the WAL is checkpointed into the file at the
 * end, so the measured work starts from a clean file. `gradeEvents`: events carrying a grade change.
 */
export function seedLeadsForBench(
  path: string,
  count: number,
  make: (i: number) => SeedLead,
  onProgress?: (done: number) => void,
): { leads: number; facts: number; gradeEvents: number } {
  const db = openSqlite(path);
  try {
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -1048576"); // 1 GiB: the random-id indexes stay in memory while seeding
    const insertLead = db.prepare(INSERT_LEAD_SQLITE);
    const insertEvent = db.prepare(
      `insert into lead_events (${EVENT_COLUMNS.join(", ")}) values (${EVENT_COLUMNS.map(() => "?").join(", ")})`,
    );
    let facts = 0;
    let gradeEvents = 0;
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const s = make(i);
        insertLead.run(leadValues(s.lead));
        facts += (JSON.parse(s.lead.facts) as unknown[]).length;
        const e = s.event;
        if (e) {
          insertEvent.run(EVENT_COLUMNS.map((c) => e[c]));
          if (e.version !== null) gradeEvents++;
        }
        if (onProgress && (i + 1) % 100_000 === 0) onProgress(i + 1);
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { leads: count, facts, gradeEvents };
  } finally {
    db.close();
  }
}

/**
 * Rows in the SQLite file, for the benches' checks, in the new model's terms: `factEvents` counts
 * the observations inside lead events, `leadFacts` the current facts on the lead rows,
 * `gradeEvents` the events carrying a grade change; and the SQLite library version.
 */
export function countRowsForBench(path: string): {
  sqlite: string;
  leads: number;
  factEvents: number;
  leadFacts: number;
  gradeEvents: number;
  leadEvents: number;
} {
  const db = openSqlite(path);
  try {
    const one = (q: string) => Number(db.prepare(q).pluck().get() ?? 0);
    return {
      sqlite: db.prepare("select sqlite_version()").pluck().get() as string,
      leads: one("select count(*) from leads"),
      factEvents: one("select coalesce(sum(json_array_length(data, '$.observations')), 0) from lead_events"),
      leadFacts: one("select coalesce(sum(json_array_length(facts)), 0) from leads"),
      gradeEvents: one("select count(*) from lead_events where version is not null"),
      leadEvents: one("select count(*) from lead_events"),
    };
  } finally {
    db.close();
  }
}

/** Folds (lead columns…, event columns…) rows, ordered by lead, into one outcome per lead. */
function groupOutcomes(rows: Iterable<unknown[]>, onLead: (o: RegradeOutcome) => void): number {
  let leads = 0;
  let current: { key: unknown; outcome: RegradeOutcome } | null = null;
  for (const r of rows) {
    if (current === null || current.key !== r[0]) {
      if (current) onLead(current.outcome);
      const lead = {
        id: r[1] as string,
        grade: r[2] as string | null,
        graded_version: r[3] as number | null,
        graded_at: r[4] === null ? null : Number(r[4]),
        next_regrade_at: r[5] === null ? null : Number(r[5]),
        updated_at: Number(r[6]),
        row_version: r[7] as number,
      };
      current = { key: r[0], outcome: { lead, events: [] } };
      leads++;
    }
    if (r[14] !== null) {
      (current.outcome.events as RegradeOutcome["events"][number][]).push({
        type: r[8] as string,
        old_grade: r[9] as string | null,
        new_grade: r[10] as string | null,
        version: r[11] as number,
        explanation: r[12] as string,
        at: Number(r[13]),
      });
    }
  }
  if (current) onLead(current.outcome);
  return leads;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const PG_PAGE = 10_000;

/** Raw access to PostgreSQL at `url`, in `schema` (which must exist): one client, until `close`. */
export async function postgresBenchRaw(url: string, schema: string): Promise<BenchRaw> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  const query = async <R extends unknown[]>(
    text: string,
    values: unknown[] = [],
    name?: string,
  ): Promise<R[]> => {
    const r = await client.query({ text, values, rowMode: "array", ...(name ? { name } : {}) });
    return r.rows as R[];
  };
  /** Pages through `sql` (whose $1 is the last id of the previous page, '' at first) by id. */
  async function* pages<R extends unknown[]>(name: string, sql: string, extra: unknown[] = []) {
    let after = "";
    for (;;) {
      const rows = await query<R>(sql, [after, ...extra], name);
      if (rows.length === 0) return;
      yield rows;
      after = (rows[rows.length - 1] as R)[0] as string;
    }
  }
  return {
    seed: async (count, make, onProgress) => {
      // json_populate_recordset: one JSON parameter per 5,000 rows, parsed by the server.
      const CHUNK = 5_000;
      let facts = 0;
      let gradeChanges = 0;
      await client.query("begin");
      for (let from = 0; from < count; from += CHUNK) {
        const leads: LeadRow[] = [];
        const events: LeadEventInsert[] = [];
        for (let i = from; i < Math.min(count, from + CHUNK); i++) {
          const s = make(i);
          leads.push(s.lead);
          facts += (JSON.parse(s.lead.facts) as unknown[]).length;
          if (s.event) {
            events.push(s.event);
            if (s.event.version !== null) gradeChanges++;
          }
        }
        await client.query(
          `insert into leads (${LEAD_COLUMNS.join(", ")})
           select ${LEAD_COLUMNS.join(", ")} from json_populate_recordset(null::leads, $1)`,
          [JSON.stringify(leads)],
        );
        if (events.length > 0)
          await client.query(
            `insert into lead_events (${EVENT_COLUMNS.join(", ")})
             select ${EVENT_COLUMNS.join(", ")} from json_populate_recordset(null::lead_events, $1)`,
            [JSON.stringify(events)],
          );
        const done = Math.min(count, from + CHUNK);
        if (onProgress && done % 100_000 === 0) onProgress(done);
      }
      await client.query("commit");
      await client.query("vacuum analyze leads");
      await client.query("vacuum analyze lead_events");
      await client.query("checkpoint").catch(() => {}); // needs a superuser or pg_checkpoint: best effort
      return { leads: count, facts, gradeChanges };
    },
    readOpenLeads: async (onLead) => {
      let leads = 0;
      let factRows = 0;
      for await (const rows of pages<RawRow>(
        "bench_open_leads",
        `${OPEN_LEADS} and id > $1 order by id limit ${PG_PAGE}`,
      )) {
        for (const r of rows) {
          const lead = rawLead(r);
          onLead(lead);
          leads++;
          factRows += lead.facts.length;
        }
      }
      return { leads, factRows };
    },
    readRegradeOutcome: async (cause, onLead) => {
      let leads = 0;
      const sql = `with l as (select id, grade, graded_version, graded_at, next_regrade_at, updated_at, row_version
          from leads where id > $1 order by id limit ${PG_PAGE})
        select l.id, l.id, l.grade, l.graded_version, l.graded_at, l.next_regrade_at, l.updated_at, l.row_version,
          e.type, e.old_grade, e.new_grade, e.version, (e.data::json -> 'gradeChange' -> 'inputs')::text, e.at, e.id
        from l left join lead_events e on e.lead_id = l.id and e.version is not null
          and e.data::json -> 'gradeChange' ->> 'cause' = $2
        order by l.id, e.id`;
      for await (const rows of pages<unknown[]>("bench_outcome", sql, [cause])) {
        leads += groupOutcomes(rows, onLead);
      }
      const [row] = await query<[number]>(
        "select count(*)::int from lead_events where version is not null and data::json -> 'gradeChange' ->> 'cause' = $1",
        [cause],
      );
      return { leads, events: Number(row?.[0] ?? 0) };
    },
    insertLeadsGrouped: async (rows, group) => {
      const text = `insert into leads (${LEAD_COLUMNS.join(", ")}) values (${LEAD_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})`;
      for (let i = 0; i < rows.length; i += group) {
        await client.query("begin");
        for (const row of rows.slice(i, i + group))
          await client.query({ name: "bench_insert_lead", text, values: leadValues(row) });
        await client.query("commit");
      }
    },
    counts: async (observationsAfter = 0) => {
      const one = async (q: string, ...p: unknown[]) => Number((await query<[unknown]>(q, p))[0]?.[0] ?? 0);
      const version = (await query<[string]>("show server_version"))[0]?.[0] ?? "?";
      return {
        engine: `postgres ${version}`,
        leads: await one("select count(*) from leads"),
        leadEvents: await one("select count(*) from lead_events"),
        gradeChanges: await one("select count(*) from lead_events where version is not null"),
        observations: await one(
          "select coalesce(sum(json_array_length(coalesce(data::json -> 'observations', '[]'::json))), 0) from lead_events where id > $1",
          observationsAfter,
        ),
        lastEventId: await one("select coalesce(max(id), 0) from lead_events"),
      };
    },
    close: async () => {
      await client.end();
    },
  };
}
