/**
 * The inbox as people triage in it: keyboard only (/, j, k, Enter, a single-key move with its
 * result said in words), visible focus, the mouse, a 390 px phone, and refreshing by itself within
 * 5 seconds when someone else changes a lead.
 */
import { beforeAll, expect, test } from "vitest";
import { browserSuite, PHONE, screenshot } from "./browser.js";
import { dayFromToday, SEED, seedLeads } from "./fixtures.js";
import { CommandPalette, InboxPage, NewLeadDialog } from "./pages/inbox-page.js";
import { LeadPage } from "./pages/lead-page.js";
import { ReportsPage } from "./pages/reports-page.js";
import { textsOf } from "./pages/texts.js";
import { gone, hasText, visible } from "./pages/wait.js";

browserSuite("inbox", (world) => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = await seedLeads(world().app);
  });
  const idOf = (name: string) => ids[SEED.findIndex((s) => s.name === name)] as string;

  test("keyboard only: / searches, j/k select with a visible focus, Enter opens, Escape-free way back", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "en", role: "marketing" });
    const inbox = await new InboxPage(page, app.url, "en").open();
    expect(await inbox.rows().count()).toBe(SEED.length);
    await visible(inbox.shortcuts()); // every shortcut shown
    await inbox.searchFor("Initech");
    await expect.poll(() => inbox.rows().count()).toBe(1);
    await page.keyboard.press("Escape"); // out of the search box: single keys work again
    await page.keyboard.press("j");
    await visible(inbox.selected());
    // The selected row's link has the focus, and the focus is visible (an outline or a ring).
    // Expressions as strings: they run in the page (this file has Node's types, not the DOM's).
    const ring = (await page.evaluate(
      `(() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== "none" && s.outlineWidth !== "0px" ? s.outlineStyle : s.boxShadow; })()`,
    )) as string;
    expect(ring === "" || ring === "none").toBe(false);
    await page.keyboard.press("Enter");
    const lead = await new LeadPage(page, app.url, "en").ready();
    await hasText(lead.title(), "Initech");
    await page.goBack();
    await inbox.ready();
  });

  test("a single key makes a move the role may make, and says so (h: hand off)", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "ru", role: "marketing" });
    const inbox = await new InboxPage(page, app.url, "ru").open();
    await inbox.searchFor("Вектор");
    await expect.poll(() => inbox.rows().count()).toBe(1);
    await page.keyboard.press("Escape");
    await page.keyboard.press("j");
    await visible(inbox.selected());
    await page.keyboard.press("h");
    const t = textsOf("ru");
    await hasText(inbox.status(), t.inbox.action.moves["hand-off"]);
    const api = await app.api("marketing", "GET", `/api/v1/leads/${idOf("Мария Соколова")}`);
    expect(api.body.lead.stage).toBe("handed_off");
    await hasText(inbox.row("Мария Соколова"), t.common.stages.handed_off);
  });

  test("clicking a lead's name opens the lead", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "en", role: "sales" });
    const inbox = await new InboxPage(page, app.url, "en").open();
    await inbox.clickLead("Tom Baker");
    const lead = await new LeadPage(page, app.url, "en").ready();
    await hasText(lead.title(), "Tom Baker");
  });

  test("on a 390 px phone: the rows fit, a tap opens the lead, its actions are there", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "ru", role: "sales", width: PHONE });
    const inbox = await new InboxPage(page, app.url, "ru").open();
    const row = await visible(inbox.row("Jane Roe"));
    const box = await row.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE).toBe(true);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(PHONE);
    await row.click();
    const lead = await new LeadPage(page, app.url, "ru").ready();
    await visible(lead.moveButton("accept"));
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(PHONE);
    await screenshot(page, "lead-handed-off", "ru", PHONE);
  });

  test("refreshes by itself within 5 seconds when another person changes a lead", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "en", role: "marketing" });
    const inbox = await new InboxPage(page, app.url, "en").open();
    const row = await visible(inbox.row("Priya Patel"));
    expect(await inbox.gradeIn(row)).toBe("cold");
    const recorded = await app.api("marketing_head", "POST", `/api/v1/leads/${idOf("Priya Patel")}/facts`, {
      facts: [
        {
          fact: "decision_date",
          value: dayFromToday(30),
          evidence: {
            channel: "email",
            recordedBy: "olga@example.test",
            recordedAt: new Date().toISOString(),
          },
        },
      ],
    });
    expect(recorded.status).toBe(200);
    const started = Date.now();
    await expect
      .poll(() => inbox.gradeIn(inbox.row("Priya Patel")), { timeout: 7_000, interval: 250 })
      .toBe("hot");
    expect(Date.now() - started).toBeLessThanOrEqual(5_500);
  });

  test("New lead: c in the hints and the help, a palette command, checks said beside the fields", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "ru", role: "marketing" });
    const inbox = await new InboxPage(page, app.url, "ru").open();
    await hasText(inbox.shortcuts(), inbox.t.hints.create);
    await page.keyboard.press("?");
    const help = await visible(page.getByRole("dialog", { name: inbox.t.help.title }));
    await hasText(help, inbox.t.help.create);
    await page.keyboard.press("Escape");
    await gone(help);
    // From the command palette (anywhere in the app): the inbox with the dialog open.
    await new ReportsPage(page, app.url, "ru").open();
    await (await new CommandPalette(page).open()).run(inbox.t.palette.newLead, inbox.t.palette.newLead);
    const dialog = new NewLeadDialog(inbox, await visible(inbox.newLeadDialog()));
    // Nothing to identify the person: said beside the name; a wrong e-mail beside the e-mail.
    await dialog.submitButton().click();
    await expect.poll(() => dialog.errorOf("name")).toContain(inbox.t.newLead.needIdentity);
    await dialog.fill({ email: "not-an-address" });
    await dialog.submitButton().click();
    await expect.poll(() => dialog.errorOf("email")).toContain(inbox.t.newLead.badEmail);
    await page.keyboard.press("Escape");
    await gone(inbox.newLeadDialog());
    expect(new URL(page.url()).searchParams.get("new")).toBeNull();
  });
});
