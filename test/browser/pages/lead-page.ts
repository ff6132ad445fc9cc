import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { Lang } from "../browser.js";
import { factLabel } from "./definition-texts.js";
import { type Texts, textsOf } from "./texts.js";
import { visible } from "./wait.js";

/** The value to type or pick for a fact in a dialog: a yes/no, a date (YYYY-MM-DD), or unknown. */
export type FactInput = { yes: boolean } | { date: string } | "unknown";
export type Move = keyof Texts["lead"]["moves"];

/** A lead's page (/leads/:id): grade and why, facts with evidence, timeline, and the allowed actions. */
export class LeadPage {
  readonly t: Texts["lead"];
  constructor(
    readonly page: Page,
    readonly base: string,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).lead;
  }

  root() {
    return this.page.getByTestId("lead-page");
  }
  title() {
    return this.page.getByTestId("lead-title");
  }
  gradeBlock() {
    return this.page.getByTestId("grade-block");
  }
  why() {
    return this.page.getByTestId("grade-why");
  }
  timeline() {
    return this.page.getByTestId("timeline");
  }
  /** A move's button (exactly those the server lists for this person now). */
  moveButton(move: Move) {
    return this.page.getByTestId(`move-${move}`);
  }
  recordFactButton() {
    return this.page.getByTestId("action-record-fact");
  }
  disputeButton() {
    return this.page.getByTestId("action-open-dispute");
  }
  resolveButton() {
    return this.page.getByTestId("action-resolve-dispute");
  }
  actions() {
    return this.page.getByTestId("lead-actions").or(this.page.getByTestId("lead-no-actions"));
  }
  fact(key: string) {
    return this.page.getByTestId(`fact-${key}`);
  }
  factValue(key: string) {
    return this.page.getByTestId(`fact-${key}-value`);
  }
  disputes() {
    return this.page.getByTestId("disputes");
  }
  /** Timeline entries of one kind (e.g. "win", "fact_recorded"). */
  timelineEntry(type: string) {
    return this.page.getByTestId(`timeline-${type}`);
  }
  /** An option of the open select list, by its words. */
  option(name: string) {
    return this.page.getByRole("option", { name, exact: true });
  }
  /** A field of an open dialog, by its test id (field-fact, field-value, field-quote, …). */
  field(dialog: Locator, name: string) {
    return dialog.getByTestId(`field-${name}`);
  }

  async open(id: string): Promise<this> {
    await this.page.goto(`${this.base}/leads/${id}`);
    return this.ready();
  }
  async ready(): Promise<this> {
    await visible(this.root());
    await visible(this.actions());
    return this;
  }
  async id(): Promise<string> {
    return (await this.root().getAttribute("data-lead-id")) ?? "";
  }
  /** Waits until the page shows this grade (its badge's `data-grade`). */
  async expectGrade(grade: string): Promise<void> {
    await expect
      .poll(() => this.gradeBlock().locator("[data-grade]").first().getAttribute("data-grade"))
      .toBe(grade);
  }
  async expectStage(stage: string): Promise<void> {
    await expect.poll(() => this.root().getAttribute("data-stage")).toBe(stage);
  }

  /** A dialog, by its title (its accessible name). */
  dialog(title: string) {
    return this.page.getByRole("dialog", { name: title, exact: true });
  }

  /** Picks an option of a Mantine select (the input, then the option in its list). */
  private async choose(input: Locator, option: string): Promise<void> {
    await input.click();
    await this.page.getByRole("option", { name: option, exact: true }).click();
  }
  private async fillValue(dialog: Locator, testId: string, value: FactInput): Promise<void> {
    if (value === "unknown") await dialog.getByTestId(`${testId}-unknown`).check();
    else if ("yes" in value)
      await this.choose(dialog.getByTestId(testId), value.yes ? this.t.yes : this.t.no);
    else await dialog.getByTestId(testId).fill(value.date);
  }
  private async evidence(dialog: Locator, channel: keyof Texts["lead"]["channels"], quote: string) {
    await this.choose(dialog.getByTestId("field-channel"), this.t.channels[channel]);
    await dialog.getByTestId("field-quote").fill(quote);
  }
  private async submit(dialog: Locator): Promise<void> {
    await dialog.getByTestId("dialog-submit").click();
    await dialog.waitFor({ state: "detached" });
  }

  /** Records one fact with its evidence through the "Record a fact" dialog. */
  async recordFact(fact: string, value: FactInput, quote: string, channel: "call" | "email" = "call") {
    await this.recordFactButton().click();
    const dialog = await visible(this.dialog(this.t.record.title));
    await this.choose(dialog.getByTestId("field-fact"), factLabel(fact, this.lang));
    await this.fillValue(dialog, "field-value", value);
    await this.evidence(dialog, channel, quote);
    await this.submit(dialog);
  }

  async move(move: Move): Promise<void> {
    await this.moveButton(move).click();
  }

  /** Sales rejects citing a recorded fact: what they observed, in the prospect's words. */
  async rejectCitingFact(fact: string, observed: FactInput, quote: string): Promise<void> {
    await this.moveButton("reject").click();
    const dialog = await visible(this.dialog(this.t.reject.title));
    await dialog.getByText(this.t.reject.byFact, { exact: true }).click();
    const factInput = dialog.getByTestId("field-fact");
    await factInput.click();
    await this.page.getByRole("option", { name: new RegExp(`^${factLabel(fact, this.lang)}:`) }).click();
    await this.fillValue(dialog, "field-observed", observed);
    await this.evidence(dialog, "call", quote);
    await this.submit(dialog);
  }

  /** Sales disputes a fact; the dialog starts from what the rejection cited. */
  async openDisputeAsCited(): Promise<void> {
    await this.disputeButton().click();
    const dialog = await visible(this.dialog(this.t.dispute.title));
    await this.submit(dialog);
  }

  /** The open dispute in the resolve dialog (the claim, its quote and evidence line). */
  async openResolveDialog(): Promise<Locator> {
    await this.resolveButton().click();
    return visible(this.dialog(this.t.resolve.title));
  }
  async acceptClaim(dialog: Locator): Promise<void> {
    await dialog.getByTestId("resolve-accept").click();
    await dialog.getByTestId("resolve-confirm-accept").click();
    await dialog.waitFor({ state: "detached" });
  }

  async win(amount: string, currency: string): Promise<void> {
    await this.moveButton("win").click();
    const dialog = await visible(this.dialog(this.t.win.title));
    await dialog.getByTestId("field-amount").fill(amount);
    await dialog.getByTestId("field-currency").fill(currency);
    await this.submit(dialog);
  }

  /** Opens a fact's history (earlier observations with their evidence). */
  async showFactHistory(fact: string): Promise<Locator> {
    await this.page.getByTestId(`fact-${fact}-history-toggle`).click();
    return this.fact(fact);
  }
}
