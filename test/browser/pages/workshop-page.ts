import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Lang } from "../browser.js";
import { settled } from "./screen.js";
import { type Texts, textsOf } from "./texts.js";
import { gone, visible } from "./wait.js";

/** /definition: the active definition, the draft editor (/draft), the versions (/versions). */
export class WorkshopPage {
  readonly t: Texts["workshop"];
  constructor(
    readonly page: Page,
    readonly base: string,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).workshop;
  }
  heading() {
    return this.page.getByRole("heading", { level: 1, name: this.t.title });
  }
  tab(tab: "active" | "draft" | "versions") {
    return this.page.getByTestId(`workshop-tab-${tab}`);
  }
  activeDefinition() {
    return this.page.getByTestId("active-definition");
  }
  async open(path: "" | "/draft" | "/versions" = ""): Promise<this> {
    await this.page.goto(`${this.base}/definition${path}`);
    await visible(this.heading());
    await settled(this.page, this.lang);
    return this;
  }
}

/** The draft editor (/definition/draft[?version=N]): YAML, live findings, simulation, workflow. */
export class DraftEditor {
  constructor(
    readonly page: Page,
    readonly base: string,
    readonly lang: Lang,
  ) {}

  root() {
    return this.page.getByTestId("draft-editor");
  }
  findings() {
    return this.page.getByTestId("finding");
  }
  /** Findings of one checker code (e.g. grade.gap), as listed under the editor. */
  finding(code: string) {
    return this.findings().and(this.page.locator(`[data-code="${code}"]`));
  }
  /** The counterexample lead shown with a finding, in words. */
  counterexampleOf(code: string) {
    return this.finding(code).getByTestId("counterexample");
  }
  matrixCells() {
    return this.page.getByTestId("matrix-cell");
  }

  async open(version?: number): Promise<this> {
    await this.page.goto(`${this.base}/definition/draft${version ? `?version=${version}` : ""}`);
    await visible(this.root());
    await visible(this.page.getByTestId("yaml-editor").getByRole("textbox"));
    await this.checked();
    return this;
  }
  /** Waits until the live check has caught up with the text. */
  async checked(): Promise<void> {
    await visible(this.page.getByTestId("findings"));
    await expect.poll(() => this.page.getByTestId("findings").getAttribute("aria-busy")).toBe("false");
  }
  /** Replaces the whole text through "Paste YAML" (the editor itself is CodeMirror). */
  async paste(yaml: string): Promise<void> {
    await this.page.getByTestId("paste-yaml").click();
    await this.page.getByTestId("paste-yaml-text").fill(yaml);
    await this.page.getByTestId("paste-yaml-apply").click();
    await expect.poll(() => this.page.getByTestId("unsaved").count()).toBeGreaterThan(0);
    await this.checked();
  }
  async simulate(): Promise<void> {
    await this.page.getByTestId("simulate").click();
    await visible(this.page.getByTestId("matrix"));
  }
  /** The matrix as shown: today's grade → the draft's → count (non-zero cells only). */
  async matrixOnScreen(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const cell of await this.matrixCells().all()) {
      const [from, to, count] = await Promise.all([
        cell.getAttribute("data-from"),
        cell.getAttribute("data-to"),
        cell.getAttribute("data-count"),
      ]);
      if (from === null || to === null || !Number(count)) continue;
      out[from] = { ...out[from], [to]: Number(count) };
    }
    return out;
  }
  /** Saves the text as a new draft version; returns its number (from the address it opens). */
  async save(): Promise<number> {
    await this.page.getByTestId("save-draft").click();
    await this.page.waitForURL(/version=\d+/);
    await visible(this.page.getByTestId("workflow"));
    return Number(new URL(this.page.url()).searchParams.get("version"));
  }
  workflowButton(step: "propose" | "approve" | "activate") {
    return this.page.getByTestId(step);
  }
  async step(step: "propose" | "approve"): Promise<void> {
    await this.workflowButton(step).click();
    await gone(this.workflowButton(step));
  }
  /**
   * Activates after the one confirmation, waits for the background regrade to finish (the
   * workshop polls its progress); returns how many leads it regraded and how many grades changed.
   */
  async activate(): Promise<{ regraded: number; changed: number }> {
    await this.workflowButton("activate").click();
    await visible(this.page.getByTestId("activation-count"));
    await this.page.getByTestId("activate-confirm").click();
    const result = await visible(this.page.getByTestId("activation-result"), 30_000);
    return {
      regraded: Number(await result.getAttribute("data-regraded")),
      changed: Number(await result.getAttribute("data-changed")),
    };
  }
}
