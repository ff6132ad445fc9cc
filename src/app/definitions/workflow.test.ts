import { expect, test } from "vitest";
import type { Actor } from "../../contracts/definitions.js";
import { isAppError } from "../../core/errors.js";
import { templateText } from "../../core/testing/templates.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { changeOwnPassword, createUser, resetPassword } from "../auth/users.js";
import { testApp } from "../testing/app.js";
import { activateDefinition } from "./activate.js";
import { addPeople, approvedVersion, EXPIRING_A, PEOPLE, STRICT_A } from "./testing/fixtures.js";
import {
  createDraft,
  getActiveDefinition,
  getDefinitionVersion,
  listDefinitionVersions,
} from "./versions.js";
import { approveDefinition, proposeDefinition } from "./workflow.js";

/** Resolves to the AppError code a promise rejects with (or "resolved"). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "resolved",
    (e) => (isAppError(e) ? e.code : `not an AppError: ${e}`),
  );
}

describeEachDialect("definition versions", (ctx) => {
  async function setUp() {
    const app = await testApp(ctx.store);
    await addPeople(ctx.store);
    const admin: Actor = { id: app.adminId, role: "admin" };
    const activeCount = async () =>
      (await listDefinitionVersions(app.deps)).filter((v) => v.status === "active").length;
    return { ...app, admin, activeCount };
  }

  test("draft → proposed → approved by both heads → active; the old version is retired and readable", async () => {
    const { deps, clock, admin, activeCount } = await setUp();
    const draft = await createDraft(deps, STRICT_A, PEOPLE.sales);
    expect(draft).toEqual({ version: 2, definitionId: "variant-a-strict", findings: [], hasErrors: false });
    clock.advance(1000);
    const proposed = await proposeDefinition(deps, 2, PEOPLE.sales);
    expect(proposed).toMatchObject({ status: "proposed", proposedAt: clock.now(), approvals: [] });
    clock.advance(1000);
    const half = await approveDefinition(deps, 2, PEOPLE.marketingHead);
    expect(half.status).toBe("proposed");
    expect(half.approvals).toEqual([
      {
        role: "marketing_head",
        userId: PEOPLE.marketingHead.id,
        name: PEOPLE.marketingHead.id,
        at: clock.now(),
      },
    ]);
    // Approving again for the same department changes nothing.
    expect((await approveDefinition(deps, 2, PEOPLE.marketingHead)).approvals).toHaveLength(1);
    clock.advance(1000);
    const full = await approveDefinition(deps, 2, PEOPLE.salesHead);
    expect(full.status).toBe("approved");
    expect(full.approvals.map((a) => a.role)).toEqual(["marketing_head", "sales_head"]);
    expect(await activeCount()).toBe(1);
    clock.advance(1000);
    const activated = await activateDefinition(deps, 2, admin);
    expect(activated).toMatchObject({
      version: 2,
      retiredVersion: 1,
      regrade: { version: null, regraded: 0, changed: 0, batches: 0 },
      activation: { version: 2, status: "done", progress: { total: 0, done: 0, changed: 0 } },
    });
    expect(await activeCount()).toBe(1);
    const active = await getActiveDefinition(deps);
    expect(active).toMatchObject({ version: 2, status: "active", activatedBy: admin.id, source: STRICT_A });
    const old = await getDefinitionVersion(deps, 1);
    expect(old).toMatchObject({
      version: 1,
      status: "retired",
      retiredAt: clock.now(),
      definitionId: "variant-a",
    });
    expect(old.source).toContain("id: variant-a\n");
    const list = await listDefinitionVersions(deps);
    expect(list.map((v) => [v.version, v.status, v.approvals.length])).toEqual([
      [1, "retired", 2],
      [2, "active", 2],
    ]);
    expect(list[0]).not.toHaveProperty("source");
  });

  test("a draft that does not parse or resolve is refused with every problem's line", async () => {
    const { deps } = await setUp();
    const syntax = await createDraft(deps, "truce: 1\nid: x\nfacts: [", PEOPLE.marketing).catch((e) => e);
    expect(isAppError(syntax, "definition.invalid")).toBe(true);
    expect(syntax.details.findings[0]).toMatchObject({ code: "definition.syntax", line: expect.any(Number) });
    const unresolved = STRICT_A.replace(
      "- { fact: stated_interest, eq: true }",
      "- { fact: budget, eq: true }",
    );
    const line = unresolved.split("\n").findIndex((l) => l.includes("fact: budget")) + 1;
    const e = await createDraft(deps, unresolved, PEOPLE.marketing).catch((x) => x);
    expect(isAppError(e, "definition.invalid")).toBe(true);
    expect(e.details.findings).toEqual([expect.objectContaining({ code: "rule.unknown_fact", line })]);
    expect(e.userMessage.ru).toContain(`строка ${line}`);
    expect(await codeOf(createDraft(deps, "", PEOPLE.marketing))).toBe("validation.invalid");
    expect((await listDefinitionVersions(deps)).map((v) => v.version)).toEqual([1]);
  });

  test("variant B can be drafted (its findings returned) but never proposed", async () => {
    const { deps } = await setUp();
    const draft = await createDraft(deps, templateText("variant-b"), PEOPLE.marketingHead);
    expect(draft.hasErrors).toBe(true);
    expect(draft.findings.map((f) => f.code)).toContain("subjective.wording");
    const e = await proposeDefinition(deps, draft.version, PEOPLE.marketingHead).catch((x) => x);
    expect(isAppError(e, "definition.lint_errors")).toBe(true);
    expect(e.details.findings.every((f: { line?: number }) => typeof f.line === "number")).toBe(true);
    expect((await getDefinitionVersion(deps, draft.version)).status).toBe("draft");
  });

  test("each step refuses the wrong status, the wrong role and unknown versions", async () => {
    const { deps, admin, activeCount } = await setUp();
    const { version } = await createDraft(deps, STRICT_A, PEOPLE.marketing);
    const wrong = await approveDefinition(deps, version, PEOPLE.salesHead).catch((e) => e);
    expect(wrong.code).toBe("definition.wrong_status");
    expect(wrong.details).toEqual({ version, status: "draft", expected: "proposed" });
    expect(await codeOf(activateDefinition(deps, version, admin))).toBe("definition.wrong_status");
    await proposeDefinition(deps, version, PEOPLE.marketing);
    expect(await codeOf(proposeDefinition(deps, version, PEOPLE.marketing))).toBe("definition.wrong_status");
    // Only the two heads approve: not the admin, not their staff.
    for (const who of [admin, PEOPLE.marketing, PEOPLE.sales]) {
      expect(await codeOf(approveDefinition(deps, version, who))).toBe("definition.forbidden");
    }
    await approveDefinition(deps, version, PEOPLE.salesHead);
    expect(await codeOf(activateDefinition(deps, version, admin))).toBe("definition.wrong_status");
    await approveDefinition(deps, version, PEOPLE.marketingHead);
    for (const who of [PEOPLE.marketing, PEOPLE.sales]) {
      expect(await codeOf(activateDefinition(deps, version, who))).toBe("definition.forbidden");
    }
    for (const step of [proposeDefinition, approveDefinition, activateDefinition]) {
      expect(await codeOf(step(deps, 99, PEOPLE.salesHead))).toBe("definition.not_found");
    }
    expect(await codeOf(activateDefinition(deps, 1, admin))).toBe("resolved"); // active already: resume only
    expect(await activeCount()).toBe(1);
    expect((await getActiveDefinition(deps)).version).toBe(1);
    await activateDefinition(deps, version, PEOPLE.salesHead);
    expect(await codeOf(activateDefinition(deps, 1, admin))).toBe("definition.wrong_status"); // retired
    expect(await activeCount()).toBe(1);
  });

  test("an actor must be a stored user with the role claimed", async () => {
    const { deps } = await setUp();
    const ghost = { id: "nobody", role: "marketing_head" } as const;
    const e = await createDraft(deps, STRICT_A, ghost).catch((x) => x);
    expect(e.code).toBe("definition.forbidden");
    expect(e.details.reason).toBe("unknown_user");
    const pretender = { id: PEOPLE.marketing.id, role: "sales_head" } as const;
    expect(await codeOf(createDraft(deps, STRICT_A, pretender))).toBe("definition.forbidden");
    expect(await codeOf(createDraft(deps, STRICT_A, { id: "x", role: "boss" } as never))).toBe(
      "validation.invalid",
    );
  });

  test("one person cannot approve for both departments", async () => {
    const { deps } = await setUp();
    const { version } = await createDraft(deps, STRICT_A, PEOPLE.marketing);
    await proposeDefinition(deps, version, PEOPLE.marketing);
    await approveDefinition(deps, version, PEOPLE.marketingHead);
    // The marketing head moves to sales and tries to give the second approval.
    await ctx.store.db
      .updateTable("users")
      .set({ role: "sales_head" })
      .where("id", "=", PEOPLE.marketingHead.id)
      .execute();
    const e = await approveDefinition(deps, version, {
      id: PEOPLE.marketingHead.id,
      role: "sales_head",
    }).catch((x) => x);
    expect(e.code).toBe("definition.same_approver");
    expect(e.details).toEqual({ version, userId: PEOPLE.marketingHead.id, approvedAs: "marketing_head" });
    const v = await getDefinitionVersion(deps, version);
    expect(v.status).toBe("proposed");
    expect(v.approvals).toHaveLength(1);
  });

  test("a head who has not chosen their own password cannot approve; after choosing it, they can", async () => {
    const { deps } = await setUp();
    const { version } = await createDraft(deps, STRICT_A, PEOPLE.marketing);
    await proposeDefinition(deps, version, PEOPLE.marketing);
    // A new sales head, as the admin creates them: a one-time password the admin has seen.
    const created = await createUser(deps, { email: "olga@example.test", name: "Olga", role: "sales_head" });
    const olga: Actor = { id: created.user.id, role: "sales_head" };
    const e = await approveDefinition(deps, version, olga).catch((x) => x);
    expect([e.code, e.details]).toEqual(["definition.approver_not_verified", { version, userId: olga.id }]);
    expect(e.userMessage.ru).toMatch(/не задал свой пароль/);
    expect((await getDefinitionVersion(deps, version)).approvals).toHaveLength(0);
    await changeOwnPassword(
      deps,
      { userId: olga.id, sessionHash: "none" },
      { currentPassword: created.oneTimePassword as string, newPassword: "olga's own passphrase" },
    );
    expect((await approveDefinition(deps, version, olga)).approvals).toHaveLength(1);
    // An admin's reset makes the password one-time again: the other head's approval is refused too.
    await resetPassword(deps, PEOPLE.marketingHead.id);
    expect(await codeOf(approveDefinition(deps, version, PEOPLE.marketingHead))).toBe(
      "definition.approver_not_verified",
    );
  });

  test("an approval that stopped counting before activation sends the version back to proposed", async () => {
    const { deps, admin, activeCount } = await setUp();
    const reasons = [
      ["password_reset", () => resetPassword(deps, PEOPLE.salesHead.id)],
      [
        "role_changed",
        () =>
          ctx.store.db
            .updateTable("users")
            .set({ role: "sales" })
            .where("id", "=", PEOPLE.salesHead.id)
            .execute(),
      ],
      [
        "disabled",
        () =>
          ctx.store.db
            .updateTable("users")
            .set({ disabled_at: 1 })
            .where("id", "=", PEOPLE.salesHead.id)
            .execute(),
      ],
    ] as const;
    for (const [reason, lose] of reasons) {
      // The sales head is back to a verified head before each round.
      await ctx.store.db
        .updateTable("users")
        .set({ role: "sales_head", disabled_at: null, password_set_at: 1 })
        .where("id", "=", PEOPLE.salesHead.id)
        .execute();
      const { version } = await createDraft(deps, STRICT_A, PEOPLE.marketing);
      await proposeDefinition(deps, version, PEOPLE.marketing);
      await approveDefinition(deps, version, PEOPLE.marketingHead);
      expect((await approveDefinition(deps, version, PEOPLE.salesHead)).status).toBe("approved");
      await lose();
      const e = await activateDefinition(deps, version, admin).catch((x) => x);
      expect([e.code, e.details], reason).toEqual([
        "definition.approval_void",
        { version, voided: [{ role: "sales_head", userId: PEOPLE.salesHead.id, reason }] },
      ]);
      const v = await getDefinitionVersion(deps, version);
      expect(v.status, reason).toBe("proposed");
      expect(
        v.approvals.map((a) => a.role),
        reason,
      ).toEqual(["marketing_head"]);
      expect(await activeCount()).toBe(1);
    }
    // Verified again, the head approves once more and the version goes live.
    await ctx.store.db
      .updateTable("users")
      .set({ role: "sales_head", disabled_at: null, password_set_at: 1 })
      .where("id", "=", PEOPLE.salesHead.id)
      .execute();
    const last = (await listDefinitionVersions(deps)).at(-1)?.version as number;
    await approveDefinition(deps, last, PEOPLE.salesHead);
    expect((await activateDefinition(deps, last, admin)).version).toBe(last);
  });

  test("two heads approving at the same time: the version ends approved", async () => {
    const { deps } = await setUp();
    const { version } = await createDraft(deps, STRICT_A, PEOPLE.marketing);
    await proposeDefinition(deps, version, PEOPLE.marketing);
    await Promise.all([
      approveDefinition(deps, version, PEOPLE.marketingHead),
      approveDefinition(deps, version, PEOPLE.salesHead),
    ]);
    expect((await getDefinitionVersion(deps, version)).status).toBe("approved");
  });

  test("activation is refused when the check finds errors on the day of activation", async () => {
    const { deps, clock, admin, activeCount } = await setUp();
    const version = await approvedVersion(deps, EXPIRING_A);
    clock.set("2027-01-05T10:00:00Z");
    const e = await activateDefinition(deps, version, admin).catch((x) => x);
    expect(e.code).toBe("definition.lint_errors");
    expect(e.details.findings.map((f: { code: string }) => f.code)).toEqual(["grade.never_matches"]);
    expect((await getDefinitionVersion(deps, version)).status).toBe("approved");
    expect(await activeCount()).toBe(1);
  });
});
