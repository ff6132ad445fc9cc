import type { Page } from "playwright-core";
import type { Lang } from "../browser.js";
import { settled } from "./screen.js";
import { type Texts, textsOf } from "./texts.js";
import { visible } from "./wait.js";

/** /reports: filters in the URL, then each report (a question, a chart, a verdict, a table). */
export class ReportsPage {
  readonly t: Texts["reports"];
  constructor(
    readonly page: Page,
    readonly base: string,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).reports;
  }
  heading() {
    return this.page.getByRole("heading", { level: 1, name: this.t.title });
  }
  report(id: string) {
    return this.page.getByTestId(`report-${id}`);
  }
  gradesTable() {
    return this.page.getByTestId("grades-table");
  }
  /** Picks a source in the filters (a select: its input, then the option). */
  async filterBySource(source: string): Promise<void> {
    await this.page.getByTestId("filter-source").click();
    await this.page.getByRole("option", { name: source, exact: true }).click();
    await this.page.waitForURL(new RegExp(`source=${source}`));
    await settled(this.page, this.lang);
  }
  async open(query = ""): Promise<this> {
    await this.page.goto(`${this.base}/reports${query}`);
    await visible(this.heading());
    await visible(this.report("grades"));
    await settled(this.page, this.lang);
    return this;
  }
}
