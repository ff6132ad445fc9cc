import type { Page } from "playwright-core";
import type { Lang } from "../browser.js";
import { type Texts, textsOf } from "./texts.js";
import { visible } from "./wait.js";

/** The frame of every signed-in screen: main navigation, language switch, the user menu. */
export class Shell {
  readonly t: Texts["common"];
  constructor(
    readonly page: Page,
    readonly lang: Lang,
  ) {
    this.t = textsOf(lang).common;
  }

  /** A main navigation link (desktop header), by the screen's name. */
  navLink(screen: keyof Texts["common"]["nav"]) {
    return this.page.getByRole("navigation", { name: "main", exact: true }).getByRole("link", {
      name: this.t.nav[screen],
      exact: true,
    });
  }
  userMenu() {
    return this.page.getByTestId("user-menu");
  }
  /** The company's name beside "Truce" in the header (hidden on a phone). */
  companyName() {
    return this.page.getByTestId("shell-company");
  }

  /** Waits until the shell is shown for someone (their menu is there). */
  async ready(): Promise<this> {
    await visible(this.userMenu());
    return this;
  }

  async signedInAs(): Promise<string> {
    return (await this.userMenu().getAttribute("aria-label")) ?? "";
  }

  async go(screen: keyof Texts["common"]["nav"]): Promise<void> {
    await this.navLink(screen).click();
  }

  async signOut(): Promise<void> {
    await this.userMenu().click();
    await this.page.getByRole("menuitem", { name: this.t.signOut }).click();
  }
}
