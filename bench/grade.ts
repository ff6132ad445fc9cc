/**
 * `npm run bench:grade`: grades 1,000,000 synthetic variant-A leads and prints ONE JSON line on
 * stdout with leads/second for
 *   - the compiled grader (`loadDefinition(...).grader.gradeIndex`),
 *   - the reference interpreter (`interpretGrade`),
 *   - a hand-written JS function for variant A (what a careful person would write by hand),
 *   - json-rules-engine running the same three rules,
 * and the ratios against the targets (compiled ≥ 0.5× hand-written, ≥ 1000× json-rules-engine).
 *
 * Every engine is first checked to give the same grades (a benchmark of wrong answers is
 * worthless): the exit code is non-zero when they disagree. Progress goes to stderr.
 *
 * Methodology: the leads are generated once, deterministically (mulberry32, fixed seed), before
 * any timing. The compiled and hand-written graders run the full set, interleaved, after two
 * warm-up rounds, and the median rate is reported; the slow engines run on a prefix of the same
 * leads (they are iid), median of a few rounds. With --expose-gc, a full GC runs once before the
 * fast rounds and before every round of the allocating engines (interpreter, json-rules-engine).
 * Each engine has its own timing loop so no call site is shared between engines (a shared call
 * site would turn polymorphic and slow down whichever engine ran second). The grade indexes are
 * summed and the sums compared across engines, so V8 cannot drop the work.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Engine, type RuleProperties } from "json-rules-engine";
import { type Definition, type FactValues, interpretGrade, loadDefinition } from "../src/core/index.js";

// ---------------------------------------------------------------------------------------------
// Parameters

const LEADS = 1_000_000;
const SEED = 0x7e0ce;
/** Graded "now": 2026-08-31 15:30 UTC. A month end, so "today + 6 months" must clamp (2027-02-28). */
const NOW = Date.UTC(2026, 7, 31, 15, 30);
const FAST_ROUNDS = 15;
const FAST_WARMUP_ROUNDS = 2;
const INTERPRETER_LEADS = 200_000;
const INTERPRETER_ROUNDS = 5;
const JRE_LEADS = 20_000;
const JRE_ROUNDS = 5;
const JRE_VERIFY_LEADS = 10_000;
const TARGET_VS_HANDWRITTEN = 0.5;
const TARGET_VS_JRE = 1000;

const MS_PER_DAY = 86_400_000;
const CHANNELS = ["form", "call", "email", "event"] as const;
type Channel = (typeof CHANNELS)[number];

/** One lead's facts as the grader reads them; every lead has the same shape, unknown = null. */
type Lead = {
  readonly decision_date: number | null;
  readonly stated_interest: boolean | null;
  readonly contact_channel: Channel | null;
};

function log(msg: string): void {
  process.stderr.write(`bench:grade: ${msg}\n`);
}

function fail(msg: string): never {
  process.stderr.write(`bench:grade: FAILED: ${msg}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// The hand-written grader: the obvious JavaScript for variant A, bounds computed once per run.

const HOT = 0;
const WARM = 1;
const COLD = 2;

/** `day + 6 calendar months`, clamped to the month's last day (Aug 31 + 6 months = Feb 28). */
function sixMonthsAfter(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  const month = d.getUTCMonth() + 6;
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  return Date.UTC(d.getUTCFullYear(), month, Math.min(d.getUTCDate(), lastDay)) / MS_PER_DAY;
}

function makeHandwritten(now: number): (lead: Lead) => number {
  const today = Math.floor(now / MS_PER_DAY);
  const horizon = sixMonthsAfter(today);
  return (lead) => {
    const d = lead.decision_date;
    if (d !== null && d >= today && d <= horizon) return HOT;
    if (lead.stated_interest === true) return WARM;
    return COLD;
  };
}

// ---------------------------------------------------------------------------------------------
// json-rules-engine with the same rules: dates as epoch-day numbers, window bounds precomputed.

function makeJsonRulesEngine(now: number): (lead: Lead) => Promise<number> {
  const today = Math.floor(now / MS_PER_DAY);
  const horizon = sixMonthsAfter(today);
  const rules: RuleProperties[] = [
    {
      name: "hot",
      priority: 3,
      conditions: {
        all: [
          { fact: "decision_date", operator: "greaterThanInclusive", value: today },
          { fact: "decision_date", operator: "lessThanInclusive", value: horizon },
        ],
      },
      event: { type: "grade", params: { index: HOT } },
    },
    {
      name: "warm",
      priority: 2,
      conditions: { all: [{ fact: "stated_interest", operator: "equal", value: true }] },
      event: { type: "grade", params: { index: WARM } },
    },
    {
      name: "cold",
      priority: 1,
      conditions: { all: [] },
      event: { type: "grade", params: { index: COLD } },
    },
  ];
  const engine = new Engine(rules, { allowUndefinedFacts: true });
  // The first rule (by priority) that fires decides: stop the run there, as a user of the engine
  // would, instead of evaluating the lower grades too.
  engine.on("success", () => {
    engine.stop();
  });
  return async (lead) => {
    const result = await engine.run(lead);
    let best = -1;
    for (const e of result.events) {
      const i = e.params?.index;
      if (typeof i === "number" && (best < 0 || i < best)) best = i;
    }
    return best;
  };
}

// ---------------------------------------------------------------------------------------------
// Synthetic leads

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

function generateLeads(n: number, seed: number, now: number): Lead[] {
  const rand = mulberry32(seed);
  const int = (k: number): number => Math.floor(rand() * k);
  const today = Math.floor(now / MS_PER_DAY);
  const horizon = sixMonthsAfter(today);
  const edges = [today - 1, today, horizon, horizon + 1];
  const leads: Lead[] = new Array<Lead>(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    let decision: number | null;
    if (r < 0.25)
      decision = null; // never asked
    else if (r < 0.45)
      decision = today - 1 - int(730); // in the past
    else if (r < 0.47)
      decision = edges[int(edges.length)] ?? null; // exactly on a window edge
    else if (r < 0.72)
      decision = today + int(horizon - today + 1); // within 6 months
    else decision = horizon + 1 + int(900); // beyond 6 months
    const s = rand();
    const interest = s < 0.35 ? true : s < 0.6 ? false : null;
    const c = rand();
    const channel = c < 0.15 ? null : (CHANNELS[int(CHANNELS.length)] ?? null);
    leads[i] = { decision_date: decision, stated_interest: interest, contact_channel: channel };
  }
  return leads;
}

// ---------------------------------------------------------------------------------------------
// Timing loops: one per engine, so that each call site stays monomorphic. Indexed loops, not
// for-of: the iterator protocol's named accesses made V8 deoptimize these loops mid-run at random
// ("Insufficient type feedback for generic named access"), and the rates swung by 2×.

type GradeIndex = (values: FactValues, now: number) => number;

function loopCompiled(grade: GradeIndex, leads: readonly Lead[], now: number): number {
  let sum = 0;
  for (let i = 0; i < leads.length; i++) sum += grade(leads[i] as Lead, now);
  return sum;
}

function loopHandwritten(grade: (lead: Lead) => number, leads: readonly Lead[]): number {
  let sum = 0;
  for (let i = 0; i < leads.length; i++) sum += grade(leads[i] as Lead);
  return sum;
}

function loopInterpreter(def: Definition, leads: readonly Lead[], now: number): number {
  let sum = 0;
  for (let i = 0; i < leads.length; i++) sum += interpretGrade(def, leads[i] as Lead, now);
  return sum;
}

async function loopJsonRulesEngine(grade: (lead: Lead) => Promise<number>, leads: readonly Lead[]) {
  let sum = 0;
  for (const lead of leads) sum += await grade(lead);
  return sum;
}

interface Sample {
  readonly sum: number;
  readonly lps: number;
}

function collect(): void {
  globalThis.gc?.();
}

function timeSync(n: number, run: () => number): Sample {
  const t0 = performance.now();
  const sum = run();
  const ms = performance.now() - t0;
  return { sum, lps: n / (ms / 1000) };
}

async function timeAsync(n: number, run: () => Promise<number>): Promise<Sample> {
  collect();
  const t0 = performance.now();
  const sum = await run();
  const ms = performance.now() - t0;
  return { sum, lps: n / (ms / 1000) };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? (s[mid] ?? Number.NaN)
    : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}

function checkSum(engine: string, got: number, want: number, n: number): void {
  if (got !== want) fail(`${engine} graded ${n} leads to a grade-index sum of ${got}, expected ${want}`);
}

function fmt(lps: number): string {
  return `${(lps / 1e6).toFixed(lps < 1e6 ? 4 : 2)}M leads/s`;
}

// ---------------------------------------------------------------------------------------------
// Main

const startedAt = performance.now();
const definitionUrl = new URL("../../definitions/variant-a.yaml", import.meta.url);
const loaded = loadDefinition(readFileSync(definitionUrl, "utf8"));
if (!loaded.ok) fail(`definitions/variant-a.yaml does not load: ${JSON.stringify(loaded.findings)}`);
const { definition, grader } = loaded;
const keys = definition.grades.map((g) => g.key);
if (keys.join() !== "hot,warm,cold") fail(`variant A's grades are ${keys.join()}, expected hot,warm,cold`);

const compiled: GradeIndex = grader.gradeIndex;
const handwritten = makeHandwritten(NOW);
const jre = makeJsonRulesEngine(NOW);

log(`generating ${LEADS} leads (seed ${SEED})`);
const leads = generateLeads(LEADS, SEED, NOW);

// Verification: compiled, hand-written and interpreter on every lead; json-rules-engine on a prefix.
log("verifying that all engines agree");
const expected = new Int8Array(LEADS);
const gradeCounts = [0, 0, 0];
for (let i = 0; i < LEADS; i++) {
  const lead = leads[i] as Lead;
  const c = compiled(lead, NOW);
  const h = handwritten(lead);
  const r = interpretGrade(definition, lead, NOW);
  if (c !== r || h !== r) {
    fail(`lead ${i} ${JSON.stringify(lead)}: interpreter ${r}, compiled ${c}, hand-written ${h}`);
  }
  expected[i] = r;
  gradeCounts[r] = (gradeCounts[r] ?? 0) + 1;
}
for (const [i, k] of keys.entries()) if (!gradeCounts[i]) fail(`no lead graded ${k}: the mix is wrong`);
for (let i = 0; i < JRE_VERIFY_LEADS; i++) {
  const lead = leads[i] as Lead;
  const j = await jre(lead);
  if (j !== expected[i])
    fail(`lead ${i} ${JSON.stringify(lead)}: json-rules-engine ${j}, expected ${expected[i]}`);
}
/** The expected grade-index sum of the first n leads. */
const expectedSum = (n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += expected[i] ?? 0;
  return s;
};
const fullSum = expectedSum(LEADS);
log(`ok: ${LEADS} leads agree (${keys.map((k, i) => `${k} ${gradeCounts[i]}`).join(", ")})`);

// Compiled and hand-written: warm-up rounds, then interleaved rounds on the full set.
const runCompiled = (): number => loopCompiled(compiled, leads, NOW);
const runHandwritten = (): number => loopHandwritten(handwritten, leads);
// They allocate nothing, so one collection first (of the garbage from generating and verifying)
// is enough: a full GC before each 15 ms round only evicts the caches and moves the leads.
collect();
for (let round = 0; round < FAST_WARMUP_ROUNDS; round++) {
  checkSum("compiled (warm-up)", timeSync(LEADS, runCompiled).sum, fullSum, LEADS);
  checkSum("hand-written (warm-up)", timeSync(LEADS, runHandwritten).sum, fullSum, LEADS);
}
const compiledRates: number[] = [];
const handwrittenRates: number[] = [];
for (let round = 0; round < FAST_ROUNDS; round++) {
  const first = round % 2 === 0;
  const a = first ? timeSync(LEADS, runCompiled) : timeSync(LEADS, runHandwritten);
  const b = first ? timeSync(LEADS, runHandwritten) : timeSync(LEADS, runCompiled);
  const [c, h] = first ? [a, b] : [b, a];
  checkSum("compiled", c.sum, fullSum, LEADS);
  checkSum("hand-written", h.sum, fullSum, LEADS);
  compiledRates.push(c.lps);
  handwrittenRates.push(h.lps);
  log(`round ${round + 1}/${FAST_ROUNDS}: compiled ${fmt(c.lps)}, hand-written ${fmt(h.lps)}`);
}

// The reference interpreter on a prefix (it was warmed up by the verification above).
const interpreterLeads = leads.slice(0, INTERPRETER_LEADS);
const interpreterSum = expectedSum(INTERPRETER_LEADS);
const interpreterRates: number[] = [];
for (let round = 0; round < INTERPRETER_ROUNDS; round++) {
  collect(); // the interpreter allocates (closures, Dates): start each round with an empty young space
  const s = timeSync(INTERPRETER_LEADS, () => loopInterpreter(definition, interpreterLeads, NOW));
  checkSum("interpreter", s.sum, interpreterSum, INTERPRETER_LEADS);
  interpreterRates.push(s.lps);
  log(`interpreter ${round + 1}/${INTERPRETER_ROUNDS}: ${fmt(s.lps)} on ${INTERPRETER_LEADS} leads`);
}

// json-rules-engine on a smaller prefix (it was warmed up by the verification above).
const jreLeads = leads.slice(0, JRE_LEADS);
const jreSum = expectedSum(JRE_LEADS);
const jreRates: number[] = [];
for (let round = 0; round < JRE_ROUNDS; round++) {
  const s = await timeAsync(JRE_LEADS, () => loopJsonRulesEngine(jre, jreLeads));
  checkSum("json-rules-engine", s.sum, jreSum, JRE_LEADS);
  jreRates.push(s.lps);
  log(`json-rules-engine ${round + 1}/${JRE_ROUNDS}: ${fmt(s.lps)} on ${JRE_LEADS} leads`);
}

const compiledLps = median(compiledRates);
const handwrittenLps = median(handwrittenRates);
const interpreterLps = median(interpreterRates);
const jreLps = median(jreRates);
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const vsHandwritten = compiledLps / handwrittenLps;
const vsJre = compiledLps / jreLps;
const met = vsHandwritten >= TARGET_VS_HANDWRITTEN && vsJre >= TARGET_VS_JRE;
const today = Math.floor(NOW / MS_PER_DAY);

const report = {
  bench: "grade",
  node: process.version,
  v8: process.versions.v8,
  definition: definition.id,
  now: new Date(NOW).toISOString(),
  window: {
    from: new Date(today * MS_PER_DAY).toISOString().slice(0, 10),
    to: new Date(sixMonthsAfter(today) * MS_PER_DAY).toISOString().slice(0, 10),
  },
  seed: SEED,
  leads: LEADS,
  compiled_lps: Math.round(compiledLps),
  handwritten_lps: Math.round(handwrittenLps),
  interpreter_lps: Math.round(interpreterLps),
  json_rules_engine_lps: Math.round(jreLps),
  ratios: {
    compiled_vs_handwritten: round3(vsHandwritten),
    compiled_vs_interpreter: round3(compiledLps / interpreterLps),
    compiled_vs_json_rules_engine: round3(vsJre),
  },
  targets: {
    compiled_vs_handwritten_min: TARGET_VS_HANDWRITTEN,
    compiled_vs_json_rules_engine_min: TARGET_VS_JRE,
    met,
  },
  /** Leads graded per timed round, and timed rounds (median reported, after untimed warm-ups). */
  counts: {
    compiled: LEADS,
    handwritten: LEADS,
    interpreter: INTERPRETER_LEADS,
    json_rules_engine: JRE_LEADS,
  },
  rounds: {
    compiled: FAST_ROUNDS,
    handwritten: FAST_ROUNDS,
    interpreter: INTERPRETER_ROUNDS,
    json_rules_engine: JRE_ROUNDS,
  },
  verified: { compiled_handwritten_interpreter: LEADS, json_rules_engine: JRE_VERIFY_LEADS },
  grades: Object.fromEntries(keys.map((k, i) => [k, gradeCounts[i] ?? 0])),
  gc_exposed: typeof globalThis.gc === "function",
  seconds: round3((performance.now() - startedAt) / 1000),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
log(
  `compiled ${round3(vsHandwritten)}× hand-written, ${Math.round(vsJre)}× json-rules-engine: targets ${met ? "met" : "NOT met"}`,
);
