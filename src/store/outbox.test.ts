import { describe, expect, test } from "vitest";
import { WEBHOOK_EVENTS } from "../contracts/api-webhooks.js";
import { outboxOfActivation } from "./activations.js";
import { LEAD_EVENT_WEBHOOKS, outboxOfGradeChange, outboxOfLeadEvent } from "./outbox.js";

const event = (type: string, data: object) => ({
  lead_id: "lead-1",
  type,
  actor: "user-1",
  at: 1_800_000_000_000,
  data: JSON.stringify(data),
});
const payloadOf = (type: string, data: object) => {
  const row = outboxOfLeadEvent(event(type, data));
  return row === null ? null : { event: row.event, ...JSON.parse(row.payload) };
};

describe("outbox payloads", () => {
  test("every event the store emits is one a webhook can subscribe to", () => {
    const emitted = [
      ...Object.values(LEAD_EVENT_WEBHOOKS),
      outboxOfGradeChange("l", { from: null, to: "hot", version: 1, cause: "fact" }, 0).event,
      outboxOfActivation({
        version: 2,
        retiredVersion: 1,
        activatedBy: "u",
        jobId: null,
        startedAt: 0,
        finishedAt: 1,
        total: 0,
        done: 0,
        changed: 0,
      }).event,
    ];
    expect([...emitted].sort()).toEqual([...WEBHOOK_EVENTS].sort());
  });

  test("lead events keep ids, stages, codes and amounts; identity, notes, quotes and values stay home", () => {
    const evidence = {
      channel: "call",
      recordedBy: "anna@example.test",
      recordedAt: "2027-01-01",
      quote: "No budget",
    };
    const base = { from: "handed_off", at: 1, role: "sales" };
    expect(
      payloadOf("reject", {
        ...base,
        to: "rejected",
        rejection: { fact: "budget", observedValue: "ACME Ltd owner", evidence, note: "rude" },
      }),
    ).toEqual({
      event: "lead.rejected",
      leadId: "lead-1",
      actor: "user-1",
      from: "handed_off",
      to: "rejected",
      role: "sales",
      rejection: { fact: "budget", channel: "call" },
    });
    expect(
      payloadOf("lose", { ...base, to: "lost", reason: "price", countsAgainst: "sales", note: "x" }),
    ).toEqual({
      event: "lead.lost",
      leadId: "lead-1",
      actor: "user-1",
      from: "handed_off",
      to: "lost",
      role: "sales",
      reason: "price",
      countsAgainst: "sales",
    });
    expect(payloadOf("win", { ...base, to: "won", amount: 1200, currency: "EUR" })).toMatchObject({
      event: "lead.won",
      amount: 1200,
      currency: "EUR",
    });
    expect(
      payloadOf("dispute_opened", { dispute: 7, fact: "budget", claimedValue: "secret", channel: "email" }),
    ).toEqual({
      event: "dispute.opened",
      leadId: "lead-1",
      actor: "user-1",
      dispute: 7,
      fact: "budget",
      channel: "email",
    });
    expect(
      payloadOf("dispute_resolved", { dispute: 7, fact: "budget", status: "dismissed", resolution: "txt" }),
    ).toEqual({
      event: "dispute.resolved",
      leadId: "lead-1",
      actor: "user-1",
      dispute: 7,
      fact: "budget",
      status: "dismissed",
    });
    for (const quiet of ["captured_again", "nurture", "recycle", "open_opportunity", "erased"])
      expect(payloadOf(quiet, { name: "Ivan" }), quiet).toBeNull();
  });
});
