import type { Page } from "playwright-core";
import type { Lang } from "../browser.js";
import { type Texts, textsOf } from "./texts.js";
import { hasText, visible } from "./wait.js";

/** /sign-in: e-mail, password, the language switch, the server's message when it refuses. */
export class SignInPage {
  readonly t: Texts["auth"];
  constructor(
    readonly page: Page,
    readonly base: string,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).auth;
  }

  heading() {
    return this.page.getByRole("heading", { level: 1, name: this.t.title });
  }
  email() {
    return this.page.getByLabel(this.t.email, { exact: true });
  }
  password() {
    return this.page.getByLabel(this.t.password, { exact: true });
  }
  submit() {
    return this.page.getByRole("button", { name: this.t.submit, exact: true });
  }
  error() {
    return this.page.getByTestId("sign-in-error");
  }

  async open(next?: string): Promise<this> {
    await this.page.goto(`${this.base}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`);
    await visible(this.heading());
    return this;
  }

  /** Types and submits with the keyboard only (Enter), as a person would. */
  async signIn(email: string, password: string): Promise<void> {
    await this.email().fill(email);
    await this.password().fill(password);
    await this.password().press("Enter");
  }

  async expectError(text: string | RegExp): Promise<void> {
    await hasText(this.error(), text);
  }
}
