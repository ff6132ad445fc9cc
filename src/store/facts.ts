import type { Db } from "./leads.js";

/**
 * A lead's current facts live on its row (`leads.facts`): what the grader reads, with no join. The
 * history of every observation, with its evidence, lives in the lead's events (store/events.ts).
 * This module owns the stored form; everything outside the store sees these types only.
 */

/** A current fact: its key, its value's JSON text (null: recorded as unknown), when it was recorded. */
export type CurrentFact = readonly [fact: string, value: string | null, recordedAt: number];

/** A current fact as the app reads it. */
export interface LeadFactRow {
  readonly fact: string;
  /** JSON of the value as recorded (dates as YYYY-MM-DD); null = unknown. */
  readonly value: string | null;
  readonly recorded_at: number;
}

/** An observation as a write stores it: the value's JSON text and its evidence. */
export interface StoredObservation {
  readonly fact: string;
  readonly value: string | null;
  readonly channel: string;
  readonly recordedBy: string;
  readonly recordedAt: number;
  readonly quote: string | null;
  readonly note: string | null;
}

/** The current facts stored on a lead row, in fact-key order. */
export function currentFactsOf(lead: { readonly facts: string }): CurrentFact[] {
  return JSON.parse(lead.facts) as CurrentFact[];
}

export function factRowsOf(lead: { readonly facts: string }): LeadFactRow[] {
  return currentFactsOf(lead).map(([fact, value, recorded_at]) => ({ fact, value, recorded_at }));
}

/** The stored text of current facts: sorted by key (code-unit order), so equal sets store equally. */
export function encodeCurrentFacts(facts: Iterable<CurrentFact>): string {
  const list = [...facts];
  list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify(list);
}

/**
 * Folds observations into current facts: per fact, the value recorded latest wins; an observation
 * recorded at the same instant as the current value replaces it (the later write wins the tie), an
 * older one entered late stays in the history only. Returns the new list, in fact-key order.
 */
export function foldObservations(
  current: readonly CurrentFact[],
  observations: readonly {
    readonly fact: string;
    readonly value: string | null;
    readonly recordedAt: number;
  }[],
): CurrentFact[] {
  const byFact = new Map<string, CurrentFact>(current.map((f) => [f[0], f]));
  for (const o of observations) {
    const now = byFact.get(o.fact);
    if (now && now[2] > o.recordedAt) continue;
    byFact.set(o.fact, [o.fact, o.value, o.recordedAt]);
  }
  const list = [...byFact.values()];
  list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return list;
}

/** A lead's current facts, read from its row. */
export async function findLeadFacts(db: Db, leadId: string): Promise<LeadFactRow[]> {
  const row = await db.selectFrom("leads").select("facts").where("id", "=", leadId).executeTakeFirst();
  return row ? factRowsOf(row) : [];
}
