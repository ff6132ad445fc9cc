import { expect, test } from "vitest";
import { ROLES, type Role, STAGES, type Stage } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

/**
 * The lead page's promise: every move and action the detail lists succeeds when taken through the
 * real route, and every one it leaves out is refused — for each stage × role × grade.
 */

const ev = (quote?: string) => ({
  channel: "call",
  recordedBy: "sasha@example.test",
  recordedAt: "2026-11-27T09:30:00Z",
  ...(quote ? { quote } : {}),
});

const MOVE_PATHS = ["nurture", "hand-off", "accept", "reject", "opportunity", "win", "lose", "recycle"];
const BODIES: Record<string, object> = {
  reject: { reason: "unreachable" },
  win: { amount: 1000, currency: "EUR" },
  lose: { reason: "price" },
};
/** The way to each stage; the lead is hot on the way, then its facts make it the wanted grade. */
const PATHS: Record<Stage, [Role, string][]> = {
  captured: [],
  nurturing: [["marketing", "nurture"]],
  handed_off: [["marketing", "hand-off"]],
  accepted: [
    ["marketing", "hand-off"],
    ["sales", "accept"],
  ],
  rejected: [
    ["marketing", "hand-off"],
    ["sales", "reject"],
  ],
  opportunity: [
    ["marketing", "hand-off"],
    ["sales", "accept"],
    ["sales", "opportunity"],
  ],
  won: [
    ["marketing", "hand-off"],
    ["sales", "accept"],
    ["sales", "opportunity"],
    ["sales", "win"],
  ],
  lost: [
    ["marketing", "hand-off"],
    ["sales", "accept"],
    ["sales", "lose"],
  ],
};
const GRADE_FACTS = {
  hot: { decision_date: "2027-02-15", stated_interest: true },
  warm: { decision_date: null, stated_interest: true },
  cold: { decision_date: null, stated_interest: false },
} as const;
type Grade = keyof typeof GRADE_FACTS;

const observations = (facts: Record<string, unknown>) =>
  Object.entries(facts).map(([fact, value]) => ({ fact, value, evidence: ev() }));

describeEachDialect("the lead page lists exactly what succeeds", (ctx) => {
  async function setUp() {
    const s = await testServer(ctx.store);
    const call = async (role: Role, method: "GET" | "POST", url: string, body?: object) => {
      s.clock.advance(60_000);
      const r = await s.as(role, method, url, body);
      return { status: r.statusCode, body: r.json() };
    };
    const leadAt = async (stage: Stage, grade: Grade) => {
      const created = await call("marketing", "POST", "/api/v1/leads", {
        name: `${stage} ${grade}`,
        facts: observations(GRADE_FACTS.hot),
      });
      const id = created.body.leadId as string;
      for (const [role, path] of PATHS[stage]) {
        const r = await call(role, "POST", `/api/v1/leads/${id}/${path}`, BODIES[path] ?? {});
        if (r.status !== 200) throw new Error(`set-up ${path}: ${JSON.stringify(r.body)}`);
      }
      if (grade !== "hot") {
        const r = await call("marketing", "POST", `/api/v1/leads/${id}/facts`, {
          facts: observations(GRADE_FACTS[grade]),
        });
        if (r.body.grade !== grade) throw new Error(`set-up grade: ${JSON.stringify(r.body)}`);
      }
      return id;
    };
    const detail = async (role: Role, id: string) => (await call(role, "GET", `/api/v1/leads/${id}`)).body;
    return { ...s, call, leadAt, detail };
  }

  test.each(STAGES)(
    "%s: every stage × role × grade",
    async (stage) => {
      const { call, leadAt, detail } = await setUp();
      for (const grade of ["hot", "warm", "cold"] as const) {
        const id = await leadAt(stage, grade);
        const listed = new Map<Role, { moves: string[]; actions: string[] }>();
        for (const role of ROLES) {
          const d = await detail(role, id);
          expect(d.lead.stage).toBe(stage);
          expect(d.lead.grade).toBe(grade);
          listed.set(role, { moves: d.availableMoves, actions: d.availableActions });
          // Left out: refused, and nothing changes.
          for (const path of MOVE_PATHS.filter((p) => !d.availableMoves.includes(p))) {
            const r = await call(role, "POST", `/api/v1/leads/${id}/${path}`, BODIES[path] ?? {});
            expect([r.status, `${stage} ${grade} ${role} ${path}`]).toEqual([
              expect.toSatisfy((s: number) => s >= 400 && s < 500),
              `${stage} ${grade} ${role} ${path}`,
            ]);
          }
          if (!d.availableActions.includes("record_facts"))
            expect(
              (await call(role, "POST", `/api/v1/leads/${id}/facts`, { facts: observations({ notes: "x" }) }))
                .status,
            ).toBe(403);
          if (!d.availableActions.includes("open_dispute")) {
            const claim = { fact: "decision_date", claimedValue: "2027-09-15", evidence: ev("September") };
            expect((await call(role, "POST", `/api/v1/leads/${id}/disputes`, claim)).status).toBe(403);
          }
          expect(d.availableActions).not.toContain("resolve_dispute");
        }
        expect((await detail("sales", id)).lead.stage).toBe(stage);
        // Listed: each one succeeds, on a lead of its own in the same state.
        for (const [role, { moves, actions }] of listed) {
          for (const path of moves) {
            const fresh = await leadAt(stage, grade);
            const r = await call(role, "POST", `/api/v1/leads/${fresh}/${path}`, BODIES[path] ?? {});
            expect([r.status, `${stage} ${grade} ${role} ${path}`, r.body.code]).toEqual([
              200,
              `${stage} ${grade} ${role} ${path}`,
              undefined,
            ]);
          }
          if (actions.includes("record_facts"))
            expect(
              (
                await call(role, "POST", `/api/v1/leads/${id}/facts`, {
                  facts: observations({ notes: role }),
                })
              ).status,
            ).toBe(200);
          if (actions.includes("open_dispute")) {
            const claim = { fact: "stated_interest", claimedValue: true, evidence: ev("Yes") };
            expect((await call(role, "POST", `/api/v1/leads/${id}/disputes`, claim)).status).toBe(201);
          }
        }
      }
    },
    120_000,
  );

  test("a Cold lead offers no hand-off (the issue's case), and the refusal says why", async () => {
    const { call, leadAt, detail } = await setUp();
    const id = await leadAt("captured", "cold");
    expect((await detail("marketing", id)).availableMoves).toEqual(["nurture"]);
    expect(await call("marketing", "POST", `/api/v1/leads/${id}/hand-off`, {})).toMatchObject({
      status: 422,
      body: { code: "lifecycle.grade_not_allowed" },
    });
  });

  test("resolve is offered to marketing while a dispute is open, and only then", async () => {
    const { call, leadAt, detail } = await setUp();
    const id = await leadAt("rejected", "hot");
    const claim = { fact: "decision_date", claimedValue: "2027-09-15", evidence: ev("September") };
    const openOne = async () =>
      (await call("sales", "POST", `/api/v1/leads/${id}/disputes`, claim)).body.id as number;
    let dispute = await openOne();
    for (const role of ROLES) {
      const d = await detail(role, id);
      expect(d.disputes.at(-1)).toMatchObject({ id: dispute, status: "open", fact: "decision_date" });
      const r = await call(role, "POST", `/api/v1/disputes/${dispute}/resolve`, {
        decision: "dismiss",
        reason: "the call notes say March",
      });
      if (d.availableActions.includes("resolve_dispute")) {
        expect([role, r.status]).toEqual([role, 200]);
        expect((await detail(role, id)).availableActions).not.toContain("resolve_dispute");
        dispute = await openOne();
      } else expect([role, r.status]).toEqual([role, 403]);
    }
  });

  test("a lost lead beside another open lead of the same person offers no recycle", async () => {
    const { call, detail } = await setUp();
    const capture = async () =>
      (
        await call("marketing", "POST", "/api/v1/leads", {
          name: "Olga",
          email: "olga@example.test",
          facts: observations(GRADE_FACTS.hot),
        })
      ).body.leadId as string;
    const id = await capture();
    for (const [role, path] of PATHS.lost)
      await call(role, "POST", `/api/v1/leads/${id}/${path}`, BODIES[path] ?? {});
    expect((await detail("marketing", id)).availableMoves).toEqual(["recycle"]);
    const other = await capture();
    expect(other).not.toBe(id);
    expect((await detail("marketing", id)).availableMoves).toEqual([]);
    expect(await call("marketing", "POST", `/api/v1/leads/${id}/recycle`, {})).toMatchObject({
      status: 409,
      body: { code: "lead.duplicate_open" },
    });
  });

  test("an erased lead offers nothing", async () => {
    const { call, leadAt, detail } = await setUp();
    const id = await leadAt("captured", "hot");
    expect((await detail("marketing", id)).whatIf).toEqual([]);
    await call("admin", "POST", `/api/v1/leads/${id}/erase`, { reference: "GDPR-1" });
    for (const role of ROLES) {
      const d = await detail(role, id);
      expect([d.availableMoves, d.availableActions]).toEqual([[], []]);
    }
    expect((await call("admin", "POST", `/api/v1/leads/${id}/nurture`, {})).status).toBe(404);
  });

  test("the detail says what would change the grade and what to ask next", async () => {
    const { call, detail } = await setUp();
    const id = (await call("marketing", "POST", "/api/v1/leads", { name: "Ivan", facts: [] })).body
      .leadId as string;
    const d = await detail("sales", id);
    expect(d.whatIf.map((w: { grade: string }) => w.grade)).toEqual(["hot", "warm"]);
    expect(d.whatIf[0].text.en).toBe("Decision date within the next 6 months makes this lead Hot");
    expect(d.askNext.map((a: { fact: string }) => a.fact)).toEqual(["decision_date", "stated_interest"]);
    expect(d.askNext[0].guide.en).toMatch(/^The date by which/);
  });
});
