/**
 * Settings: an API key is shown once, works, and afterwards only its first characters are shown;
 * the company's name and default language are changed on the Company tab and take effect.
 */
import { expect, test } from "vitest";
import { browserSuite } from "./browser.js";
import { SettingsPage } from "./pages/settings-page.js";
import { Shell } from "./pages/shell.js";
import { hasText, visible, visibleCount } from "./pages/wait.js";

browserSuite("settings", (world) => {
  test("an API key is shown once, works, and is never shown again", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "ru", role: "admin" });
    const settings = await new SettingsPage(page, app.url, "ru").open("keys");
    const key = await settings.createKey("CRM export");
    expect(key).toMatch(/^truce_/);
    const read = await fetch(`${app.url}/api/v1/leads?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(read.status).toBe(200);
    await page.reload();
    await visible(settings.keysTable());
    await hasText(settings.keysTable(), "CRM export");
    expect(await visibleCount(settings.keySecret())).toBe(0);
    expect((await page.content()).includes(key)).toBe(false);
  });

  test("the admin renames the company and changes its default language: the header, the API and people without their own language follow", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "en", role: "admin" });
    const settings = await new SettingsPage(page, app.url, "en").open("company");
    const shell = await new Shell(page, "en").ready();
    await hasText(shell.companyName(), "Romashka LLC");
    expect(await settings.companyNameInput().inputValue()).toBe("Romashka LLC");

    await settings.saveCompany("ООО Ромашка", "ru");
    // The header follows at once (the admin chose English for themself, so it stays English).
    await hasText(shell.companyName(), "ООО Ромашка");
    await hasText(settings.heading(), settings.t.page.title);

    const read = await app.api("sales", "GET", "/api/v1/settings");
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ companyName: "ООО Ромашка", defaultLocale: "ru" });

    // Someone who has not chosen a language gets the company's default, whatever the browser had.
    const sales = await world().context({ lang: "en", role: "sales" });
    await app.setLocale("sales", null);
    await sales.page.goto(app.url);
    const salesShell = await new Shell(sales.page, "ru").ready();
    await visible(salesShell.navLink("inbox"));
    expect(await sales.page.getAttribute("html", "lang")).toBe("ru");
    await hasText(salesShell.companyName(), "ООО Ромашка");

    // Only an administrator may change them.
    const refused = await app.api("sales", "PUT", "/api/v1/settings", {
      companyName: "X",
      defaultLocale: "en",
    });
    expect(refused.status).toBe(403);

    await app.api("admin", "PUT", "/api/v1/settings", { companyName: "Romashka LLC", defaultLocale: "en" });
  });
});
