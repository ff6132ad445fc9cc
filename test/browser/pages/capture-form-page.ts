import type { Page } from "playwright-core";
import { UI } from "../../../src/http/forms-assets/texts.js";
import type { Lang } from "../browser.js";
import { visible } from "./wait.js";

/** A public capture form (/forms/:id), as a prospect fills it in on the company's website. */
export class CaptureFormPage {
  constructor(
    readonly page: Page,
    readonly url: string,
    readonly lang: Lang,
  ) {}

  async open(): Promise<this> {
    await this.page.goto(`${this.url}?lang=${this.lang}`);
    await visible(this.submit());
    return this;
  }
  field(name: keyof typeof UI.contact) {
    return this.page.getByLabel(UI.contact[name][this.lang], { exact: false }).first();
  }
  submit() {
    return this.page.getByRole("button", { name: UI.submit[this.lang], exact: true });
  }
  async send(contact: { name: string; email: string; company: string }): Promise<void> {
    await this.field("name").fill(contact.name);
    await this.field("email").fill(contact.email);
    await this.field("company").fill(contact.company);
    await this.submit().click();
    // With JavaScript the thanks replace the form in place; without, a thank-you page says the same.
    await visible(this.page.getByText(UI.thanks[this.lang]));
  }
}
