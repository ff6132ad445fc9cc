/**
 * The definition workshop: a draft with a gap shows its counterexample; fixing the gap clears the
 * finding; the simulation matrix on screen equals the API's; marketing proposes, the two heads
 * approve (a non-head sees no Approve and the API refuses it); activation answers at once, the
 * workshop follows the background regrade to its result, and the inbox shows the new grades.
 */
import { beforeAll, expect, test } from "vitest";
import { VARIANT_A } from "../../src/app/testing/app.js";
import { browserSuite, DESKTOP, screenshot } from "./browser.js";
import { SEED, seedLeads } from "./fixtures.js";
import { InboxPage } from "./pages/inbox-page.js";
import { hasText, visible, visibleCount } from "./pages/wait.js";
import { DraftEditor } from "./pages/workshop-page.js";

/** Variant A whose Cold grade needs a "no" on interest: a lead nobody asked falls through every grade. */
const WITH_GAP = VARIANT_A.replace(
  "    otherwise: true",
  "    when:\n      fact: stated_interest\n      eq: false",
);
/** The gap closed again, and Hot narrowed to 3 months: a decision in 4 months is now only Warm. */
const FIXED = VARIANT_A.replace("within_next: 6 months", "within_next: 3 months");

browserSuite("workshop", (world) => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = await seedLeads(world().app);
    if (WITH_GAP === VARIANT_A || FIXED === VARIANT_A)
      throw new Error("variant A changed: update the drafts");
  });

  test("a gap shows its counterexample; the fix clears it; the matrix matches the API; two heads approve; activation regrades the inbox", {
    timeout: 120_000,
  }, async () => {
    const { app } = world();
    const maria = ids[SEED.findIndex((s) => s.name === "Мария Соколова")] as string;
    const before = await app.api("marketing", "GET", `/api/v1/leads/${maria}`);
    expect(before.body.lead).toMatchObject({ grade: "hot", gradedVersion: 1 });

    // Marketing drafts: the gap is found, with a lead that falls through, in words.
    const m = await world().context({ lang: "en", role: "marketing" });
    const editor = await new DraftEditor(m.page, app.url, "en").open();
    expect(await visibleCount(editor.finding("grade.gap"))).toBe(0);
    await editor.paste(WITH_GAP);
    await visible(editor.finding("grade.gap"));
    await visible(editor.counterexampleOf("grade.gap"));
    await hasText(editor.counterexampleOf("grade.gap"), /\S/);
    await screenshot(m.page, "workshop-gap", "en", DESKTOP);

    // The fix clears it.
    await editor.paste(FIXED);
    expect(await visibleCount(editor.finding("grade.gap"))).toBe(0);

    // The simulation on screen is the API's.
    await editor.simulate();
    const onScreen = await editor.matrixOnScreen();
    const api = await app.api("marketing", "POST", "/api/v1/definitions/simulate", { source: FIXED });
    expect(api.status).toBe(200);
    const nonZero = Object.fromEntries(
      Object.entries(api.body.matrix as Record<string, Record<string, number>>)
        .map(
          ([from, row]) => [from, Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0))] as const,
        )
        .filter(([, row]) => Object.keys(row).length > 0),
    );
    expect(onScreen).toEqual(nonZero);
    expect(onScreen.hot?.warm).toBe(1); // Мария: decision in 4 months
    await screenshot(m.page, "workshop-simulation", "en", DESKTOP);

    // Saved and proposed by marketing, who may not approve (not shown; refused when forced).
    const version = await editor.save();
    await editor.step("propose");
    expect(await visibleCount(editor.workflowButton("approve"))).toBe(0);
    const forced = await m.page.request.post(`${app.url}/api/v1/definitions/${version}/approve`, {
      headers: { "x-csrf-token": m.session?.csrfToken ?? "" },
    });
    expect(forced.status()).toBe(403);

    // The two heads approve, each in their own browser (one in Russian).
    for (const [role, lang] of [
      ["marketing_head", "ru"],
      ["sales_head", "en"],
    ] as const) {
      const head = await world().context({ lang, role });
      const headEditor = await new DraftEditor(head.page, app.url, lang).open(version);
      await headEditor.step("approve");
    }
    const approved = await app.api("sales_head", "GET", `/api/v1/definitions/${version}`);
    expect(approved.body).toMatchObject({ status: "approved" });
    expect((approved.body.approvals as { role: string }[]).map((a) => a.role).sort()).toEqual([
      "marketing_head",
      "sales_head",
    ]);

    // The sales head activates: the server answers at once, the workshop follows the background
    // regrade to its end, and the leads are regraded under the new version.
    const s = await world().context({ lang: "en", role: "sales_head" });
    const activating = await new DraftEditor(s.page, app.url, "en").open(version);
    const { regraded, changed } = await activating.activate();
    expect(regraded).toBeGreaterThanOrEqual(SEED.length);
    const job = await app.api("marketing", "GET", `/api/v1/definitions/${version}/activation`);
    expect(job.body).toMatchObject({ status: "done", progress: { done: regraded, changed } });
    expect(changed).toBeGreaterThanOrEqual(1); // Мария goes from hot to warm
    const after = await app.api("marketing", "GET", `/api/v1/leads/${maria}`);
    expect(after.body.lead).toMatchObject({ grade: "warm", gradedVersion: version });

    // The inbox shows the new grades.
    const inbox = await new InboxPage(m.page, app.url, "en").open();
    const row = await visible(inbox.row("Мария Соколова"));
    await expect.poll(() => inbox.gradeIn(row)).toBe("warm");
    expect(await inbox.gradeIn(inbox.row("Jane Roe"))).toBe("hot");
  });
});
