import { expect, test } from "vitest";
import { isAppError } from "../../core/errors.js";
import { openStore } from "../../store/connect.js";
import { findLeadById, updateLeadIfUnchanged } from "../../store/leads.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { GraderCache } from "../grading.js";
import { evidence, testApp } from "../testing/app.js";
import { captureLead } from "./capture-lead.js";
import { openDispute, resolveDispute } from "./disputes.js";
import { eraseLead } from "./erase-lead.js";
import { getLead } from "./get-lead.js";
import { moveLead } from "./lifecycle.js";
import { recordFacts } from "./record-facts.js";

describeEachDialect("leads", (ctx) => {
  test("first run installs variant A, active, approved by the administrator", async () => {
    const { setup } = await testApp(ctx.store);
    expect(setup.createdAdmin?.email).toBe("admin@example.test");
    expect(setup.installedDefinition).toEqual({ version: 1, id: "variant-a" });
  });

  test("capture grades from the first facts and records evidence and history", async () => {
    const { deps } = await testApp(ctx.store);
    const r = await captureLead(
      deps,
      {
        name: "Olga",
        email: "Olga@Example.test ",
        company: "Acme",
        source: "webinar",
        facts: [
          {
            fact: "decision_date",
            value: "2027-03-01",
            evidence: { ...evidence("2026-11-27T09:00:00Z"), quote: "We decide by March" },
          },
        ],
      },
      "user:marketing",
    );
    expect(r).toMatchObject({ created: true, grade: "hot", replayed: false });
    const detail = await getLead(deps, r.leadId);
    expect(detail.lead.email_norm).toBe("olga@example.test");
    expect(detail.lead.graded_version).toBe(1);
    expect(detail.lead.next_regrade_at).toBe(Date.parse("2027-03-02T00:00:00Z"));
    expect(detail.facts).toEqual([
      {
        fact: "decision_date",
        value: "2027-03-01",
        recordedAt: Date.parse("2026-11-27T09:00:00Z"),
        channel: "call",
        recordedBy: "anna@example.test",
        quote: "We decide by March",
      },
    ]);
    expect(detail.explanation.text.en[0]).toBe(
      "Hot — Decision date 2027-03-01 is within 6 months of 2026-11-27",
    );
    expect(detail.history.map((h) => h.type)).toEqual(["fact_recorded", "graded", "captured"]);
  });

  test("a capture matching an open lead's e-mail or phone adds to it instead of duplicating", async () => {
    const { deps } = await testApp(ctx.store);
    const first = await captureLead(deps, { email: "ivan@example.test", phone: "+7 (999) 123-45-67" }, "api");
    const byEmail = await captureLead(
      deps,
      {
        email: "IVAN@example.test",
        facts: [{ fact: "stated_interest", value: true, evidence: evidence("2026-11-27T09:30:00Z") }],
      },
      "api",
    );
    const byPhone = await captureLead(deps, { phone: "+79991234567", name: "Ivan" }, "api");
    expect(byEmail).toMatchObject({ leadId: first.leadId, created: false, grade: "warm" });
    expect(byPhone).toMatchObject({ leadId: first.leadId, created: false });
    const detail = await getLead(deps, first.leadId);
    expect(detail.history.filter((h) => h.kind === "event").map((h) => h.type)).toEqual([
      "captured",
      "captured_again",
      "captured_again",
    ]);
    expect(detail.lead.name).toBeNull(); // a repeat capture does not overwrite the identity…
    expect(detail.history.at(-1)?.data).toMatchObject({ name: "Ivan" }); // …it is kept in the history
  });

  test("a retried capture with the same idempotency key writes nothing new", async () => {
    const { deps } = await testApp(ctx.store);
    const input = {
      email: "a@example.test",
      idempotencyKey: "form-submit-0001",
      facts: [{ fact: "stated_interest", value: true, evidence: evidence("2026-11-27T09:00:00Z") }],
    };
    const first = await captureLead(deps, input, "api");
    const again = await captureLead(deps, input, "api");
    expect(again).toEqual({ ...first, replayed: true });
    const detail = await getLead(deps, first.leadId);
    expect(detail.history.filter((h) => h.kind === "fact")).toHaveLength(1);
  });

  test("bad input is refused whole, with every problem's path, and writes nothing", async () => {
    const { deps } = await testApp(ctx.store);
    const attempt = captureLead(
      deps,
      {
        email: "b@example.test",
        facts: [
          { fact: "stated_interest", value: "yes", evidence: evidence("2026-11-27T09:00:00Z") },
          { fact: "budget", value: 5, evidence: evidence("2026-11-27T09:00:00Z") },
        ],
      },
      "api",
    );
    await expect(attempt).rejects.toSatisfy((e) => isAppError(e, "validation.invalid"));
    const error = await attempt.catch((e) => e);
    expect(error.details.problems).toEqual([
      { path: "facts.0.value", message: 'expected true or false, got "yes"' },
      {
        path: "facts.1.fact",
        message: 'unknown fact "budget": it is not in the active definition\'s catalogue',
      },
    ]);
    const count = await ctx.store.db
      .selectFrom("leads")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(0);
    await expect(captureLead(deps, { source: "x" }, "api")).rejects.toSatisfy((e) =>
      isAppError(e, "validation.invalid"),
    );
  });

  test("recording facts appends, regrades, and an older observation entered late does not win", async () => {
    const { deps, clock } = await testApp(ctx.store);
    const { leadId } = await captureLead(deps, { email: "c@example.test" }, "api");
    const r1 = await recordFacts(
      deps,
      leadId,
      { facts: [{ fact: "stated_interest", value: true, evidence: evidence("2026-11-27T10:00:00Z") }] },
      "user:m",
    );
    expect(r1).toEqual({ leadId, oldGrade: "cold", grade: "warm" });
    clock.advance(60_000);
    const r2 = await recordFacts(
      deps,
      leadId,
      { facts: [{ fact: "stated_interest", value: false, evidence: evidence("2026-11-20T10:00:00Z") }] },
      "user:m",
    );
    expect(r2.grade).toBe("warm");
    const r3 = await recordFacts(
      deps,
      leadId,
      { facts: [{ fact: "stated_interest", value: null, evidence: evidence("2026-11-27T11:00:00Z") }] },
      "user:m",
    );
    expect(r3.grade).toBe("cold");
    const detail = await getLead(deps, leadId);
    expect(detail.history.filter((h) => h.kind === "fact").map((h) => h.data.value)).toEqual([
      true,
      false,
      null,
    ]);
    expect(detail.history.filter((h) => h.kind === "grade").map((h) => [h.data.from, h.data.to])).toEqual([
      [null, "cold"],
      ["cold", "warm"],
      ["warm", "cold"],
    ]);
    await expect(
      recordFacts(
        deps,
        "nope",
        { facts: [{ fact: "stated_interest", value: true, evidence: evidence("2026-11-27T10:00:00Z") }] },
        "u",
      ),
    ).rejects.toSatisfy((e) => isAppError(e, "lead.not_found"));
  });

  test("concurrent writers on one lead, through separate connections, lose no update", async () => {
    const { deps } = await testApp(ctx.store);
    const { leadId } = await captureLead(deps, { email: "race@example.test" }, "api");
    // Three more connections to the same database: real concurrency, not one queue.
    // SQLite connections sharing this thread must not wait synchronously for each other's locks.
    const config = ctx.config.kind === "sqlite" ? { ...ctx.config, busyTimeoutMs: 0 } : ctx.config;
    const others = await Promise.all([openStore(config), openStore(config), openStore(config)]);
    try {
      const writers = others.map((store) => ({ ...deps, store, graders: new GraderCache() }));
      const facts = ["stated_interest", "decision_date", "contact_channel"] as const;
      const values = { stated_interest: true, decision_date: "2027-01-15", contact_channel: "form" };
      const writes = Array.from({ length: 24 }, (_, i) => {
        const fact = facts[i % 3] as (typeof facts)[number];
        const w = writers[i % writers.length] as typeof deps;
        return recordFacts(
          w,
          leadId,
          {
            facts: [
              {
                fact,
                value: values[fact],
                evidence: evidence(`2026-11-27T09:${String(i).padStart(2, "0")}:00Z`),
              },
            ],
          },
          `writer-${i}`,
        );
      });
      await Promise.all(writes);
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
    const detail = await getLead(deps, leadId);
    expect(detail.history.filter((h) => h.kind === "fact")).toHaveLength(24);
    // Inserted at 0 by the capture (one insert, no update), then 24 writes, each applied exactly once.
    expect(detail.lead.row_version).toBe(24);
    expect(detail.lead.grade).toBe("hot");
  });
});

describeEachDialect("erasure", (ctx) => {
  test("removes identity and free text, keeps anonymised facts and grades, and is audited", async () => {
    const { deps } = await testApp(ctx.store);
    const { leadId } = await captureLead(
      deps,
      {
        name: "Pyotr",
        email: "pyotr@example.test",
        phone: "+7 912 000 11 22",
        company: "Romashka",
        source: "expo",
        facts: [
          {
            fact: "stated_interest",
            value: true,
            evidence: { ...evidence("2026-11-27T09:00:00Z"), quote: "Call me at home, +7 912 000 11 22" },
          },
          { fact: "notes", value: "Lives in Tver, two kids", evidence: evidence("2026-11-27T09:00:00Z") },
        ],
      },
      "user:m",
    );
    await captureLead(deps, { email: "pyotr@example.test", name: "Pyotr P." }, "api");
    await eraseLead(deps, leadId, { reference: "DSR-2026-0042" }, "user:admin");

    const detail = await getLead(deps, leadId);
    expect(detail.lead).toMatchObject({
      name: null,
      email: null,
      phone: null,
      company: null,
      email_norm: null,
      phone_norm: null,
      source: "expo",
      grade: "warm",
      is_open: 0,
    });
    expect(detail.facts.find((f) => f.fact === "stated_interest")).toMatchObject({
      value: true,
      quote: null,
    });
    expect(detail.facts.find((f) => f.fact === "notes")?.value).toBeNull();
    const dump = JSON.stringify(detail);
    for (const secret of ["Pyotr", "pyotr@", "912", "Romashka", "Tver"])
      expect(dump, secret).not.toContain(secret);
    expect(detail.history.at(-1)).toMatchObject({
      type: "erased",
      actor: "user:admin",
      data: { reference: "DSR-2026-0042" },
    });

    // The e-mail is free again: a new capture makes a new lead, not a merge into the erased one.
    const again = await captureLead(deps, { email: "pyotr@example.test" }, "api");
    expect(again.created).toBe(true);
    await expect(eraseLead(deps, leadId, { reference: "DSR-2" }, "user:admin")).rejects.toSatisfy((e) =>
      isAppError(e, "lead.already_erased"),
    );
    await expect(eraseLead(deps, again.leadId, { reference: " " }, "user:admin")).rejects.toSatisfy((e) =>
      isAppError(e, "validation.invalid"),
    );
  });
});

describeEachDialect("erasure, deep", (ctx) => {
  test("a rejection's evidence (the prospect's words) goes too, from the lifecycle state and the event", async () => {
    const { deps } = await testApp(ctx.store);
    const { leadId } = await captureLead(
      deps,
      {
        email: "deep@example.test",
        facts: [{ fact: "decision_date", value: "2027-01-10", evidence: evidence("2026-11-27T09:00:00Z") }],
      },
      "api",
    );
    await moveLead(deps, leadId, { type: "hand_off" }, { id: "m", role: "marketing" });
    const quote = "Call my wife Irina on +7 900 111 22 33";
    await moveLead(
      deps,
      leadId,
      {
        type: "reject",
        rejection: {
          fact: "decision_date",
          observedValue: null,
          evidence: { ...evidence("2026-11-27T09:30:00Z"), quote },
          note: "Irina said no",
        },
      },
      { id: "s", role: "sales" },
    );
    expect(JSON.stringify(await getLead(deps, leadId))).toContain("Irina");
    await eraseLead(deps, leadId, { reference: "DSR-7" }, "admin");
    const dump = JSON.stringify(await getLead(deps, leadId));
    expect(dump).not.toContain("Irina");
    expect(dump).not.toContain("900 111");
    expect(dump).toContain('"observedValue":null');
  });
});

describeEachDialect("erasure, what events and disputes carry", (ctx) => {
  test("a dispute's claimed free text, a dismissal's reason and UTM term/content go too; grade inputs stay", async () => {
    const { deps } = await testApp(ctx.store);
    const { leadId } = await captureLead(
      deps,
      {
        email: "utm@example.test",
        utm: { source: "google", term: "irina petrova tver", content: "ad for irina" },
        facts: [{ fact: "stated_interest", value: true, evidence: evidence("2026-11-27T09:00:00Z") }],
      },
      "api",
    );
    const dispute = await openDispute(
      deps,
      leadId,
      { fact: "notes", claimedValue: "secret claim about Irina", evidence: evidence("2026-11-27T09:30:00Z") },
      { id: "s", role: "sales" },
    );
    await resolveDispute(
      deps,
      dispute,
      { decision: "dismiss", reason: "Irina said so herself" },
      {
        id: "m",
        role: "marketing",
      },
    );
    const before = await findLeadById(ctx.store.db, leadId);
    await eraseLead(deps, leadId, { reference: "DSR-7" }, "user:admin");
    // A writer that read the lead before the erasure loses its compare-and-set (and, retrying,
    // finds no open lead): it cannot write the lead's old facts back.
    expect(
      await updateLeadIfUnchanged(ctx.store.db, leadId, Number(before?.row_version), { updated_at: 1 }),
    ).toBe(false);
    const stored = JSON.stringify([
      await ctx.store.db.selectFrom("lead_events").selectAll().where("lead_id", "=", leadId).execute(),
      await ctx.store.db.selectFrom("disputes").selectAll().where("lead_id", "=", leadId).execute(),
      await ctx.store.db.selectFrom("leads").selectAll().where("id", "=", leadId).execute(),
    ]);
    for (const secret of ["irina", "Irina", "utm@"]) expect(stored, secret).not.toContain(secret);
    const detail = await getLead(deps, leadId);
    const graded = detail.history.find((h) => h.kind === "grade");
    expect(graded?.data).toMatchObject({ inputs: { facts: { stated_interest: true } } });
  });
});
