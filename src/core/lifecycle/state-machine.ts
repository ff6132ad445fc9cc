import type { FactDef } from "../definition/schema.js";
import { type LifecycleConfig, serviceLevelOf } from "./config.js";
import { badCommand, type LifecycleError, lifecycleError, unknownReason } from "./errors.js";
import type { Actor, LeadState, LifecycleCommand, LifecycleEvent, Stage, Stamp } from "./model.js";
import { moveRefusal } from "./moves.js";
import { MAX_NOTE, validateRejection } from "./rejection.js";
import { isCommandType, TRANSITIONS } from "./rules.js";
import { addWorkingTime } from "./working-time.js";

export interface TransitionContext {
  /** The instant of the command (epoch ms): the core reads no clock. */
  readonly now: number;
  readonly config: LifecycleConfig;
  readonly actor: Actor;
  /** The definition's fact catalogue (`Definition.factsByKey`), for rejections that name a fact. */
  readonly facts: ReadonlyMap<string, FactDef>;
}

export type TransitionResult =
  | { readonly ok: true; readonly state: LeadState; readonly event: LifecycleEvent }
  | { readonly ok: false; readonly error: LifecycleError };

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Applies one command to a lead: the new state and the event to store, or a refusal with a stable
 * code. Checks run from the most general to the most specific, so the error names the first thing
 * to fix: a malformed command or time, then who may issue it (a role that may never do this learns
 * that, whatever the stage), then whether the stage allows it, then the command's own guards.
 * Commands are checked at run time too: they arrive from the API as parsed JSON.
 */
export function transition(
  lead: LeadState,
  command: LifecycleCommand,
  ctx: TransitionContext,
): TransitionResult {
  const fail = (error: LifecycleError): TransitionResult => ({ ok: false, error });
  const { now, config, actor } = ctx;
  const type = (command as { type?: unknown } | null)?.type;
  if (!isCommandType(type))
    return fail(
      badCommand(
        "type",
        `unknown command ${JSON.stringify(type)}`,
        `неизвестная команда ${JSON.stringify(type)}`,
      ),
    );
  if (typeof actor?.id !== "string" || actor.id.trim() === "")
    return fail(badCommand("actor.id", "who acts must be named", "нужно указать, кто действует"));
  if (!Number.isFinite(now) || now < lead.since)
    return fail(
      lifecycleError(
        "lifecycle.bad_time",
        "the command's time is before the lead entered its current stage",
        "время команды раньше, чем лид перешёл на текущий этап",
        { now, since: lead.since },
      ),
    );
  const refusal = moveRefusal(lead, type, actor.role, config, ctx.facts);
  if (refusal) return fail(refusal);
  const to = TRANSITIONS[lead.stage][type] as Stage;

  const stamp: Stamp = { at: now, by: actor.id };
  const base = { from: lead.stage, to, at: now, actor };
  const moved: LeadState = { ...lead, stage: to, since: now };
  const done = (state: LeadState, event: LifecycleEvent): TransitionResult => ({ ok: true, state, event });

  switch (command.type) {
    case "nurture":
    case "open_opportunity": {
      const state = command.type === "open_opportunity" ? { ...moved, opportunity: stamp } : moved;
      return done(state, { ...base, type: command.type });
    }
    case "hand_off": {
      // moveRefusal has checked the grade and the required facts.
      const grade = lead.grade as string;
      const level = serviceLevelOf(config, grade);
      const slaDueAt = level ? addWorkingTime(now, level, config.workingHours) : null;
      return done(
        { ...moved, handoff: { ...stamp, grade, slaDueAt } },
        { ...base, type: "hand_off", grade, slaDueAt },
      );
    }
    case "accept":
      return done({ ...moved, response: { ...stamp, decision: "accepted" } }, { ...base, type: "accept" });
    case "reject": {
      const r = validateRejection(command.rejection, config, ctx.facts);
      if (!r.ok) return fail(r.error);
      return done(
        { ...moved, response: { ...stamp, decision: "rejected", rejection: r.rejection } },
        { ...base, type: "reject", rejection: r.rejection },
      );
    }
    case "win": {
      const { amount, currency } = command;
      if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0)
        return fail(
          lifecycleError(
            "lifecycle.bad_amount",
            `a won deal needs a positive amount, got ${JSON.stringify(amount)}`,
            `для выигранной сделки нужна положительная сумма, получено ${JSON.stringify(amount)}`,
            { amount },
          ),
        );
      if (typeof currency !== "string" || !CURRENCY.test(currency))
        return fail(
          lifecycleError(
            "lifecycle.bad_currency",
            `a currency is a three-letter ISO 4217 code such as EUR, USD or RUB, got ${JSON.stringify(currency)}`,
            `валюта — трёхбуквенный код ISO 4217, например EUR, USD или RUB, получено ${JSON.stringify(currency)}`,
            { currency },
          ),
        );
      return done(
        { ...moved, outcome: { ...stamp, result: "won", amount, currency } },
        { ...base, type: "win", amount, currency },
      );
    }
    case "lose": {
      const reason = config.lostReasons.find((r) => r.key === command.reason);
      if (!reason)
        return fail(
          unknownReason(
            "lost",
            command.reason,
            config.lostReasons.map((r) => r.key),
          ),
        );
      const { note } = command;
      if (note !== undefined && (typeof note !== "string" || note.length > MAX_NOTE))
        return fail(
          badCommand(
            "note",
            `text of at most ${MAX_NOTE} characters`,
            `текст не длиннее ${MAX_NOTE} символов`,
          ),
        );
      const loss = {
        reason: reason.key,
        countsAgainst: reason.countsAgainst,
        ...(note === undefined ? {} : { note }),
      };
      return done(
        { ...moved, outcome: { ...stamp, result: "lost", ...loss } },
        { ...base, type: "lose", ...loss },
      );
    }
    case "recycle":
      // A new cycle: marketing owns the lead again and the next hand-off starts a fresh SLA.
      return done(
        { ...moved, cycle: lead.cycle + 1, handoff: null, response: null, opportunity: null, outcome: null },
        { ...base, type: "recycle" },
      );
  }
}
