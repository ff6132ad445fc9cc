/**
 * `npm run bench:import`: generates a CSV of 1,000,000 leads (13 columns, 8 of them facts; quoted
 * fields with commas, quotes and line breaks; placeholders; 5 % bad rows; 5 % repeats of an
 * earlier row's e-mail) and imports it into a fresh SQLite file with `runImport` — the code
 * `truce import` runs — printing ONE JSON line on stdout: rows/s end to end, peak memory, and,
 * in the same run, the raw rate of inserting the same number of lead rows with one prepared
 * statement in one transaction. A dry run (read, map, validate, dedupe lookups; no writes) is
 * timed too, to show how the time splits between reading and writing. Progress goes to stderr.
 *
 * The outcome is checked before anything is printed: created / merged / rejected must equal what
 * the generator made, and the tables must hold one lead per created row, one fact event per
 * recorded cell. `BENCH_ROWS=100000 npm run bench:import` runs a smaller file; BENCH_KEEP=1 keeps
 * the folder with the file, the databases and the rejects file.
 * `--db postgres://…` runs the same on PostgreSQL: each database (the import's, the dry run's, the
 * raw baseline's) a fresh schema, dropped at the end; the raw baseline there is one named
 * (prepared) insert per row in one transaction.
 *
 * The read side is timed on its own too, on the same file, without a database: `parse` is the CSV
 * parser alone (records counted), `dry_run` is parse + map + validate (`readBatches` with the
 * column plan, every row becoming a typed lead or a reject, batches handed to a no-op) — the rate
 * the import's writer can at most be fed at. `--dry-run` runs only that part (no database; use it
 * while the write side is being changed); BENCH_DIGEST=1 adds a SHA-256 of every mapped row and
 * reject (untimed), to compare two versions of the read side on the same generated file.
 */
import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { AppDeps } from "../src/app/deps.js";
import { planColumns } from "../src/app/import/columns.js";
import { timeOrderedIds } from "../src/app/import/ids.js";
import { readBatches, readHeader } from "../src/app/import/read-batches.js";
import { inspectFile, openRecords } from "../src/app/import/source.js";
import { loadDefinition } from "../src/core/index.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SEED = 0x1e4d5;
const TARGET_RPS = 100_000;
const TARGET_RSS_MB = 300;
const TARGET_DRY_RPS = 200_000;
const TARGET_VS_RAW = 0.3;
const DRY_ONLY = process.argv.includes("--dry-run");

/** `--db postgres://…`: the same bench on PostgreSQL, each database a fresh schema dropped after. */
const DB_URL = (() => {
  const i = process.argv.indexOf("--db");
  if (i < 0) return undefined;
  const v = process.argv[i + 1] ?? "";
  if (!/^postgres(ql)?:\/\//.test(v)) throw new Error("--db takes a postgres:// URL");
  return v;
})();

/** Table counts the outcome is checked against. */
interface Tables {
  sqlite?: string;
  postgres?: string;
  leads: number;
  factEvents: number;
  leadFacts: number;
  gradeEvents: number;
  leadEvents: number;
}

/** One fresh database: the app's deps on it, its table counts, a raw insert into it, its removal. */
interface Place {
  readonly deps: AppDeps;
  readonly count: () => Promise<Tables>;
  readonly rawInsert: (rows: Iterable<readonly unknown[]>, now: number) => Promise<number>;
  readonly drop: () => Promise<void>;
}

const RAW_COLUMNS = `id, name, email, email_norm, phone, phone_norm, company, source, stage, lifecycle,
  is_open, created_at, updated_at, row_version`;

/** The write side, loaded only for the full bench: `--dry-run` runs while it is being rebuilt. */
async function writeSide() {
  const [{ GraderCache }, { runImport }, { ensureSetUp }, { countRowsForBench }, { openStore }, imports, pg] =
    await Promise.all([
      import("../src/app/grading.js"),
      import("../src/app/import/run-import.js"),
      import("../src/app/setup.js"),
      import("../src/store/bench-seed.js"),
      import("../src/store/connect.js"),
      import("../src/store/imports.js"),
      import("pg"),
    ]);
  const { insertLeadsRawForBench } = imports;
  const setUp = async (store: AppDeps["store"]): Promise<AppDeps> => {
    const deps: AppDeps = { store, clock: Date.now, newId: randomUUID, graders: new GraderCache() };
    await ensureSetUp(deps, { adminEmail: "bench@example.test", definitionText: DEFINITION });
    return deps;
  };
  async function freshSqlite(dir: string, name: string): Promise<Place> {
    const path = join(dir, name);
    const deps = await setUp(await openStore({ kind: "sqlite", path }));
    return {
      deps,
      count: async () => countRowsForBench(path),
      rawInsert: async (rows, now) => insertLeadsRawForBench(path, rows, now),
      drop: async () => {},
    };
  }
  async function freshPostgres(url: string, name: string): Promise<Place> {
    const schema = `bench_import_${process.pid}_${name}_${Date.now().toString(36)}`;
    const admin = async <T>(f: (c: InstanceType<typeof pg.default.Client>) => Promise<T>): Promise<T> => {
      const c = new pg.default.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`set search_path to ${schema}`);
        return await f(c);
      } finally {
        await c.end();
      }
    };
    await admin((c) => c.query(`create schema ${schema}`));
    const deps = await setUp(await openStore({ kind: "postgres", url, schema, poolSize: 4 }));
    return {
      deps,
      count: () =>
        admin(async (c) => {
          const one = async (q: string) => Number((await c.query(q)).rows[0]?.n ?? 0);
          return {
            postgres: String((await c.query("show server_version")).rows[0]?.server_version),
            leads: await one("select count(*) n from leads"),
            factEvents: await one(
              "select coalesce(sum(json_array_length(data::json -> 'observations')), 0) n from lead_events",
            ),
            leadFacts: await one("select coalesce(sum(json_array_length(facts::json)), 0) n from leads"),
            gradeEvents: await one("select count(*) n from lead_events where version is not null"),
            leadEvents: await one("select count(*) n from lead_events"),
          };
        }),
      // The raw baseline on PostgreSQL: one named (prepared) insert per row, one transaction.
      rawInsert: (rows, now) =>
        admin(async (c) => {
          let n = 0;
          await c.query("begin");
          for (const r of rows) {
            await c.query({
              name: "raw_insert",
              text: `insert into leads (${RAW_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, 'captured', '{}', 1, $9, $9, 0)`,
              values: [...r, now],
            });
            n++;
          }
          await c.query("commit");
          return n;
        }),
      drop: () => admin((c) => c.query(`drop schema ${schema} cascade`)).then(() => {}),
    };
  }
  const fresh = (dir: string, name: string): Promise<Place> =>
    DB_URL ? freshPostgres(DB_URL, name) : freshSqlite(dir, `${name}.db`);
  return { runImport, fresh };
}

const DEFINITION = `truce: 1
id: bench-import
name: { en: Import benchmark }
facts:
  - { key: decision_date, type: date, label: { en: Decision date }, guide: { en: The date the prospect said they will decide by. } }
  - { key: stated_interest, type: boolean, label: { en: Stated interest }, guide: { en: The prospect asked about the product. } }
  - key: contact_channel
    type: enum
    label: { en: Contact channel }
    options: [{ value: form, label: { en: Web form } }, { value: call, label: { en: Phone call } }, { value: email, label: { en: E-mail } }]
  - { key: budget_amount, type: number, min: 0, label: { en: Budget }, guide: { en: The amount the prospect named. } }
  - { key: budget_confirmed, type: boolean, label: { en: Budget confirmed }, guide: { en: The prospect said the budget is approved. } }
  - key: contact_role
    type: enum
    label: { en: Contact role }
    options: [{ value: signs, label: { en: Signs } }, { value: recommends, label: { en: Recommends } }, { value: uses, label: { en: Uses } }]
  - { key: need_stated, type: boolean, label: { en: Problem stated }, guide: { en: The prospect described their problem. } }
  - { key: notes, type: text, label: { en: Notes } }
grades:
  - key: hot
    label: { en: Hot }
    when: { all: [{ fact: decision_date, within_next: 6 months }, { fact: budget_confirmed, eq: true }] }
  - key: warm
    label: { en: Warm }
    when: { any: [{ fact: stated_interest, eq: true }, { fact: need_stated, eq: true }] }
  - key: cold
    label: { en: Cold }
    otherwise: true
`;

const HEADER =
  "Name,Email,Phone,Company,Lead Source,Decision date,Stated interest,Contact channel,Budget,Budget confirmed,Contact role,Problem stated,Notes";

function log(msg: string): void {
  process.stderr.write(`bench:import: ${msg}\n`);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Expected {
  bad: number;
  repeats: number;
  factCells: number;
}

/** Writes the file; returns what the import must find in it. */
async function generate(path: string): Promise<Expected> {
  const rnd = mulberry32(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const out = createWriteStream(path);
  const exp: Expected = { bad: 0, repeats: 0, factCells: 0 };
  const good: number[] = [];
  let buf = `${HEADER}\n`;
  for (let i = 0; i < ROWS; i++) {
    const r = rnd();
    const isBad = r < 0.05;
    const isRepeat = !isBad && r < 0.1 && good.length > 0;
    const who = isRepeat ? (pick(good) as number) : i;
    const email = isBad && rnd() < 0.4 ? `person${i}@` : `Person${who}@Example.com`;
    const day = 1 + Math.floor(rnd() * 28);
    const month = 1 + Math.floor(rnd() * 12);
    const badDate = isBad && email.endsWith("@") === false && rnd() < 0.5;
    const date = badDate
      ? "31.02.2027"
      : rnd() < 0.3
        ? ""
        : rnd() < 0.5
          ? `${String(day).padStart(2, "0")}.${String(month).padStart(2, "0")}.2027`
          : `2027-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const interest =
      isBad && !badDate && !email.endsWith("@") ? "maybe" : pick(["yes", "no", "да", "нет", "", "N/A"]);
    const cells = [
      date,
      interest,
      pick(["Web form", "call", "e-mail", "-", "Select"]),
      pick(["5 000", "12000", `"1,500.50"`, "", "n/a"]),
      pick(["true", "false", "1", "0", ""]),
      pick(["signs", "Recommends", "uses", ""]),
      pick(["y", "n", ""]),
      rnd() < 0.2 ? `"Said ""call me"", then:\nnext week ${i}"` : rnd() < 0.5 ? "" : `note ${i}`,
    ];
    if (!isBad) {
      exp.factCells += cells.filter((c) => !["", "-", "Select", "n/a", "N/A"].includes(c)).length;
      if (isRepeat) exp.repeats++;
      else good.push(i);
    } else exp.bad++;
    buf += `Person ${who},${email},+7 999 ${String(who).padStart(7, "0")},"Acme ${who % 997}, Ltd",web,${cells.join(",")}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "finish");
  return exp;
}

interface ReadSide {
  parse_rows_per_s: number;
  dry_run_rows_per_s: number;
  /** Rows per second of this process's CPU time (all threads, GC included): steadier on a busy machine. */
  parse_rows_per_cpu_s: number;
  dry_run_rows_per_cpu_s: number;
  leads: number;
  rejects: number;
  skipped: number;
  digest?: string;
}

/** The read side alone, no database: the parser, then parse + map + validate, best of `runs`. */
async function measureReadSide(csv: string, runs: number): Promise<ReadSide> {
  const loaded = loadDefinition(DEFINITION);
  if (!loaded.ok) throw new Error("the bench definition does not load");
  const definition = loaded.definition;
  const startedAt = Date.UTC(2026, 0, 1); // fixed: it is every row's recorded time, in the digest
  const info = await inspectFile(csv, {});
  let parseSeconds = Number.POSITIVE_INFINITY;
  let drySeconds = Number.POSITIVE_INFINITY;
  let parseCpu = Number.POSITIVE_INFINITY;
  let dryCpu = Number.POSITIVE_INFINITY;
  const counts = { leads: 0, rejects: 0, skipped: 0 };
  const pass = async (onBatch: Parameters<typeof readBatches>[3]) => {
    const records = openRecords(csv, info).records[Symbol.asyncIterator]();
    const plan = planColumns(await readHeader(records, csv), definition, {});
    const ctx = { plan, startedAt, defaults: {}, encoding: info.encoding };
    return readBatches(records, ctx, { after: 1, size: 2000 }, onBatch);
  };
  for (let run = 0; run < runs; run++) {
    global.gc?.();
    let t = performance.now();
    let cpu = process.cpuUsage();
    let n = 0;
    for await (const _ of openRecords(csv, info).records) n++;
    parseSeconds = Math.min(parseSeconds, (performance.now() - t) / 1000);
    parseCpu = Math.min(parseCpu, cpuSince(cpu));
    if (n !== ROWS + 1) throw new Error(`the parser read ${n} records, not ${ROWS + 1}`);
    global.gc?.();
    t = performance.now();
    cpu = process.cpuUsage();
    Object.assign(counts, { leads: 0, rejects: 0, skipped: 0 });
    await pass(async (b) => {
      counts.leads += b.rows.length;
      counts.rejects += b.rejects.length;
      counts.skipped += b.skipped;
    });
    drySeconds = Math.min(drySeconds, (performance.now() - t) / 1000);
    dryCpu = Math.min(dryCpu, cpuSince(cpu));
  }
  const out: ReadSide = {
    parse_rows_per_s: Math.round(ROWS / parseSeconds),
    dry_run_rows_per_s: Math.round(ROWS / drySeconds),
    parse_rows_per_cpu_s: Math.round(ROWS / parseCpu),
    dry_run_rows_per_cpu_s: Math.round(ROWS / dryCpu),
    ...counts,
  };
  if (process.env.BENCH_DIGEST) {
    const hash = createHash("sha256");
    await pass(async (b) => {
      for (const r of b.rows) hash.update(canonical(r));
      for (const r of b.rejects) hash.update(canonical(r));
      hash.update(`${b.from}-${b.to}-${b.skipped};`);
    });
    out.digest = hash.digest("hex");
  }
  return out;
}

/** Seconds of this process's CPU (all threads: GC and SQLite's included) since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** JSON with every object's keys sorted: the same value gives the same text, whatever built it. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

async function dryOnly(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "truce-bench-import-"));
  try {
    const csv = join(dir, "leads.csv");
    log(`generating ${ROWS} rows…`);
    const exp = await generate(csv);
    log("read side alone: parse, then parse + map + validate (best of 3)…");
    const read = await measureReadSide(csv, 3);
    const problems = [
      read.rejects !== exp.bad && `rejected ${read.rejects} ≠ ${exp.bad}`,
      read.leads !== ROWS - exp.bad && `lead rows ${read.leads} ≠ ${ROWS - exp.bad}`,
    ].filter(Boolean);
    if (problems.length > 0) {
      process.stderr.write(`bench:import: FAILED: ${problems.join("; ")}\n`);
      process.exitCode = 1;
      return;
    }
    const line = {
      bench: "import",
      mode: "dry-run",
      rows: ROWS,
      ...read,
      dry_vs_parse: Number((read.dry_run_rows_per_s / read.parse_rows_per_s).toFixed(3)),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      targets: {
        dry_run_rows_per_s: TARGET_DRY_RPS,
        met: read.dry_run_rows_per_s >= TARGET_DRY_RPS,
      },
      env: { node: process.version, loadavg_1m: Number((loadavg()[0] ?? 0).toFixed(2)) },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    if (process.env.BENCH_KEEP) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { runImport, fresh } = await writeSide();
  const dir = mkdtempSync(join(tmpdir(), "truce-bench-import-"));
  const places: Place[] = [];
  const open = async (name: string) => {
    const p = await fresh(dir, name);
    places.push(p);
    return p;
  };
  try {
    const csv = join(dir, "leads.csv");
    log(`generating ${ROWS} rows…`);
    const exp = await generate(csv);
    const place = await open("truce");
    const { deps } = place;
    global.gc?.();
    log("importing…");
    let nextLog = 0;
    let t = performance.now();
    let cpu = process.cpuUsage();
    const heap = { heapMb: 0, externalMb: 0 };
    const result = await runImport(deps, {
      path: csv,
      actor: "bench",
      rejectsPath: join(dir, "rejects.csv"),
      onProgress: (p) => {
        const mem = process.memoryUsage();
        heap.heapMb = Math.max(heap.heapMb, Math.round(mem.heapTotal / 2 ** 20));
        heap.externalMb = Math.max(heap.externalMb, Math.round((mem.external + mem.arrayBuffers) / 2 ** 20));
        if (p.rows >= nextLog) {
          log(`${p.rows} rows, ${Math.round(p.rows / ((performance.now() - t) / 1000))} rows/s`);
          nextLog += 100_000;
        }
      },
    });
    const seconds = (performance.now() - t) / 1000;
    const cpuSeconds = cpuSince(cpu);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    await deps.store.close();
    const tables = await place.count();
    const created = ROWS - exp.bad - exp.repeats;
    const problems = [
      result.rows !== ROWS && `rows ${result.rows} ≠ ${ROWS}`,
      result.rejected !== exp.bad && `rejected ${result.rejected} ≠ ${exp.bad}`,
      result.merged !== exp.repeats && `merged ${result.merged} ≠ ${exp.repeats}`,
      result.created !== created && `created ${result.created} ≠ ${created}`,
      tables.leads !== created && `leads table ${tables.leads} ≠ ${created}`,
      tables.factEvents !== exp.factCells && `fact events ${tables.factEvents} ≠ ${exp.factCells}`,
      tables.leadEvents !== ROWS - exp.bad && `lead events ${tables.leadEvents} ≠ ${ROWS - exp.bad}`,
    ].filter(Boolean);
    if (problems.length > 0) {
      process.stderr.write(`bench:import: FAILED: ${problems.join("; ")}\n`);
      process.exitCode = 1;
      return;
    }

    // After the import's peak memory is taken: a dry run keeps every new e-mail and phone in a set.
    const dry = await open("dry");
    log("dry run (read, map, validate, dedupe lookups; no writes)…");
    t = performance.now();
    await runImport(dry.deps, { path: csv, actor: "bench", dryRun: true });
    const drySeconds = (performance.now() - t) / 1000;
    await dry.deps.store.close();
    log("read side alone: parse, then parse + map + validate (best of 3)…");
    const read = await measureReadSide(csv, 3);

    log("raw baseline: the same number of lead rows, one prepared statement, one transaction…");
    const raw = await open("raw");
    await raw.deps.store.close();
    global.gc?.();
    const now = Date.now();
    const newId = timeOrderedIds(Date.now); // the import's kind of id: only the writing differs
    function* rawRows() {
      for (let i = 0; i < ROWS; i++)
        yield [
          newId(),
          `Person ${i}`,
          `Person${i}@Example.com`,
          `person${i}@example.com`,
          `+7 999 ${i}`,
          `7999${i}`,
          "Acme",
          "web",
        ];
    }
    t = performance.now();
    cpu = process.cpuUsage();
    await raw.rawInsert(rawRows(), now);
    const rawSeconds = (performance.now() - t) / 1000;
    const rawCpuSeconds = cpuSince(cpu);

    const rps = Math.round(ROWS / seconds);
    const vsRaw = Number((rps / (ROWS / rawSeconds)).toFixed(3));
    const tableRows =
      tables.leads + tables.factEvents + tables.leadFacts + tables.gradeEvents + tables.leadEvents + ROWS;
    const line = {
      bench: "import",
      engine: DB_URL ? "postgres" : "sqlite",
      rows: ROWS,
      seconds: Number(seconds.toFixed(2)),
      rows_per_s: rps,
      rows_per_cpu_s: Math.round(ROWS / cpuSeconds),
      peak_rss_mb: peakRssMb,
      peak_heap_total_mb: heap.heapMb,
      peak_external_mb: heap.externalMb,
      raw_insert_rows_per_s: Math.round(ROWS / rawSeconds),
      raw_insert_rows_per_cpu_s: Math.round(ROWS / rawCpuSeconds),
      import_vs_raw: vsRaw,
      dry_run_with_lookups_rows_per_s: Math.round(ROWS / drySeconds),
      parse_rows_per_s: read.parse_rows_per_s,
      dry_run_rows_per_s: read.dry_run_rows_per_s,
      outcome: { created: result.created, merged: result.merged, rejected: result.rejected },
      table_rows_written: tableRows,
      table_rows_per_s: Math.round(tableRows / seconds),
      targets: {
        rows_per_s: TARGET_RPS,
        import_vs_raw: TARGET_VS_RAW,
        peak_rss_mb: TARGET_RSS_MB,
        dry_run_rows_per_s: TARGET_DRY_RPS,
        met:
          rps >= TARGET_RPS &&
          vsRaw >= TARGET_VS_RAW &&
          peakRssMb <= TARGET_RSS_MB &&
          read.dry_run_rows_per_s >= TARGET_DRY_RPS,
      },
      env: {
        node: process.version,
        ...(tables.sqlite ? { sqlite: tables.sqlite } : { postgres: tables.postgres }),
        loadavg_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    if (!process.env.BENCH_KEEP) for (const p of places) await p.drop();
    if (process.env.BENCH_KEEP) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await (DRY_ONLY ? dryOnly() : main());
