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
  async open(query = ""): Promise<this> {
    await this.page.goto(`${this.base}/reports${query}`);
    await visible(this.heading());
    await visible(this.report("grades"));
    await settled(this.page, this.lang);
    return this;
  }
}
