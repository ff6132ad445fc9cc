import type { Page } from "playwright-core";
import type { Lang } from "../browser.js";
import { settled } from "./screen.js";
import { type Texts, textsOf } from "./texts.js";
import { visible } from "./wait.js";

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
