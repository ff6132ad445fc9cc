/**
 * Browser tests' server: the REAL server (the same `buildServer` as `truce serve`, serving the
 * built web app from dist/web) over real HTTP on 127.0.0.1 and a free port, on a fresh SQLite file
 * in a temporary folder, set up with variant A and one person per role with a known password.
 * The clock is the real one, so the browser and the server agree on "today".
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../../src/app/auth/secrets.js";
import { signIn } from "../../src/app/auth/sessions.js";
import type { AppDeps } from "../../src/app/deps.js";
import { GraderCache } from "../../src/app/grading.js";
import { uuidV7 } from "../../src/app/ids.js";
import { ACTIVATION_JOB, activationHandler } from "../../src/app/jobs/activation.js";
import { startJobLoop } from "../../src/app/jobs/runner.js";
import { ensureSetUp } from "../../src/app/setup.js";
import { VARIANT_A } from "../../src/app/testing/app.js";
import type { Role } from "../../src/core/index.js";
import { buildServer } from "../../src/http/server.js";
import { findWebRoot } from "../../src/http/web-app.js";
import { openStore } from "../../src/store/connect.js";
import { insertUser } from "../../src/store/users.js";

export const ROLES = [
  "admin",
  "marketing",
  "marketing_head",
  "sales",
  "sales_head",
] as const satisfies Role[];
export type TestRole = (typeof ROLES)[number];

export const PASSWORD = "correct horse battery staple";

/** The people of the test company: one per role. Names are what the screens show. */
export const PEOPLE: Record<TestRole, { readonly email: string; readonly name: string }> = {
  admin: { email: "admin@example.test", name: "Ada Admin" },
  marketing: { email: "marketing@example.test", name: "Anna Marketing" },
  marketing_head: { email: "marketing.head@example.test", name: "Olga Marketing-Head" },
  sales: { email: "sales@example.test", name: "Ivan Sales" },
  sales_head: { email: "sales.head@example.test", name: "Pavel Sales-Head" },
};

export interface Session {
  /** The session cookie's value (`truce_session`). */
  readonly token: string;
  readonly csrfToken: string;
}

export interface TestApp {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly deps: AppDeps;
  readonly userIds: Record<TestRole, string>;
  /** The administrator's one-time password from the first run (the only password of a fresh app). */
  readonly adminOneTimePassword: string;
  /** A new session for a role, made in-process (the sign-in route allows 10 a minute per address). */
  session(role: TestRole): Promise<Session>;
  /** The person's own interface language (what the app switches to after sign-in), or null: the company's. */
  setLocale(role: TestRole, lang: "en" | "ru" | null): Promise<void>;
  /** Calls the API as a role over HTTP (JSON in, JSON out), for checks beside the screens. */
  // biome-ignore lint/suspicious/noExplicitAny: answers are read by the tests' assertions, which check them
  api(role: TestRole, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Adds a person (e.g. with a one-time password: `passwordSetAt: null`). */
  addUser(u: {
    email: string;
    name: string;
    role: Role;
    password: string;
    passwordSetAt: number | null;
  }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The built web app (dist/web, or TRUCE_WEB_ROOT: a build elsewhere), or a clear error: the
 * browser tests need `npm run build` first.
 */
export function requireWebRoot(): string {
  const root = process.env.TRUCE_WEB_ROOT ?? findWebRoot();
  if (!root || !existsSync(join(root, "index.html")))
    throw new Error(
      "The web app is not built (dist/web is missing): run `npm run build` before the browser tests.",
    );
  return root;
}

export interface StartOptions {
  /**
   * A company on its first run: only the administrator, with the one-time password set-up printed
   * (`adminOneTimePassword`), no department heads, set-up not done. Default: everyone is there.
   */
  readonly fresh?: boolean;
}

export async function startApp(options: StartOptions = {}): Promise<TestApp> {
  const webApp = requireWebRoot();
  const dir = mkdtempSync(join(tmpdir(), "truce-browser-"));
  const store = await openStore({ kind: "sqlite", path: join(dir, "truce.db") });
  const clock = () => Date.now();
  const deps: AppDeps = { store, clock, newId: () => uuidV7(clock()), graders: new GraderCache() };
  const setup = await ensureSetUp(deps, { adminEmail: PEOPLE.admin.email, definitionText: VARIANT_A });
  const hash = await hashPassword(PASSWORD);
  const now = clock();
  const adminId = setup.createdAdmin?.id as string;
  const adminOneTimePassword = setup.createdAdmin?.password as string;
  if (!options.fresh)
    await store.db
      .updateTable("users")
      .set({ password_hash: hash, password_set_at: now, name: PEOPLE.admin.name })
      .where("id", "=", adminId)
      .execute();
  const userIds = { admin: adminId } as Record<TestRole, string>;
  const addUser: TestApp["addUser"] = async (u) => {
    const id = uuidV7(clock());
    await insertUser(store.db, {
      id,
      email: u.email,
      name: u.name,
      role: u.role,
      created_at: clock(),
      password_hash: u.password === PASSWORD ? hash : await hashPassword(u.password),
      disabled_at: null,
      password_set_at: u.passwordSetAt,
    });
    return id;
  };
  if (!options.fresh) {
    for (const role of ROLES) {
      if (role === "admin") continue;
      userIds[role] = await addUser({ ...PEOPLE[role], role, password: PASSWORD, passwordSetAt: now });
    }
    await completeCompanySetUp(deps, adminId);
  }

  const app = await buildServer(deps, { logger: false, webApp });
  await app.listen({ host: "127.0.0.1", port: 0 });
  // The background jobs that screens wait for, as `truce serve` runs them: an activation's regrade.
  const jobs = startJobLoop(deps, {
    owner: "browser-test",
    pollMs: 100,
    handlers: { [ACTIVATION_JOB]: activationHandler() },
  });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const sessions = new Map<TestRole, Session>();
  const session = async (role: TestRole): Promise<Session> => {
    const s = await signIn(deps, PEOPLE[role].email, PASSWORD);
    return { token: s.token, csrfToken: s.csrfToken };
  };
  const api: TestApp["api"] = async (role, method, path, body) => {
    let s = sessions.get(role);
    if (!s) {
      s = await session(role);
      sessions.set(role, s);
    }
    const res = await fetch(url + path, {
      method,
      headers: {
        cookie: `truce_session=${s.token}`,
        "x-csrf-token": s.csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const setLocale: TestApp["setLocale"] = async (role, lang) => {
    await store.db
      .updateTable("users")
      .set({ locale: lang })
      .where("email", "=", PEOPLE[role].email)
      .execute();
  };
  return {
    url,
    deps,
    adminOneTimePassword,
    setLocale,
    userIds,
    session,
    api,
    addUser,
    close: async () => {
      await app.close();
      await jobs.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The administrator's first-run set-up (company name, default language, done) is finished, so
 * signed-in tests land on their screens, not on /welcome. Written as the rows of the `settings`
 * table that the first-run screen writes (src/app/settings.ts).
 */
async function completeCompanySetUp(deps: AppDeps, adminId: string): Promise<void> {
  const at = deps.clock();
  const rows = Object.entries({ company_name: "Romashka LLC", default_locale: "en", setup_done: true });
  await deps.store.db
    .insertInto("settings")
    .values(
      rows.map(([key, value]) => ({
        key,
        value: JSON.stringify(value),
        updated_at: at,
        updated_by: adminId,
      })),
    )
    .execute();
}
