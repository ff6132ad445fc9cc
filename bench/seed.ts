import type { VersionGrader } from "../src/app/grading.js";
import { planRegrade } from "../src/app/grading.js";
import { newLeadRow } from "../src/app/leads/new-lead-row.js";
import { formatDay } from "../src/core/index.js";
import type { SeedLead } from "../src/store/bench-seed.js";
import { leadEventInsert } from "../src/store/events.js";
import { type CurrentFact, encodeCurrentFacts } from "../src/store/facts.js";
import type { LeadRow } from "../src/store/tables.js";

/**
 * Deterministic data the HTTP and web benches seed their databases with (bench-only code): the
 * same generator and the same 100,000 leads, so their figures describe the same database.
 */

/** The benches' clock: 2026-11-27 10:00 UTC (a Friday morning). */
export const NOW = Date.UTC(2026, 10, 27, 10, 0);
export const DAY = 86_400_000;
/** Seeded leads were captured over the two years before NOW, and graded at NOW. */
export const HISTORY_MS = 730 * DAY;
export const CHANNELS = ["form", "call", "email", "event"] as const;
/** Sources with their share of the seeded leads; each has campaigns `<source>-0` … `<source>-9`. */
export const SOURCES = [
  ["website", 0.4],
  ["webinar", 0.25],
  ["partner", 0.2],
  ["ads", 0.15],
] as const;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(rand: () => number, digits: number): string {
  let s = "";
  while (s.length < digits)
    s += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return s.slice(0, digits);
}

/** A random-looking (v4-layout) UUID, as `randomUUID` makes in production, from the seeded generator. */
function uuid(rand: () => number): string {
  const r = hex(rand, 32);
  return `${r.slice(0, 8)}-${r.slice(8, 12)}-4${r.slice(13, 16)}-a${r.slice(17, 20)}-${r.slice(20, 32)}`;
}

export const today = Math.floor(NOW / DAY);

function pickSource(r: number): string {
  let acc = 0;
  for (const [name, share] of SOURCES) {
    acc += share;
    if (r < acc) return name;
  }
  return "ads";
}

/**
 * Seeded lead i: captured at a time spread over two years (in index order), with a source and
 * one of its ten campaigns, contact channel (90 %), decision date (70 %: a quarter past, 40 %
 * within 6 months, the rest beyond), stated interest (70 %, 55 % yes) and notes (40 %); graded
 * with version 1 at NOW, with its capture grade event, exactly as `planRegrade` says.
 */
export function seedLead(i: number, n: number, rand: () => number, v1: VersionGrader): SeedLead {
  const createdAt = NOW - HISTORY_MS + Math.floor((i * HISTORY_MS) / n);
  const id = uuid(rand);
  const source = pickSource(rand());
  const campaign = `${source}-${Math.floor(rand() * 10)}`;
  const values: Record<string, unknown> = {};
  if (rand() < 0.9) values.contact_channel = CHANNELS[Math.floor(rand() * 4)];
  if (rand() < 0.7) {
    const r = rand();
    const day =
      r < 0.25
        ? today - 1 - Math.floor(rand() * 730)
        : r < 0.65
          ? today + Math.floor(rand() * 180)
          : today + 190 + Math.floor(rand() * 700);
    values.decision_date = formatDay(day);
  }
  if (rand() < 0.4) values.notes = `Asked about pricing for ${1 + Math.floor(rand() * 200)} seats`;
  if (rand() < 0.7) values.stated_interest = rand() < 0.55;
  const facts = Object.keys(values)
    .sort()
    .map((fact) => ({
      fact,
      value: JSON.stringify(values[fact]),
      recorded_at: createdAt + Math.floor(rand() * 3 * DAY),
    }));
  const email = `lead${i}@seed.bench.example`;
  const ads = source === "ads";
  const who = {
    name: `Seeded Lead ${i}`,
    email,
    company: `Company ${i % 5000}`,
    source,
    campaign,
    utm: ads ? { source: "google", medium: "cpc", campaign } : undefined,
  };
  const captured: LeadRow = {
    ...newLeadRow(id, who, email, null, createdAt),
    facts: encodeCurrentFacts(facts.map((f): CurrentFact => [f.fact, f.value, f.recorded_at])),
  };
  const { gradeChange, change } = planRegrade(v1, captured, facts, "capture", NOW);
  return {
    lead: { ...captured, ...change, row_version: 1 },
    event: leadEventInsert({
      leadId: id,
      type: "captured",
      actor: "seed",
      at: createdAt,
      data: { source, campaign, utm: null, facts: facts.map((f) => f.fact) },
      observations: facts.map((f) => ({
        fact: f.fact,
        value: f.value,
        channel: "web_form",
        recordedBy: "seed",
        recordedAt: f.recorded_at,
        quote: null,
        note: null,
      })),
      gradeChange,
    }),
  };
}
