import type { Page } from "playwright-core";
import type { Lang } from "../browser.js";
import { fill, type Texts, textsOf } from "./texts.js";
import { visible } from "./wait.js";

type HeadRole = "marketing_head" | "sales_head";

/** /welcome: the person's own password; for an admin on the first run, the company and the two heads. */
export class FirstRunPage {
  readonly t: Texts["firstRun"];
  readonly common: Texts["common"];
  constructor(
    readonly page: Page,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).firstRun;
    this.common = textsOf(lang).common;
  }

  heading() {
    return this.page.getByRole("heading", { level: 1, name: this.t.title });
  }
  async ready(): Promise<this> {
    await visible(this.heading());
    return this;
  }

  // Step 1: the person's own password.
  passwordForm() {
    return this.page.getByTestId("first-run-password");
  }
  async choosePassword(current: string, next: string, repeat = next): Promise<void> {
    const form = this.passwordForm();
    await visible(form);
    await form.getByLabel(this.t.password.current, { exact: true }).fill(current);
    await form.getByLabel(this.t.password.new, { exact: true }).fill(next);
    await form.getByLabel(this.t.password.repeat, { exact: true }).fill(repeat);
    await form.getByRole("button", { name: this.t.password.submit }).click();
  }
  /** The message under a password field (client check or the server's refusal). */
  passwordError(text: string) {
    return this.passwordForm().getByText(text, { exact: true });
  }

  // Step 2: the company.
  async nameCompany(name: string, language: "en" | "ru"): Promise<void> {
    const form = this.page.getByTestId("first-run-company");
    await visible(form);
    await form.getByLabel(this.t.company.name, { exact: true }).fill(name);
    await form.getByLabel(this.t.company.language, { exact: true }).selectOption(language);
    await form.getByRole("button", { name: this.t.company.submit }).click();
  }

  // Step 3: the department heads; returns the one-time password shown once.
  async createHead(role: HeadRole, name: string, email: string): Promise<string> {
    const roleName = this.common.roles[role];
    const form = this.page.getByTestId(`first-run-head-form-${role}`);
    await visible(form);
    await form.getByLabel(`${this.t.heads.name}: ${roleName}`, { exact: true }).fill(name);
    await form.getByLabel(`${this.t.heads.email}: ${roleName}`, { exact: true }).fill(email);
    await form
      .getByRole("button", { name: fill(this.t.heads.create, { role: roleName.toLowerCase() }) })
      .click();
    const value = this.page.getByTestId(`one-time-password-${role}`).getByTestId("one-time-password-value");
    await visible(value);
    return ((await value.textContent()) ?? "").trim();
  }
  finish() {
    return this.page.getByTestId("first-run-finish");
  }
}
