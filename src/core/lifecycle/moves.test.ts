import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { COMMANDS, type LeadState, ROLES, STAGES } from "./model.js";
import { allowedActions, allowedCommands, mayTakeAction, moveRefusal } from "./moves.js";
import { transition } from "./state-machine.js";
import { CONFIG, ctx, FACTS, leadIn, VALID } from "./testing/fixtures.js";

const GRADES = ["hot", "warm", "cold", null] as const;
const KNOWN = [[], ["decision_date"], ["stated_interest"], ["decision_date", "stated_interest"]] as const;

describe("one rule lists the moves and refuses them", () => {
  test("property: a move is listed exactly when transition accepts it with a valid body", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        fc.constantFrom(...ROLES, "intern"),
        fc.constantFrom(...GRADES),
        fc.constantFrom(...KNOWN),
        (stage, role, grade, knownFacts) => {
          const { lead: walked, now } = leadIn(stage);
          const lead: LeadState = { ...walked, grade, knownFacts };
          const listed = allowedCommands(lead, role, CONFIG, FACTS);
          for (const c of COMMANDS) {
            const r = transition(lead, VALID[c], ctx(role, now + 60_000));
            expect(r.ok, `${stage} ${role} ${grade} ${knownFacts.join("+")} ${c}`).toBe(listed.includes(c));
            if (!r.ok) expect(r.error).toEqual(moveRefusal(lead, c, role, CONFIG, FACTS));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test("the issue's case: a Cold lead offers marketing no hand-off, and the hand-off is refused", () => {
    const { lead } = leadIn("captured");
    const cold = { ...lead, grade: "cold" };
    expect(allowedCommands(cold, "marketing", CONFIG, FACTS)).toEqual(["nurture"]);
    expect(moveRefusal(cold, "hand_off", "marketing", CONFIG, FACTS)?.code).toBe(
      "lifecycle.grade_not_allowed",
    );
    const hotWithoutDate = { ...lead, grade: "hot", knownFacts: ["stated_interest"] };
    expect(allowedCommands(hotWithoutDate, "marketing", CONFIG, FACTS)).toEqual(["nurture"]);
    expect(moveRefusal(hotWithoutDate, "hand_off", "marketing", CONFIG, FACTS)?.code).toBe(
      "lifecycle.missing_facts",
    );
    expect(allowedCommands(lead, "marketing", CONFIG, FACTS)).toEqual(["nurture", "hand_off"]);
  });

  test("nothing to cite, no rejection offered", () => {
    const { lead } = leadIn("handed_off");
    const bare = { ...CONFIG, rejectionReasons: [] };
    expect(allowedCommands(lead, "sales", bare, new Map())).toEqual(["accept"]);
    expect(allowedCommands(lead, "sales", bare, FACTS)).toEqual(["accept", "reject"]);
  });
});

describe("actions beside moves", () => {
  test("marketing records facts and resolves; sales disputes; the admin both; erased takes nothing", () => {
    const open = { erased: false, openDisputes: 1 };
    expect(allowedActions("marketing", open)).toEqual(["record_facts", "resolve_dispute"]);
    expect(allowedActions("sales_head", open)).toEqual(["open_dispute"]);
    expect(allowedActions("admin", open)).toEqual(["record_facts", "open_dispute", "resolve_dispute"]);
    expect(allowedActions("marketing_head", { erased: false, openDisputes: 0 })).toEqual(["record_facts"]);
    expect(allowedActions("admin", { erased: true, openDisputes: 3 })).toEqual([]);
    expect(mayTakeAction("intern", "record_facts", open)).toBe(false);
  });
});
