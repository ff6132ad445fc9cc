/**
 * Keyboard only, no mouse: a marketer reaches a lead's "Record a fact" with Tab, fills the dialog
 * with the keyboard (the selects with arrows and Enter), records the fact, and sees the new grade;
 * every focused control on the way shows its focus.
 */
import { beforeAll, expect, test } from "vitest";
import { browserSuite } from "./browser.js";
import { SEED, seedLeads } from "./fixtures.js";
import { LeadPage } from "./pages/lead-page.js";
import { visible } from "./pages/wait.js";

/** The focused element's test id, and whether its focus is visible (an outline or a ring). */
async function focused(page: import("playwright-core").Page): Promise<{ id: string; ring: boolean }> {
  // A string: it runs in the page (this file has Node's types, not the DOM's).
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { id: "", ring: false };
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== "none");
    return { id: el.getAttribute("data-testid") || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40), ring: !!ring };
  })()`)) as { id: string; ring: boolean };
}

browserSuite("keyboard", (world) => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = await seedLeads(world().app);
  });

  test("record a fact on a lead with the keyboard alone; focus visible at each stop", async () => {
    const { app } = world();
    const cold = ids[SEED.findIndex((s) => s.name === "Priya Patel")] as string;
    const { page } = await world().context({ lang: "en", role: "marketing" });
    const lead = await new LeadPage(page, app.url, "en").open(cold);
    await lead.expectGrade("cold");

    // Tab from the top of the page to the "Record a fact" button; every stop shows its focus.
    let stop = { id: "", ring: false };
    const unringed: string[] = [];
    for (let i = 0; i < 40 && stop.id !== "action-record-fact"; i++) {
      await page.keyboard.press("Tab");
      stop = await focused(page);
      if (stop.id && !stop.ring) unringed.push(stop.id);
    }
    expect(stop.id).toBe("action-record-fact");
    expect(unringed, `focus not visible on: ${unringed.join(", ")}`).toEqual([]);
    await page.keyboard.press("Enter");
    const dialog = await visible(lead.dialog(lead.t.record.title));

    // The fact: Tab from the dialog's first stop (its close button), then typing and Enter.
    const fact = lead.field(dialog, "fact");
    // The dialog takes the focus (its close button) once it has opened.
    await expect.poll(async () => (await focused(page)).id).not.toBe("action-record-fact");
    for (let i = 0; i < 5 && (await focused(page)).id !== "field-fact"; i++) await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("field-fact");
    await page.keyboard.press("Control+a");
    await page.keyboard.type("Stated interest");
    await visible(lead.option("Stated interest in the product"));
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect.poll(() => fact.inputValue()).toBe("Stated interest in the product");
    // The value: Tab to it, open with the arrow, pick "yes".
    await page.keyboard.press("Tab");
    await expect.poll(async () => (await focused(page)).id).toBe("field-value");
    await page.keyboard.press("ArrowDown");
    await visible(lead.option(lead.t.yes));
    await page.keyboard.press("Enter");
    await expect.poll(() => lead.field(dialog, "value").inputValue()).toBe(lead.t.yes);
    // The prospect's words, then submit with Enter on the button.
    for (let i = 0; i < 6 && (await focused(page)).id !== "field-quote"; i++)
      await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("field-quote");
    await page.keyboard.type("Please send a demo");
    for (let i = 0; i < 10 && (await focused(page)).id !== "dialog-submit"; i++)
      await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("dialog-submit");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    await lead.expectGrade("warm");
    const api = await app.api("marketing", "GET", `/api/v1/leads/${cold}`);
    expect(api.body.lead.grade).toBe("warm");
  });
});
