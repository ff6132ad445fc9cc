/**
 * Every main screen in English and Russian: axe finds no serious or critical violation (at 1280 px;
 * the inbox and the lead page also at 390 px, where they must be usable), and a screenshot of each
 * at 1280 and 390 px goes to test-artifacts/screens/ for people to look at.
 */
import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { describeViolations, seriousViolations } from "./axe.js";
import { browserSuite, DESKTOP, LANGS, type Lang, PHONE, screenshot } from "./browser.js";
import { seedLeads } from "./fixtures.js";
import type { TestRole } from "./harness.js";
import { InboxPage } from "./pages/inbox-page.js";
import { LeadPage } from "./pages/lead-page.js";
import { ReportsPage } from "./pages/reports-page.js";
import { SettingsPage } from "./pages/settings-page.js";
import { SignInPage } from "./pages/sign-in-page.js";
import { visible } from "./pages/wait.js";
import { WorkshopPage } from "./pages/workshop-page.js";

interface Screen {
  readonly name: string;
  readonly role: TestRole | null;
  /** Axe at phone width too (the screens that must be usable on a phone). */
  readonly phoneAxe: boolean;
  readonly open: (page: Page, base: string, lang: Lang) => Promise<unknown>;
}

let leadIds: string[] = [];

const SCREENS: readonly Screen[] = [
  { name: "sign-in", role: null, phoneAxe: true, open: (p, b, l) => new SignInPage(p, b, l).open() },
  { name: "inbox", role: "marketing", phoneAxe: true, open: (p, b, l) => new InboxPage(p, b, l).open() },
  {
    // The "New lead" dialog open, a first fact picked: every field of it in view.
    name: "new-lead",
    role: "marketing",
    phoneAxe: true,
    open: async (p, b, l) => {
      const dialog = await (await new InboxPage(p, b, l).open()).openNewLead();
      return dialog.fill({
        name: l === "ru" ? "Иван Петров" : "Jane Doe",
        fact: { key: "stated_interest", value: { yes: true } },
      });
    },
  },
  {
    name: "lead",
    role: "sales",
    phoneAxe: true,
    open: (p, b, l) => new LeadPage(p, b, l).open(leadIds[0] as string),
  },
  {
    name: "definition",
    role: "marketing_head",
    phoneAxe: false,
    open: (p, b, l) => new WorkshopPage(p, b, l).open(),
  },
  {
    name: "reports",
    role: "sales_head",
    phoneAxe: false,
    open: (p, b, l) => new ReportsPage(p, b, l).open(),
  },
  { name: "settings", role: "admin", phoneAxe: false, open: (p, b, l) => new SettingsPage(p, b, l).open() },
  {
    name: "settings-company",
    role: "admin",
    phoneAxe: false,
    open: async (p, b, l) => visible((await new SettingsPage(p, b, l).open("company")).companyForm()),
  },
];

browserSuite("screens", (world) => {
  beforeAll(async () => {
    leadIds = await seedLeads(world().app);
  });

  for (const screen of SCREENS) {
    for (const lang of LANGS) {
      test(`${screen.name} (${lang}): no serious or critical axe violation; screenshots at ${DESKTOP} and ${PHONE} px`, async () => {
        const { app } = world();
        const { page } = await world().context({
          lang,
          width: DESKTOP,
          ...(screen.role ? { role: screen.role } : {}),
        });
        await screen.open(page, app.url, lang);
        const desktop = await seriousViolations(page);
        await screenshot(page, screen.name, lang, DESKTOP);
        await page.setViewportSize({ width: PHONE, height: 844 });
        await screen.open(page, app.url, lang);
        await screenshot(page, screen.name, lang, PHONE);
        const phone = screen.phoneAxe ? await seriousViolations(page) : [];
        const found = [...desktop, ...phone];
        if (found.length > 0)
          throw new Error(
            [
              describeViolations(`${screen.name} at ${DESKTOP} px (${lang})`, desktop),
              describeViolations(`${screen.name} at ${PHONE} px (${lang})`, phone),
            ].join("\n"),
          );
        expect(found).toEqual([]);
      });
    }
  }
});
