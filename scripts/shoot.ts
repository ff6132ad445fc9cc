/**
 * A look at the app as a person sees it: signs in (optional) and screenshots one page.
 *   npx tsx scripts/shoot.ts URL OUT.png [--width 1280] [--lang en|ru] [--email E --password P]
 * Uses Debian's /usr/bin/chromium through playwright-core.
 */
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const flag = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const [url, out] = args;
if (!url || !out)
  throw new Error("usage: shoot.ts URL OUT.png [--width N] [--lang en|ru] [--email E --password P]");
const width = Number(flag("width", "1280"));
const lang = flag("lang", "en") as string;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const context = await browser.newContext({
  viewport: { width, height: 900 },
  locale: lang === "ru" ? "ru-RU" : "en-GB",
});
await context.addInitScript(`localStorage.setItem("truce.language", ${JSON.stringify(lang)})`);
const page = await context.newPage();
const origin = new URL(url).origin;
const email = flag("email");
if (email) {
  const res = await page.request.post(`${origin}/api/v1/auth/sign-in`, {
    data: { email, password: flag("password") },
  });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
  // The app speaks the person's stored language after sign-in: store the one asked for.
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  await page.request.patch(`${origin}/api/v1/auth/me`, {
    data: { locale: lang },
    headers: { "x-csrf-token": csrfToken },
  });
}
page.on("console", (m) => {
  if (m.type() === "error") process.stderr.write(`console: ${m.text()}\n`);
});
page.on("pageerror", (e) => process.stderr.write(`pageerror: ${e.message}\n`));
await page.goto(url, { waitUntil: "networkidle" });
await page.waitForTimeout(Number(flag("wait", "300")));
await page.screenshot({ path: out, fullPage: flag("full", "no") === "yes" });
await browser.close();
process.stdout.write(`${out}\n`);
