/**
 * Chromium for the browser tests: Debian's /usr/bin/chromium through playwright-core, launched
 * once per test file, a fresh context (cookies, storage) per test. Without Chromium the tests
 * fail on CI (CI=true) and are skipped locally with a message.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import { type Session, type StartOptions, startApp, type TestApp, type TestRole } from "./harness.js";

export const CHROMIUM = process.env.TRUCE_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const SCREENS_DIR = join(process.cwd(), "test-artifacts", "screens");

export type Lang = "en" | "ru";
export const LANGS: readonly Lang[] = ["en", "ru"];
export const DESKTOP = 1280;
export const PHONE = 390;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What a browser test file gets: the app, the browser, and helpers for contexts. */
export interface BrowserWorld {
  readonly app: TestApp;
  readonly browser: Browser;
  /** A new context in a language and width; signed in as the role when given (no sign-in screen). */
  context(opts: { lang: Lang; width?: number; role?: TestRole }): Promise<{
    context: BrowserContext;
    page: Page;
    session: Session | undefined;
  }>;
}

const hasChromium = existsSync(CHROMIUM);

/**
 * A browser test file's suite: starts the app and Chromium once, runs its tests one after another,
 * closes both. `body` gets a getter, since beforeAll has not run when the suite is being collected.
 */
export function browserSuite(
  name: string,
  body: (world: () => BrowserWorld) => void,
  options: StartOptions = {},
): void {
  if (!hasChromium) {
    if (process.env.CI === "true") {
      describe(name, () => {
        beforeAll(() => {
          throw new Error(
            `${CHROMIUM} is missing: CI must install it (.ci/run: apt-get install -y chromium).`,
          );
        });
        body(() => {
          throw new Error("no browser");
        });
      });
    } else {
      process.stderr.write(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
      describe.skip(name, () => body(() => ({}) as BrowserWorld));
    }
    return;
  }
  let world: BrowserWorld | undefined;
  const contexts: BrowserContext[] = [];
  describe.sequential(name, () => {
    beforeAll(async () => {
      const [app, browser] = await Promise.all([startApp(options), launchBrowser()]);
      world = {
        app,
        browser,
        async context({ lang, width = DESKTOP, role }) {
          const context = await browser.newContext({
            viewport: { width, height: 900 },
            locale: lang === "ru" ? "ru-RU" : "en-GB",
            timezoneId: "Europe/Moscow",
            reducedMotion: "reduce",
          });
          contexts.push(context);
          context.setDefaultTimeout(10_000);
          // A script string, not a function: the test runner's transform must not reach the page.
          await context.addInitScript(`localStorage.setItem("truce.language", ${JSON.stringify(lang)})`);
          let session: Session | undefined;
          if (role) {
            await app.setLocale(role, lang);
            session = await app.session(role);
            await context.addCookies([
              { name: "truce_session", value: session.token, url: app.url, httpOnly: true, sameSite: "Lax" },
            ]);
          }
          const page = await context.newPage();
          page.on("pageerror", (e) => process.stderr.write(`[${name}] page error: ${e.message}\n`));
          return { context, page, session };
        },
      };
    }, 60_000);
    // A failed test leaves a picture of where it stopped (test-artifacts/failures/<test>.png);
    // each test's contexts end with it, so memory stays flat over a file.
    afterEach(async (ctx) => {
      if (ctx.task.result?.state === "fail") await failureShots(ctx.task.name);
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    });
    const failureShots = async (test: string) => {
      const dir = join(process.cwd(), "test-artifacts", "failures");
      mkdirSync(dir, { recursive: true });
      const pages = contexts.flatMap((c) => c.pages());
      for (const [i, page] of pages.entries()) {
        const file = join(dir, `${name}-${test}-${i + 1}`.replace(/[^\w.-]+/g, "_").slice(-160));
        await page.screenshot({ path: `${file}.png`, fullPage: true }).catch(() => undefined);
        process.stderr.write(
          `[${name}] failed; page ${i + 1} of ${pages.length} at ${page.url()}: ${file}.png\n`,
        );
      }
    };
    afterAll(async () => {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
      await world?.browser.close();
      await world?.app.close();
    });
    body(() => {
      if (!world) throw new Error("the browser world is not ready (beforeAll failed)");
      return world;
    });
  });
}

/** Saves `test-artifacts/screens/<name>-<lang>-<width>.png` (not committed: look at them). */
export async function screenshot(page: Page, name: string, lang: Lang, width: number): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}-${lang}-${width}.png`), fullPage: true });
}
