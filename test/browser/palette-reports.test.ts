/**
 * Two things people share or reach for: the command palette (Ctrl+K finds a lead by name and
 * opens it), and a report's filters kept in its address, so a link shows the other head the same
 * report.
 */
import { beforeAll, expect, test } from "vitest";
import { browserSuite } from "./browser.js";
import { seedLeads } from "./fixtures.js";
import { CommandPalette, InboxPage } from "./pages/inbox-page.js";
import { LeadPage } from "./pages/lead-page.js";
import { ReportsPage } from "./pages/reports-page.js";
import { hasText, visible } from "./pages/wait.js";

browserSuite("palette and reports", (world) => {
  beforeAll(async () => {
    await seedLeads(world().app);
  });

  test("Ctrl+K, a lead's name, Enter: the lead opens", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "ru", role: "sales" });
    await new InboxPage(page, app.url, "ru").open();
    const palette = await new CommandPalette(page).open();
    await palette.run("Северсталь", "Северсталь");
    const lead = await new LeadPage(page, app.url, "ru").ready();
    await hasText(lead.title(), "Алексей Смирнов");
  });

  test("a report's filters live in its address: the other head's link shows the same report", async () => {
    const { app } = world();
    const sales = await world().context({ lang: "en", role: "sales_head" });
    const reports = await new ReportsPage(sales.page, app.url, "en").open();
    await reports.filterBySource("webinar");
    const link = sales.page.url();
    expect(new URL(link).searchParams.get("source")).toBe("webinar");
    const table = (await reports.gradesTable().textContent()) ?? "";
    expect(table).toContain("webinar");
    expect(table).not.toContain("partner");

    const marketing = await world().context({ lang: "en", role: "marketing_head" });
    await marketing.page.goto(link);
    const same = new ReportsPage(marketing.page, app.url, "en");
    await visible(same.gradesTable());
    await expect.poll(async () => (await same.gradesTable().textContent()) ?? "").toBe(table);
  });
});
