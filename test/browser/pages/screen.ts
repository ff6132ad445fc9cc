import type { Page } from "playwright-core";
import type { Lang } from "../browser.js";
import { textsOf } from "./texts.js";
import { gone, visible } from "./wait.js";

/** What every screen shares: its one h1, and "settled" (no loading indicator left in the main area). */
export async function settled(page: Page, lang: Lang): Promise<void> {
  await visible(page.getByRole("heading", { level: 1 }));
  await gone(page.getByRole("main").getByText(textsOf(lang).common.loading, { exact: true }));
}
