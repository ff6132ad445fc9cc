import { describe, expect, test } from "vitest";
import type { LifecycleCommand, RejectionInput } from "./model.js";
import { transition } from "./state-machine.js";
import { CONFIG, ctx, EVIDENCE, expectError, expectOk, leadIn } from "./testing/fixtures.js";

const reject = (rejection: unknown) => {
  const { lead, now } = leadIn("handed_off");
  return transition(lead, { type: "reject", rejection: rejection as RejectionInput }, ctx("sales", now));
};

describe("rejections name a fact or a reason code", () => {
  test.each<[string, unknown, string]>([
    ["free text only", { note: "the lead is rubbish" }, "lifecycle.rejection_needs_reason"],
    ["nothing", {}, "lifecycle.rejection_needs_reason"],
    ["a bare string", "bad lead", "lifecycle.rejection_needs_reason"],
    ["no rejection object", undefined, "lifecycle.rejection_needs_reason"],
    [
      "both a fact and a reason",
      { fact: "decision_date", reason: "duplicate" },
      "lifecycle.rejection_ambiguous",
    ],
    ["an unknown reason code", { reason: "bad_vibes" }, "lifecycle.unknown_reason"],
    ["a reason that is not text", { reason: 7 }, "lifecycle.unknown_reason"],
    ["a lost reason used as a rejection reason", { reason: "price" }, "lifecycle.unknown_reason"],
    [
      "a reason with evidence meant for a fact",
      { reason: "duplicate", evidence: EVIDENCE },
      "lifecycle.bad_command",
    ],
    ["a note that is not text", { reason: "duplicate", note: 5 }, "lifecycle.bad_command"],
    ["a note that is too long", { reason: "duplicate", note: "x".repeat(4001) }, "lifecycle.bad_command"],
    ["an unknown fact", { fact: "budget", observedValue: 0, evidence: EVIDENCE }, "lifecycle.unknown_fact"],
    [
      "a fact without the observed value",
      { fact: "decision_date", evidence: EVIDENCE },
      "lifecycle.bad_observed_value",
    ],
    [
      "an observed value of the wrong type",
      { fact: "decision_date", observedValue: "next spring", evidence: EVIDENCE },
      "lifecycle.bad_observed_value",
    ],
    [
      "an option the fact does not have",
      { fact: "contact_channel", observedValue: "pigeon", evidence: EVIDENCE },
      "lifecycle.bad_observed_value",
    ],
    ["a fact without evidence", { fact: "decision_date", observedValue: null }, "lifecycle.bad_evidence"],
    [
      "evidence without its time",
      { fact: "decision_date", observedValue: null, evidence: { channel: "call", recordedBy: "x" } },
      "lifecycle.bad_evidence",
    ],
  ])("%s is refused", (_, rejection, code) => {
    expect(expectError(reject(rejection)).code).toBe(code);
  });

  test("the free-text refusal lists the reason codes to choose from", () => {
    const error = expectError(reject({ note: "no" }));
    expect(error.details).toEqual({ reasons: CONFIG.rejectionReasons.map((r) => r.key) });
    expect(error.message.ru).toContain("одного комментария недостаточно");
  });

  test("bad evidence names the missing fields", () => {
    const error = expectError(
      reject({ fact: "decision_date", observedValue: null, evidence: { channel: "call" } }),
    );
    expect((error.details.issues as { path: string }[]).map((i) => i.path)).toEqual([
      "recordedBy",
      "recordedAt",
    ]);
  });

  test("a reason code with a note", () => {
    const { state, event } = expectOk(reject({ reason: "existing_customer", note: "signed last year" }));
    const rejection = { reason: "existing_customer", note: "signed last year" };
    expect(state.response).toMatchObject({ decision: "rejected", by: "sales@acme.example", rejection });
    expect(event).toMatchObject({ type: "reject", rejection });
  });

  test("a wrong fact with the observed value and evidence", () => {
    const input = { fact: "decision_date", observedValue: "2028-01-15", evidence: EVIDENCE };
    const { state } = expectOk(reject(input));
    expect(state.response).toMatchObject({ decision: "rejected", rejection: input });
  });

  test("sales may observe that a recorded fact is in fact unknown", () => {
    const { state } = expectOk(reject({ fact: "decision_date", observedValue: null, evidence: EVIDENCE }));
    expect(state.response).toMatchObject({ rejection: { fact: "decision_date", observedValue: null } });
  });
});

describe("closing deals", () => {
  const close = (command: LifecycleCommand, from: "opportunity" | "accepted" = "opportunity") => {
    const { lead, now } = leadIn(from);
    return transition(lead, command, ctx("sales", now));
  };

  test.each([[0], [-100], [Number.NaN], [Number.POSITIVE_INFINITY], ["100"], [undefined]])(
    "amount %s is refused",
    (amount) => {
      const error = expectError(close({ type: "win", amount: amount as number, currency: "EUR" }));
      expect(error.code).toBe("lifecycle.bad_amount");
      expect(error.details).toEqual({ amount });
    },
  );

  test.each([["eur"], ["EURO"], ["E1R"], [""], [978], [undefined]])("currency %j is refused", (currency) => {
    const error = expectError(close({ type: "win", amount: 10, currency: currency as string }));
    expect(error.code).toBe("lifecycle.bad_currency");
  });

  test("a win records amount and currency", () => {
    const { state, event } = expectOk(close({ type: "win", amount: 0.5, currency: "RUB" }));
    expect(state.outcome).toMatchObject({ result: "won", amount: 0.5, currency: "RUB" });
    expect(event).toMatchObject({ type: "win", amount: 0.5, currency: "RUB" });
  });

  test.each([["bad_vibes"], [""], [undefined], ["wrong_contact"]])("lost reason %j is refused", (reason) => {
    const error = expectError(close({ type: "lose", reason: reason as string }));
    expect(error.code).toBe("lifecycle.unknown_reason");
    expect(error.details).toEqual({ reason, allowed: CONFIG.lostReasons.map((r) => r.key) });
  });

  test.each([
    ["price", "deal"],
    ["competitor", "deal"],
    ["timing", "deal"],
    ["no_real_need", "lead_quality"],
    ["not_decision_maker", "lead_quality"],
  ])("losing for %s counts against %s", (reason, countsAgainst) => {
    const { state, event } = expectOk(close({ type: "lose", reason }));
    expect(state.outcome).toMatchObject({ result: "lost", reason, countsAgainst });
    expect(event).toMatchObject({ type: "lose", reason, countsAgainst });
    expect(state.outcome).not.toHaveProperty("note");
  });

  test("a lost deal keeps its note; an oversized note is refused", () => {
    const { state } = expectOk(close({ type: "lose", reason: "timing", note: "budget frozen until Q3" }));
    expect(state.outcome).toMatchObject({ note: "budget frozen until Q3" });
    const error = expectError(close({ type: "lose", reason: "timing", note: "x".repeat(4001) }));
    expect(error.code).toBe("lifecycle.bad_command");
  });

  test("a deal can die before it becomes an opportunity", () => {
    const { state } = expectOk(close({ type: "lose", reason: "no_budget" }, "accepted"));
    expect(state).toMatchObject({
      stage: "lost",
      opportunity: null,
      outcome: { countsAgainst: "lead_quality" },
    });
  });
});
