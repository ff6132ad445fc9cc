/**
 * `npm run bench:web`: how fast the web app shows the inbox and a lead page on a database of
 * 100,000 leads, in headless Chromium (Debian's /usr/bin/chromium via playwright-core), beside the
 * API's own time for the same requests, measured in the same run. ONE JSON line on stdout
 * (progress on stderr).
 *
 * - inbox: navigation to `/` → the first inbox row painted (`[data-testid="inbox-row"]` in the
 *   DOM, then two animation frames: the frame that shows it has been painted), read from the
 *   page's own clock (`performance.now()`, whose origin is the navigation's start).
 * - lead: navigation to `/leads/:id` → the page fully shown: the lead, its grade block and its
 *   facts rendered (the timeline renders with them, from the same answer) and no loading
 *   indicator left in the main area.
 * Each 10 times in one browser context (assets in the HTTP cache, as for someone who uses the app
 * every day: "warm") and 10 times in a fresh context each (empty cache: "cold"); medians and p90.
 * - api: `GET /api/v1/leads?limit=50` and `GET /api/v1/leads/:id` with the same session cookie,
 *   10 times each after one warm-up, over fetch: the server's part of those times. Also, for the
 *   last warm navigation of each page, where its time went (DOMContentLoaded, the app's first API
 *   request, the last API answer, each request's duration: Navigation and Resource Timing).
 * - bundle: the initial JavaScript (entry chunk + its static imports), gzipped.
 *
 * Layout: the server runs in a CHILD process (this file with `--serve`), built like `truce serve`
 * builds it (openStore, buildServer serving dist/web, logger off, no job loop); Chromium is its
 * own processes; this process drives it. 100,000 leads are bulk-seeded (src/store/bench-seed.ts),
 * deterministic (fixed seed), graded with variant A at NOW (2026-11-27 10:00 UTC, the server's
 * clock then runs at real speed).
 *
 * Options: --leads N (default 100,000), --runs N (default 10), --keep (keep the database).
 * TRUCE_WEB_ROOT: a web build elsewhere than dist/web.
 */
import { type ChildProcess, fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { hashPassword } from "../src/app/auth/secrets.js";
import type { AppDeps } from "../src/app/deps.js";
import { GraderCache } from "../src/app/grading.js";
import { uuidV7 } from "../src/app/ids.js";
import { ensureSetUp } from "../src/app/setup.js";
import { buildServer } from "../src/http/server.js";
import { findWebRoot } from "../src/http/web-app.js";
import { seedLeadsForBench } from "../src/store/bench-seed.js";
import { openStore } from "../src/store/connect.js";
import { initialJs } from "./bundle-size.js";
import { mulberry32, NOW, seedLead } from "./seed.js";

const HOST = "127.0.0.1";
const SEED = 0x3eb;
const SERVE_FLAG = "--serve";
const EMAIL = "admin@bench.example";
const PASSWORD = "bench web password";
const CHROMIUM = process.env.TRUCE_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** What "shown" means: the inbox's rows, and the lead page's parts (see the web app's test ids). */
const INBOX_ROW = '[data-testid="inbox-row"]';
const LEAD_PARTS = ['[data-testid="lead-page"]', '[data-testid="grade-block"]', '[data-testid^="fact-"]'];

const log = (msg: string): void => void process.stderr.write(`bench:web: ${msg}\n`);
function fail(msg: string): never {
  process.stderr.write(`bench:web: FAILED: ${msg}\n`);
  process.exit(1);
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// ---------------------------------------------------------------------------------------------
// The server (child process)

async function serve(path: string, now: number): Promise<void> {
  const store = await openStore({ kind: "sqlite", path });
  const startedAt = Date.now();
  const clock = () => now + (Date.now() - startedAt);
  const deps: AppDeps = { store, clock, newId: () => uuidV7(clock()), graders: new GraderCache() };
  const webApp = process.env.TRUCE_WEB_ROOT ?? findWebRoot();
  if (!webApp) throw new Error("the web app is not built: run `npm run build`");
  const app = await buildServer(deps, { logger: false, webApp });
  await app.listen({ host: HOST, port: 0 });
  process.on("message", (m: { type: string }) => {
    if (m.type === "stop")
      void app.close().then(async () => {
        await store.close();
        process.exit(0);
      });
  });
  process.on("disconnect", () => process.exit(0));
  process.send?.({ type: "listening", port: (app.server.address() as AddressInfo).port });
}

// ---------------------------------------------------------------------------------------------
// Measuring

const round1 = (x: number): number => Math.round(x * 10) / 10;

function stats(xs: readonly number[]): { median: number; p90: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
  return {
    median: round1(at(0.5)),
    p90: round1(at(0.9)),
    min: round1(s[0] ?? 0),
    max: round1(s.at(-1) ?? 0),
  };
}

/**
 * Runs in the page before its scripts: notes the page's clock when every selector matches and the
 * main area shows no loading indicator (a spinner or the inbox's skeleton), two animation frames later (the frame has been painted).
 * A script string: nothing from this file's compilation reaches the page.
 */
function watchScript(selectors: readonly string[]): string {
  return `(() => {
    const sels = ${JSON.stringify(selectors)};
    const done = () => sels.every((s) => document.querySelector(s)) &&
      !document.querySelector('#main .mantine-Loader-root, [data-testid="inbox-loading"]');
    const obs = new MutationObserver(() => {
      if (!done()) return;
      obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__shownAt = performance.now(); }));
    });
    obs.observe(document, { childList: true, subtree: true, attributes: true });
  })();`;
}

async function timeNavigation(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  // globalThis is the page's window there (functions, not strings: the app's CSP forbids eval).
  type Marked = { __shownAt?: number };
  try {
    await page.waitForFunction(() => typeof (globalThis as Marked).__shownAt === "number", null, {
      timeout: 30_000,
    });
  } catch (e) {
    const shot = join(tmpdir(), `truce-bench-web-${Date.now()}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    fail(`${url}: not shown within 30 s (at ${page.url()}; picture: ${shot}): ${(e as Error).message}`);
  }
  return page.evaluate(() => (globalThis as Marked).__shownAt ?? Number.NaN);
}

/**
 * Where one navigation's time went, from the page's own clock (ms since navigation start): the
 * HTML and scripts done (DOMContentLoaded), the app's first API request sent, its last answer in,
 * and each API request's duration (Resource Timing).
 */
interface Breakdown {
  readonly dom_content_loaded: number;
  readonly first_api_request: number;
  readonly last_api_response: number;
  /** Each API request: "start+duration". */
  readonly api: Record<string, string>;
}

async function breakdown(page: Page): Promise<Breakdown> {
  return page.evaluate(() => {
    // The browser's timing entries (Node's types know only some of them).
    interface Timing {
      readonly name: string;
      readonly startTime: number;
      readonly duration: number;
      readonly responseEnd: number;
      readonly domContentLoadedEventEnd: number;
    }
    const entries = (type: string) =>
      (performance.getEntriesByType as (t: string) => unknown[])(type) as readonly Timing[];
    const r1 = (x: number) => Math.round(x * 10) / 10;
    const nav = entries("navigation")[0];
    const api = entries("resource").filter((e) => e.name.includes("/api/v1/"));
    return {
      dom_content_loaded: r1(nav?.domContentLoadedEventEnd ?? Number.NaN),
      first_api_request: r1(Math.min(...api.map((e) => e.startTime))),
      last_api_response: r1(Math.max(...api.map((e) => e.responseEnd))),
      api: Object.fromEntries(
        api.map((e) => [
          new URL(e.name).pathname + new URL(e.name).search,
          `${r1(e.startTime)}+${r1(e.duration)}`,
        ]),
      ),
    };
  });
}

async function main(): Promise<void> {
  const leads = arg("leads", 100_000);
  const runs = arg("runs", 10);
  const keep = process.argv.includes("--keep");
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  const webRoot =
    process.env.TRUCE_WEB_ROOT ?? findWebRoot() ?? fail("the web app is not built: run `npm run build`");
  const bundle = initialJs(webRoot);

  const variantA = readFileSync(new URL("../../definitions/variant-a.yaml", import.meta.url), "utf8");
  const dir = mkdtempSync(join(tmpdir(), "truce-bench-web-"));
  const path = join(dir, "truce.db");
  const store = await openStore({ kind: "sqlite", path });
  const deps: AppDeps = { store, clock: () => NOW, newId: () => uuidV7(NOW), graders: new GraderCache() };
  const setup = await ensureSetUp(deps, { adminEmail: EMAIL, definitionText: variantA });
  const adminId = setup.createdAdmin?.id ?? fail("no administrator was created");
  await store.db
    .updateTable("users")
    .set({ password_hash: await hashPassword(PASSWORD), password_set_at: NOW })
    .where("id", "=", adminId)
    .execute();
  const settings = { company_name: "Bench LLC", default_locale: "en", setup_done: true };
  await store.db
    .insertInto("settings")
    .values(
      Object.entries(settings).map(([key, value]) => ({
        key,
        value: JSON.stringify(value),
        updated_at: NOW,
        updated_by: adminId,
      })),
    )
    .execute();
  const v1 = deps.graders.get(1, variantA);
  await store.close();
  log(`seeding ${leads} leads`);
  const t0 = performance.now();
  const rand = mulberry32(SEED);
  seedLeadsForBench(path, leads, (i) => seedLead(i, leads, rand, v1));
  log(`seeded in ${round1((performance.now() - t0) / 1000)} s`);

  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [SERVE_FLAG, path, String(NOW)], {
    stdio: ["ignore", 2, 2, "ipc"],
  });
  process.on("exit", () => {
    if (child.exitCode === null) child.kill();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited (code ${code})`)));
    child.on("message", (m: { type: string; port: number }) => {
      if (m.type === "listening") resolve(m.port);
    });
  });
  const base = `http://${HOST}:${port}`;

  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (signIn.status !== 200) fail(`sign-in: ${signIn.status} ${await signIn.text()}`);
  const token =
    /truce_session=([^;]+)/.exec(signIn.headers.get("set-cookie") ?? "")?.[1] ?? fail("no cookie");
  const cookie = `truce_session=${token}`;

  // The API's own time for the same requests.
  const timeApi = async (p: string): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const res = await fetch(base + p, { headers: { cookie, accept: "application/json" } });
      const body = await res.text();
      if (res.status !== 200) fail(`GET ${p}: ${res.status} ${body.slice(0, 300)}`);
      if (i > 0) out.push(performance.now() - t);
    }
    return out;
  };
  const listRes = await fetch(`${base}/api/v1/leads?limit=50`, { headers: { cookie } });
  const list = (await listRes.json()) as { items?: { id: string }[] };
  const leadId = list.items?.[0]?.id ?? fail("the list has no leads");
  const apiList = stats(await timeApi("/api/v1/leads?limit=50"));
  const apiLead = stats(await timeApi(`/api/v1/leads/${leadId}`));
  log(`API: list median ${apiList.median} ms, lead median ${apiLead.median} ms`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const newContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    await context.addCookies([
      { name: "truce_session", value: token, url: base, httpOnly: true, sameSite: "Lax" },
    ]);
    await context.addInitScript('localStorage.setItem("truce.language", "en")');
    return context;
  };
  const measure = async (url: string, selectors: readonly string[]) => {
    const warm: number[] = [];
    const cold: number[] = [];
    let seen: Breakdown | undefined;
    const context = await newContext();
    await context.addInitScript(watchScript(selectors));
    const page = await context.newPage();
    await timeNavigation(page, url); // fills the cache; not counted
    for (let i = 0; i < runs; i++) {
      warm.push(await timeNavigation(page, url));
      if (i === runs - 1) seen = await breakdown(page);
    }
    await context.close();
    for (let i = 0; i < runs; i++) {
      const c = await newContext();
      await c.addInitScript(watchScript(selectors));
      cold.push(await timeNavigation(await c.newPage(), url));
      await c.close();
    }
    return { warm: stats(warm), cold: stats(cold), last_warm: seen };
  };
  log("inbox: navigations to /");
  const inbox = await measure(`${base}/`, [INBOX_ROW]);
  log(`inbox: warm median ${inbox.warm.median} ms, cold median ${inbox.cold.median} ms`);
  log(`lead: navigations to /leads/${leadId}`);
  const lead = await measure(`${base}/leads/${leadId}`, LEAD_PARTS);
  log(`lead: warm median ${lead.warm.median} ms, cold median ${lead.cold.median} ms`);
  await browser.close();
  child.send({ type: "stop" });

  const result = {
    bench: "web",
    leads,
    runs,
    chromium: browser.version(),
    inbox_first_rows_ms: inbox.warm,
    inbox_first_rows_cold_ms: inbox.cold,
    lead_shown_ms: lead.warm,
    lead_shown_cold_ms: lead.cold,
    api_list_ms: apiList,
    api_lead_ms: apiLead,
    ratio_inbox_to_api: round1(inbox.warm.median / apiList.median),
    ratio_lead_to_api: round1(lead.warm.median / apiLead.median),
    inbox_last_warm_breakdown_ms: inbox.last_warm,
    lead_last_warm_breakdown_ms: lead.last_warm,
    initial_js_gzip_kb: round1(bundle.gzipBytes / 1024),
    initial_js_kb: round1(bundle.bytes / 1024),
    initial_css_gzip_kb: round1(bundle.cssGzipBytes / 1024),
    target_first_rows_ms: 1000,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (keep) log(`database kept: ${path}`);
  else rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === SERVE_FLAG) {
  await serve(process.argv[3] as string, Number(process.argv[4]));
} else {
  await main();
  process.exit(0);
}
