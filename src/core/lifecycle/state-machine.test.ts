import { describe, expect, test } from "vitest";
import { resolveLifecycleConfig } from "./config.js";
import { COMMANDS, type CommandType, newLead, ROLES, type Role, STAGES, type Stage } from "./model.js";
import { legalCommands } from "./rules.js";
import { transition } from "./state-machine.js";
import {
  actor,
  at,
  CONFIG,
  ctx,
  expectError,
  expectOk,
  FACTS,
  FRIDAY_5PM,
  leadIn,
  VALID,
} from "./testing/fixtures.js";

/** The whole machine, written out independently of `TRANSITIONS`: stage → command → next stage. */
const EXPECTED: Record<Stage, Partial<Record<CommandType, Stage>>> = {
  captured: { nurture: "nurturing", hand_off: "handed_off" },
  nurturing: { hand_off: "handed_off" },
  handed_off: { accept: "accepted", reject: "rejected" },
  accepted: { open_opportunity: "opportunity", lose: "lost" },
  rejected: { recycle: "nurturing" },
  opportunity: { win: "won", lose: "lost" },
  won: {},
  lost: { recycle: "nurturing" },
};

const PAIRS = STAGES.flatMap((stage) => COMMANDS.map((command) => [stage, command] as const));

describe("transitions", () => {
  test("there are exactly 11 legal moves", () => {
    expect(PAIRS.filter(([s, c]) => EXPECTED[s][c] !== undefined)).toHaveLength(11);
  });

  test.each(PAIRS)("%s + %s", (stage, command) => {
    const { lead, now } = leadIn(stage);
    const r = transition(lead, VALID[command], ctx("admin", now + 60_000));
    const to = EXPECTED[stage][command];
    if (to === undefined) {
      const error = expectError(r);
      expect(error.code).toBe("lifecycle.illegal_transition");
      expect(error.details).toEqual({
        from: stage,
        command,
        allowed: COMMANDS.filter((c) => EXPECTED[stage][c] !== undefined),
      });
      expect(error.message.ru).toMatch(/нельзя/);
    } else {
      const { state, event } = expectOk(r);
      expect(state.stage).toBe(to);
      expect(state.since).toBe(now + 60_000);
      expect(event).toMatchObject({
        type: command,
        from: stage,
        to,
        at: now + 60_000,
        actor: actor("admin"),
      });
    }
  });

  test("legalCommands lists the same moves", () => {
    for (const s of STAGES)
      expect(legalCommands(s)).toEqual(COMMANDS.filter((c) => EXPECTED[s][c] !== undefined));
  });

  test("a won lead is final, and says so", () => {
    const { lead, now } = leadIn("won");
    const error = expectError(transition(lead, VALID.recycle, ctx("admin", now)));
    expect(error.message.en).toContain("this stage is final");
  });

  test("a transition never changes the lead it is given", () => {
    const { lead, now } = leadIn("handed_off");
    const copy = structuredClone(lead);
    expectOk(transition(lead, VALID.accept, ctx("sales", now)));
    expect(lead).toEqual(copy);
  });

  test("the whole path records who did what and when", () => {
    let lead = newLead(FRIDAY_5PM, "hot", ["decision_date"]);
    const step = (type: CommandType, role: Role, minutes: number) => {
      lead = expectOk(transition(lead, VALID[type], ctx(role, FRIDAY_5PM + minutes * 60_000))).state;
    };
    step("nurture", "marketing", 1);
    step("hand_off", "marketing_head", 2);
    step("accept", "sales", 30);
    step("open_opportunity", "sales", 60);
    step("win", "sales_head", 90);
    expect(lead).toEqual({
      stage: "won",
      since: FRIDAY_5PM + 90 * 60_000,
      grade: "hot",
      knownFacts: ["decision_date"],
      cycle: 0,
      handoff: {
        at: FRIDAY_5PM + 2 * 60_000,
        by: "marketing_head@acme.example",
        grade: "hot",
        slaDueAt: at("2026-11-30T12:02+03:00"),
      },
      response: { at: FRIDAY_5PM + 30 * 60_000, by: "sales@acme.example", decision: "accepted" },
      opportunity: { at: FRIDAY_5PM + 60 * 60_000, by: "sales@acme.example" },
      outcome: {
        at: FRIDAY_5PM + 90 * 60_000,
        by: "sales_head@acme.example",
        result: "won",
        amount: 12_500,
        currency: "EUR",
      },
    });
  });
});

describe("hand-off", () => {
  const nurtured = (grade: string | null, known: string[]) => ({
    ...leadIn("nurturing", FRIDAY_5PM - 600_000).lead,
    grade,
    knownFacts: known,
  });
  const handOff = (lead: ReturnType<typeof nurtured>, now = FRIDAY_5PM + 3_600_000, config = CONFIG) =>
    transition(lead, VALID.hand_off, { ...ctx("marketing", now), config });

  test.each([["cold"], [null]])("a lead graded %s may not be handed off", (grade) => {
    const error = expectError(handOff(nurtured(grade, ["decision_date"])));
    expect(error.code).toBe("lifecycle.grade_not_allowed");
    expect(error.details).toEqual({ grade, allowed: ["hot", "warm"] });
  });

  test("required facts must be known", () => {
    const error = expectError(handOff(nurtured("warm", ["stated_interest"])));
    expect(error.code).toBe("lifecycle.missing_facts");
    expect(error.details).toEqual({ facts: ["decision_date"] });
    expect(error.message.ru).toContain("decision_date");
  });

  test("records who, when, the grade, and the SLA due time from the grade's service level", () => {
    const { state, event } = expectOk(handOff(nurtured("hot", ["decision_date"]), FRIDAY_5PM));
    const due = at("2026-11-30T12:00+03:00");
    expect(state.handoff).toEqual({
      at: FRIDAY_5PM,
      by: "marketing@acme.example",
      grade: "hot",
      slaDueAt: due,
    });
    expect(event).toMatchObject({ type: "hand_off", grade: "hot", slaDueAt: due });
  });

  test("a grade without a service level is handed off with no deadline", () => {
    const { state } = expectOk(handOff(nurtured("warm", ["decision_date"])));
    expect(state.handoff?.slaDueAt).toBeNull();
  });

  test("calendar service levels ignore working hours", () => {
    const config = resolveLifecycleConfig({ service_levels: [{ grade: "warm", respond_within: "2 days" }] });
    const { state } = expectOk(handOff(nurtured("warm", []), FRIDAY_5PM, config));
    expect(state.handoff?.slaDueAt).toBe(at("2026-11-29T17:00+03:00"));
  });
});

describe("recycle", () => {
  test.each([["rejected"], ["lost"]] as const)("a %s lead goes back to marketing as a new cycle", (stage) => {
    const { lead, now } = leadIn(stage);
    const { state, event } = expectOk(transition(lead, VALID.recycle, ctx("marketing", now + 1)));
    expect(state).toEqual({
      ...lead,
      stage: "nurturing",
      since: now + 1,
      cycle: 1,
      handoff: null,
      response: null,
      opportunity: null,
      outcome: null,
    });
    expect(event).toMatchObject({ type: "recycle", from: stage, to: "nurturing" });
    const again = expectOk(transition(state, VALID.hand_off, ctx("marketing", at("2026-12-01T10:00+03:00"))));
    expect(again.state.handoff?.slaDueAt).toBe(at("2026-12-01T14:00+03:00"));
  });
});

describe("malformed commands and times", () => {
  test.each([
    ["an unknown command", { type: "promote" }, "sales", "lifecycle.bad_command"],
    ["no command at all", null, "sales", "lifecycle.bad_command"],
    ["an anonymous actor", VALID.accept, "", "lifecycle.bad_command"],
  ])("%s", (_, command, id, code) => {
    const { lead, now } = leadIn("handed_off");
    const r = transition(lead, command as never, { ...ctx("sales", now), actor: { id, role: "sales" } });
    expect(expectError(r).code).toBe(code);
  });

  test.each([[-1], [Number.NaN]])("a command at %s relative to the stage's start is refused", (delta) => {
    const { lead, now } = leadIn("handed_off");
    const error = expectError(transition(lead, VALID.accept, ctx("sales", now + delta)));
    expect(error.code).toBe("lifecycle.bad_time");
  });

  test("every refusal is worded in English and Russian", () => {
    const { lead, now } = leadIn("handed_off");
    for (const c of COMMANDS) {
      for (const role of [...ROLES, "viewer"]) {
        const r = transition(
          lead,
          { ...VALID[c], rejection: {}, amount: 0, reason: "?" } as never,
          ctx(role, now),
        );
        if (r.ok) continue;
        expect(r.error.message.en).toMatch(/[a-z]{3}/);
        expect(r.error.message.ru).toMatch(/[а-я]{3}/);
      }
    }
    expect(FACTS.size).toBeGreaterThan(0);
  });
});
