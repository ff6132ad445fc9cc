import { expect, test } from "vitest";
import type { Role } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

const ev = (quote?: string) => ({
  channel: "call",
  recordedBy: "sasha@example.test",
  recordedAt: "2026-11-27T09:30:00Z",
  ...(quote ? { quote } : {}),
});

describeEachDialect("lead moves and disputes over HTTP", (ctx) => {
  async function setUp() {
    const s = await testServer(ctx.store);
    const move = async (role: Role, id: string, path: string, body?: object) => {
      s.clock.advance(60_000);
      const r = await s.as(role, "POST", `/api/v1/leads/${id}/${path}`, body);
      return { status: r.statusCode, body: r.json() };
    };
    const lead = async (facts: Record<string, unknown>) => {
      const r = await s.as("marketing", "POST", "/api/v1/leads", {
        name: "Olga",
        facts: Object.entries(facts).map(([fact, value]) => ({ fact, value, evidence: ev() })),
      });
      return r.json().leadId as string;
    };
    return { ...s, move, lead };
  }
  const hot = { decision_date: "2027-02-15", stated_interest: true };

  test("the whole path, each refusal with its code and status", async () => {
    const { move, lead, as } = await setUp();
    const id = await lead({});
    expect(await move("marketing", id, "hand-off", {})).toMatchObject({
      status: 422,
      body: { code: "lifecycle.grade_not_allowed", details: { grade: "cold", allowed: ["hot", "warm"] } },
    });
    const nurtured = await move("marketing", id, "nurture");
    expect(nurtured).toMatchObject({
      status: 200,
      body: {
        event: { type: "nurture", from: "captured", to: "nurturing" },
        lead: { id, stage: "nurturing" },
      },
    });
    expect(await move("marketing", id, "nurture")).toMatchObject({
      status: 409,
      body: { code: "lifecycle.illegal_transition", details: { from: "nurturing", allowed: ["hand_off"] } },
    });
    await as("marketing", "POST", `/api/v1/leads/${id}/facts`, {
      facts: [{ fact: "decision_date", value: "2027-02-15", evidence: ev() }],
    });
    const handoff = await move("marketing", id, "hand-off", {});
    expect(handoff.body.event).toMatchObject({
      type: "hand_off",
      grade: "hot",
      actor: { role: "marketing" },
    });
    expect(handoff.body.event.slaDueAt).toBeGreaterThan(0);
    expect(handoff.body.lead.sla.state).toBe("running");
    expect(await move("marketing", id, "accept")).toMatchObject({
      status: 403,
      body: { code: "auth.forbidden" },
    });
    expect(await move("sales", id, "accept", { note: "x" })).toMatchObject({
      status: 400,
      body: { code: "validation.invalid" },
    });
    expect(await move("sales_head", id, "accept")).toMatchObject({
      status: 200,
      body: { lead: { stage: "accepted" } },
    });
    expect(await move("sales", id, "accept")).toMatchObject({
      status: 409,
      body: { code: "lifecycle.illegal_transition" },
    });
    expect((await move("sales", id, "opportunity")).body.lead.stage).toBe("opportunity");
    const wins: [object, number, string][] = [
      [{ amount: -5, currency: "EUR" }, 422, "lifecycle.bad_amount"],
      [{ amount: 1000, currency: "eur" }, 422, "lifecycle.bad_currency"],
      [{ amount: "1000", currency: "EUR" }, 400, "validation.invalid"],
      [{ amount: 1000 }, 400, "validation.invalid"],
    ];
    for (const [body, status, code] of wins) {
      expect(await move("sales", id, "win", body)).toMatchObject({ status, body: { code } });
    }
    const won = await move("sales", id, "win", { amount: 12500, currency: "EUR" });
    expect(won.body).toMatchObject({
      event: { type: "win", amount: 12500, currency: "EUR" },
      lead: { stage: "won", isOpen: false, outcome: { result: "won", amount: 12500, currency: "EUR" } },
    });
    expect(await move("admin", id, "recycle")).toMatchObject({
      status: 409,
      body: { code: "lifecycle.illegal_transition", details: { from: "won", allowed: [] } },
    });
    expect((await move("marketing", "nope", "nurture")).body.code).toBe("lead.not_found");
    expect((await as("marketing", "POST", `/api/v1/leads/${id}/promote`)).json().code).toBe(
      "route.not_found",
    );
  });

  test("rejection needs a fact or a reason code; lost needs a lost reason; recycle starts a new cycle", async () => {
    const { move, lead } = await setUp();
    const id = await lead(hot);
    await move("marketing", id, "hand-off");
    const rejections: [object, number, string][] = [
      [{ note: "bad lead" }, 422, "lifecycle.rejection_needs_reason"],
      [{ reason: "unreachable", fact: "decision_date" }, 422, "lifecycle.rejection_ambiguous"],
      [{ reason: "too_busy" }, 422, "lifecycle.unknown_reason"],
      [{ reason: "unreachable", colour: "red" }, 400, "validation.invalid"],
    ];
    for (const [body, status, code] of rejections) {
      expect(await move("sales", id, "reject", body)).toMatchObject({ status, body: { code } });
    }
    const rejected = await move("sales", id, "reject", {
      fact: "decision_date",
      observedValue: "2027-09-15",
      evidence: ev("We decide in September"),
    });
    expect(rejected.body).toMatchObject({
      event: { type: "reject", rejection: { fact: "decision_date", observedValue: "2027-09-15" } },
      lead: { stage: "rejected", sla: { state: "met" } },
    });
    expect((await move("marketing", id, "recycle")).body.lead.stage).toBe("nurturing");
    await move("marketing", id, "hand-off");
    await move("sales", id, "accept");
    expect(await move("sales", id, "lose", { reason: "bored" })).toMatchObject({
      status: 422,
      body: { code: "lifecycle.unknown_reason" },
    });
    const lost = await move("sales", id, "lose", { reason: "price", note: "Went with the cheaper offer" });
    expect(lost.body).toMatchObject({
      event: { type: "lose", reason: "price", countsAgainst: "deal", note: "Went with the cheaper offer" },
      lead: { stage: "lost", outcome: { result: "lost", reason: "price" } },
    });
    expect((await move("marketing", id, "recycle")).body.lead).toMatchObject({
      stage: "nurturing",
      outcome: null,
    });
  });

  test("disputes: sales opens one on a fact with evidence, marketing resolves it on the evidence", async () => {
    const { as, lead } = await setUp();
    const id = await lead(hot);
    const claim = { fact: "decision_date", claimedValue: "2027-09-15", evidence: ev("September") };
    const bad = await as("sales", "POST", `/api/v1/leads/${id}/disputes`, { ...claim, fact: "budget" });
    expect([bad.statusCode, bad.json().details.problems]).toEqual([
      400,
      [expect.objectContaining({ path: "body.fact" })],
    ]);
    const wrongType = await as("sales", "POST", `/api/v1/leads/${id}/disputes`, {
      ...claim,
      claimedValue: 7,
    });
    expect(wrongType.json().details.problems).toEqual([
      expect.objectContaining({ path: "body.claimedValue" }),
    ]);
    expect((await as("marketing", "POST", `/api/v1/leads/${id}/disputes`, claim)).statusCode).toBe(403);
    const opened = await as("sales", "POST", `/api/v1/leads/${id}/disputes`, claim);
    expect(opened.statusCode).toBe(201);
    const disputeId = opened.json().id;
    expect(opened.json()).toEqual({ id: disputeId, status: "open" });

    const list = (await as("marketing", "GET", "/api/v1/disputes?status=open")).json().items;
    expect(list).toEqual([
      expect.objectContaining({
        id: disputeId,
        leadId: id,
        fact: "decision_date",
        claimedValue: "2027-09-15",
        status: "open",
        openedBy: "user-sales",
        evidence: expect.objectContaining({ quote: "September" }),
      }),
    ]);
    expect((await as("marketing", "GET", "/api/v1/disputes?status=closed")).statusCode).toBe(400);

    const resolve = (role: Role, disputeOrId: string | number, body: object) =>
      as(role, "POST", `/api/v1/disputes/${disputeOrId}/resolve`, body);
    expect((await resolve("sales", disputeId, { decision: "accept" })).statusCode).toBe(403);
    expect((await resolve("marketing", disputeId, { decision: "dismiss" })).json().code).toBe(
      "validation.invalid",
    );
    expect((await resolve("marketing", disputeId, { decision: "accept", note: "a\u0000b" })).statusCode).toBe(
      400,
    );
    const accepted = await resolve("marketing", disputeId, {
      decision: "accept",
      note: "Confirmed by e-mail",
    });
    expect([accepted.statusCode, accepted.json()]).toEqual([200, { status: "accepted", grade: "warm" }]);
    const again = await resolve("marketing", disputeId, { decision: "dismiss", reason: "late" });
    expect([again.statusCode, again.json().code]).toEqual([409, "dispute.closed"]);
    expect((await resolve("marketing", 99999, { decision: "accept" })).json().code).toBe("dispute.not_found");
    const notAnId = await resolve("marketing", "abc", { decision: "accept" });
    expect([notAnId.statusCode, notAnId.json().details.problems[0].path]).toEqual([400, "params.id"]);
    expect((await as("sales", "GET", "/api/v1/disputes")).json().items).toEqual([]);
    expect((await as("sales", "GET", `/api/v1/leads/${id}`)).json().lead.grade).toBe("warm");
  });
});
