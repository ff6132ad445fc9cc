/** Waiting on the screen (playwright-core has no `expect`): poll until a condition holds. */
import type { Locator } from "playwright-core";
import { expect } from "vitest";

const TIMEOUT = 10_000;

/** Waits until the element is visible. */
export async function visible(locator: Locator, timeout = TIMEOUT): Promise<Locator> {
  await locator.first().waitFor({ state: "visible", timeout });
  return locator;
}

/** Waits until no matching element is visible. */
export async function gone(locator: Locator, timeout = TIMEOUT): Promise<void> {
  await expect.poll(() => locator.filter({ visible: true }).count(), { timeout }).toBe(0);
}

/** Waits until the element's text matches. */
export async function hasText(locator: Locator, text: string | RegExp, timeout = TIMEOUT): Promise<void> {
  await expect
    .poll(async () => ((await locator.count()) > 0 ? ((await locator.first().textContent()) ?? "") : ""), {
      timeout,
    })
    .toMatch(typeof text === "string" ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : text);
}

/** The element's visible count, after the screen has settled on it. */
export async function visibleCount(locator: Locator): Promise<number> {
  return locator.filter({ visible: true }).count();
}
