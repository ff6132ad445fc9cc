/**
 * A role that may not do something does not see the action, and the API refuses it when the
 * browser's own session forces the call anyway (403: not this role; 422: not now).
 */
import type { APIRequestContext } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { browserSuite } from "./browser.js";
import { SEED, seedLeads } from "./fixtures.js";
import type { Session } from "./harness.js";
import { CommandPalette, InboxPage } from "./pages/inbox-page.js";
import { LeadPage } from "./pages/lead-page.js";
import { SettingsPage } from "./pages/settings-page.js";
import { Shell } from "./pages/shell.js";
import { visible, visibleCount } from "./pages/wait.js";

/** A write as the signed-in browser would send it (its cookie and CSRF token). */
function force(
  request: APIRequestContext,
  base: string,
  session: Session | undefined,
  path: string,
  body: object = {},
) {
  return request.post(`${base}${path}`, {
    data: body,
    headers: { "x-csrf-token": session?.csrfToken ?? "" },
  });
}

const idOf = (ids: string[], name: string) => ids[SEED.findIndex((s) => s.name === name)] as string;

browserSuite("roles", (world) => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = await seedLeads(world().app);
  });

  test("sales sees no hand-off and no fact recording on a Hot lead marketing holds; the API refuses both", async () => {
    const { app } = world();
    const hot = idOf(ids, "Мария Соколова"); // Hot, captured: marketing may hand it off
    const { page, session } = await world().context({ lang: "en", role: "sales" });
    const lead = await new LeadPage(page, app.url, "en").open(hot);
    await lead.expectGrade("hot");
    expect(await visibleCount(lead.moveButton("hand-off"))).toBe(0);
    expect(await visibleCount(lead.recordFactButton())).toBe(0);
    expect((await force(page.request, app.url, session, `/api/v1/leads/${hot}/hand-off`)).status()).toBe(403);
    const fact = {
      facts: [
        {
          fact: "stated_interest",
          value: false,
          evidence: {
            channel: "call",
            recordedBy: "sales@example.test",
            recordedAt: new Date().toISOString(),
          },
        },
      ],
    };
    expect((await force(page.request, app.url, session, `/api/v1/leads/${hot}/facts`, fact)).status()).toBe(
      403,
    );
    // The same lead for marketing: both are there.
    const m = await world().context({ lang: "en", role: "marketing" });
    const asMarketing = await new LeadPage(m.page, app.url, "en").open(hot);
    await visible(asMarketing.moveButton("hand-off"));
    await visible(asMarketing.recordFactButton());
  });

  test("sales has no New lead (button, key c, palette); the API refuses a capture (403)", async () => {
    const { app } = world();
    const { page, session } = await world().context({ lang: "ru", role: "sales" });
    const inbox = await new InboxPage(page, app.url, "ru").open();
    await visible(inbox.rows());
    expect(await visibleCount(inbox.newLeadButton())).toBe(0);
    await page.keyboard.press("c");
    expect(await visibleCount(inbox.newLeadDialog())).toBe(0);
    const palette = await new CommandPalette(page).open();
    await palette.input().fill(inbox.t.palette.newLead);
    await visible(page.getByText(inbox.t.palette.empty));
    const r = await force(page.request, app.url, session, "/api/v1/leads", { name: "Sneaky Lead" });
    expect(r.status()).toBe(403);
    // Marketing has the button.
    const m = await world().context({ lang: "ru", role: "marketing" });
    await visible((await new InboxPage(m.page, app.url, "ru").open()).newLeadButton());
  });

  test("marketing sees no accept, reject or dispute on a handed-off lead; the API refuses them", async () => {
    const { app } = world();
    const handedOff = idOf(ids, "Jane Roe");
    const { page, session } = await world().context({ lang: "ru", role: "marketing" });
    const lead = await new LeadPage(page, app.url, "ru").open(handedOff);
    await lead.expectStage("handed_off");
    for (const move of ["accept", "reject"] as const)
      expect(await visibleCount(lead.moveButton(move))).toBe(0);
    expect(await visibleCount(lead.disputeButton())).toBe(0);
    expect((await force(page.request, app.url, session, `/api/v1/leads/${handedOff}/accept`)).status()).toBe(
      403,
    );
    const reject = await force(page.request, app.url, session, `/api/v1/leads/${handedOff}/reject`, {
      reason: "no_budget",
    });
    expect(reject.status()).toBe(403);
    // Sales sees them.
    const s = await world().context({ lang: "ru", role: "sales" });
    const asSales = await new LeadPage(s.page, app.url, "ru").open(handedOff);
    await visible(asSales.moveButton("accept"));
    await visible(asSales.moveButton("reject"));
  });

  test("a Cold lead offers no hand-off, and forcing one is refused (422: the list is the truth)", async () => {
    const { app } = world();
    const cold = idOf(ids, "Priya Patel");
    const { page, session } = await world().context({ lang: "en", role: "marketing" });
    const lead = await new LeadPage(page, app.url, "en").open(cold);
    await lead.expectGrade("cold");
    await visible(lead.recordFactButton());
    expect(await visibleCount(lead.moveButton("hand-off"))).toBe(0);
    const r = await force(page.request, app.url, session, `/api/v1/leads/${cold}/hand-off`);
    expect(r.status()).toBe(422);
    expect((await r.json()).code).toBe("lifecycle.grade_not_allowed");
  });

  for (const role of ["marketing", "marketing_head", "sales", "sales_head"] as const) {
    test(`${role} has no Settings in the navigation; the page and the users API refuse`, async () => {
      const { app } = world();
      const { page } = await world().context({ lang: "en", role });
      await page.goto(app.url);
      const shell = await new Shell(page, "en").ready();
      await visible(shell.navLink("reports"));
      expect(await visibleCount(shell.navLink("settings"))).toBe(0);
      const settings = new SettingsPage(page, app.url, "en");
      await page.goto(`${app.url}/settings/users`);
      await visible(settings.adminsOnly());
      expect(await visibleCount(settings.usersTable())).toBe(0);
      expect((await page.request.get(`${app.url}/api/v1/users`)).status()).toBe(403);
    });
  }

  test("the admin has Settings", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "ru", role: "admin" });
    await page.goto(app.url);
    const shell = await new Shell(page, "ru").ready();
    await shell.go("settings");
    await visible(new SettingsPage(page, app.url, "ru").usersTable());
  });
});
