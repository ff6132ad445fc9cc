import type { Transaction } from "kysely";
import {
  type Actor,
  AppError,
  allowedCommands,
  type CommandType,
  type Definition,
  type LeadState,
  type LifecycleCommand,
  type LifecycleEvent,
  transition,
} from "../../core/index.js";
import { appendLeadEvent } from "../../store/events.js";
import { factRowsOf } from "../../store/facts.js";
import {
  findLeadForUpdate,
  findOpenLeadByContact,
  storedLifecycleOf,
  updateLeadIfUnchanged,
} from "../../store/leads.js";
import type { Database, LeadRow, LeadUpdate } from "../../store/tables.js";
import type { AppDeps } from "../deps.js";
import { activeGrader } from "../grading.js";
import { ConflictError, inTransaction } from "../transaction.js";
import { leadNotFound } from "./record-facts.js";

/** The lead as the core's state machine sees it: stored state plus its current grade and known facts. */
export function lifecycleStateOf(lead: LeadRow): LeadState {
  const facts = factRowsOf(lead);
  const stored = storedLifecycleOf(lead);
  return {
    ...stored,
    grade: lead.grade,
    knownFacts: facts.filter((f) => f.value !== null).map((f) => f.fact),
  };
}

/**
 * Moves a lead through its lifecycle (nurture, hand off, accept, reject, open an opportunity, win,
 * lose, recycle). The core's state machine decides whether the move is legal for this lead, this
 * grade and this person; the move and its event are written in one transaction. Illegal moves
 * are AppErrors with the machine's stable code (`lifecycle.illegal_transition`, …).
 */
export async function moveLead(
  deps: AppDeps,
  leadId: string,
  command: LifecycleCommand,
  actor: Actor,
): Promise<LifecycleEvent> {
  return inTransaction(deps, async (trx) => {
    const lead = await findLeadForUpdate(trx, leadId);
    if (!lead || lead.erased_at !== null) throw leadNotFound(leadId);
    const now = deps.clock();
    const { definition } = await activeGrader(trx, deps);
    const state = lifecycleStateOf(lead);
    const result = transition(state, command, {
      now,
      config: definition.lifecycle,
      actor,
      facts: definition.factsByKey,
    });
    if (!result.ok)
      throw new AppError(result.error.code, result.error.message, { leadId, ...result.error.details });
    const next = result.state;
    const isOpen = next.stage === "won" || next.stage === "lost" ? 0 : 1;
    if (isOpen === 1 && lead.is_open === 0) {
      const conflict = await reopenConflict(trx, lead);
      if (conflict) throw conflict;
    }
    const change: LeadUpdate = {
      stage: next.stage,
      lifecycle: JSON.stringify({ ...next, grade: null, knownFacts: [] }),
      is_open: isOpen,
      handed_off_at: next.handoff?.at ?? null,
      handed_off_by: next.handoff?.by ?? null,
      sla_due_at: next.handoff?.slaDueAt ?? null,
      responded_at: next.response?.at ?? null,
      outcome_amount: next.outcome?.result === "won" ? String(next.outcome.amount) : null,
      outcome_currency: next.outcome?.result === "won" ? next.outcome.currency : null,
      outcome_reason: next.outcome?.result === "lost" ? next.outcome.reason : null,
      updated_at: now,
    };
    if (!(await updateLeadIfUnchanged(trx, lead.id, lead.row_version, change)))
      throw new ConflictError(lead.id);
    const { type, actor: who, ...data } = result.event;
    await appendLeadEvent(trx, {
      leadId: lead.id,
      type,
      actor: who.id,
      at: now,
      data: { ...data, role: who.role },
    });
    return result.event;
  });
}

/**
 * The moves this role may make on this lead now: the core's `allowedCommands` (the same
 * `moveRefusal` that `transition` refuses with) on the same state `moveLead` judges, plus the one
 * check only the store can make (a lost lead may not reopen beside another open lead).
 */
export async function movesAllowed(
  trx: Transaction<Database>,
  lead: LeadRow,
  role: string | null,
  definition: Definition,
): Promise<CommandType[]> {
  if (lead.erased_at !== null || role === null) return [];
  const state = lifecycleStateOf(lead);
  const moves = allowedCommands(state, role, definition.lifecycle, definition.factsByKey);
  if (moves.includes("recycle") && lead.is_open === 0 && (await reopenConflict(trx, lead)))
    return moves.filter((m) => m !== "recycle");
  return moves;
}

/** Reopening a lost lead must not make a second open lead for the same person. */
async function reopenConflict(trx: Transaction<Database>, lead: LeadRow): Promise<AppError | null> {
  const other = await findOpenLeadByContact(trx, lead.email_norm, lead.phone_norm);
  if (other && other.id !== lead.id) {
    return new AppError(
      "lead.duplicate_open",
      {
        en: `lead ${other.id} with the same e-mail or phone is open: work on that one instead`,
        ru: `открыт лид ${other.id} с тем же e-mail или телефоном: работайте с ним`,
      },
      { leadId: lead.id, openLeadId: other.id },
    );
  }
  return null;
}
