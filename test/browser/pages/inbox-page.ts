import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { Lang } from "../browser.js";
import { type Texts, textsOf } from "./texts.js";
import { gone, visible } from "./wait.js";

/** The inbox (/): the leads table (cards at phone width), its filters, views and keyboard. */
export class InboxPage {
  readonly t: Texts["inbox"];
  constructor(
    readonly page: Page,
    readonly base: string,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).inbox;
  }

  root() {
    return this.page.getByTestId("inbox");
  }
  rows() {
    return this.page.getByTestId("inbox-row");
  }
  /** A lead's row, by what it shows (its name or company). */
  row(text: string) {
    return this.rows().filter({ hasText: text });
  }
  empty() {
    return this.page.getByTestId("inbox-empty");
  }
  search() {
    return this.page.getByTestId("inbox-search");
  }

  async open(query = ""): Promise<this> {
    await this.page.goto(`${this.base}/${query}`);
    return this.ready();
  }
  /** The list has loaded: rows, or the empty state. */
  async ready(): Promise<this> {
    await visible(this.root());
    await visible(this.rows().or(this.empty()).or(this.page.getByText(this.t.noMatch.title)));
    await gone(this.page.getByTestId("inbox-loading"));
    return this;
  }

  /** The grade key a row's badge shows (`data-grade`), "" for none. */
  async gradeIn(row: Locator): Promise<string> {
    return (await row.locator("[data-grade]").first().getAttribute("data-grade")) ?? "";
  }

  /** Searches with the `/` key, as the hint says, and waits for the list. */
  async searchFor(text: string): Promise<void> {
    await this.page.keyboard.press("/");
    await this.search().fill(text);
    await this.page.keyboard.press("Enter");
    // Applied after a pause, into the address: wait for it, then for the list.
    await expect.poll(() => new URL(this.page.url()).searchParams.get("q")).toBe(text);
    await this.ready();
  }

  status() {
    return this.page.getByTestId("inbox-status");
  }
  shortcuts() {
    return this.page.getByTestId("inbox-shortcuts");
  }
  /** The selected row (j/k), if any. */
  selected() {
    return this.rows().and(this.page.locator("[data-selected]"));
  }
  /** The row's stage as shown (the words of common.stages). */
  async stageIn(row: Locator): Promise<string> {
    return (await row.textContent()) ?? "";
  }

  /** Opens a lead by clicking its name (the row's link). */
  async clickLead(text: string): Promise<void> {
    await this.row(text).getByRole("link").first().click();
  }

  /** Opens a lead with the keyboard only: `j` until its row is selected, then Enter. */
  async openLeadWithKeyboard(text: string, maxRows = 50): Promise<void> {
    const row = this.row(text);
    for (let i = 0; i < maxRows && (await row.getAttribute("data-selected")) === null; i++)
      await this.page.keyboard.press("j");
    if ((await row.getAttribute("data-selected")) === null)
      throw new Error(`j never reached the row of ${text}`);
    await this.page.keyboard.press("Enter");
  }
}

/** The command palette (Ctrl+K anywhere in the app): screens, views, a lead by name, language. */
export class CommandPalette {
  constructor(readonly page: Page) {}
  input() {
    return this.page.getByTestId("palette-input");
  }
  options() {
    return this.page.getByTestId("palette-option");
  }
  async open(): Promise<this> {
    await this.page.keyboard.press("Control+k");
    await visible(this.input());
    return this;
  }
  /** Types, waits until the first option shows `expect`, and runs it with Enter. */
  async run(text: string, first: string): Promise<void> {
    await this.input().fill(text);
    await expect.poll(async () => (await this.options().first().textContent()) ?? "").toContain(first);
    await this.input().press("Enter");
  }
}
