import type { z } from "zod";
import {
  type CaptureLeadInput,
  captureLeadSchema,
  normalizeEmail,
  normalizePhone,
} from "../../contracts/leads.js";
import { findIdempotentResult, saveIdempotentResult } from "../../store/events.js";
import { findOpenLeadByContact } from "../../store/leads.js";
import type { AppDeps } from "../deps.js";
import { activeGrader, type VersionGrader } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { checkObservations, invalid, parseInput } from "../validation.js";
import { newLeadRow } from "./new-lead-row.js";
import { storedObservations, writeHappening } from "./write-happening.js";

export interface CaptureResult {
  readonly leadId: string;
  /** True when a new lead was created; false when the capture was added to an existing open lead. */
  readonly created: boolean;
  readonly grade: string | null;
  /** True when this is a retry of an earlier capture with the same idempotency key: nothing was written. */
  readonly replayed: boolean;
}

/**
 * Captures a lead: identity, attribution and first facts with evidence. A lead whose e-mail or
 * phone matches an open lead is added to that lead (its facts and a capture event) instead of
 * duplicating it. One transaction writes the lead row (current facts and grade on it), ONE event
 * carrying the observations with their evidence and the grade change, and the idempotency record.
 */
export async function captureLead(
  deps: AppDeps,
  input: CaptureLeadInput,
  actor: string,
): Promise<CaptureResult> {
  const data = parseInput(captureLeadSchema, input);
  const result = await captureChecked(
    deps,
    actor,
    (active) => {
      const problems = checkObservations(active.definition, data.facts ?? [], "facts");
      if (problems.length > 0) throw invalid(problems);
      return data;
    },
    // As before: a retry replays the first result even if the facts no longer pass today's checks.
    { replayFirst: data.idempotencyKey },
  );
  if (!result) throw new Error("unreachable: the capture's input was built");
  return result;
}

/** A capture's input after validation. */
export type CaptureLeadData = z.output<typeof captureLeadSchema>;

/**
 * The capture itself, for input already validated at the edge: `build` runs inside the
 * transaction with the active definition, so the facts are checked (or mapped, for form answers)
 * against the version that grades them, with no second read of the definition and no second
 * validation; it throws to refuse, or returns null to store nothing (a bot in the honeypot).
 * Then a retry with the same idempotency key returns the first result and writes nothing;
 * `replayFirst` (the key) looks for that result before `build` runs.
 */
export async function captureChecked(
  deps: AppDeps,
  actor: string,
  build: (active: VersionGrader) => CaptureLeadData | null,
  options: { readonly replayFirst?: string | undefined } = {},
): Promise<CaptureResult | null> {
  return inTransaction(deps, async (trx) => {
    const replay = async (key: string | undefined) => {
      const earlier = key ? await findIdempotentResult(trx, key) : undefined;
      return earlier ? { ...(JSON.parse(earlier) as CaptureResult), replayed: true } : null;
    };
    const first = await replay(options.replayFirst);
    if (first) return first;
    const active = await activeGrader(trx, deps);
    const data = build(active);
    if (data === null) return null;
    if (!options.replayFirst) {
      const earlier = await replay(data.idempotencyKey);
      if (earlier) return earlier;
    }
    const now = deps.clock();
    const facts = data.facts ?? [];
    const emailNorm = normalizeEmail(data.email);
    const phoneNorm = normalizePhone(data.phone);
    const existing = await findOpenLeadByContact(trx, emailNorm, phoneNorm);
    const created = existing === undefined;
    const lead = existing ?? newLeadRow(deps.newId(), data, emailNorm, phoneNorm, now);
    const { row } = await writeHappening(trx, {
      lead,
      isNew: created,
      type: created ? "captured" : "captured_again",
      actor,
      now,
      data: {
        source: data.source ?? null,
        campaign: data.campaign ?? null,
        utm: data.utm ?? null,
        // A repeat capture's identity goes to the history, not over the lead's recorded identity.
        ...(created
          ? {}
          : {
              name: data.name ?? null,
              email: data.email ?? null,
              phone: data.phone ?? null,
              company: data.company ?? null,
            }),
        facts: facts.map((f) => f.fact),
      },
      observations: storedObservations(facts),
      regrade: { active, cause: created ? "capture" : "fact" },
    });
    const grade = row.grade;
    const result: CaptureResult = { leadId: lead.id, created, grade, replayed: false };
    if (data.idempotencyKey)
      await saveIdempotentResult(trx, data.idempotencyKey, lead.id, JSON.stringify(result), now);
    return result;
  });
}
