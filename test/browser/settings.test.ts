/** Settings: an API key is shown once, works, and afterwards only its first characters are shown. */
import { expect, test } from "vitest";
import { browserSuite } from "./browser.js";
import { SettingsPage } from "./pages/settings-page.js";
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
});
