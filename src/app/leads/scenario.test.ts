import { expect, test } from "vitest";
import { type Actor, isAppError } from "../../core/index.js";
import { findSlaBreaches } from "../../store/leads.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { evidence, testApp } from "../testing/app.js";
import { captureLead } from "./capture-lead.js";
import { listOpenDisputes, openDispute, resolveDispute } from "./disputes.js";
import { eraseLead } from "./erase-lead.js";
import { getLead } from "./get-lead.js";
import { moveLead } from "./lifecycle.js";
import { recordFacts } from "./record-facts.js";

const marketer: Actor = { id: "user:mira", role: "marketing" };
const seller: Actor = { id: "user:sasha", role: "sales" };

describeEachDialect("a lead's whole life", (ctx) => {
  test("capture → facts → hot → hand-off → rejection citing a fact → dispute → resolution → regrade → accept → won", async () => {
    // Friday 2026-11-27, 10:00 UTC. Default working hours: Mon–Fri 09:00–18:00 UTC; hot: 4 working hours.
    const { deps, clock } = await testApp(ctx.store);
    const step = (minutes: number) => clock.advance(minutes * 60_000);

    const { leadId, grade: first } = await captureLead(
      deps,
      {
        name: "Olga",
        email: "olga@example.test",
        source: "webinar",
        campaign: "q4-webinar",
        facts: [
          { fact: "contact_channel", value: "form", evidence: evidence("2026-11-27T09:55:00Z", "form") },
        ],
      },
      "form:website",
    );
    expect(first).toBe("cold");

    step(5);
    const facts = await recordFacts(
      deps,
      leadId,
      {
        facts: [
          {
            fact: "stated_interest",
            value: true,
            evidence: { ...evidence("2026-11-27T10:03:00Z"), quote: "We need this for our sales team" },
          },
          {
            fact: "decision_date",
            value: "2027-02-15",
            evidence: { ...evidence("2026-11-27T10:04:00Z"), quote: "We decide by mid-February" },
          },
        ],
      },
      marketer.id,
    );
    expect(facts).toEqual({ leadId, oldGrade: "cold", grade: "hot" });

    // Sales cannot take a lead that was not handed off; marketing hands it off, which starts the clock.
    await expect(moveLead(deps, leadId, { type: "accept" }, seller)).rejects.toSatisfy((e) =>
      isAppError(e, "lifecycle.illegal_transition"),
    );
    step(10);
    const handoff = await moveLead(deps, leadId, { type: "hand_off" }, marketer);
    expect(handoff).toMatchObject({
      type: "hand_off",
      grade: "hot",
      slaDueAt: Date.parse("2026-11-27T14:15:00Z"),
    });

    // A rejection must cite a fact or a reason code: free text alone is refused.
    step(30);
    await expect(
      moveLead(deps, leadId, { type: "reject", rejection: { note: "bad lead" } }, seller),
    ).rejects.toSatisfy((e) => isAppError(e, "lifecycle.rejection_needs_reason"));
    const callEvidence = {
      ...evidence("2026-11-27T10:40:00Z"),
      recordedBy: seller.id,
      quote: "Decision is in September, after the budget cycle",
    };
    await moveLead(
      deps,
      leadId,
      {
        type: "reject",
        rejection: { fact: "decision_date", observedValue: "2027-09-15", evidence: callEvidence },
      },
      seller,
    );

    // The disagreement is about a fact, so it goes to a dispute, resolved on evidence by marketing.
    const disputeId = await openDispute(
      deps,
      leadId,
      { fact: "decision_date", claimedValue: "2027-09-15", evidence: callEvidence },
      seller,
    );
    expect((await listOpenDisputes(deps)).map((d) => d.id)).toEqual([disputeId]);
    await expect(resolveDispute(deps, disputeId, { decision: "accept" }, seller)).rejects.toSatisfy((e) =>
      isAppError(e, "dispute.forbidden"),
    );
    step(60);
    const resolved = await resolveDispute(
      deps,
      disputeId,
      { decision: "accept", note: "Confirmed with the prospect by e-mail" },
      marketer,
    );
    expect(resolved).toEqual({ status: "accepted", grade: "warm" });
    expect(await listOpenDisputes(deps)).toEqual([]);

    // Recycled, handed off again as warm, accepted in time, turned into a deal and won.
    step(5);
    await moveLead(deps, leadId, { type: "recycle" }, marketer);
    await moveLead(deps, leadId, { type: "hand_off" }, marketer);
    step(20);
    await moveLead(deps, leadId, { type: "accept" }, seller);
    step(60 * 24 * 10);
    await moveLead(deps, leadId, { type: "open_opportunity" }, seller);
    await expect(
      moveLead(deps, leadId, { type: "win", amount: -5, currency: "EUR" }, seller),
    ).rejects.toSatisfy((e) => isAppError(e, "lifecycle.bad_amount"));
    step(60 * 24 * 20);
    await moveLead(deps, leadId, { type: "win", amount: 12500, currency: "EUR" }, seller);

    const detail = await getLead(deps, leadId);
    expect(detail.lead).toMatchObject({
      stage: "won",
      grade: "warm",
      outcome_amount: "12500",
      outcome_currency: "EUR",
      is_open: 0,
    });
    expect(detail.facts.find((f) => f.fact === "decision_date")).toMatchObject({
      value: "2027-09-15",
      recordedBy: seller.id,
    });
    const story = detail.history.map((h) =>
      h.kind === "fact"
        ? `fact:${h.data.fact}`
        : h.kind === "grade"
          ? `grade:${h.data.from}→${h.data.to}`
          : h.type,
    );
    expect(story).toEqual([
      "fact:contact_channel",
      "grade:null→cold",
      "captured",
      "fact:stated_interest",
      "fact:decision_date",
      "grade:cold→hot",
      "hand_off",
      "reject",
      "dispute_opened",
      "fact:decision_date",
      "grade:hot→warm",
      "dispute_resolved",
      "recycle",
      "hand_off",
      "accept",
      "open_opportunity",
      "win",
    ]);
    const gradeEvents = detail.history.filter((h) => h.kind === "grade");
    expect(gradeEvents.map((h) => h.data.cause)).toEqual(["capture", "fact", "dispute"]);
    expect(gradeEvents.every((h) => h.data.version === 1)).toBe(true);
    const reject = detail.history.find((h) => h.type === "reject");
    expect(reject).toMatchObject({
      actor: seller.id,
      data: { rejection: { fact: "decision_date", observedValue: "2027-09-15" } },
    });
  });

  test("an unanswered hot hand-off is listed as an SLA breach after 4 working hours", async () => {
    const { deps, clock } = await testApp(ctx.store, "2026-11-27T16:00:00Z"); // Friday, 2 hours before closing
    const { leadId } = await captureLead(
      deps,
      {
        email: "late@example.test",
        facts: [{ fact: "decision_date", value: "2027-01-10", evidence: evidence("2026-11-27T15:59:00Z") }],
      },
      "api",
    );
    await moveLead(deps, leadId, { type: "hand_off" }, marketer);
    clock.set("2026-11-30T10:59:00Z"); // Monday: 2 h on Friday + 1 h 59 min today
    expect(await findSlaBreaches(ctx.store.db, clock.now())).toEqual([]);
    clock.set("2026-11-30T11:01:00Z");
    expect((await findSlaBreaches(ctx.store.db, clock.now())).map((l) => l.id)).toEqual([leadId]);
    await moveLead(deps, leadId, { type: "accept" }, seller);
    expect((await findSlaBreaches(ctx.store.db, clock.now())).map((l) => l.id)).toEqual([leadId]); // answered, but late
  });

  test("a dispute still open when its lead is erased cannot be resolved: the lead is gone", async () => {
    const { deps } = await testApp(ctx.store);
    const at = "2026-11-27T09:55:00Z";
    const { leadId } = await captureLead(
      deps,
      {
        email: "erase-me@example.test",
        facts: [{ fact: "decision_date", value: "2027-03-01", evidence: evidence(at) }],
      },
      "form:website",
    );
    const disputeId = await openDispute(
      deps,
      leadId,
      { fact: "decision_date", claimedValue: "2027-09-15", evidence: evidence(at) },
      seller,
    );
    await eraseLead(deps, leadId, { reference: "DSR-9" }, "user:admin");
    await expect(resolveDispute(deps, disputeId, { decision: "accept" }, marketer)).rejects.toSatisfy((e) =>
      isAppError(e, "lead.not_found"),
    );
  });
});
