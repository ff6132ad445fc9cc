/**
 * `npm run bench:http`: the HTTP API under load, on a fresh SQLite file in a temporary folder, and
 * ONE JSON line on stdout (progress and diagnostics on stderr). Three autocannon runs, each
 * 50 connections for 10 s on 127.0.0.1 after an unreported 2 s warm-up:
 *
 * (a) `GET /api/v1/health`: the framework's ceiling on this machine (no database, no auth).
 * (b) `POST /api/v1/capture` with a capture-scoped key: a new lead per request (distinct e-mail and
 *     phone), four answers (every fact variant A has: decision date, stated interest, contact
 *     channel, notes) plus identity and attribution; validated, deduplicated, graded, stored in
 *     one durable transaction with its outbox rows. Target: ≥ 8,000 req/s, p99 ≤ 20 ms, no errors.
 * (c) `GET /api/v1/leads?…&limit=50` with a read-scoped key over 100,000 seeded leads, rotating
 *     five filter combinations (grade with source or campaign, one of them on its second page).
 *     Target: ≥ 2,000 req/s.
 *
 * Process layout: the machine has 2 cores, so the server runs in a CHILD process (this file again,
 * with `--serve`), built like `truce serve` builds it (`openStore` — WAL, synchronous FULL — and
 * `buildServer`, logger off; the background job loop is not started, so outbox rows stay
 * undispatched), and autocannon runs here, in the parent: load generator and server each get an
 * event loop of their own. The child reports its CPU time and event-loop utilisation per run.
 *
 * Set-up (not measured): `ensureSetUp` with variant A, a capture key and a read key (rows with
 * `hashToken`), 100,000 leads bulk-inserted with their facts and grades (src/store/bench-seed.ts),
 * and a raw probe of durable single-row commits on the same disk (the floor under a capture).
 * The data is deterministic (mulberry32, fixed seed) and so is the server's clock: it starts at
 * NOW (2026-11-27 10:00 UTC) and runs at real speed from there, so grades do not depend on the day
 * the benchmark is run.
 *
 * Nothing is reported unless checked: before the runs, each list page must be exactly the 50 ids
 * the same filters give in SQL; after the capture run, every 2xx-answered capture must be a lead
 * in the database with the expected grade, every captured lead one the benchmark sent, the leads
 * beyond the 2xx count only requests in flight when autocannon stopped or timed out (at most
 * connections + errors), and each lead must have its 4 fact events, 4 current facts, its capture
 * grade event and its two outbox rows (lead.captured, lead.graded). A failed check exits with
 * code 1 and nothing on stdout.
 *
 * Options: --duration S (default 10), --warmup S (default 2), --connections N (default 50),
 * --leads N (default 100,000), --keep (keep the database and print its path on stderr).
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { hashToken } from "../src/app/auth/secrets.js";
import type { AppDeps } from "../src/app/deps.js";
import { GraderCache } from "../src/app/grading.js";
import { ensureSetUp } from "../src/app/setup.js";
import { formatDay } from "../src/core/index.js";
import { buildServer } from "../src/http/server.js";
import { insertApiKey } from "../src/store/api-keys.js";
import { seedLeadsForBench } from "../src/store/bench-seed.js";
import { openStore } from "../src/store/connect.js";
import { CHANNELS, mulberry32, NOW, seedLead, today } from "./seed.js";

// ---------------------------------------------------------------------------------------------
// Parameters

const HOST = "127.0.0.1";
const SEED = 0x4177e;
const TARGET_CAPTURE_RPS = 8_000;
const TARGET_CAPTURE_P99_MS = 20;
const TARGET_LIST_RPS = 2_000;
const PAGE = 50;
/** Per-minute capture limits for the server: far above anything a 10 s run can reach. */
const NO_LIMIT = "100000000";
const CAPTURE_DOMAIN = "capture.bench.example";
const WARMUP_DOMAIN = "warmup.bench.example";
const PROBE_DOMAIN = "probe.bench.example";
const SERVE_FLAG = "--serve";

function log(msg: string): void {
  process.stderr.write(`bench:http: ${msg}\n`);
}

/** The run's temporary folder: removed after a good run, kept (and named) after a failed one. */
let workDir: string | undefined;

function fail(msg: string): never {
  process.stderr.write(`bench:http: FAILED: ${msg}\n`);
  if (workDir) process.stderr.write(`bench:http: the database is kept in ${workDir}\n`);
  process.exit(1);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

// ---------------------------------------------------------------------------------------------
// Messages between the parent (load) and the child (server)

type ToServer = { readonly type: "mark" } | { readonly type: "usage" } | { readonly type: "stop" };

interface Usage {
  /** Server process CPU time (user + system) over wall time since the mark, in %. 100 = one core. */
  readonly cpu_pct: number;
  /** The same CPU time per request answered: less sensitive than req/s to other load on the machine. */
  readonly cpu_ms_per_req: number;
  /** Event-loop utilisation since the mark (0–1): near 1, the loop (JS and synchronous SQLite) is saturated. */
  readonly elu: number;
  readonly rss_mb: number;
}

type FromServer =
  | {
      readonly type: "listening";
      readonly port: number;
      readonly pragmas: { readonly journal_mode: string; readonly synchronous: number };
    }
  | { readonly type: "marked" }
  | {
      readonly type: "usage";
      readonly cpu_ms: number;
      readonly cpu_pct: number;
      readonly elu: number;
      readonly rss_mb: number;
    }
  | { readonly type: "stopped" };

// ---------------------------------------------------------------------------------------------
// The server (child process)

/** `bench/http.js --serve <db> <now>`: the API as `truce serve` builds it, without the job loop. */
async function serve(path: string, now: number): Promise<void> {
  const send = (m: FromServer): void => {
    process.send?.(m);
  };
  const store = await openStore({ kind: "sqlite", path });
  const startedAt = Date.now();
  const deps: AppDeps = {
    store,
    clock: () => now + (Date.now() - startedAt),
    newId: randomUUID,
    graders: new GraderCache(),
  };
  const app = await buildServer(deps, { logger: false });
  await app.listen({ host: HOST, port: 0 });
  const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
  const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
  let cpu = process.cpuUsage();
  let elu = performance.eventLoopUtilization();
  let wall = performance.now();
  process.on("message", (m: ToServer) => {
    if (m.type === "mark") {
      cpu = process.cpuUsage();
      elu = performance.eventLoopUtilization();
      wall = performance.now();
      send({ type: "marked" });
    } else if (m.type === "usage") {
      const c = process.cpuUsage(cpu);
      const ms = performance.now() - wall;
      send({
        type: "usage",
        cpu_ms: (c.user + c.system) / 1000,
        cpu_pct: round1(((c.user + c.system) / 1000 / ms) * 100),
        elu: round3(performance.eventLoopUtilization(elu).utilization),
        rss_mb: Math.round(process.memoryUsage().rss / 1048576),
      });
    } else if (m.type === "stop") {
      void (async () => {
        await app.close();
        await store.close();
        process.send?.({ type: "stopped" } satisfies FromServer, () => process.exit(0));
      })();
    }
  });
  // The parent is gone (killed, or failed a check): no orphaned server.
  process.on("disconnect", () => process.exit(0));
  send({
    type: "listening",
    port: (app.server.address() as AddressInfo).port,
    pragmas: {
      journal_mode: journal.rows[0]?.journal_mode ?? "?",
      synchronous: sync.rows[0]?.synchronous ?? -1,
    },
  });
}

/** Sends a message to the server and waits for its answer of the given type. */
function ask<T extends FromServer["type"]>(
  child: ChildProcess,
  message: ToServer,
  answer: T,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromServer) => {
      if (m.type !== answer) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(m as Extract<FromServer, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the server exited (code ${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(message);
  });
}

// ---------------------------------------------------------------------------------------------
// Deterministic data

/** The grade capture n must get: hot (decision within 6 months), warm (later, but interested), cold. */
function captureGrade(n: number): "hot" | "warm" | "cold" {
  return (["hot", "warm", "cold"] as const)[n % 3] as "hot" | "warm" | "cold";
}

/** The body of capture n: a new person (e-mail and phone never used before), four answers. */
function captureBody(n: number, domain: string): string {
  const grade = captureGrade(n);
  const decision =
    grade === "hot"
      ? today + 7 + (n % 150)
      : grade === "warm"
        ? today + 200 + (n % 300)
        : today - 1 - (n % 300);
  return JSON.stringify({
    name: `Capture ${n}`,
    email: `c${n}@${domain}`,
    phone: `+44 20 ${String(n).padStart(8, "0")}`,
    company: `Company ${n % 5000}`,
    source: "website",
    campaign: "website-spring",
    utm: { source: "google", medium: "cpc", campaign: "spring" },
    answers: {
      decision_date: formatDay(decision),
      stated_interest: grade !== "cold",
      contact_channel: CHANNELS[n % 4],
      notes: `Asked about pricing for ${1 + (n % 200)} seats`,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Raw probe: durable single-row commits on this disk (what one durable write per request costs)

function probeCommits(dir: string, synchronous: "FULL" | "NORMAL", ms: number): number {
  const path = join(dir, `probe-${synchronous.toLowerCase()}.db`);
  const db = new SqliteDatabase(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${synchronous}`);
    db.exec("create table t (id integer primary key, v text not null)");
    const insert = db.prepare("insert into t (v) values (?)");
    const one = db.transaction((v: string) => insert.run(v));
    const payload = "x".repeat(400);
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      one(payload);
      n++;
    }
    return Math.round(n / ((performance.now() - t0) / 1000));
  } finally {
    db.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Load

interface Run {
  readonly rps: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly mean_ms: number;
  readonly max_ms: number;
  readonly requests: number;
  readonly ok_2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly status: Record<string, number>;
  readonly server: Usage;
}

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** An unreported warm-up, then `before` (e.g. waiting for the warm-up's last requests), then the run. */
async function measure(
  child: ChildProcess,
  name: string,
  options: autocannon.Options,
  warmup: autocannon.Options,
  before?: () => Promise<void>,
): Promise<Run> {
  if (opts.warmup > 0) {
    log(`${name}: warm-up ${opts.warmup} s`);
    await cannon({ ...warmup, duration: opts.warmup });
  }
  await before?.();
  await ask(child, { type: "mark" }, "marked");
  log(`${name}: ${opts.connections} connections, ${opts.duration} s`);
  const r = await cannon({ ...options, duration: opts.duration });
  const server = await ask(child, { type: "usage" }, "usage");
  // Overload may cost some answers (reported below); none at all means the benchmark is broken.
  if (r["2xx"] === 0) fail(`${name}: not one 2xx answer (${JSON.stringify(r.statusCodeStats)})`);
  const status: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) status[code] = s.count ?? 0;
  const run: Run = {
    rps: Math.round(r.requests.mean),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    mean_ms: round3(r.latency.mean),
    max_ms: r.latency.max,
    requests: r.requests.total,
    ok_2xx: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    status,
    server: {
      cpu_pct: server.cpu_pct,
      cpu_ms_per_req: round3(server.cpu_ms / Math.max(1, r.requests.total)),
      elu: server.elu,
      rss_mb: server.rss_mb,
    },
  };
  log(
    `${name}: ${run.rps} req/s, p50 ${run.p50_ms} ms, p99 ${run.p99_ms} ms, ${run.ok_2xx} 2xx, ` +
      `${run.non2xx} non-2xx, ${run.errors} errors; server CPU ${run.server.cpu_pct} % ` +
      `(${run.server.cpu_ms_per_req} ms/request), ELU ${run.server.elu}`,
  );
  return run;
}

// ---------------------------------------------------------------------------------------------
// Checks against the database (a read-only connection of our own; the server's stays open)

function readDb<T>(path: string, read: (db: SqliteDatabase.Database) => T): T {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The list pages the run rotates through; each is checked against SQL before anything is timed. */
interface ListCase {
  readonly filters: Readonly<Record<string, string>>;
  /** 0 = first page, 1 = second page (through the first page's cursor). */
  readonly page: 0 | 1;
}

const LIST_CASES: readonly ListCase[] = [
  { filters: { grade: "hot", source: "website" }, page: 0 },
  { filters: { grade: "warm", source: "webinar" }, page: 0 },
  { filters: { grade: "hot", campaign: "partner-3" }, page: 0 },
  { filters: { grade: "cold", source: "ads" }, page: 0 },
  { filters: { grade: "hot", source: "website" }, page: 1 },
];

function listPath(filters: Readonly<Record<string, string>>, cursor?: string): string {
  const q = new URLSearchParams({ ...filters, limit: String(PAGE) });
  if (cursor) q.set("cursor", cursor);
  return `/api/v1/leads?${q}`;
}

/** Fetches each case's page and checks it is exactly the ids SQL gives; returns the paths to load. */
async function checkListPages(base: string, readKey: string, dbPath: string): Promise<string[]> {
  const paths: string[] = [];
  for (const c of LIST_CASES) {
    const where = Object.keys(c.filters)
      .map((k) => `${k} = ?`)
      .join(" and ");
    const expected = readDb(dbPath, (db) =>
      db
        .prepare(`select id from leads where ${where} order by created_at desc, id desc limit ? offset ?`)
        .pluck()
        .all(...Object.values(c.filters), PAGE, c.page * PAGE),
    ) as string[];
    let cursor: string | undefined;
    if (c.page === 1) {
      const first = await getPage(base, listPath(c.filters), readKey);
      cursor = first.nextCursor ?? fail(`${listPath(c.filters)}: no next cursor`);
    }
    const path = listPath(c.filters, cursor);
    const got = await getPage(base, path, readKey);
    const ids = got.items.map((i) => i.id);
    if (expected.length !== PAGE) fail(`${path}: only ${expected.length} leads match; the seed is too small`);
    if (ids.join() !== expected.join()) fail(`${path}: the page is not the ${PAGE} leads SQL gives`);
    for (const item of got.items) {
      for (const [k, v] of Object.entries(c.filters))
        if (item[k] !== v) fail(`${path}: lead ${item.id} has ${k} ${String(item[k])}`);
    }
    if (!got.nextCursor) fail(`${path}: no next cursor, though more leads match`);
    paths.push(path);
  }
  return paths;
}

async function getPage(
  base: string,
  path: string,
  key: string,
): Promise<{ items: ({ id: string } & Record<string, unknown>)[]; nextCursor: string | null }> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) fail(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as never;
}

/** The leads captured with e-mails at `domain`: n → grade. */
function capturedLeads(dbPath: string, domain: string): Map<number, string | null> {
  const rows = readDb(dbPath, (db) =>
    db.prepare("select email, grade from leads where email like ?").raw(true).all(`%@${domain}`),
  ) as [string, string | null][];
  const out = new Map<number, string | null>();
  for (const [email, grade] of rows) out.set(Number(email.slice(1, email.indexOf("@"))), grade);
  return out;
}

/** Rows the captures at `domain` wrote, per table (and outbox rows per event). */
function capturedRows(dbPath: string, domain: string) {
  return readDb(dbPath, (db) => {
    const mine = "select id from leads where email like ?";
    const count = (q: string) => db.prepare(q).pluck().get(`%@${domain}`) as number;
    const outbox = db
      .prepare(`select event, count(*) from outbox where lead_id in (${mine}) group by event order by event`)
      .raw(true)
      .all(`%@${domain}`) as [string, number][];
    return {
      fact_events: count(`select count(*) from fact_events where lead_id in (${mine})`),
      lead_facts: count(`select count(*) from lead_facts where lead_id in (${mine})`),
      grade_events: count(
        `select count(*) from grade_events where cause = 'capture' and lead_id in (${mine})`,
      ),
      lead_events: count(`select count(*) from lead_events where type = 'captured' and lead_id in (${mine})`),
      outbox: Object.fromEntries(outbox),
    };
  });
}

/** Waits until the number of leads stops changing: requests in flight when the run stopped finish. */
async function settle(dbPath: string): Promise<number> {
  const count = () =>
    readDb(dbPath, (db) => db.prepare("select count(*) from leads").pluck().get() as number);
  let last = count();
  for (let stable = 0; stable < 3; ) {
    await new Promise((r) => setTimeout(r, 100));
    const now = count();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv: readonly string[]) {
  const o = { duration: 10, warmup: 2, connections: 50, leads: 100_000, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (min: number): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min) fail(`${a} needs a whole number ≥ ${min}`);
      return n;
    };
    if (a === "--duration") o.duration = value(1);
    else if (a === "--warmup") o.warmup = value(0);
    else if (a === "--connections") o.connections = value(1);
    else if (a === "--leads") o.leads = value(1000);
    else if (a === "--keep") o.keep = true;
    else fail(`unknown option ${a} (known: --duration S, --warmup S, --connections N, --leads N, --keep)`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Main

const serving = process.argv[2] === SERVE_FLAG;
const opts = parseArgs(serving ? [] : process.argv.slice(2));
if (serving) {
  await serve(process.argv[3] ?? fail("--serve needs a database path"), Number(process.argv[4] ?? NOW));
} else {
  await main();
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map(round3);
  log(`load average before: ${loadBefore.join(" ")} (${cpus().length} cores)`);
  const startedAt = performance.now();
  const variantA = readFileSync(new URL("../../definitions/variant-a.yaml", import.meta.url), "utf8");
  const dir = mkdtempSync(join(tmpdir(), "truce-bench-http-"));
  workDir = dir;
  const path = join(dir, "truce.db");

  // Set-up: definition, keys, 100,000 leads. Not measured.
  const store = await openStore({ kind: "sqlite", path });
  const deps: AppDeps = { store, clock: () => NOW, newId: randomUUID, graders: new GraderCache() };
  const setup = await ensureSetUp(deps, { adminEmail: "admin@bench.example", definitionText: variantA });
  const adminId = setup.createdAdmin?.id ?? fail("no administrator was created");
  const newKey = async (name: string, scope: "capture" | "read"): Promise<string> => {
    const prefix = `truce_${randomBytes(4).toString("hex")}`;
    const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
    await insertApiKey(store.db, {
      id: randomUUID(),
      name,
      key_hash: hashToken(key),
      prefix,
      scopes: JSON.stringify([scope]),
      created_by: adminId,
      created_at: NOW,
      last_used_at: null,
      revoked_at: null,
    });
    return key;
  };
  const captureKey = await newKey("bench capture", "capture");
  const readKey = await newKey("bench read", "read");
  const v1 = deps.graders.get(1, variantA);
  await store.close();

  log(`seeding ${opts.leads} leads into ${path}`);
  let t = performance.now();
  const rand = mulberry32(SEED);
  const seeded = seedLeadsForBench(path, opts.leads, (i) => seedLead(i, opts.leads, rand, v1));
  const seedSeconds = round1((performance.now() - t) / 1000);
  const seededGrades = Object.fromEntries(
    readDb(path, (db) =>
      db.prepare("select grade, count(*) from leads group by grade order by grade").raw(true).all(),
    ) as [string, number][],
  );
  log(
    `seeded ${seeded.leads} leads, ${seeded.facts} facts, ${seeded.gradeEvents} grade events in ${seedSeconds} s ` +
      `(${JSON.stringify(seededGrades)})`,
  );

  log("probing durable single-row commits on this disk (1 s each, synchronous FULL and NORMAL)");
  const probe = {
    full_commits_per_s: probeCommits(dir, "FULL", 1000),
    normal_commits_per_s: probeCommits(dir, "NORMAL", 1000),
  };
  log(`raw commits/s: FULL ${probe.full_commits_per_s}, NORMAL ${probe.normal_commits_per_s}`);

  // The server, in a child process of its own.
  const child = fork(fileURLToPath(import.meta.url), [SERVE_FLAG, path, String(NOW)], {
    stdio: ["ignore", 2, 2, "ipc"],
    env: { ...process.env, TRUCE_CAPTURE_PER_IP: NO_LIMIT, TRUCE_CAPTURE_PER_KEY: NO_LIMIT },
  });
  const killChild = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  process.on("exit", killChild);
  const listening = await new Promise<Extract<FromServer, { type: "listening" }>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited before listening (code ${code})`)));
    child.on("message", (m: FromServer) => {
      if (m.type === "listening") resolve(m);
    });
  });
  const base = `http://${HOST}:${listening.port}`;
  log(
    `server (pid ${child.pid}) at ${base}: journal_mode ${listening.pragmas.journal_mode}, ` +
      `synchronous ${listening.pragmas.synchronous} (2 = FULL)`,
  );
  if (listening.pragmas.synchronous !== 2) fail("the server's store is not synchronous = FULL");

  const common = { url: base, connections: opts.connections, pipelining: 1, timeout: 10 };

  // (a) health
  {
    const res = await fetch(`${base}/api/v1/health`);
    const body = await res.text();
    if (res.status !== 200 || body !== '{"status":"ok"}') fail(`GET /api/v1/health: ${res.status} ${body}`);
  }
  const healthOptions: autocannon.Options = { ...common, url: `${base}/api/v1/health`, method: "GET" };
  const health = await measure(child, "health", healthOptions, healthOptions);

  // (c) the list, before any capture: over exactly the seeded leads.
  const paths = await checkListPages(base, readKey, path);
  log(`list: ${paths.length} pages checked against SQL`);
  const listOptions: autocannon.Options = {
    ...common,
    headers: { authorization: `Bearer ${readKey}` },
    requests: paths.map((p) => ({ method: "GET", path: p })),
  };
  const list = await measure(child, "list", listOptions, listOptions);

  // (b) capture. One counter for every capture, so no e-mail or phone is ever used twice.
  let next = 0;
  {
    // A capture, then the same person again: 202 both times, one lead (dedupe), 4 facts + 4 more.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/api/v1/capture`, {
        method: "POST",
        headers: { authorization: `Bearer ${captureKey}`, "content-type": "application/json" },
        body: captureBody(next, PROBE_DOMAIN),
      });
      const body = await res.text();
      if (res.status !== 202) fail(`POST /api/v1/capture: ${res.status} ${body}`);
    }
    const probed = capturedLeads(path, PROBE_DOMAIN);
    const rows = capturedRows(path, PROBE_DOMAIN);
    if (probed.size !== 1 || probed.get(next) !== captureGrade(next) || rows.fact_events !== 8)
      fail(`a capture and its repeat gave ${probed.size} lead(s), ${rows.fact_events} fact events`);
    next++;
  }
  const captureOptions = (domain: string, answered?: number[]): autocannon.Options => ({
    ...common,
    url: `${base}/api/v1/capture`,
    method: "POST",
    headers: { authorization: `Bearer ${captureKey}`, "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req, context) => {
          const n = next++;
          (context as { n?: number }).n = n;
          return { ...req, body: captureBody(n, domain) };
        },
        ...(answered
          ? {
              onResponse: (status: number, _body: string, context: object) => {
                if (status >= 200 && status < 300) answered.push((context as { n: number }).n);
              },
            }
          : {}),
      },
    ],
  });
  const answered: number[] = [];
  let leadsBefore = 0;
  let firstMeasured = 0;
  const capture = await measure(
    child,
    "capture",
    captureOptions(CAPTURE_DOMAIN, answered),
    captureOptions(WARMUP_DOMAIN),
    async () => {
      // The warm-up's last requests may still be committing: count the leads once they are done.
      leadsBefore = await settle(path);
      firstMeasured = next;
    },
  );
  const sentEnd = next;

  // Verification of the capture run.
  t = performance.now();
  const leadsAfter = await settle(path);
  const created = capturedLeads(path, CAPTURE_DOMAIN);
  if (answered.length !== capture.ok_2xx)
    fail(`autocannon counted ${capture.ok_2xx} 2xx, the response hook ${answered.length}`);
  for (const n of answered) {
    if (!created.has(n)) fail(`capture ${n} was answered 2xx but is not in the database`);
    if (created.get(n) !== captureGrade(n))
      fail(`capture ${n} is graded ${created.get(n)}, expected ${captureGrade(n)}`);
  }
  for (const [n, grade] of created) {
    if (n < firstMeasured || n >= sentEnd) fail(`lead c${n}@${CAPTURE_DOMAIN} was never sent in the run`);
    if (grade !== captureGrade(n)) fail(`capture ${n} is graded ${grade}, expected ${captureGrade(n)}`);
  }
  // Unanswered but stored: requests in flight at the stop (one per connection at most), and
  // requests autocannon gave up on (timeouts, counted in errors) that the server still finished.
  const inFlight = created.size - answered.length;
  if (inFlight < 0 || inFlight > opts.connections + capture.errors)
    fail(
      `${created.size} leads for ${answered.length} 2xx answers: more than the ${opts.connections} ` +
        `connections in flight and ${capture.errors} requests given up`,
    );
  if (leadsAfter - leadsBefore !== created.size)
    fail(`${leadsAfter - leadsBefore} new leads during the run, ${created.size} of them from it`);
  const rows = capturedRows(path, CAPTURE_DOMAIN);
  const m = created.size;
  const want = {
    fact_events: 4 * m,
    lead_facts: 4 * m,
    grade_events: m,
    lead_events: m,
    outbox: m === 0 ? {} : { "lead.captured": m, "lead.graded": m },
  };
  if (JSON.stringify(rows) !== JSON.stringify(want))
    fail(`rows written by ${m} captures: ${JSON.stringify(rows)}, expected ${JSON.stringify(want)}`);
  const capturedGrades: Record<string, number> = {};
  for (const g of created.values()) capturedGrades[g ?? "none"] = (capturedGrades[g ?? "none"] ?? 0) + 1;
  log(
    `capture: verified ${m} leads (${answered.length} answered 2xx + ${inFlight} unanswered: in flight at the stop or timed out), ` +
      `${rows.fact_events} fact events, outbox ${JSON.stringify(rows.outbox)} in ${round1((performance.now() - t) / 1000)} s`,
  );

  await ask(child, { type: "stop" }, "stopped");
  const loadAfter = loadavg().map(round3);
  log(`load average after: ${loadAfter.join(" ")}`);

  const captureMet =
    capture.rps >= TARGET_CAPTURE_RPS &&
    capture.p99_ms <= TARGET_CAPTURE_P99_MS &&
    capture.errors === 0 &&
    capture.non2xx === 0;
  const listMet = list.rps >= TARGET_LIST_RPS && list.errors === 0 && list.non2xx === 0;
  const report = {
    bench: "http",
    node: process.version,
    sqlite: readDb(path, (db) => db.prepare("select sqlite_version()").pluck().get() as string),
    cores: cpus().length,
    load_avg_before: loadBefore,
    load_avg_after: loadAfter,
    layout: "server in a child process (buildServer, logger off, no job loop), autocannon in the parent",
    connections: opts.connections,
    duration_s: opts.duration,
    warmup_s: opts.warmup,
    leads: opts.leads,
    seed_seconds: seedSeconds,
    seeded_grades: seededGrades,
    store: { journal_mode: listening.pragmas.journal_mode, synchronous: "FULL" },
    raw_commit_probe: probe,
    health,
    capture: {
      ...capture,
      verified: {
        leads: m,
        answered_2xx: answered.length,
        unanswered_but_stored: inFlight,
        grades: capturedGrades,
        fact_events: rows.fact_events,
        outbox: rows.outbox,
      },
    },
    list: { ...list, pages: LIST_CASES.length, page_size: PAGE },
    targets: {
      capture_rps_min: TARGET_CAPTURE_RPS,
      capture_p99_max_ms: TARGET_CAPTURE_P99_MS,
      list_rps_min: TARGET_LIST_RPS,
      capture_met: captureMet,
      list_met: listMet,
      met: captureMet && listMet,
    },
    seconds: round1((performance.now() - startedAt) / 1000),
  };
  if (opts.keep) log(`kept the database: ${path}`);
  else rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(report)}\n`);
  log(
    `capture ${capture.rps} req/s p99 ${capture.p99_ms} ms, list ${list.rps} req/s: targets ${
      captureMet && listMet ? "met" : "NOT met"
    } (capture ${captureMet ? "met" : "not met"}, list ${listMet ? "met" : "not met"})`,
  );
}
