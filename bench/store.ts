/**
 * `npm run bench:store`: the store under the two loads that matter most, and ONE JSON line on
 * stdout (progress and diagnostics on stderr). SQLite by default (a fresh file in a temporary
 * folder, as `openStore` opens it); `--db postgres://…` runs the same on PostgreSQL, in a fresh
 * schema dropped at the end.
 *
 * (a) activation: N open leads (default 1,000,000; 3–4 current facts each on the lead row, graded
 *     with variant A as version 1) are regraded when a stricter version 2 is activated, through
 *     the real use case (`activateDefinition`: the flip, then the whole regrade job), beside the
 *     raw rate of reading the same rows (their `facts` column) with one prepared SELECT, and of
 *     reading and grading them without writing. Targets: ≥ 0.5× the raw read+grade rate of the
 *     same run, and 1M leads in ≤ 3 s.
 * (b) capture: leads captured through `captureLead` with `--concurrency` (default 50) in flight
 *     (so the group commit can group them), 5 observations each, a few % repeats of an earlier
 *     e-mail (dedupe), beside a raw prepared single-row INSERT of a similar lead row, as many per
 *     transaction as are in flight, same durability; interleaved in rounds. Target: ≥ 0.5× raw.
 *
 * Set-up (the leads and their capture events) is a raw bulk insert (src/store/bench-seed.ts), not
 * measured. Nothing is reported unless checked: after the activation, every lead must be stamped
 * with version 2 and have exactly the grade, next regrade instant and row version `planRegrade`
 * gives it, and exactly one `regraded` event (with planRegrade's inputs) if its grade changed,
 * none otherwise; after the captures, the rows must add up. A failed check exits with code 1 and
 * nothing on stdout.
 *
 * Options: --leads N (default 1,000,000), --captures N (default 5,000), --concurrency N (captures
 * in flight and raw inserts per transaction; default 50; 1 = one by one), --batch N (the
 * activation's batch size; default: the use case's), --ids v4|v7 (random UUIDs, or time-ordered
 * UUIDv7 ids as production makes them — the default), --db postgres://… (PostgreSQL), --profile
 * FILE (a .cpuprofile of the activation alone), --cache-mb N (SQLite: the store connection's page
 * cache, for diagnosis; default SQLite's own), --keep (keep the database and print where),
 * --seed-only (make and keep the seeded book, measure nothing).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { activateDefinition } from "../src/app/definitions/activate.js";
import { emptyRegradeTimings } from "../src/app/definitions/regrade-batch.js";
import { createDraft } from "../src/app/definitions/versions.js";
import { approveDefinition, proposeDefinition } from "../src/app/definitions/workflow.js";
import type { AppDeps } from "../src/app/deps.js";
import { GraderCache, gradeInputsOf, planRegrade, type VersionGrader } from "../src/app/grading.js";
import { captureLead } from "../src/app/leads/capture-lead.js";
import { newLeadRow } from "../src/app/leads/new-lead-row.js";
import { ensureSetUp } from "../src/app/setup.js";
import type { Actor } from "../src/contracts/definitions.js";
import type { CaptureLeadInput } from "../src/contracts/leads.js";
import {
  type Definition,
  type FactValues,
  formatDay,
  loadDefinition,
  normalizeFactValue,
  type RecordedDays,
  type Scalar,
} from "../src/core/index.js";
import { type BenchRaw, postgresBenchRaw, type SeedLead, sqliteBenchRaw } from "../src/store/bench-seed.js";
import { openStore, type Store } from "../src/store/connect.js";
import { leadEventInsert } from "../src/store/events.js";
import { type CurrentFact, encodeCurrentFacts, type LeadFactRow } from "../src/store/facts.js";
import type { LeadRow } from "../src/store/tables.js";
import { insertUser } from "../src/store/users.js";

// ---------------------------------------------------------------------------------------------
// Parameters

const SEED = 0x5707e;
/** The activation instant: 2026-11-27 10:00 UTC. Version 1 grades were given an hour earlier. */
const NOW = Date.UTC(2026, 10, 27, 10, 0);
const GRADED_V1_AT = NOW - 3_600_000;
const DAY = 86_400_000;
/** Leads were captured over the two years before NOW. */
const HISTORY_MS = 730 * DAY;
const CAPTURE_ROUNDS = 4;
const DUPLICATE_SHARE = 0.03;
const TARGET_REGRADE_SECONDS_PER_MILLION = 3;
const TARGET_REGRADE_VS_RAW_READ_GRADE = 0.5;
const TARGET_CAPTURE_RATIO = 0.5;

function log(msg: string): void {
  process.stderr.write(`bench:store: ${msg}\n`);
}

class BenchFailure extends Error {}

function fail(msg: string): never {
  throw new BenchFailure(msg);
}

function parseArgs(argv: readonly string[]) {
  const opts = {
    leads: 1_000_000,
    captures: 5_000,
    concurrency: 50,
    batch: undefined as number | undefined,
    ids: "v7",
    db: null as string | null,
    profile: null as string | null,
    cacheMb: null as number | null,
    keep: false,
    seedOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) fail(`${a} needs a positive whole number`);
      return n;
    };
    if (a === "--leads") opts.leads = value();
    else if (a === "--captures") opts.captures = value();
    else if (a === "--concurrency") opts.concurrency = value();
    else if (a === "--batch") opts.batch = value();
    else if (a === "--cache-mb") opts.cacheMb = value();
    else if (a === "--ids") {
      const v = argv[++i];
      if (v !== "v4" && v !== "v7") fail("--ids takes v4 or v7");
      opts.ids = v;
    } else if (a === "--db") {
      const v = argv[++i] ?? "";
      if (!/^postgres(ql)?:\/\//.test(v)) fail("--db takes a postgres:// URL");
      opts.db = v;
    } else if (a === "--profile") opts.profile = argv[++i] ?? fail("--profile needs a file");
    else if (a === "--keep") opts.keep = true;
    else if (a === "--seed-only") opts.seedOnly = true;
    else
      fail(
        `unknown option ${a} (known: --leads N, --captures N, --concurrency N, --batch N, --ids v4|v7, --db URL, --profile FILE, --cache-mb N, --keep, --seed-only)`,
      );
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Deterministic data

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

/** A generator per (stream, index), so any lead can be made again (for the check) without the others. */
function rngFor(stream: number, i: number): () => number {
  // murmur3's finalizer, so nearby (stream, index) pairs get unrelated seeds.
  let h = (SEED ^ Math.imul(stream, 0x27d4eb2d) ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return mulberry32((h ^ (h >>> 16)) >>> 0);
}

function hex(rand: () => number, digits: number): string {
  let s = "";
  while (s.length < digits)
    s += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return s.slice(0, digits);
}

/**
 * A UUID: random (v4) or time-ordered (v7, as production makes them: src/app/ids.ts). Its last
 * 12 hex digits are the stream and the index, so ids never collide; they sort by the first ones.
 */
function uuid(rand: () => number, kind: string, at: number, stream: number, index: number): string {
  const r = hex(rand, 20);
  const head = kind === "v7" ? at.toString(16).padStart(12, "0") : r.slice(0, 12);
  const version = kind === "v7" ? "7" : "4";
  const tail = `${stream.toString(16)}${index.toString(16).padStart(11, "0")}`;
  return `${head.slice(0, 8)}-${head.slice(8, 12)}-${version}${r.slice(13, 16)}-a${r.slice(17, 20)}-${tail}`;
}

const today = Math.floor(NOW / DAY);
/** The last day of variant A's window: today + 6 months (2027-05-27). */
const windowEnd = Math.floor(Date.UTC(2027, 4, 27) / DAY);
const CHANNELS = ["form", "call", "email", "event"] as const;
const SOURCES = ["web", "event", "partner", "ads"] as const;

function decisionDate(rand: () => number): string {
  const r = rand();
  const int = (k: number) => Math.floor(rand() * k);
  let day: number;
  if (r < 0.25) day = today - 1 - int(730);
  else if (r < 0.27) day = [today - 1, today, windowEnd, windowEnd + 1][int(4)] as number;
  else if (r < 0.67) day = today + int(windowEnd - today + 1);
  else day = windowEnd + 1 + int(900);
  return formatDay(day);
}

/**
 * Lead i as captured, before any grade: captured at a time spread over two years, with contact
 * channel (90 %), decision date (75 %), notes (50 %) and stated interest (70 %, 55 % yes), at
 * least 3 of them, in fact-key order.
 */
function makeCapturedLead(i: number, n: number, ids: string): { captured: LeadRow; facts: LeadFactRow[] } {
  const rand = rngFor(1, i);
  const createdAt = NOW - HISTORY_MS + Math.floor((i * HISTORY_MS) / n);
  const id = uuid(rand, ids, createdAt, 1, i);
  const present = {
    contact_channel: rand() < 0.9,
    decision_date: rand() < 0.75,
    notes: rand() < 0.5,
    stated_interest: rand() < 0.7,
  };
  let count = Object.values(present).filter(Boolean).length;
  for (const k of ["notes", "contact_channel", "stated_interest", "decision_date"] as const) {
    if (count >= 3) break;
    if (!present[k]) {
      present[k] = true;
      count++;
    }
  }
  const values: Record<string, unknown> = {};
  if (present.contact_channel) values.contact_channel = CHANNELS[Math.floor(rand() * 4)];
  if (present.decision_date) values.decision_date = decisionDate(rand);
  if (present.notes) values.notes = `Asked about pricing for ${1 + Math.floor(rand() * 200)} seats`;
  if (present.stated_interest) values.stated_interest = rand() < 0.55;
  const facts: LeadFactRow[] = [];
  for (const [fact, value] of Object.entries(values)) {
    const recordedAt = createdAt + Math.floor(rand() * 3 * DAY);
    facts.push({ fact, value: JSON.stringify(value), recorded_at: recordedAt });
  }
  const phone = rand() < 0.5 ? `+7 999 ${String(i).padStart(7, "0")}` : null;
  const owner = rand() < 0.3 ? "u-sales" : null;
  const email = `lead${i}@bench.example`;
  const who = {
    name: `Lead ${i}`,
    email,
    phone: phone ?? undefined,
    company: `Company ${i % 5000}`,
    source: SOURCES[i % 4] as string,
    campaign: `campaign-${i % 40}`,
    utm: i % 3 === 0 ? { source: "newsletter", medium: "email" } : undefined,
    ownerId: owner ?? undefined,
  };
  const captured: LeadRow = {
    ...newLeadRow(id, who, email, phone ? phone.replace(/\D/g, "") : null, createdAt),
    facts: encodeCurrentFacts(facts.map((f): CurrentFact => [f.fact, f.value, f.recorded_at])),
  };
  return { captured, facts };
}

/** Lead i as seeded: graded with version 1 an hour before NOW, with its capture grade event, by planRegrade. */
function makeSeedLead(i: number, n: number, ids: string, v1: VersionGrader): SeedLead {
  const { captured, facts } = makeCapturedLead(i, n, ids);
  const { gradeChange, change } = planRegrade(v1, captured, facts, "capture", GRADED_V1_AT);
  const event = leadEventInsert({
    leadId: captured.id,
    type: "captured",
    actor: "bench",
    at: GRADED_V1_AT,
    data: { facts: facts.map((f) => f.fact) },
    gradeChange,
  });
  return { lead: { ...captured, ...change, row_version: 1 }, event };
}

// ---------------------------------------------------------------------------------------------
// Raw baselines

/** Grades a lead read raw, as the activation must (stored JSON → values → compiled grader). */
function gradeRaw(def: Definition, grade: VersionGrader["grader"]["gradeIndex"], facts: RawFacts): number {
  const values: Record<string, Scalar | null> = {};
  const recorded: Record<string, number> = {};
  for (const [fact, text, at] of facts) {
    const f = def.factsByKey.get(fact);
    if (!f || f.type === "text" || text === null) continue;
    const r = normalizeFactValue(f, JSON.parse(text));
    if ("value" in r && r.value !== null) {
      values[fact] = r.value;
      recorded[fact] = Math.floor(at / DAY);
    }
  }
  return grade(values as FactValues, NOW, recorded as RecordedDays);
}

type RawFacts = readonly (readonly [string, string | null, number])[];

/** Bytes this process read and wrote through the kernel so far (Linux /proc/self/io; 0 elsewhere). */
function ioBytes(): { read: number; write: number } {
  try {
    const text = readFileSync("/proc/self/io", "utf8");
    const field = (k: string) => Number(new RegExp(`^${k}: (\\d+)$`, "m").exec(text)?.[1] ?? 0);
    return { read: field("read_bytes"), write: field("write_bytes") };
  } catch {
    return { read: 0, write: 0 };
  }
}

function collect(): void {
  globalThis.gc?.();
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The seed index of a lead from its id: its last 11 hex digits (see `uuid`). */
const indexOfId = (id: string): number => Number.parseInt(id.slice(-11), 16);

// ---------------------------------------------------------------------------------------------
// Main

const opts = parseArgs(process.argv.slice(2));
const loadAtStart = loadavg()[0] ?? 0;
const N = opts.leads;
const K = opts.concurrency;
const startedAt = performance.now();
const variantA = readFileSync(new URL("../../definitions/variant-a.yaml", import.meta.url), "utf8");
/** Version 2: hot also needs stated interest, so hot leads without it drop to cold (as STRICT_A in the tests). */
const strictA = variantA
  .replace("id: variant-a", "id: variant-a-strict")
  .replace(
    "    when:\n      fact: decision_date\n      within_next: 6 months\n",
    "    when:\n      all:\n        - { fact: decision_date, within_next: 6 months }\n        - { fact: stated_interest, eq: true }\n",
  );
if (!strictA.includes("- { fact: stated_interest, eq: true }"))
  fail("variant-a.yaml changed shape: update strictA");
const loadedA = loadDefinition(variantA);
const loadedStrict = loadDefinition(strictA);
if (!loadedA.ok || !loadedStrict.ok) fail("variant A or its strict version does not load");

/** Where the data lives, and how to get rid of it. */
interface Place {
  readonly store: Store;
  readonly raw: BenchRaw;
  readonly where: string;
  readonly drop: () => Promise<void>;
}

async function openPlace(): Promise<Place> {
  if (opts.db) {
    const url = opts.db;
    const schema = `bench_store_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const store = await openStore({ kind: "postgres", url, schema, poolSize: 10 });
    const raw = await postgresBenchRaw(url, schema);
    return {
      store,
      raw,
      where: `${url} schema ${schema}`,
      drop: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "truce-bench-store-"));
  const path = join(dir, "truce.db");
  const store = await openStore({ kind: "sqlite", path });
  if (opts.cacheMb) store.sqlite?.raw.pragma(`cache_size = -${opts.cacheMb * 1024}`);
  return {
    store,
    raw: sqliteBenchRaw(path),
    where: path,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const place = await openPlace();
let keepPlace = opts.keep || opts.seedOnly;
try {
  const report = await run(place);
  if (report) process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (e) {
  process.stderr.write(
    `bench:store: FAILED: ${e instanceof BenchFailure ? e.message : String((e as Error)?.stack ?? e)}\n`,
  );
  process.exitCode = 1;
} finally {
  await place.store.close().catch(() => {});
  await place.raw.close().catch(() => {});
  if (!keepPlace) await place.drop();
  else log(`kept: ${place.where}`);
}

async function run({ store, raw, where }: Place): Promise<Record<string, unknown> | null> {
  const engine = store.dialect;
  let idCounter = 0;
  const captureIds = rngFor(3, 0);
  const deps: AppDeps = {
    store,
    clock: () => NOW,
    newId: () => uuid(captureIds, opts.ids, NOW + idCounter, 3, idCounter++),
    graders: new GraderCache(),
  };
  const setup = await ensureSetUp(deps, { adminEmail: "admin@bench.example", definitionText: variantA });
  const admin: Actor = { id: setup.createdAdmin?.id ?? fail("no admin created"), role: "admin" };
  const people = {
    marketing: { id: "u-marketing", role: "marketing" },
    marketingHead: { id: "u-marketing-head", role: "marketing_head" },
    sales: { id: "u-sales", role: "sales" },
    salesHead: { id: "u-sales-head", role: "sales_head" },
  } as const satisfies Record<string, Actor>;
  for (const p of Object.values(people)) {
    await insertUser(store.db, {
      id: p.id,
      email: `${p.id}@bench.example`,
      name: p.id,
      role: p.role,
      created_at: 0,
      password_set_at: 0,
    });
  }
  const v1 = deps.graders.get(1, variantA);

  // (a) Seed, not measured.
  log(`seeding ${N} leads (${opts.ids} ids) into ${where}`);
  let t = performance.now();
  const seeded = await raw.seed(
    N,
    (i) => makeSeedLead(i, N, opts.ids, v1),
    (done) => log(`  ${done} seeded`),
  );
  const seedSeconds = (performance.now() - t) / 1000;
  log(
    `seeded ${seeded.leads} leads, ${seeded.facts} current facts, ${seeded.gradeChanges} capture events in ${seedSeconds.toFixed(1)} s`,
  );
  if (opts.seedOnly) {
    // For looking into the book by hand (EXPLAIN, other shapes of the regrade): nothing is measured.
    keepPlace = true;
    return { bench: "store", seed_only: true, engine, database: where, leads: N, ids: opts.ids };
  }

  // Version 2 drafted, proposed and approved by both heads (activation comes later, timed).
  const { version } = await createDraft(deps, strictA, people.marketing);
  await proposeDefinition(deps, version, people.marketing);
  await approveDefinition(deps, version, people.marketingHead);
  await approveDefinition(deps, version, people.salesHead);
  const v2 = deps.graders.get(version, strictA);

  // (a) Raw baselines: the same rows, one prepared SELECT; then the same read plus grading.
  collect();
  t = performance.now();
  const rawRead = await raw.readOpenLeads(() => {});
  const rawReadSeconds = (performance.now() - t) / 1000;
  if (rawRead.leads !== N) fail(`raw read found ${rawRead.leads} open leads, expected ${N}`);
  log(
    `raw read: ${rawRead.leads} leads, ${rawRead.factRows} current facts in ${rawReadSeconds.toFixed(2)} s`,
  );
  collect();
  const rawGrades = [0, 0, 0, 0];
  t = performance.now();
  await raw.readOpenLeads((lead) => {
    const g = gradeRaw(v2.definition, v2.grader.gradeIndex, lead.facts);
    rawGrades[g + 1] = (rawGrades[g + 1] ?? 0) + 1;
  });
  const rawGradeSeconds = (performance.now() - t) / 1000;
  log(
    `raw read + grade: ${rawGradeSeconds.toFixed(2)} s (${v2.definition.grades.map((g, i) => `${g.key} ${rawGrades[i + 1]}`).join(", ")})`,
  );

  // (a) The activation, through the use case: the flip, then the whole regrade job.
  const beforeActivation = await raw.counts();
  collect();
  const timings = emptyRegradeTimings();
  const profiler = opts.profile ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  const cpuBefore = process.cpuUsage();
  const ioBefore = ioBytes();
  t = performance.now();
  const activation = await activateDefinition(deps, version, admin, {
    batchSize: opts.batch,
    timings,
    onBatch: (b) => {
      if (b % 10 === 0) log(`  activation: ${b} batches committed`);
    },
  });
  const activationSeconds = (performance.now() - t) / 1000;
  const activationCpu = process.cpuUsage(cpuBefore);
  const ioAfter = ioBytes();
  if (profiler && opts.profile) {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(opts.profile, JSON.stringify(profile));
    profiler.disconnect();
    log(`activation profile written to ${opts.profile}`);
  }
  log(
    `activation: ${activation.regrade.regraded} leads in ${activation.regrade.batches} batches, ${activationSeconds.toFixed(2)} s`,
  );

  // Check, after timing: every lead as planRegrade says; one regraded event per changed grade, none otherwise.
  log("checking every lead against planRegrade");
  if (activation.retiredVersion !== 1 || activation.regrade.version !== version)
    fail(`activation result ${JSON.stringify(activation)}`);
  if (activation.regrade.regraded !== N) fail(`regraded ${activation.regrade.regraded} leads, expected ${N}`);
  let checked = 0;
  let expectedEvents = 0;
  const activatedGrades = [0, 0, 0, 0];
  const seen = new Uint8Array(N);
  const outcome = await raw.readRegradeOutcome("activation", ({ lead, events }) => {
    checked++;
    const i = indexOfId(lead.id);
    if (!(i >= 0 && i < N) || seen[i]) fail(`lead ${lead.id}: not a seeded lead, or seen twice`);
    seen[i] = 1;
    const { captured, facts } = makeCapturedLead(i, N, opts.ids);
    if (lead.id !== captured.id) fail(`lead ${lead.id}: expected ${captured.id} at index ${i}`);
    // The lead as seeded: planRegrade reads its grade (version 1's).
    const { values, recorded } = gradeInputsOf(v1.definition, facts);
    const v1Grade = v1.definition.grades[v1.grader.gradeIndex(values, GRADED_V1_AT, recorded)]?.key ?? null;
    const seededLead: LeadRow = { ...captured, grade: v1Grade, graded_version: 1, row_version: 1 };
    const plan = planRegrade(v2, seededLead, facts, "activation", NOW);
    const want = {
      grade: plan.change.grade,
      graded_version: version,
      graded_at: NOW,
      next_regrade_at: plan.change.next_regrade_at,
      updated_at: NOW,
      row_version: seededLead.row_version + 1,
    };
    for (const [k, v] of Object.entries(want)) {
      const stored = lead[k as keyof typeof want];
      if (stored !== v) fail(`lead ${lead.id}: ${k} is ${stored}, expected ${v}`);
    }
    const g = plan.gradeChange;
    if ((g !== null) !== (plan.change.grade !== v1Grade))
      fail(`lead ${lead.id}: planRegrade disagrees with itself`);
    const wantEvents = g
      ? [
          {
            type: "regraded",
            old_grade: g.from,
            new_grade: g.to,
            version: g.version,
            explanation: g.inputs,
            at: NOW,
          },
        ]
      : [];
    if (JSON.stringify(events) !== JSON.stringify(wantEvents))
      fail(
        `lead ${lead.id}: activation events ${JSON.stringify(events)}, expected ${JSON.stringify(wantEvents)}`,
      );
    expectedEvents += wantEvents.length;
    const index = v2.definition.grades.findIndex((x) => x.key === plan.change.grade);
    activatedGrades[index + 1] = (activatedGrades[index + 1] ?? 0) + 1;
  });
  if (outcome.leads !== N || checked !== N)
    fail(`${outcome.leads} leads after the activation, expected ${N}`);
  if (outcome.events !== expectedEvents)
    fail(`${outcome.events} activation events, expected ${expectedEvents}`);
  const afterActivation = await raw.counts();
  if (afterActivation.leadEvents - beforeActivation.leadEvents !== expectedEvents)
    fail(
      `the activation wrote ${afterActivation.leadEvents - beforeActivation.leadEvents} lead events, expected ${expectedEvents}`,
    );
  log(
    `ok: ${N} leads on version ${version}, ${expectedEvents} regraded events (grade changed), none for the others`,
  );

  // (b) Capture: K in flight through the use case, beside raw inserts K per transaction; rounds.
  const C = opts.captures;
  const captureInputs: CaptureLeadInput[] = [];
  const originals: string[] = [];
  let duplicates = 0;
  for (let j = 0; j < C; j++) {
    const rand = rngFor(4, j);
    // A repeat of one of the last thousand new leads of earlier groups (never of its own group,
    // whose captures run at once: on PostgreSQL two of them could both miss the other).
    const earlier = originals.length - (j % K) - (originals.length >= K ? 0 : originals.length);
    const duplicate = earlier > 0 && rand() < DUPLICATE_SHARE;
    let email = `capture${j}@bench.example`;
    if (duplicate) {
      duplicates++;
      email = originals[earlier - 1 - Math.floor(rand() * Math.min(earlier, 1000))] as string;
    } else originals.push(email);
    const at = new Date(NOW - Math.floor(rand() * DAY)).toISOString();
    const evidence = (recordedAt: string) => ({
      channel: "form" as const,
      recordedBy: "bench@example.test",
      recordedAt,
    });
    captureInputs.push({
      name: `Capture ${j}`,
      email,
      company: `Company ${j % 5000}`,
      source: SOURCES[j % 4] as string,
      campaign: `campaign-${j % 40}`,
      facts: [
        { fact: "contact_channel", value: CHANNELS[j % 4] as string, evidence: evidence(at) },
        {
          fact: "decision_date",
          value: decisionDate(rand),
          evidence: evidence(new Date(NOW - 2 * DAY).toISOString()),
        },
        { fact: "decision_date", value: decisionDate(rand), evidence: evidence(at) },
        { fact: "notes", value: `Asked about pricing for ${1 + (j % 200)} seats`, evidence: evidence(at) },
        { fact: "stated_interest", value: rand() < 0.55, evidence: evidence(at) },
      ],
    });
  }
  const rawRows: LeadRow[] = [];
  for (let j = 0; j < C; j++) {
    const rand = rngFor(5, j);
    rawRows.push({
      ...makeSeedLead(N + j, N + C, opts.ids, v1).lead,
      id: uuid(rand, opts.ids, NOW + j, 5, j),
      email: `raw${j}@bench.example`,
      email_norm: `raw${j}@bench.example`,
      phone: null,
      phone_norm: null,
      created_at: NOW,
      updated_at: NOW,
    });
  }
  const before = await raw.counts();
  const groupsBefore = store.groupCommit?.stats();
  let captureMs = 0;
  let rawMs = 0;
  let captureCpuUs = 0;
  let created = 0;
  for (let round = 0; round < CAPTURE_ROUNDS; round++) {
    const from = Math.floor((round * C) / CAPTURE_ROUNDS);
    const to = Math.floor(((round + 1) * C) / CAPTURE_ROUNDS);
    collect();
    const cpu = process.cpuUsage();
    t = performance.now();
    for (let j = from; j < to; j += K) {
      const group = captureInputs.slice(j, Math.min(to, j + K));
      const results = await Promise.all(group.map((input) => captureLead(deps, input, "api")));
      for (const r of results) if (r.created) created++;
    }
    const c = performance.now() - t;
    const used = process.cpuUsage(cpu);
    captureCpuUs += used.user + used.system;
    collect();
    t = performance.now();
    await raw.insertLeadsGrouped(rawRows.slice(from, to), K);
    const r = performance.now() - t;
    captureMs += c;
    rawMs += r;
    log(
      `capture round ${round + 1}/${CAPTURE_ROUNDS}: use case ${Math.round(((to - from) * 1000) / c)}/s, raw insert ${Math.round(((to - from) * 1000) / r)}/s`,
    );
  }
  const groupsAfter = store.groupCommit?.stats();
  const after = await raw.counts(before.lastEventId);
  if (created !== C - duplicates) fail(`${created} captures created a lead, expected ${C - duplicates}`);
  if (after.leads - before.leads !== created + C)
    fail(`leads grew by ${after.leads - before.leads}, expected ${created + C}`);
  if (after.leadEvents - before.leadEvents !== C)
    fail(`lead events grew by ${after.leadEvents - before.leadEvents}, expected one per capture (${C})`);
  if (after.observations !== 5 * C)
    fail(`the captures' events carry ${after.observations} observations, expected ${5 * C}`);
  if (after.gradeChanges - before.gradeChanges < created) fail("a created lead got no grade change");

  const regradeLps = N / activationSeconds;
  const rawReadLps = N / rawReadSeconds;
  const rawReadGradeLps = N / rawGradeSeconds;
  const captureLps = (C * 1000) / captureMs;
  const rawInsertLps = (C * 1000) / rawMs;
  const ms = (x: number) => Math.round(x);
  const secondsPer1m = (activationSeconds * 1e6) / N;
  const vsRawGrade = regradeLps / rawReadGradeLps;
  const captureRatio = captureLps / rawInsertLps;
  const regradeMet =
    secondsPer1m <= TARGET_REGRADE_SECONDS_PER_MILLION && vsRawGrade >= TARGET_REGRADE_VS_RAW_READ_GRADE;
  const captureMet = captureRatio >= TARGET_CAPTURE_RATIO;
  return {
    bench: "store",
    node: process.version,
    engine: after.engine,
    ids: opts.ids === "v4" ? "random UUIDv4" : "time-ordered UUIDv7 (as production)",
    ...(opts.cacheMb ? { cache_mb: opts.cacheMb } : {}),
    leads: N,
    facts: seeded.facts,
    seed_s: round3(seedSeconds),
    regrade: {
      seconds: round3(activationSeconds),
      /** User and system CPU of this process: far below `seconds` means waiting (I/O, the server, or other processes). */
      cpu_s: round3((activationCpu.user + activationCpu.system) / 1e6),
      lps: Math.round(regradeLps),
      /** Bytes this process had the kernel write (SQLite: WAL, checkpoints) and read from disk meanwhile. */
      io_write_mb: Math.round((ioAfter.write - ioBefore.write) / 1e6),
      io_read_mb: Math.round((ioAfter.read - ioBefore.read) / 1e6),
      batches: activation.regrade.batches,
      events: expectedEvents,
      breakdown_ms: {
        read: ms(timings.read),
        plan: ms(timings.plan),
        events: ms(timings.events),
        update: ms(timings.update),
        commit: ms(timings.commit),
        other: ms(
          activationSeconds * 1000 -
            timings.read -
            timings.plan -
            timings.events -
            timings.update -
            timings.commit,
        ),
      },
      raw_read_lps: Math.round(rawReadLps),
      raw_read_grade_lps: Math.round(rawReadGradeLps),
      vs_raw_read: round3(regradeLps / rawReadLps),
      vs_raw_read_grade: round3(vsRawGrade),
    },
    capture: {
      n: C,
      concurrency: K,
      group_commit: store.groupCommit !== undefined,
      /** Captures per committed transaction (group commit's stats), null without group commit. */
      mean_group:
        groupsBefore && groupsAfter && groupsAfter.groups > groupsBefore.groups
          ? round3((groupsAfter.units - groupsBefore.units) / (groupsAfter.groups - groupsBefore.groups))
          : null,
      duplicates,
      use_case_lps: Math.round(captureLps),
      /** This process's CPU per capture: far below 1000 / use_case_lps means waiting (disk, locks, other processes). */
      use_case_cpu_ms: round3(captureCpuUs / 1000 / C),
      raw_insert_lps: Math.round(rawInsertLps),
      ratio: round3(captureRatio),
    },
    targets: {
      regrade_vs_raw_read_grade: TARGET_REGRADE_VS_RAW_READ_GRADE,
      regrade_1m_seconds: TARGET_REGRADE_SECONDS_PER_MILLION,
      regrade_seconds_per_1m: round3(secondsPer1m),
      regrade_met: regradeMet,
      capture_ratio: TARGET_CAPTURE_RATIO,
      capture_met: captureMet,
      met: regradeMet && captureMet,
    },
    /** The machine's 1-minute load average at the start and the end: other work skews every rate. */
    load_avg: [round3(loadAtStart), round3(loadavg()[0] ?? 0)],
    ...(opts.keep ? { database: where } : {}),
    total_s: round3((performance.now() - startedAt) / 1000),
  };
}
