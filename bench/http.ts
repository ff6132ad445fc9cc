/**
 * `npm run bench:http`: the HTTP API under load, and ONE JSON line on stdout (progress and
 * diagnostics on stderr). autocannon, 50 connections on 127.0.0.1, in interleaved rounds (default
 * 3 rounds of 5 s per endpoint, after an unreported 2 s warm-up per endpoint), compared side by
 * side in the same run:
 *
 * (a) `GET /api/v1/health` (no database, no auth) against (c) `GET /api/v1/leads?…&limit=50` with a
 *     read-scoped key over 100,000 seeded leads, five filter combinations rotated. Target: list
 *     ≥ 0.5× health and ≥ 2,000 req/s.
 * (b) `POST /api/v1/capture` with a capture-scoped key, a new person per request, four answers,
 *     against the BASELINE: a minimal Fastify route (its own process) doing the same zod
 *     validation of the same body and one INSERT into a one-table database, through the same
 *     `inTransaction` (so on SQLite the same group commit and statement cache). Target: capture
 *     ≥ 0.5× baseline, ≥ 8,000 req/s and p99 ≤ 20 ms, no errors.
 *
 * Engines: a fresh SQLite file in a temporary folder (WAL, synchronous FULL, as `openStore` opens
 * it), or with `--db postgres://…` a fresh schema on that server (the baseline in a second fresh
 * schema); `--servers 2` (PostgreSQL only) runs two `truce serve` processes on different ports
 * sharing the database, and two baseline processes, the connections split evenly across them.
 *
 * Process layout: the machine has 2 cores, so every server runs in a CHILD process (this file
 * again, with `--serve <json>`), built like `truce serve` builds it (`openStore`, `buildServer`,
 * logger off, and the background job loop started as `truce serve` starts it: with `--servers 2`
 * both processes claim jobs from the same jobs table; `--no-jobs` leaves it out), and
 * autocannon runs here, in the parent. The children report their CPU time and event-loop
 * utilisation per round.
 *
 * Levers, for measuring what each gives: `--statement-cache N` (0 = prepare every query anew) and
 * `--group-commit off|N` (N = most units per group) apply to the SQLite stores of both servers.
 *
 * Set-up (not measured): `ensureSetUp` with variant A, a capture key and a read key, 100,000 leads
 * bulk-inserted with their current facts, grades and capture events (src/store/bench-seed.ts; on
 * PostgreSQL the seeded rows are copied from a SQLite seed file), and a raw probe of durable
 * single-row commits on the disk (SQLite).
 *
 * Nothing is reported unless checked: before the runs, each list page must be exactly the 50 ids
 * the same filters give in SQL; after the capture rounds, every 2xx-answered capture must be a lead
 * with the expected grade, every captured lead one the benchmark sent, the leads beyond the 2xx
 * count at most the requests in flight when a round stopped or timed out, and each lead must have
 * one `captured` event carrying 4 observations and its grade change, 4 current facts and its two
 * outbox rows; the baseline table must hold every 2xx-answered baseline request. A failed check
 * exits with code 1 and nothing on stdout.
 *
 * Options: --duration S (per round, 5), --rounds N (3), --warmup S (2), --connections N (50),
 * --leads N (100,000), --db postgres://…, --servers N (1; 2 = two processes, PostgreSQL only),
 * --statement-cache N, --group-commit off|N, --no-jobs (no job loop in the app's processes),
 * --profile DIR (a CPU profile of each app server over the capture rounds, written to DIR), --keep
 * (keep the database; its path on stderr).
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import SqliteDatabase from "better-sqlite3";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import pg from "pg";
import { hashToken } from "../src/app/auth/secrets.js";
import type { AppDeps } from "../src/app/deps.js";
import { GraderCache } from "../src/app/grading.js";
import {
  ACTIVATION_JOB,
  activationHandler,
  jobOwnerName,
  resumeActivationAtStart,
} from "../src/app/jobs/activation.js";
import { ensureRegradeJob, REGRADE_DUE, regradeDueHandler } from "../src/app/jobs/regrade-due.js";
import { type JobLoop, startJobLoop } from "../src/app/jobs/runner.js";
import { ensureSetUp } from "../src/app/setup.js";
import { inTransaction } from "../src/app/transaction.js";
import { ensureWebhooksJob, WEBHOOKS, webhooksHandler } from "../src/app/webhooks/job.js";
import { captureBodySchema } from "../src/contracts/api-capture.js";
import { formatDay } from "../src/core/index.js";
import { buildServer } from "../src/http/server.js";
import { insertApiKey } from "../src/store/api-keys.js";
import { seedLeadsForBench } from "../src/store/bench-seed.js";
import { type DatabaseConfig, openStore, type Store } from "../src/store/connect.js";
import { CHANNELS, mulberry32, NOW, seedLead, today } from "./seed.js";

// ---------------------------------------------------------------------------------------------
// Parameters

const HOST = "127.0.0.1";
const SEED = 0x4177e;
const TARGET_CAPTURE_RPS = 8_000;
const TARGET_CAPTURE_P99_MS = 20;
const TARGET_CAPTURE_VS_BASELINE = 0.5;
const TARGET_LIST_RPS = 2_000;
const TARGET_LIST_VS_HEALTH = 0.5;
const PAGE = 50;
/** Per-minute capture limits for the server: far above anything a run can reach. */
const NO_LIMIT = "100000000";
const CAPTURE_DOMAIN = "capture.bench.example";
const WARMUP_DOMAIN = "warmup.bench.example";
const PROBE_DOMAIN = "probe.bench.example";
const BASELINE_DOMAIN = "baseline.bench.example";
const SERVE_FLAG = "--serve";
/** The baseline's one table. */
const BASELINE_TABLE = "bench_captures";

function log(msg: string): void {
  process.stderr.write(`bench:http: ${msg}\n`);
}

/** The run's temporary folder: removed after a good run, kept (and named) after a failed one. */
let workDir: string | undefined;
/** PostgreSQL: the run's schemas, kept (and named) after a failed run like the SQLite file. */
let pgSchemas: string | undefined;

function fail(msg: string): never {
  process.stderr.write(`bench:http: FAILED: ${msg}\n`);
  if (workDir) process.stderr.write(`bench:http: the database is kept in ${workDir}\n`);
  if (pgSchemas) process.stderr.write(`bench:http: the PostgreSQL schemas are kept: ${pgSchemas}\n`);
  process.exit(1);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// ---------------------------------------------------------------------------------------------
// Messages between the parent (load) and the children (servers)

/** What a child serves: the app (`truce`) or the baseline route, over which database. */
interface ServeConfig {
  readonly role: "truce" | "baseline";
  readonly db: DatabaseConfig;
  readonly now: number;
  /** The app: run the background job loop as `truce serve` does (activation, time regrade, webhooks). */
  readonly jobs: boolean;
}

type ToServer =
  | { readonly type: "mark" }
  | { readonly type: "usage" }
  | { readonly type: "stop" }
  /** `--profile DIR`: the CPU profiler (node:inspector) started, or stopped and written to `file`. */
  | { readonly type: "profile"; readonly file?: string };

interface Usage {
  /** Server process CPU time (user + system) over wall time since the mark, in %. 100 = one core. */
  readonly cpu_pct: number;
  /** The same CPU time per request answered: less sensitive than req/s to other load on the machine. */
  readonly cpu_ms_per_req: number;
  /** Event-loop utilisation since the mark (0–1): near 1, the loop (JS and synchronous SQLite) is saturated. */
  readonly elu: number;
  readonly rss_mb: number;
}

interface StoreStats {
  /** Group commit: mean units per group since the mark (SQLite). */
  readonly units_per_group?: number | undefined;
  /** Statement cache: share of prepares answered from the cache since the mark (SQLite). */
  readonly statement_hit_rate?: number | undefined;
}

type FromServer =
  | {
      readonly type: "listening";
      readonly port: number;
      readonly pragmas: { readonly journal_mode: string; readonly synchronous: number } | null;
    }
  | { readonly type: "marked" }
  | {
      readonly type: "usage";
      readonly cpu_ms: number;
      readonly cpu_pct: number;
      readonly elu: number;
      readonly rss_mb: number;
      readonly store: StoreStats;
      /** Job runs since the mark, by kind (the job loop; none when it is off or on the baseline). */
      readonly jobs: Record<string, number>;
    }
  | { readonly type: "profiled" }
  | { readonly type: "stopped" };

// ---------------------------------------------------------------------------------------------
// The servers (child processes)

/** `bench/http.js --serve <json>`: the API as `truce serve` builds it (with its job loop), or the baseline. */
async function serve(config: ServeConfig): Promise<void> {
  const send = (m: FromServer): void => {
    process.send?.(m);
  };
  const store = await openStore(config.db, { migrate: config.role === "truce" });
  const startedAt = Date.now();
  const deps: AppDeps = {
    store,
    clock: () => config.now + (Date.now() - startedAt),
    newId: randomUUID,
    graders: new GraderCache(),
  };
  const app =
    config.role === "truce" ? await buildServer(deps, { logger: false }) : await baselineServer(deps);
  // The job loop as `truce serve` starts it: on PostgreSQL with --servers 2, both processes claim
  // from the same jobs table (each job run by one of them at a time).
  let jobRuns: Record<string, number> = {};
  let jobs: JobLoop | undefined;
  if (config.role === "truce" && config.jobs) {
    await resumeActivationAtStart(deps);
    await ensureRegradeJob(deps);
    await ensureWebhooksJob(deps);
    jobs = startJobLoop(deps, {
      owner: jobOwnerName(randomBytes(4).toString("hex")),
      handlers: {
        [ACTIVATION_JOB]: activationHandler(),
        [REGRADE_DUE]: regradeDueHandler(),
        [WEBHOOKS]: webhooksHandler({ allowPrivateTargets: false }),
      },
      onRuns: (runs) => {
        for (const r of runs) jobRuns[r.kind] = (jobRuns[r.kind] ?? 0) + 1;
      },
      onError: (e) => process.stderr.write(`bench:http: a job round failed: ${String(e)}\n`),
    });
  }
  await app.listen({ host: HOST, port: 0 });
  let pragmas: { journal_mode: string; synchronous: number } | null = null;
  if (store.dialect === "sqlite") {
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
    pragmas = {
      journal_mode: journal.rows[0]?.journal_mode ?? "?",
      synchronous: sync.rows[0]?.synchronous ?? -1,
    };
  }
  const storeCounters = () => ({
    groups: store.groupCommit?.stats().groups ?? 0,
    units: store.groupCommit?.stats().units ?? 0,
    hits: store.sqlite?.stats().hits ?? 0,
    misses: store.sqlite?.stats().misses ?? 0,
  });
  let cpu = process.cpuUsage();
  let elu = performance.eventLoopUtilization();
  let wall = performance.now();
  let counters = storeCounters();
  let profiler: Session | undefined;
  process.on("message", (m: ToServer) => {
    if (m.type === "profile") {
      void (async () => {
        if (!m.file) {
          profiler = new Session();
          profiler.connect();
          await profiler.post("Profiler.enable");
          await profiler.post("Profiler.start");
        } else if (profiler) {
          const { profile } = await profiler.post("Profiler.stop");
          writeFileSync(m.file, JSON.stringify(profile));
          profiler.disconnect();
          profiler = undefined;
        }
        send({ type: "profiled" });
      })();
      return;
    }
    if (m.type === "mark") {
      cpu = process.cpuUsage();
      elu = performance.eventLoopUtilization();
      wall = performance.now();
      counters = storeCounters();
      jobRuns = {};
      send({ type: "marked" });
    } else if (m.type === "usage") {
      const c = process.cpuUsage(cpu);
      const ms = performance.now() - wall;
      const now = storeCounters();
      const groups = now.groups - counters.groups;
      const prepares = now.hits - counters.hits + now.misses - counters.misses;
      send({
        type: "usage",
        cpu_ms: (c.user + c.system) / 1000,
        cpu_pct: round1(((c.user + c.system) / 1000 / ms) * 100),
        elu: round3(performance.eventLoopUtilization(elu).utilization),
        rss_mb: Math.round(process.memoryUsage().rss / 1048576),
        store: {
          units_per_group:
            store.groupCommit && groups > 0 ? round1((now.units - counters.units) / groups) : undefined,
          statement_hit_rate: prepares > 0 ? round3((now.hits - counters.hits) / prepares) : undefined,
        },
        jobs: jobRuns,
      });
    } else if (m.type === "stop") {
      void (async () => {
        await app.close();
        await jobs?.stop();
        await store.close();
        process.send?.({ type: "stopped" } satisfies FromServer, () => process.exit(0));
      })();
    }
  });
  // The parent is gone (killed, or failed a check): no orphaned server.
  process.on("disconnect", () => process.exit(0));
  send({ type: "listening", port: (app.server.address() as AddressInfo).port, pragmas });
}

/**
 * The baseline: a minimal Fastify route with the capture's own zod validation of the same body,
 * and ONE durable insert into a one-table database through the same `inTransaction` (on SQLite:
 * the same group commit and statement cache as the app's store). No auth, no rate limits.
 */
async function baselineServer(deps: AppDeps) {
  await sql`create table if not exists ${sql.table(BASELINE_TABLE)} (
      id text primary key, email text, body text not null, created_at bigint not null)`.execute(
    deps.store.db,
  );
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app
    .withTypeProvider<ZodTypeProvider>()
    .post("/api/v1/capture", { schema: { body: captureBodySchema } }, async (req, reply) => {
      const body = req.body;
      const row = {
        id: randomUUID(),
        email: body.email ?? null,
        body: JSON.stringify(body),
        at: deps.clock(),
      };
      await inTransaction(deps, (trx) =>
        sql`insert into ${sql.table(BASELINE_TABLE)} (id, email, body, created_at)
            values (${row.id}, ${row.email}, ${row.body}, ${row.at})`.execute(trx),
      );
      return reply.status(202).send({ status: "accepted" });
    });
  return app;
}

/** Sends a message to a server and waits for its answer of the given type. */
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

interface Server {
  readonly child: ChildProcess;
  readonly base: string;
  readonly pragmas: Extract<FromServer, { type: "listening" }>["pragmas"];
}

async function startServer(config: ServeConfig): Promise<Server> {
  const child = fork(fileURLToPath(import.meta.url), [SERVE_FLAG, JSON.stringify(config)], {
    stdio: ["ignore", 2, 2, "ipc"],
    env: { ...process.env, TRUCE_CAPTURE_PER_IP: NO_LIMIT, TRUCE_CAPTURE_PER_KEY: NO_LIMIT },
  });
  process.on("exit", () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  const listening = await new Promise<Extract<FromServer, { type: "listening" }>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited before listening (code ${code})`)));
    child.on("message", (m: FromServer) => {
      if (m.type === "listening") resolve(m);
    });
  });
  const base = `http://${HOST}:${listening.port}`;
  log(
    `${config.role} server (pid ${child.pid}) at ${base}${listening.pragmas ? `: ${JSON.stringify(listening.pragmas)} (2 = FULL)` : ""}`,
  );
  if (listening.pragmas && listening.pragmas.synchronous !== 2)
    fail("a server's store is not synchronous = FULL");
  return { child, base, pragmas: listening.pragmas };
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
  readonly server: Usage &
    StoreStats & {
      /** Background job runs during the round, per server process, by kind (the shared jobs table). */
      readonly job_runs: readonly Record<string, number>[];
    };
}

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/**
 * One round against every server of a kind at once, the connections split evenly across them:
 * rates and counts add up; latencies are the worst server's (p50, p99, max) and the mean of means.
 */
async function round(
  servers: readonly Server[],
  name: string,
  options: (base: string, connections: number) => autocannon.Options,
): Promise<Run> {
  await Promise.all(servers.map((s) => ask(s.child, { type: "mark" }, "marked")));
  const per = Math.max(1, Math.floor(opts.connections / servers.length));
  const results = await Promise.all(
    servers.map((s) => cannon({ ...options(s.base, per), duration: opts.duration })),
  );
  const usage = await Promise.all(servers.map((s) => ask(s.child, { type: "usage" }, "usage")));
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
  const max = (f: (r: autocannon.Result) => number) => Math.max(...results.map(f));
  const ok = sum((r) => r["2xx"]);
  if (ok === 0)
    fail(`${name}: not one 2xx answer (${JSON.stringify(results.map((r) => r.statusCodeStats))})`);
  const status: Record<string, number> = {};
  for (const r of results)
    for (const [code, s] of Object.entries(r.statusCodeStats ?? {}))
      status[code] = (status[code] ?? 0) + (s.count ?? 0);
  const requests = sum((r) => r.requests.total);
  const cpuMs = usage.reduce((a, u) => a + u.cpu_ms, 0);
  const run: Run = {
    rps: Math.round(sum((r) => r.requests.mean)),
    p50_ms: max((r) => r.latency.p50),
    p99_ms: max((r) => r.latency.p99),
    mean_ms: round3(sum((r) => r.latency.mean) / results.length),
    max_ms: max((r) => r.latency.max),
    requests,
    ok_2xx: ok,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    status,
    server: {
      cpu_pct: round1(usage.reduce((a, u) => a + u.cpu_pct, 0)),
      cpu_ms_per_req: round3(cpuMs / Math.max(1, requests)),
      elu: Math.max(...usage.map((u) => u.elu)),
      rss_mb: Math.max(...usage.map((u) => u.rss_mb)),
      units_per_group: usage[0]?.store.units_per_group,
      statement_hit_rate: usage[0]?.store.statement_hit_rate,
      job_runs: usage.map((u) => u.jobs),
    },
  };
  log(
    `${name}: ${run.rps} req/s, p50 ${run.p50_ms} ms, p99 ${run.p99_ms} ms, ${run.ok_2xx} 2xx, ` +
      `${run.non2xx} non-2xx, ${run.errors} errors; server CPU ${run.server.cpu_pct} % ` +
      `(${run.server.cpu_ms_per_req} ms/request), ELU ${run.server.elu}` +
      (run.server.units_per_group ? `, ${run.server.units_per_group} units/group` : ""),
  );
  return run;
}

interface Contender {
  readonly name: string;
  readonly servers: readonly Server[];
  readonly options: (base: string, connections: number) => autocannon.Options;
  readonly warmup: (base: string, connections: number) => autocannon.Options;
  /** Before its first measured round (after the warm-up). */
  readonly before?: () => Promise<void>;
}

/** The medians over rounds, and each round's rate, p99 and CPU per request. */
interface Summary extends Omit<Run, "status" | "server"> {
  readonly status: Record<string, number>;
  readonly server: Run["server"];
  readonly rounds: readonly {
    readonly rps: number;
    readonly p99_ms: number;
    readonly cpu_ms_per_req: number;
  }[];
}

function summarise(runs: readonly Run[]): Summary {
  const med = (f: (r: Run) => number) => median(runs.map(f));
  const total = (f: (r: Run) => number) => runs.reduce((a, r) => a + f(r), 0);
  const status: Record<string, number> = {};
  for (const r of runs)
    for (const [code, n] of Object.entries(r.status)) status[code] = (status[code] ?? 0) + n;
  const mid = [...runs].sort((a, b) => a.rps - b.rps)[runs.length >> 1] as Run;
  return {
    rps: Math.round(med((r) => r.rps)),
    p50_ms: med((r) => r.p50_ms),
    p99_ms: med((r) => r.p99_ms),
    mean_ms: round3(med((r) => r.mean_ms)),
    max_ms: Math.max(...runs.map((r) => r.max_ms)),
    requests: total((r) => r.requests),
    ok_2xx: total((r) => r.ok_2xx),
    non2xx: total((r) => r.non2xx),
    errors: total((r) => r.errors),
    timeouts: total((r) => r.timeouts),
    status,
    server: {
      ...mid.server,
      cpu_ms_per_req: round3(med((r) => r.server.cpu_ms_per_req)),
      // Over all rounds, per server process.
      job_runs: mid.server.job_runs.map((_, i) => {
        const byKind: Record<string, number> = {};
        for (const r of runs)
          for (const [kind, n] of Object.entries(r.server.job_runs[i] ?? {}))
            byKind[kind] = (byKind[kind] ?? 0) + n;
        return byKind;
      }),
    },
    rounds: runs.map((r) => ({ rps: r.rps, p99_ms: r.p99_ms, cpu_ms_per_req: r.server.cpu_ms_per_req })),
  };
}

/**
 * Two contenders in interleaved rounds (A B, B A, A B, …), so drift of the machine's other load
 * hits both alike; each warmed up (unreported) before its first round.
 */
async function sideBySide(a: Contender, b: Contender): Promise<[Summary, Summary]> {
  const runs: [Run[], Run[]] = [[], []];
  const started = [false, false];
  for (let i = 0; i < opts.rounds; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const c = k === 0 ? a : b;
      if (!started[k]) {
        started[k] = true;
        if (opts.warmup > 0) {
          log(`${c.name}: warm-up ${opts.warmup} s`);
          const per = Math.max(1, Math.floor(opts.connections / c.servers.length));
          await Promise.all(
            c.servers.map((s) => cannon({ ...c.warmup(s.base, per), duration: opts.warmup })),
          );
        }
        await c.before?.();
      }
      log(`${c.name}: round ${i + 1}/${opts.rounds}, ${opts.connections} connections, ${opts.duration} s`);
      (k === 0 ? runs[0] : runs[1]).push(await round(c.servers, c.name, c.options));
    }
  }
  return [summarise(runs[0]), summarise(runs[1])];
}

// ---------------------------------------------------------------------------------------------
// Checks against the database (a connection of our own; the servers' stay open)

interface Reader {
  /** Rows as arrays; `?` placeholders. */
  rows(text: string, ...params: unknown[]): Promise<unknown[][]>;
  readonly dialect: "sqlite" | "postgres";
  close(): Promise<void>;
}

function sqliteReader(path: string): Reader {
  return {
    dialect: "sqlite",
    rows: async (text, ...params) => {
      const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
      try {
        return db
          .prepare(text)
          .raw(true)
          .all(...params) as unknown[][];
      } finally {
        db.close();
      }
    },
    close: async () => {},
  };
}

async function postgresReader(url: string, schema: string): Promise<Reader> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  return {
    dialect: "postgres",
    rows: async (text, ...params) => {
      let n = 0;
      const r = await client.query({
        text: text.replace(/\?/g, () => `$${++n}`),
        values: params,
        rowMode: "array",
      });
      return r.rows as unknown[][];
    },
    close: () => client.end(),
  };
}

const one = async (db: Reader, text: string, ...params: unknown[]): Promise<number> =>
  Number((await db.rows(text, ...params))[0]?.[0] ?? 0);

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
async function checkListPages(base: string, readKey: string, db: Reader): Promise<string[]> {
  const paths: string[] = [];
  for (const c of LIST_CASES) {
    const where = Object.keys(c.filters)
      .map((k) => `${k} = ?`)
      .join(" and ");
    const expected = (
      await db.rows(
        `select id from leads where ${where} order by created_at desc, id desc limit ? offset ?`,
        ...Object.values(c.filters),
        PAGE,
        c.page * PAGE,
      )
    ).map((r) => r[0] as string);
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
async function capturedLeads(db: Reader, domain: string): Promise<Map<number, string | null>> {
  const rows = (await db.rows("select email, grade from leads where email like ?", `%@${domain}`)) as [
    string,
    string | null,
  ][];
  const out = new Map<number, string | null>();
  for (const [email, grade] of rows) out.set(Number(email.slice(1, email.indexOf("@"))), grade);
  return out;
}

/** What the captures at `domain` wrote: events, observations in them, current facts, outbox rows. */
async function capturedRows(db: Reader, domain: string) {
  const mine = "select id from leads where email like ?";
  const p = `%@${domain}`;
  const observations =
    db.dialect === "sqlite"
      ? "json_array_length(data, '$.observations')"
      : "json_array_length((data::json) -> 'observations')";
  const facts = db.dialect === "sqlite" ? "json_array_length(facts)" : "json_array_length(facts::json)";
  const outbox = (await db.rows(
    `select event, count(*) from outbox where lead_id in (${mine}) group by event order by event`,
    p,
  )) as [string, number | string][];
  return {
    lead_events: await one(db, `select count(*) from lead_events where lead_id in (${mine})`, p),
    captured_events: await one(
      db,
      `select count(*) from lead_events where type = 'captured' and lead_id in (${mine})`,
      p,
    ),
    observations: await one(
      db,
      `select coalesce(sum(${observations}), 0) from lead_events where lead_id in (${mine})`,
      p,
    ),
    grade_changes: await one(
      db,
      `select count(*) from lead_events where version is not null and lead_id in (${mine})`,
      p,
    ),
    current_facts: await one(db, `select coalesce(sum(${facts}), 0) from leads where email like ?`, p),
    outbox: Object.fromEntries(outbox.map(([e, n]) => [e, Number(n)])),
  };
}

/** Waits until the number of rows `count` gives stops changing: requests in flight finish. */
async function settle(count: () => Promise<number>): Promise<number> {
  let last = await count();
  for (let stable = 0; stable < 3; ) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await count();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL set-up

async function pgAdmin<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/**
 * Copies the seeded rows of `tables` from the SQLite seed file into the PostgreSQL schema (empty
 * tables of the same shape), 5,000 rows per statement, and moves the id sequences past them.
 */
async function copySeedToPostgres(
  sqlitePath: string,
  url: string,
  schema: string,
  tables: readonly string[],
) {
  const src = new SqliteDatabase(sqlitePath, { readonly: true, fileMustExist: true });
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    await c.query("begin");
    for (const table of tables) {
      const cols = (
        src.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]
      ).join(", ");
      const rows = src.prepare(`select ${cols} from ${table}`).iterate() as IterableIterator<
        Record<string, unknown>
      >;
      let chunk: Record<string, unknown>[] = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        await c.query(
          `insert into ${table} (${cols}) select ${cols} from json_populate_recordset(null::${table}, $1)`,
          [JSON.stringify(chunk)],
        );
        chunk = [];
      };
      for (const row of rows) {
        chunk.push(row);
        if (chunk.length === 5000) await flush();
      }
      await flush();
      const seq = (await c.query("select pg_get_serial_sequence($1, 'id') as s", [table])).rows[0]?.s;
      if (seq)
        await c.query(`select setval($1, (select coalesce(max(id), 0) + 1 from ${table}), false)`, [seq]);
    }
    await c.query("commit");
  } finally {
    src.close();
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv: readonly string[]) {
  const o = {
    duration: 5,
    rounds: 3,
    warmup: 2,
    connections: 50,
    leads: 100_000,
    keep: false,
    profile: undefined as string | undefined,
    db: undefined as string | undefined,
    servers: 1,
    jobs: true,
    statementCache: undefined as number | undefined,
    groupCommit: undefined as number | false | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (min: number): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min) fail(`${a} needs a whole number ≥ ${min}`);
      return n;
    };
    if (a === "--duration") o.duration = value(1);
    else if (a === "--rounds") o.rounds = value(1);
    else if (a === "--warmup") o.warmup = value(0);
    else if (a === "--connections") o.connections = value(1);
    else if (a === "--leads") o.leads = value(1000);
    else if (a === "--servers") o.servers = value(1);
    else if (a === "--statement-cache") o.statementCache = value(0);
    else if (a === "--group-commit" && argv[i + 1] === "off") {
      o.groupCommit = false;
      i++;
    } else if (a === "--group-commit") o.groupCommit = value(1);
    else if (a === "--db") {
      o.db = argv[++i];
      if (!o.db || !/^postgres(ql)?:\/\//.test(o.db)) fail("--db needs a postgres:// URL");
    } else if (a === "--keep") o.keep = true;
    else if (a === "--no-jobs") o.jobs = false;
    else if (a === "--profile") o.profile = argv[++i] ?? fail("--profile needs a folder");
    else
      fail(
        `unknown option ${a} (known: --duration S, --rounds N, --warmup S, --connections N, --leads N, --db URL, ` +
          "--servers N, --statement-cache N, --group-commit off|N, --no-jobs, --profile DIR, --keep)",
      );
  }
  if (o.servers > 1 && !o.db) fail("--servers > 1 needs --db postgres://… (SQLite is one process's file)");
  return o;
}

// ---------------------------------------------------------------------------------------------
// Main

const serving = process.argv[2] === SERVE_FLAG;
const opts = parseArgs(serving ? [] : process.argv.slice(2));
if (serving) {
  await serve(JSON.parse(process.argv[3] ?? fail("--serve needs a configuration")) as ServeConfig);
} else {
  // Anything thrown (not a failed check) still names what it keeps, and exits 1 with no JSON line.
  await main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map(round3);
  log(`load average before: ${loadBefore.join(" ")} (${cpus().length} cores)`);
  const startedAt = performance.now();
  const variantA = readFileSync(new URL("../../definitions/variant-a.yaml", import.meta.url), "utf8");
  const dir = mkdtempSync(join(tmpdir(), "truce-bench-http-"));
  workDir = dir;
  const seedPath = join(dir, "truce.db");
  const engine = opts.db ? "postgres" : "sqlite";
  const schema = `bench_http_${randomBytes(4).toString("hex")}`;
  const sqliteLevers = {
    statementCache: opts.statementCache,
    groupCommit:
      opts.groupCommit === false
        ? (false as const)
        : opts.groupCommit
          ? { maxUnits: opts.groupCommit }
          : undefined,
  };
  const appDb: DatabaseConfig = opts.db
    ? { kind: "postgres", url: opts.db, schema }
    : { kind: "sqlite", path: seedPath, ...sqliteLevers };
  const baselineDb: DatabaseConfig = opts.db
    ? { kind: "postgres", url: opts.db, schema: `${schema}_base` }
    : { kind: "sqlite", path: join(dir, "baseline.db"), ...sqliteLevers };
  if (opts.db) {
    const url = opts.db;
    await pgAdmin(url, async (c) => {
      await c.query(`create schema ${schema}`);
      await c.query(`create schema ${schema}_base`);
    });
    pgSchemas = `${schema}, ${schema}_base`;
  }

  // Set-up: definition, keys, 100,000 leads. Not measured. On PostgreSQL the same set-up runs
  // there too, and the seeded leads and their events are copied from the SQLite seed file.
  const seedStore = await openStore({ kind: "sqlite", path: seedPath });
  const seedDeps: AppDeps = {
    store: seedStore,
    clock: () => NOW,
    newId: randomUUID,
    graders: new GraderCache(),
  };
  let setup = await ensureSetUp(seedDeps, { adminEmail: "admin@bench.example", definitionText: variantA });
  const target: Store = opts.db ? await openStore(appDb) : seedStore;
  if (opts.db)
    setup = await ensureSetUp(
      { ...seedDeps, store: target },
      { adminEmail: "admin@bench.example", definitionText: variantA },
    );
  const adminId = setup.createdAdmin?.id ?? fail("no administrator was created");
  const newKey = async (name: string, scope: "capture" | "read"): Promise<string> => {
    const prefix = `truce_${randomBytes(4).toString("hex")}`;
    const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
    await insertApiKey(target.db, {
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
  const v1 = seedDeps.graders.get(1, variantA);
  await seedStore.close();
  if (target !== seedStore) await target.close();

  log(
    `seeding ${opts.leads} leads into ${opts.db ? `${seedPath}, then PostgreSQL schema ${schema}` : seedPath}`,
  );
  let t = performance.now();
  const rand = mulberry32(SEED);
  const seeded = seedLeadsForBench(seedPath, opts.leads, (i) => seedLead(i, opts.leads, rand, v1));
  if (opts.db) {
    await copySeedToPostgres(seedPath, opts.db, schema, ["leads", "lead_events"]);
    await pgAdmin(opts.db, (c) => c.query(`analyze ${schema}.leads; analyze ${schema}.lead_events`));
  }
  const seedSeconds = round1((performance.now() - t) / 1000);
  const db = opts.db ? await postgresReader(opts.db, schema) : sqliteReader(seedPath);
  const baseDb = opts.db
    ? await postgresReader(opts.db, `${schema}_base`)
    : sqliteReader(join(dir, "baseline.db"));
  const seededGrades = Object.fromEntries(
    (await db.rows("select grade, count(*) from leads group by grade order by grade")).map(([g, n]) => [
      g,
      Number(n),
    ]),
  );
  log(
    `seeded ${seeded.leads} leads, ${seeded.facts} facts in ${seedSeconds} s (${JSON.stringify(seededGrades)})`,
  );

  let probe: { full_commits_per_s: number; normal_commits_per_s: number } | null = null;
  if (!opts.db) {
    log("probing durable single-row commits on this disk (1 s each, synchronous FULL and NORMAL)");
    probe = {
      full_commits_per_s: probeCommits(dir, "FULL", 1000),
      normal_commits_per_s: probeCommits(dir, "NORMAL", 1000),
    };
    log(`raw commits/s: FULL ${probe.full_commits_per_s}, NORMAL ${probe.normal_commits_per_s}`);
  }

  // The servers, each in a child process of its own (on SQLite, one each: one process per file).
  const app: Server[] = [];
  const baseline: Server[] = [];
  for (let i = 0; i < opts.servers; i++) {
    app.push(await startServer({ role: "truce", db: appDb, now: NOW, jobs: opts.jobs }));
    baseline.push(await startServer({ role: "baseline", db: baselineDb, now: NOW, jobs: false }));
  }
  const appBase = (app[0] as Server).base;

  const common = (base: string, connections: number) => ({
    url: base,
    connections,
    pipelining: 1,
    timeout: 10,
  });

  // (a) health against (c) the list, before any capture: over exactly the seeded leads.
  {
    const res = await fetch(`${appBase}/api/v1/health`);
    const body = await res.text();
    if (res.status !== 200 || body !== '{"status":"ok"}') fail(`GET /api/v1/health: ${res.status} ${body}`);
  }
  const paths = await checkListPages(appBase, readKey, db);
  log(`list: ${paths.length} pages checked against SQL`);
  const healthOptions = (base: string, c: number): autocannon.Options => ({
    ...common(base, c),
    url: `${base}/api/v1/health`,
    method: "GET",
  });
  const listOptions = (base: string, c: number): autocannon.Options => ({
    ...common(base, c),
    headers: { authorization: `Bearer ${readKey}` },
    requests: paths.map((p) => ({ method: "GET", path: p })),
  });
  const [health, list] = await sideBySide(
    { name: "health", servers: app, options: healthOptions, warmup: healthOptions },
    { name: "list", servers: app, options: listOptions, warmup: listOptions },
  );

  // (b) capture against the baseline. One counter for every capture, so no e-mail or phone is
  // ever used twice.
  let next = 0;
  {
    // A capture, then the same person again: 202 both times, one lead (dedupe), 8 observations.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${appBase}/api/v1/capture`, {
        method: "POST",
        headers: { authorization: `Bearer ${captureKey}`, "content-type": "application/json" },
        body: captureBody(next, PROBE_DOMAIN),
      });
      const body = await res.text();
      if (res.status !== 202) fail(`POST /api/v1/capture: ${res.status} ${body}`);
    }
    const probed = await capturedLeads(db, PROBE_DOMAIN);
    const rows = await capturedRows(db, PROBE_DOMAIN);
    if (probed.size !== 1 || probed.get(next) !== captureGrade(next) || rows.observations !== 8)
      fail(`a capture and its repeat gave ${probed.size} lead(s), ${rows.observations} observations`);
    next++;
  }
  const captureOptions =
    (domain: string, answered?: number[]) =>
    (base: string, connections: number): autocannon.Options => ({
      ...common(base, connections),
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
  let baselineNext = 0;
  const baselineOptions = (base: string, connections: number): autocannon.Options => ({
    ...common(base, connections),
    url: `${base}/api/v1/capture`,
    method: "POST",
    headers: { "content-type": "application/json" },
    requests: [{ setupRequest: (req) => ({ ...req, body: captureBody(baselineNext++, BASELINE_DOMAIN) }) }],
  });
  const countLeads = () => one(db, "select count(*) from leads");
  const answered: number[] = [];
  let leadsBefore = 0;
  let firstMeasured = 0;
  const [capture, base] = await sideBySide(
    {
      name: "capture",
      servers: app,
      options: captureOptions(CAPTURE_DOMAIN, answered),
      warmup: captureOptions(WARMUP_DOMAIN),
      before: async () => {
        // The warm-up's last requests may still be committing: count the leads once they are done.
        leadsBefore = await settle(countLeads);
        firstMeasured = next;
        if (opts.profile) await Promise.all(app.map((s) => ask(s.child, { type: "profile" }, "profiled")));
      },
    },
    { name: "baseline", servers: baseline, options: baselineOptions, warmup: baselineOptions },
  );
  const sentEnd = next;
  if (opts.profile) {
    const dir = opts.profile;
    mkdirSync(dir, { recursive: true });
    await Promise.all(
      app.map((s) =>
        ask(s.child, { type: "profile", file: join(dir, `capture-${s.child.pid}.cpuprofile`) }, "profiled"),
      ),
    );
    log(`CPU profile of the capture rounds (app servers; idle during the baseline's rounds) in ${dir}`);
  }

  // Verification of the capture rounds.
  t = performance.now();
  const leadsAfter = await settle(countLeads);
  const created = await capturedLeads(db, CAPTURE_DOMAIN);
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
  // Unanswered but stored: requests in flight at the end of a round (one per connection at most),
  // and requests autocannon gave up on (timeouts, counted in errors) that a server still finished.
  const inFlight = created.size - answered.length;
  const maxInFlight = opts.rounds * opts.connections + capture.errors;
  if (inFlight < 0 || inFlight > maxInFlight)
    fail(
      `${created.size} leads for ${answered.length} 2xx answers: more than the ${maxInFlight} possibly in flight`,
    );
  if (leadsAfter - leadsBefore !== created.size)
    fail(`${leadsAfter - leadsBefore} new leads during the run, ${created.size} of them from it`);
  const rows = await capturedRows(db, CAPTURE_DOMAIN);
  const m = created.size;
  const want = {
    lead_events: m,
    captured_events: m,
    observations: 4 * m,
    grade_changes: m,
    current_facts: 4 * m,
    outbox: m === 0 ? {} : { "lead.captured": m, "lead.graded": m },
  };
  if (JSON.stringify(rows) !== JSON.stringify(want))
    fail(`rows written by ${m} captures: ${JSON.stringify(rows)}, expected ${JSON.stringify(want)}`);
  // The webhook job marks outbox rows dispatched (no webhook is subscribed): the job loop ran.
  const outboxDispatched = await one(
    db,
    "select count(*) from outbox where dispatched_at is not null and lead_id in (select id from leads where email like ?)",
    `%@${CAPTURE_DOMAIN}`,
  );
  const baselineRows = await settle(() => one(baseDb, `select count(*) from ${BASELINE_TABLE}`));
  if (baselineRows < base.ok_2xx) fail(`baseline: ${base.ok_2xx} answered 2xx, ${baselineRows} rows`);
  const capturedGrades: Record<string, number> = {};
  for (const g of created.values()) capturedGrades[g ?? "none"] = (capturedGrades[g ?? "none"] ?? 0) + 1;
  log(
    `capture: verified ${m} leads (${answered.length} answered 2xx + ${inFlight} unanswered: in flight at a round's end or timed out), ` +
      `${rows.observations} observations, outbox ${JSON.stringify(rows.outbox)}; baseline ${baselineRows} rows ` +
      `in ${round1((performance.now() - t) / 1000)} s`,
  );

  await Promise.all([...app, ...baseline].map((s) => ask(s.child, { type: "stop" }, "stopped")));
  const loadAfter = loadavg().map(round3);
  log(`load average after: ${loadAfter.join(" ")}`);
  const engineVersion = String(
    (await db.rows(opts.db ? "select version()" : "select sqlite_version()"))[0]?.[0],
  );
  await db.close();
  await baseDb.close();

  const ratios = {
    capture_vs_baseline: round3(capture.rps / Math.max(1, base.rps)),
    capture_cpu_vs_baseline: round3(
      capture.server.cpu_ms_per_req / Math.max(0.001, base.server.cpu_ms_per_req),
    ),
    list_vs_health: round3(list.rps / Math.max(1, health.rps)),
  };
  const clean = (r: Summary) => r.errors === 0 && r.non2xx === 0;
  const captureMet =
    ratios.capture_vs_baseline >= TARGET_CAPTURE_VS_BASELINE &&
    capture.rps >= TARGET_CAPTURE_RPS &&
    capture.p99_ms <= TARGET_CAPTURE_P99_MS &&
    clean(capture);
  const listMet =
    ratios.list_vs_health >= TARGET_LIST_VS_HEALTH && list.rps >= TARGET_LIST_RPS && clean(list);
  const report = {
    bench: "http",
    node: process.version,
    engine,
    engine_version: engineVersion,
    servers: opts.servers,
    cores: cpus().length,
    load_avg_before: loadBefore,
    load_avg_after: loadAfter,
    layout: `${opts.servers} app + ${opts.servers} baseline server process(es) (buildServer, logger off, ${opts.jobs ? "the job loop of truce serve" : "no job loop"}), autocannon in the parent`,
    job_loop: opts.jobs,
    connections: opts.connections,
    rounds: opts.rounds,
    duration_s: opts.duration,
    warmup_s: opts.warmup,
    leads: opts.leads,
    seed_seconds: seedSeconds,
    seeded_grades: seededGrades,
    store:
      engine === "sqlite"
        ? {
            journal_mode: app[0]?.pragmas?.journal_mode,
            synchronous: "FULL",
            statement_cache: opts.statementCache ?? "default",
            group_commit: opts.groupCommit ?? "default",
          }
        : { schema },
    raw_commit_probe: probe,
    health,
    list: { ...list, pages: LIST_CASES.length, page_size: PAGE },
    capture: {
      ...capture,
      verified: {
        leads: m,
        answered_2xx: answered.length,
        unanswered_but_stored: inFlight,
        grades: capturedGrades,
        observations: rows.observations,
        outbox: rows.outbox,
        outbox_dispatched: outboxDispatched,
      },
    },
    baseline: { ...base, rows: baselineRows },
    ratios,
    targets: {
      capture_vs_baseline_min: TARGET_CAPTURE_VS_BASELINE,
      capture_rps_min: TARGET_CAPTURE_RPS,
      capture_p99_max_ms: TARGET_CAPTURE_P99_MS,
      list_vs_health_min: TARGET_LIST_VS_HEALTH,
      list_rps_min: TARGET_LIST_RPS,
      capture_met: captureMet,
      list_met: listMet,
      met: captureMet && listMet,
    },
    seconds: round1((performance.now() - startedAt) / 1000),
  };
  if (opts.keep) log(`kept the database: ${opts.db ? `schemas ${schema}, ${schema}_base` : seedPath}`);
  else {
    rmSync(dir, { recursive: true, force: true });
    if (opts.db) {
      const url = opts.db;
      await pgAdmin(url, (c) => c.query(`drop schema ${schema} cascade; drop schema ${schema}_base cascade`));
    }
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  log(
    `capture ${capture.rps} req/s p99 ${capture.p99_ms} ms = ${ratios.capture_vs_baseline}× baseline ${base.rps} req/s; ` +
      `list ${list.rps} req/s = ${ratios.list_vs_health}× health ${health.rps}: targets ${
        captureMet && listMet ? "met" : "NOT met"
      } (capture ${captureMet ? "met" : "not met"}, list ${listMet ? "met" : "not met"})`,
  );
}
