import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { createApiKey } from "../../app/auth/api-keys.js";
import { captureWith, STRICT_A } from "../../app/definitions/testing/fixtures.js";
import { ACTIVATION_JOB, activationHandler } from "../../app/jobs/activation.js";
import { runDueJobs, startJobLoop } from "../../app/jobs/runner.js";
import { VARIANT_A } from "../../app/testing/app.js";
import type { Role } from "../../core/index.js";
import { templateText } from "../../core/testing/templates.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

const ROLES: readonly Role[] = ["admin", "marketing", "marketing_head", "sales", "sales_head"];
/** Variant A whose fallback needs a fact: leads with nothing recorded fall through every grade. */
const GAP_A = VARIANT_A.replace("id: variant-a", "id: variant-a-gap").replace(
  "    otherwise: true",
  "    when:\n      fact: stated_interest\n      eq: false",
);

describeEachDialect("definitions API", (ctx) => {
  test("reads: versions, the active one, one version with its text, the catalogue in both languages", async () => {
    const { as } = await testServer(ctx.store);
    const list = await as("sales", "GET", "/api/v1/definitions");
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject([{ version: 1, definitionId: "variant-a", status: "active" }]);
    expect(list.json()[0].source).toBeUndefined();
    const active = (await as("marketing", "GET", "/api/v1/definitions/active")).json();
    expect(active).toMatchObject({ version: 1, status: "active", source: VARIANT_A });
    expect((await as("sales", "GET", "/api/v1/definitions/1")).json().source).toBe(VARIANT_A);
    const missing = await as("sales", "GET", "/api/v1/definitions/99");
    expect([missing.statusCode, missing.json().code]).toEqual([404, "definition.not_found"]);
    const bad = await as("sales", "GET", "/api/v1/definitions/abc");
    expect([bad.statusCode, bad.json().code]).toEqual([400, "validation.invalid"]);

    const cat = (await as("sales", "GET", "/api/v1/catalogue")).json();
    expect(cat).toMatchObject({ version: 1, definitionId: "variant-a", name: { ru: expect.any(String) } });
    expect(cat.facts.map((f: { key: string; type: string }) => [f.key, f.type])).toEqual([
      ["decision_date", "date"],
      ["stated_interest", "boolean"],
      ["contact_channel", "enum"],
      ["notes", "text"],
    ]);
    expect(cat.facts[0].guide.ru).toMatch(/^Дата/);
    expect(cat.facts[2].options[1]).toEqual({ value: "call", label: { en: "Phone call", ru: "Звонок" } });
    expect(cat.grades.map((g: { key: string; fallback: boolean }) => [g.key, g.fallback])).toEqual([
      ["hot", false],
      ["warm", false],
      ["cold", true],
    ]);
    expect(cat.grades[0].description.en).toMatch(/within 6 months/);
    expect(cat.rejectionReasons.length).toBeGreaterThan(0);
  });

  test("lint returns the full report — codes, lines, counterexamples — and writes nothing", async () => {
    const { as } = await testServer(ctx.store);
    const b = await as("sales", "POST", "/api/v1/definitions/lint", { source: templateText("variant-b") });
    expect(b.statusCode).toBe(200);
    expect(b.json()).toMatchObject({ ok: false, at: "2026-11-27" });
    const subjective = b.json().findings.filter((f: { code: string }) => f.code === "subjective.wording");
    expect(subjective.length).toBeGreaterThan(0);
    expect(subjective[0]).toMatchObject({
      severity: "error",
      line: expect.any(Number),
      message: { ru: expect.any(String) },
    });

    const gap = await as("marketing", "POST", "/api/v1/definitions/lint", {
      source: GAP_A,
      at: "2027-01-15",
    });
    const finding = gap.json().findings.find((f: { code: string }) => f.code === "grade.gap");
    expect(finding.counterexample).toMatchObject({ at: "2027-01-15", grade: null });
    expect(gap.json().at).toBe("2027-01-15");

    const a = await as("sales", "POST", "/api/v1/definitions/lint", { source: VARIANT_A });
    expect(a.json()).toMatchObject({ ok: true, errors: 0 });
    const broken = await as("sales", "POST", "/api/v1/definitions/lint", { source: "truce: [" });
    expect(broken.json()).toMatchObject({ ok: false, findings: [{ code: "definition.syntax", line: 1 }] });
    const badAt = await as("sales", "POST", "/api/v1/definitions/lint", { source: VARIANT_A, at: "soon" });
    expect([badAt.statusCode, badAt.json().details.problems[0].path]).toEqual([400, "body.at"]);
    expect((await as("sales", "GET", "/api/v1/definitions")).json()).toHaveLength(1);
  });

  test("variant B drafts (201, with its findings) but proposing it is refused with the findings", async () => {
    const { as } = await testServer(ctx.store);
    const draft = await as("marketing", "POST", "/api/v1/definitions", { source: templateText("variant-b") });
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({ version: 2, definitionId: "variant-b", hasErrors: true });
    const propose = await as("marketing", "POST", "/api/v1/definitions/2/propose");
    expect(propose.statusCode).toBe(422);
    expect(propose.json().code).toBe("definition.lint_errors");
    expect(
      propose.json().details.findings.some((f: { code: string }) => f.code === "subjective.wording"),
    ).toBe(true);
    const unreadable = await as("marketing", "POST", "/api/v1/definitions", { source: "truce: 1\nid: x\n" });
    expect([unreadable.statusCode, unreadable.json().code]).toEqual([422, "definition.invalid"]);
    const empty = await as("marketing", "POST", "/api/v1/definitions", { source: "" });
    expect([empty.statusCode, empty.json().code]).toEqual([400, "validation.invalid"]);
  });

  test("draft → propose → approve by both heads → activate; the wrong people and steps are refused", async () => {
    const { as, deps } = await testServer(ctx.store);
    await captureWith(deps, "hot-no-interest@example.test", { decision_date: "2027-01-10" });
    expect((await as("sales", "POST", "/api/v1/definitions", { source: STRICT_A })).statusCode).toBe(201);
    const early = await as("marketing_head", "POST", "/api/v1/definitions/2/approve");
    expect([early.statusCode, early.json().code]).toEqual([409, "definition.wrong_status"]);
    expect((await as("sales", "POST", "/api/v1/definitions/2/propose")).json().status).toBe("proposed");

    const sim = await as("sales", "POST", "/api/v1/definitions/simulate", { version: 2 });
    expect(sim.json()).toMatchObject({
      activeVersion: 1,
      candidateVersion: 2,
      total: 1,
      matrix: { hot: { cold: 1 } },
    });
    const simText = await as("marketing", "POST", "/api/v1/definitions/simulate", { source: VARIANT_A });
    expect(simText.json()).toMatchObject({ candidateVersion: null, matrix: { hot: { hot: 1 } } });
    const simBad = await as("marketing", "POST", "/api/v1/definitions/simulate", { version: 2, source: "x" });
    expect(simBad.statusCode).toBe(400);

    for (const role of ["admin", "marketing", "sales"] as const) {
      const r = await as(role, "POST", "/api/v1/definitions/2/approve");
      expect([r.statusCode, r.json().code]).toEqual([403, "auth.forbidden"]);
    }
    const first = (await as("marketing_head", "POST", "/api/v1/definitions/2/approve")).json();
    expect(first).toMatchObject({ status: "proposed", approvals: [{ role: "marketing_head" }] });
    const second = (await as("sales_head", "POST", "/api/v1/definitions/2/approve")).json();
    expect(second.status).toBe("approved");
    expect(second.approvals.map((a: { userId: string }) => a.userId)).toEqual([
      "user-marketing_head",
      "user-sales_head",
    ]);

    const bySales = await as("sales", "POST", "/api/v1/definitions/2/activate");
    expect(bySales.statusCode).toBe(403);
    const act = await as("sales_head", "POST", "/api/v1/definitions/2/activate");
    expect(act.statusCode).toBe(202);
    expect(act.json()).toMatchObject({
      version: 2,
      retiredVersion: 1,
      activatedBy: "user-sales_head",
      status: "queued",
      progress: { total: 1, done: 0, changed: 0 },
      finishedAt: null,
    });
    await runDueJobs(deps, { owner: "test", handlers: { [ACTIVATION_JOB]: activationHandler() } });
    const progress = await as("sales", "GET", "/api/v1/definitions/2/activation");
    expect(progress.json()).toMatchObject({ status: "done", progress: { total: 1, done: 1, changed: 1 } });
    const never = await as("sales", "GET", "/api/v1/definitions/1/activation");
    expect([never.statusCode, never.json().code]).toEqual([404, "definition.not_activated"]);
    const missing = await as("sales", "GET", "/api/v1/definitions/9/activation");
    expect([missing.statusCode, missing.json().code]).toEqual([404, "definition.not_found"]);
    expect((await as("sales", "GET", "/api/v1/definitions/active")).json().version).toBe(2);
    expect((await as("sales", "GET", "/api/v1/catalogue")).json().definitionId).toBe("variant-a-strict");
    expect((await as("sales", "GET", "/api/v1/definitions/1")).json().status).toBe("retired");
  });

  test("keys: read (and admin) keys may read; no key may write or lint; capture keys may not read", async () => {
    const { app, deps, as } = await testServer(ctx.store);
    const key = async (scope: "read" | "capture" | "admin") =>
      (await createApiKey(deps, { name: scope, scopes: [scope] }, "test")).key;
    const call = async (k: string, method: "GET" | "POST", url: string, payload?: object) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${k}` }, ...(payload ? { payload } : {}) });
    const [read, capture, admin] = [await key("read"), await key("capture"), await key("admin")];
    for (const url of [
      "/api/v1/definitions",
      "/api/v1/definitions/active",
      "/api/v1/definitions/1",
      "/api/v1/catalogue",
    ]) {
      expect((await call(read, "GET", url)).statusCode).toBe(200);
      expect((await call(admin, "GET", url)).statusCode).toBe(200);
      expect((await call(capture, "GET", url)).json().code).toBe("auth.forbidden");
    }
    for (const k of [read, admin]) {
      for (const [url, payload] of [
        ["/api/v1/definitions", { source: VARIANT_A }],
        ["/api/v1/definitions/lint", { source: VARIANT_A }],
        ["/api/v1/definitions/1/approve", undefined],
        ["/api/v1/definitions/1/activate", undefined],
      ] as const) {
        const r = await call(k, "POST", url, payload);
        expect([r.statusCode, r.json().code]).toEqual([403, "auth.forbidden"]);
      }
    }
    expect((await as(null, "GET", "/api/v1/catalogue")).statusCode).toBe(401);
  });

  test("roles per route, and CSRF on cookie writes", async () => {
    const { app, as, sessions } = await testServer(ctx.store);
    await as("marketing", "POST", "/api/v1/definitions", { source: VARIANT_A }); // version 2, a draft
    const table: [string, string, object | undefined, readonly Role[]][] = [
      ["GET", "/api/v1/definitions", undefined, ROLES],
      ["GET", "/api/v1/definitions/active", undefined, ROLES],
      ["GET", "/api/v1/definitions/1", undefined, ROLES],
      ["GET", "/api/v1/catalogue", undefined, ROLES],
      ["GET", "/api/v1/definitions/1/activation", undefined, ROLES],
      ["POST", "/api/v1/definitions", { source: VARIANT_A }, ROLES],
      ["POST", "/api/v1/definitions/lint", { source: VARIANT_A }, ROLES],
      ["POST", "/api/v1/definitions/simulate", { version: 1 }, ROLES],
      ["POST", "/api/v1/definitions/2/propose", undefined, ROLES],
      ["POST", "/api/v1/definitions/2/approve", undefined, ["marketing_head", "sales_head"]],
      ["POST", "/api/v1/definitions/1/activate", undefined, ["admin", "marketing_head", "sales_head"]],
    ];
    for (const [method, url, payload, allowed] of table) {
      for (const role of ROLES) {
        const r = await as(role, method as "GET" | "POST", url, payload);
        const refused = r.statusCode === 403 && r.json().code === "auth.forbidden";
        expect({ method, url, role, refused }).toEqual({
          method,
          url,
          role,
          refused: !allowed.includes(role),
        });
      }
      expect((await as(null, method as "GET" | "POST", url, payload)).statusCode).toBe(401);
    }
    const s = sessions.get("marketing_head");
    const noCsrf = await app.inject({
      method: "POST",
      url: "/api/v1/definitions",
      payload: { source: VARIANT_A },
      headers: { cookie: s?.cookie ?? "" },
    });
    expect([noCsrf.statusCode, noCsrf.json().code]).toEqual([403, "auth.csrf"]);
  });

  test("the workshop's reads: grades in words, approvers by name, gaps told in words, subjective terms", async () => {
    const { as, deps } = await testServer(ctx.store);
    const active = (await as("sales", "GET", "/api/v1/definitions/active")).json();
    expect(active.grades.map((g: { grade: string; fallback: boolean }) => [g.grade, g.fallback])).toEqual([
      ["hot", false],
      ["warm", false],
      ["cold", true],
    ]);
    expect(active.grades[0].conditions).toEqual({
      en: ["Decision date is within the next 6 months"],
      ru: ["«Дата принятия решения» — в пределах 6 месяцев от сегодня"],
    });
    expect((await as("sales", "GET", "/api/v1/definitions/1")).json().grades).toEqual(active.grades);

    await captureWith(deps, "x@example.test", { decision_date: "2027-01-10" });
    await as("sales", "POST", "/api/v1/definitions", { source: STRICT_A });
    await as("sales", "POST", "/api/v1/definitions/2/propose");
    const first = (await as("marketing_head", "POST", "/api/v1/definitions/2/approve")).json();
    expect(first.approvals).toEqual([
      {
        role: "marketing_head",
        userId: "user-marketing_head",
        name: "marketing_head",
        at: expect.any(Number),
      },
    ]);
    expect(first.createdByName).toBe("sales");
    const list = (await as("marketing", "GET", "/api/v1/definitions")).json();
    expect(list[1]).toMatchObject({ createdBy: "user-sales", createdByName: "sales", activatedByName: null });
    expect(list[1].approvals[0].name).toBe("marketing_head");
    const two = (await as("marketing", "GET", "/api/v1/definitions/2")).json();
    expect(two.grades[0].conditions.en).toEqual([
      "Decision date is within the next 6 months",
      "Stated interest in the product is yes",
    ]);

    const gap = (
      await as("marketing", "POST", "/api/v1/definitions/lint", { source: GAP_A, at: "2027-01-15" })
    ).json();
    const finding = gap.findings.find((f: { code: string }) => f.code === "grade.gap");
    expect(finding.counterexample.text).toEqual({
      en: expect.stringMatching(/gets no grade on 2027-01-15$/),
      ru: expect.stringMatching(/не получает никакого класса на 2027-01-15$/),
    });
    expect(gap.grades.map((g: { grade: string }) => g.grade)).toEqual(["hot", "warm", "cold"]);
    const b = (
      await as("sales", "POST", "/api/v1/definitions/lint", { source: templateText("variant-b") })
    ).json();
    const subjective = b.findings.find((f: { code: string }) => f.code === "subjective.wording");
    const line = templateText("variant-b").split("\n")[subjective.line - 1] ?? "";
    expect(line.toLowerCase()).toContain(subjective.term.toLowerCase());
    const broken = (await as("sales", "POST", "/api/v1/definitions/lint", { source: "truce: [" })).json();
    expect(broken.grades).toBeUndefined();
  });

  test("simulation drills down to one cell's leads, bounded by a limit", async () => {
    const { as, deps } = await testServer(ctx.store);
    const a = await captureWith(deps, "a@example.test", { decision_date: "2027-01-10" });
    const b = await captureWith(deps, "b@example.test", { decision_date: "2027-02-10" });
    await captureWith(deps, "c@example.test", { decision_date: "2027-02-10", stated_interest: true });
    const sim = await as("sales", "POST", "/api/v1/definitions/simulate", {
      source: STRICT_A,
      cell: { from: "hot", to: "cold" },
      limit: 1,
    });
    expect(sim.statusCode).toBe(200);
    expect(sim.json().matrix).toEqual({ hot: { cold: 2, hot: 1 } });
    expect(sim.json().cell).toEqual({
      from: "hot",
      to: "cold",
      leads: [{ id: [a, b].sort()[0], name: null, company: null }],
      more: true,
    });
    const all = (
      await as("sales", "POST", "/api/v1/definitions/simulate", {
        source: STRICT_A,
        cell: { from: "hot", to: "cold" },
      })
    ).json();
    expect(all.cell.leads.map((l: { id: string }) => l.id)).toEqual([a, b].sort());
    expect(all.cell.more).toBe(false);
    const empty = (
      await as("sales", "POST", "/api/v1/definitions/simulate", {
        version: 1,
        cell: { from: "(none)", to: "hot" },
      })
    ).json();
    expect(empty.cell).toEqual({ from: "(none)", to: "hot", leads: [], more: false });
    expect(
      (await as("sales", "POST", "/api/v1/definitions/simulate", { version: 1 })).json().cell,
    ).toBeUndefined();
    const tooMany = await as("sales", "POST", "/api/v1/definitions/simulate", {
      version: 1,
      cell: { from: "hot", to: "hot" },
      limit: 1000,
    });
    expect(tooMany.statusCode).toBe(400);
  });
  test("real HTTP: activation answers 202 with the job; its progress is polled to the end while reads keep working", async () => {
    const { app, deps, sessions } = await testServer(ctx.store);
    for (let i = 0; i < 7; i++)
      await captureWith(deps, `lead${i}@example.test`, i % 2 ? { decision_date: "2027-01-10" } : {});
    await app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    type Body = {
      id: number;
      version: number;
      status: string;
      progress: { total: number; done: number; changed: number };
    };
    const call = async (role: Role, method: string, path: string, body?: object) => {
      const s = sessions.get(role);
      const res = await fetch(base + path, {
        method,
        headers: {
          cookie: s?.cookie ?? "",
          "x-csrf-token": s?.csrf ?? "",
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Body };
    };
    await call("sales", "POST", "/api/v1/definitions", { source: STRICT_A });
    await call("sales", "POST", "/api/v1/definitions/2/propose");
    await call("marketing_head", "POST", "/api/v1/definitions/2/approve");
    await call("sales_head", "POST", "/api/v1/definitions/2/approve");

    // The job runner pauses after its first batch until the test has looked at the progress.
    let resume = () => {};
    const paused = new Promise<void>((r) => {
      resume = r;
    });
    let reached = () => {};
    const firstBatch = new Promise<void>((r) => {
      reached = r;
    });
    const loop = startJobLoop(deps, {
      owner: "http-test",
      pollMs: 20,
      handlers: {
        [ACTIVATION_JOB]: activationHandler({
          batchSize: 3,
          onBatch: async (n) => {
            if (n !== 1) return;
            reached();
            await paused;
          },
        }),
      },
    });
    try {
      const act = await call("admin", "POST", "/api/v1/definitions/2/activate");
      expect(act.status).toBe(202);
      expect(act.body).toMatchObject({ id: expect.any(Number), version: 2, progress: { total: 7, done: 0 } });
      expect(["queued", "running"]).toContain(act.body.status);
      await firstBatch;
      const midway = await call("sales", "GET", "/api/v1/definitions/2/activation");
      expect(midway).toMatchObject({
        status: 200,
        body: { id: act.body.id, status: "running", progress: { total: 7, done: 3 }, finishedAt: null },
      });
      // Reads keep working meanwhile: the version is active, the leads list answers.
      expect((await call("sales", "GET", "/api/v1/definitions/active")).body.version).toBe(2);
      const list = await call("sales", "GET", "/api/v1/leads");
      expect(list.status).toBe(200);
      resume();
      let last = midway.body;
      for (let i = 0; i < 200 && last.status !== "done"; i++) {
        await new Promise((r) => setTimeout(r, 25));
        last = (await call("marketing", "GET", "/api/v1/definitions/2/activation")).body;
      }
      expect(last).toMatchObject({
        status: "done",
        progress: { total: 7, done: 7, changed: expect.any(Number) },
        finishedAt: expect.any(Number),
      });
      expect(last.progress.changed).toBeGreaterThanOrEqual(3); // the 3 hot ones without interest drop
    } finally {
      resume();
      await loop.stop();
      await app.close();
    }
  });
});
