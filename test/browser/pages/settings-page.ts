import type { Page } from "playwright-core";
import type { Lang } from "../browser.js";
import { settled } from "./screen.js";
import { type Texts, textsOf } from "./texts.js";
import { visible } from "./wait.js";

export type SettingsTab = "users" | "keys" | "webhooks" | "forms" | "service-levels" | "company";

/** /settings (administrators): users, API keys, webhooks, capture forms, service levels, company. */
export class SettingsPage {
  readonly t: Texts["settings"];
  constructor(
    readonly page: Page,
    readonly base: string,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).settings;
  }
  heading() {
    return this.page.getByRole("heading", { level: 1, name: this.t.page.title });
  }
  tab(tab: SettingsTab) {
    return this.page.getByTestId(`settings-tab-${tab}`);
  }
  adminsOnly() {
    return this.page.getByTestId("settings-admins-only");
  }
  usersTable() {
    return this.page.getByTestId("users-table");
  }
  /** Creates an API key (read scope, the default) and returns the secret shown this once. */
  async createKey(name: string): Promise<string> {
    await this.page.getByTestId("key-create").click();
    const dialog = await visible(this.page.getByRole("dialog", { name: this.t.keys.createTitle }));
    await dialog.getByLabel(this.t.keys.name, { exact: true }).fill(name);
    await dialog.getByTestId("key-create-submit").click();
    const secret = await visible(this.page.getByTestId("key-secret"));
    return secret.inputValue();
  }
  keySecret() {
    return this.page.getByTestId("key-secret");
  }
  keysTable() {
    return this.page.getByTestId("keys-table");
  }
  companyForm() {
    return this.page.getByTestId("company-form");
  }
  companyNameInput() {
    return this.companyForm().getByLabel(this.t.company.name, { exact: true });
  }
  companyLanguageSelect() {
    return this.companyForm().getByLabel(this.t.company.language, { exact: true });
  }
  companySaved() {
    return this.page.getByRole("status").getByTestId("company-saved");
  }
  /** Company tab: sets the company's name and default language, saves, waits for the confirmation. */
  async saveCompany(name: string, defaultLocale: Lang): Promise<void> {
    await visible(this.companyForm());
    await this.companyNameInput().fill(name);
    await this.companyLanguageSelect().selectOption(defaultLocale);
    await this.page.getByTestId("company-save").click();
    await visible(this.companySaved());
  }
  async open(tab: SettingsTab = "users"): Promise<this> {
    await this.page.goto(`${this.base}/settings/${tab}`);
    await visible(this.heading());
    await settled(this.page, this.lang);
    return this;
  }
}
