import SqliteDatabase from "better-sqlite3";
import type { LeadEventInsert } from "./events.js";
import type { LeadRow } from "./tables.js";

/**
 * Raw SQLite access for `npm run bench:store` only: bulk seeding, and the raw baselines the use
 * cases are compared with. Each function opens its own better-sqlite3 connection to the file
 * (the store's connection must be idle meanwhile) and uses prepared statements: this is the
 * floor of what SQLite can do here, not a second way to write leads. Nothing in the app uses it.
 */

/**
 * One lead to seed: its row, its current facts, and its grade event if any. The fact events
 * behind the current facts are not written (the regrade never reads them, and writing 3–4 million
 * more rows would double the set-up): `event_id` numbers them as if they were.
 */
export interface SeedLead {
  readonly lead: LeadRow;
  /** In fact-key order. */
  /** Its capture event (with the grade change), or null for none. */
  readonly event: LeadEventInsert | null;
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

const INSERT_LEAD = `insert into leads (${LEAD_COLUMNS.join(", ")}) values (${LEAD_COLUMNS.map(() => "?").join(", ")})`;

function leadValues(lead: LeadRow): unknown[] {
  return LEAD_COLUMNS.map((c) => lead[c]);
}

function open(path: string): SqliteDatabase.Database {
  const db = new SqliteDatabase(path);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  return db;
}

/**
 * Inserts `count` leads made by `make(i)`, in order, in ONE transaction with prepared statements:
 * benchmark set-up, not what is measured. Durability is off while seeding (a lost seed is simply
 * made again) and the WAL is checkpointed into the file at the end, so the measured work starts
 * from a clean file. Returns the rows written per table.
 */
export function seedLeadsForBench(
  path: string,
  count: number,
  make: (i: number) => SeedLead,
  onProgress?: (done: number) => void,
): { leads: number; facts: number; gradeEvents: number } {
  const db = open(path);
  try {
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -1048576"); // 1 GiB: the random-id indexes stay in memory while seeding
    const insertLead = db.prepare(INSERT_LEAD);
    const insertEvent = db.prepare(
      `insert into lead_events (lead_id, type, actor, at, data, old_grade, new_grade, version)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let facts = 0;
    let gradeEvents = 0;
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const s = make(i);
        const id = s.lead.id;
        insertLead.run(leadValues(s.lead));
        facts += (JSON.parse(s.lead.facts) as unknown[]).length;
        const e = s.event;
        if (e) {
          insertEvent.run(id, e.type, e.actor, e.at, e.data, e.old_grade, e.new_grade, e.version);
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

/** An open lead and its current facts as the raw read returns them. */
export interface RawLeadRead {
  readonly id: string;
  readonly grade: string | null;
  readonly gradedVersion: number | null;
  readonly rowVersion: number;
  /** [fact, value (stored JSON text), recorded_at] in fact-key order. */
  readonly facts: readonly (readonly [string, string | null, number])[];
}

/**
 * The raw read an activation needs at the least: every open, not erased lead with its current
 * facts, in ONE prepared SELECT (leads joined with lead_facts, in file order), rows as arrays.
 * Calls `onLead` per lead; returns the number of leads and of fact rows.
 */
export function readOpenLeadsWithFactsForBench(
  path: string,
  onLead: (lead: RawLeadRead) => void,
): { leads: number; factRows: number } {
  const db = open(path);
  try {
    const rows = db
      .prepare(
        `select id, grade, graded_version, row_version, facts from leads
         where is_open = 1 and erased_at is null order by rowid`,
      )
      .raw(true);
    let leads = 0;
    let factRows = 0;
    for (const r of rows.iterate() as IterableIterator<
      [string, string | null, number | null, number, string]
    >) {
      const facts = JSON.parse(r[4]) as [string, string | null, number][];
      onLead({ id: r[0], grade: r[1], gradedVersion: r[2], rowVersion: r[3], facts });
      leads++;
      factRows += facts.length;
    }
    return { leads, factRows };
  } finally {
    db.close();
  }
}

export interface RegradeOutcome {
  readonly lead: Pick<
    LeadRow,
    "id" | "grade" | "graded_version" | "graded_at" | "next_regrade_at" | "updated_at" | "row_version"
  >;
  /** Its grade changes of that cause: from, to, version, inputs (JSON text), at. */
  readonly events: readonly {
    readonly old_grade: string | null;
    readonly new_grade: string | null;
    readonly version: number;
    readonly explanation: string;
    readonly at: number;
  }[];
}

/**
 * Every lead (in file order) with its grade events of the given cause, for the benchmark's check
 * after timing. Returns the number of leads and the total number of such events in the table.
 */
export function readRegradeOutcomeForBench(
  path: string,
  cause: string,
  onLead: (outcome: RegradeOutcome) => void,
): { leads: number; events: number } {
  const db = open(path);
  try {
    const rows = db
      .prepare(
        `select l.rowid, l.id, l.grade, l.graded_version, l.graded_at, l.next_regrade_at, l.updated_at,
           l.row_version, e.old_grade, e.new_grade, e.version, e.data ->> '$.gradeChange.inputs', e.at, e.id
         from leads l left join lead_events e on e.lead_id = l.id and e.version is not null
           and e.data ->> '$.gradeChange.cause' = ?
         order by l.rowid, e.id`,
      )
      .raw(true);
    let leads = 0;
    let current: { rowid: number; outcome: RegradeOutcome } | null = null;
    for (const r of rows.iterate(cause) as IterableIterator<unknown[]>) {
      if (current === null || current.rowid !== r[0]) {
        if (current) onLead(current.outcome);
        const lead = {
          id: r[1] as string,
          grade: r[2] as string | null,
          graded_version: r[3] as number | null,
          graded_at: r[4] as number | null,
          next_regrade_at: r[5] as number | null,
          updated_at: r[6] as number,
          row_version: r[7] as number,
        };
        current = { rowid: r[0] as number, outcome: { lead, events: [] } };
        leads++;
      }
      if (r[13] !== null) {
        (current.outcome.events as RegradeOutcome["events"][number][]).push({
          old_grade: r[8] as string | null,
          new_grade: r[9] as string | null,
          version: r[10] as number,
          explanation: r[11] as string,
          at: r[12] as number,
        });
      }
    }
    if (current) onLead(current.outcome);
    const total = db
      .prepare(
        "select count(*) from lead_events where version is not null and data ->> '$.gradeChange.cause' = ?",
      )
      .pluck()
      .get(cause) as number;
    return { leads, events: total };
  } finally {
    db.close();
  }
}

/**
 * The raw single-lead write a capture is compared with: one prepared INSERT of a lead row per
 * call, each in its own transaction and commit, with openStore's durability (WAL, synchronous
 * FULL).
 */
export function insertLeadsOneByOneForBench(path: string, rows: readonly LeadRow[]): void {
  const db = open(path);
  try {
    db.pragma("synchronous = FULL");
    const insert = db.prepare(INSERT_LEAD);
    const one = db.transaction((row: LeadRow) => {
      insert.run(leadValues(row));
    });
    for (const row of rows) one(row);
  } finally {
    db.close();
  }
}

/** Rows per table, for the benchmark's checks; and the SQLite library version. */
export function countRowsForBench(path: string): {
  sqlite: string;
  leads: number;
  factEvents: number;
  leadFacts: number;
  gradeEvents: number;
  leadEvents: number;
} {
  const db = open(path);
  try {
    const count = (table: string) => db.prepare(`select count(*) from ${table}`).pluck().get() as number;
    return {
      sqlite: db.prepare("select sqlite_version()").pluck().get() as string,
      leads: count("leads"),
      factEvents: count("fact_events"),
      leadFacts: count("lead_facts"),
      gradeEvents: count("grade_events"),
      leadEvents: count("lead_events"),
    };
  } finally {
    db.close();
  }
}
