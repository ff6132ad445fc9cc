import { wilsonInterval } from "../../core/stats/wilson.js";
import {
  type EventCursor,
  findConversionEventsPage,
  type LifecycleEventRow,
  type ReportFilter,
} from "../../store/reports.js";
import { NO_GRADE } from "../definitions/simulate.js";
import type { AppDeps } from "../deps.js";
import { activeGradeKeys, orderGrades } from "./grade-distribution.js";

export interface GradeConversion {
  /** The grade the lead had when it was handed off to sales. */
  readonly grade: string;
  readonly handedOff: number;
  readonly won: number;
  readonly lost: number;
  /** Hand-offs with no outcome (yet): in sales' hands, rejected, or recycled. */
  readonly noOutcome: number;
  /** won / (won + lost); null before any outcome. */
  readonly winRate: number | null;
  /** The win rate's Wilson 95 % interval; null before any outcome. */
  readonly winRateInterval: { readonly low: number; readonly high: number } | null;
  /** Won amounts summed per currency (amounts of different currencies are never added). */
  readonly wonAmounts: Readonly<Record<string, number>>;
  /** Median days from hand-off to the win / the loss; null when there is none. */
  readonly medianDaysToWon: number | null;
  readonly medianDaysToLost: number | null;
}

export interface ConversionReport {
  readonly grades: readonly GradeConversion[];
}

const DAY = 86_400_000;

interface Tally {
  handedOff: number;
  won: number;
  lost: number;
  amounts: Record<string, number>;
  daysToWon: number[];
  daysToLost: number[];
}

/**
 * How each grade converts: every hand-off counts for the grade it was handed off with, and an
 * outcome (won or lost) closes the lead's latest hand-off before it, so a lead recycled and handed
 * off again counts each time. Events are read a page at a time, one lead's story after another;
 * memory holds one lead's last hand-off and one number per outcome (for the medians).
 *
 * The filter: `from`/`to` keep hand-offs made in that period (with the outcomes that close them,
 * whenever those came); `version`, `source` and `campaign` keep the leads graded under that
 * version now, or from that source or campaign.
 */
export async function conversionByGrade(
  deps: AppDeps,
  options: { batchSize?: number; filter?: ReportFilter } = {},
): Promise<ConversionReport> {
  const filter = options.filter ?? {};
  const inPeriod = (at: number) =>
    (filter.from === undefined || at >= filter.from) && (filter.to === undefined || at < filter.to);
  const db = deps.store.db;
  const limit = Math.max(1, options.batchSize ?? 2000);
  const tallies = new Map<string, Tally>();
  const tally = (grade: string) => {
    let t = tallies.get(grade);
    if (!t) {
      t = { handedOff: 0, won: 0, lost: 0, amounts: {}, daysToWon: [], daysToLost: [] };
      tallies.set(grade, t);
    }
    return t;
  };
  let lead: string | null = null;
  let handoff: { grade: string; at: number; counted: boolean } | null = null;
  let after: EventCursor | null = null;
  for (;;) {
    const page: LifecycleEventRow[] = await findConversionEventsPage(db, after, limit, filter);
    for (const e of page) {
      if (e.lead_id !== lead) {
        lead = e.lead_id;
        handoff = null;
      }
      const data = JSON.parse(e.data) as { grade?: string; amount?: number; currency?: string };
      if (e.type === "hand_off") {
        handoff = { grade: data.grade ?? NO_GRADE, at: e.at, counted: inPeriod(e.at) };
        if (handoff.counted) tally(handoff.grade).handedOff++;
        continue;
      }
      // A period counts the outcomes of its hand-offs; an outcome without one only when unbounded.
      if (handoff ? !handoff.counted : filter.from !== undefined || filter.to !== undefined) {
        handoff = null;
        continue;
      }
      // An outcome without a hand-off cannot happen through the lifecycle; counted apart if it does.
      const t = tally(handoff?.grade ?? NO_GRADE);
      const days = handoff ? (e.at - handoff.at) / DAY : null;
      if (e.type === "win") {
        t.won++;
        const currency = data.currency ?? "?";
        t.amounts[currency] = (t.amounts[currency] ?? 0) + (data.amount ?? 0);
        if (days !== null) t.daysToWon.push(days);
      } else {
        t.lost++;
        if (days !== null) t.daysToLost.push(days);
      }
      handoff = null;
    }
    const last = page.at(-1);
    if (!last || page.length < limit) break;
    after = { leadId: last.lead_id, id: last.id };
  }
  const order = orderGrades(await activeGradeKeys(deps, db), [...tallies.keys()]);
  return {
    grades: order.map((grade) => {
      const t = tallies.get(grade) ?? tally(grade);
      const closed = t.won + t.lost;
      return {
        grade,
        handedOff: t.handedOff,
        won: t.won,
        lost: t.lost,
        noOutcome: Math.max(0, t.handedOff - closed),
        winRate: closed === 0 ? null : t.won / closed,
        winRateInterval: wilsonInterval(t.won, closed),
        wonAmounts: Object.fromEntries(Object.entries(t.amounts).map(([c, a]) => [c, round(a, 2)])),
        medianDaysToWon: median(t.daysToWon),
        medianDaysToLost: median(t.daysToLost),
      };
    }),
  };
}

/** The median, rounded to a tenth of a day; null for no values. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return round(m, 1);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
