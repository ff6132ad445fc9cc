import { describe, expect, test } from "vitest";
import type { LeadState } from "./model.js";
import { listBreaches, slaStatus } from "./sla.js";
import { transition } from "./state-machine.js";
import { at, ctx, expectOk, FRIDAY_5PM, leadIn, VALID } from "./testing/fixtures.js";

// Handed off at Friday 17:00 Moscow time as hot (4 working hours): due Monday 12:00.
const { lead: handed, now: handedAt } = leadIn("handed_off", FRIDAY_5PM - 2 * 60_000);
const DUE = at("2026-11-30T12:00+03:00");

const answer = (when: number, type: "accept" | "reject" = "accept") =>
  expectOk(transition(handed, VALID[type], ctx("sales", when))).state;

describe("slaStatus", () => {
  test("the fixture is handed off at Friday 17:00 and due Monday 12:00", () => {
    expect(handedAt).toBe(FRIDAY_5PM);
    expect(handed.handoff?.slaDueAt).toBe(DUE);
  });

  test.each([
    ["captured", leadIn("captured").lead],
    ["nurturing", leadIn("nurturing").lead],
  ])("a %s lead has no SLA", (_, lead) => {
    expect(slaStatus(lead, DUE + 1)).toEqual({ state: "none" });
  });

  test("a grade without a service level has no SLA", () => {
    const handoff = { at: FRIDAY_5PM, by: "m", grade: "warm", slaDueAt: null };
    const warm: LeadState = { ...handed, handoff };
    expect(slaStatus(warm, DUE + 1)).toEqual({ state: "none" });
  });

  test.each([
    ["just handed off", FRIDAY_5PM, { state: "running", due: DUE, remaining: DUE - FRIDAY_5PM }],
    [
      "over the weekend",
      at("2026-11-29T12:00+03:00"),
      { state: "running", due: DUE, remaining: DUE - at("2026-11-29T12:00+03:00") },
    ],
    ["exactly at due", DUE, { state: "running", due: DUE, remaining: 0 }],
    ["a millisecond late", DUE + 1, { state: "breached", due: DUE, overdueBy: 1 }],
    ["a day late", DUE + 86_400_000, { state: "breached", due: DUE, overdueBy: 86_400_000 }],
  ])("unanswered, %s", (_, now, expected) => {
    expect(slaStatus(handed, now)).toEqual(expected);
  });

  test.each([
    ["accepted early", at("2026-11-30T09:30+03:00"), "accept", "met"],
    ["rejected early", at("2026-11-30T09:30+03:00"), "reject", "met"],
    ["accepted exactly at due", DUE, "accept", "met"],
    ["accepted late", DUE + 60_000, "accept", "breached"],
    ["rejected late", DUE + 60_000, "reject", "breached"],
  ] as const)("%s", (_, when, type, state) => {
    const lead = answer(when, type);
    const later = DUE + 7 * 86_400_000;
    const expected =
      state === "met"
        ? { state, due: DUE, respondedAt: when }
        : { state, due: DUE, respondedAt: when, overdueBy: when - DUE };
    expect(slaStatus(lead, later)).toEqual(expected);
  });

  test("the status is as of `now`: a hand-off or an answer after it is not seen yet", () => {
    expect(slaStatus(handed, FRIDAY_5PM - 1)).toEqual({ state: "none" });
    const late = answer(DUE + 60_000);
    expect(slaStatus(late, DUE)).toEqual({ state: "running", due: DUE, remaining: 0 });
    expect(slaStatus(late, DUE + 30_000)).toEqual({ state: "breached", due: DUE, overdueBy: 30_000 });
  });

  test("the status survives the later stages, and a recycle starts afresh", () => {
    const accepted = answer(DUE - 1);
    const opp = expectOk(transition(accepted, VALID.open_opportunity, ctx("sales", DUE + 10))).state;
    const lost = expectOk(transition(opp, VALID.lose, ctx("sales", DUE + 20))).state;
    expect(slaStatus(lost, DUE + 30)).toMatchObject({ state: "met" });
    const recycled = expectOk(transition(lost, VALID.recycle, ctx("marketing", DUE + 40))).state;
    expect(slaStatus(recycled, DUE + 50)).toEqual({ state: "none" });
  });
});

describe("listBreaches", () => {
  test("open breaches first, then the most overdue; met, running and none are left out", () => {
    const now = DUE + 3 * 3_600_000;
    const leads = [
      { id: "met", ...answer(DUE - 5) },
      { id: "late-1h", ...answer(DUE + 3_600_000) },
      { id: "open", ...handed },
      { id: "late-2h", ...answer(DUE + 2 * 3_600_000) },
      { id: "none", ...leadIn("nurturing").lead },
    ];
    const breaches = listBreaches(leads, now);
    expect(breaches.map((b) => [b.lead.id, b.open, b.overdueBy])).toEqual([
      ["open", true, 3 * 3_600_000],
      ["late-2h", false, 2 * 3_600_000],
      ["late-1h", false, 3_600_000],
    ]);
    expect(breaches[0]?.due).toBe(DUE);
    // As of the due time nobody is late yet: answers given after `now` are not seen.
    expect(listBreaches(leads, DUE)).toEqual([]);
  });
});
