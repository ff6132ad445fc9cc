import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { Lang } from "../browser.js";
import { factLabel } from "./definition-texts.js";
import type { FactInput } from "./lead-page.js";
import { type Texts, textsOf } from "./texts.js";
import { gone, visible } from "./wait.js";

/** A lead entered by hand: who, where from, and optionally one first fact with its evidence. */
export interface NewLead {
  readonly name?: string;
  readonly company?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly source?: string;
  readonly campaign?: string;
  readonly fact?: {
    readonly key: string;
    /** A yes/no, a date, or an option's words (an enum fact's label as the definition gives it). */
    readonly value: Exclude<FactInput, "unknown"> | { option: string };
    readonly channel?: "call" | "email" | "meeting";
    readonly quote?: string;
  };
}

/** The inbox (/): the leads table (cards at phone width), its filters, views and keyboard. */
export class InboxPage {
  readonly t: Texts["inbox"];
  readonly lead: Texts["lead"];
  constructor(
    readonly page: Page,
    readonly base: string,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).inbox;
    this.lead = textsOf(lang).lead;
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

  /** "New lead": shown only to the roles that may capture (marketing, their head, admin). */
  newLeadButton() {
    return this.page.getByRole("button", { name: this.t.newLead.button, exact: true });
  }
  newLeadDialog() {
    return this.page.getByRole("dialog", { name: this.t.newLead.title, exact: true });
  }
  /** Opens the "New lead" dialog by its button, or with its key (`c`). */
  async openNewLead(via: "button" | "key" = "button"): Promise<NewLeadDialog> {
    if (via === "key") await this.page.keyboard.press("c");
    else await this.newLeadButton().first().click();
    return new NewLeadDialog(this, await visible(this.newLeadDialog()));
  }
  /** Enters a lead by hand, sends it, and opens it (the lead's page) once the dialog says what happened. */
  async newLead(lead: NewLead, via: "button" | "key" = "button"): Promise<NewLeadResult> {
    const dialog = await (await this.openNewLead(via)).fill(lead);
    const result = await dialog.submit();
    await dialog.openLead();
    return result;
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

export interface NewLeadResult {
  /** false: the server added it to an open lead with the same e-mail or phone. */
  readonly created: boolean;
  /** What the dialog said. */
  readonly message: string;
}

/** The "New lead" dialog, driven by the names people read. */
export class NewLeadDialog {
  readonly t: Texts["inbox"]["newLead"];
  readonly lead: Texts["lead"];
  constructor(
    readonly inbox: InboxPage,
    readonly root: Locator,
  ) {
    this.t = inbox.t.newLead;
    this.lead = inbox.lead;
  }
  field(label: keyof Texts["inbox"]["newLead"]) {
    return this.root.getByLabel(this.t[label], { exact: true });
  }
  /** The error shown under a field (its accessible description), "" when none. */
  async errorOf(label: keyof Texts["inbox"]["newLead"]): Promise<string> {
    const id = await this.field(label).getAttribute("aria-describedby");
    if (!id) return "";
    const texts = await Promise.all(
      id.split(/\s+/).map((i) =>
        this.root
          .locator(`[id="${i}"]`)
          .textContent()
          .catch(() => ""),
      ),
    );
    return texts.join(" ").trim();
  }
  private async choose(input: Locator, option: string): Promise<void> {
    await input.click();
    await this.inbox.page.getByRole("option", { name: option, exact: true }).click();
  }
  async fill(lead: NewLead): Promise<this> {
    for (const k of ["name", "company", "email", "phone", "source", "campaign"] as const) {
      const v = lead[k];
      if (v !== undefined) await this.field(k).fill(v);
    }
    const fact = lead.fact;
    if (fact) {
      await this.choose(this.field("fact"), factLabel(fact.key, this.inbox.lang));
      const value = this.field("value");
      if ("yes" in fact.value) await this.choose(value, fact.value.yes ? this.lead.yes : this.lead.no);
      else if ("option" in fact.value) await this.choose(value, fact.value.option);
      else await value.fill(fact.value.date);
      await this.choose(this.field("channel"), this.lead.channels[fact.channel ?? "call"]);
      if (fact.quote !== undefined) await this.field("quote").fill(fact.quote);
    }
    return this;
  }
  submitButton() {
    return this.root.getByRole("button", { name: this.t.submit, exact: true });
  }
  /** Sends it; waits for the dialog to say what happened (created, or added to an open lead). */
  async submit(): Promise<NewLeadResult> {
    await this.submitButton().click();
    const said = await visible(this.root.getByRole("status"));
    const message = ((await said.textContent()) ?? "").trim();
    const created = message.startsWith(this.t.created.split("{{")[0] ?? "");
    return { created, message };
  }
  /** "Open the lead" (after submitting): the lead's page. */
  async openLead(): Promise<void> {
    await this.root.getByRole("button", { name: this.t.open, exact: true }).click();
    await this.root.waitFor({ state: "detached" });
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
