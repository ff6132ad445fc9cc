import { hashPassword } from "../../app/auth/secrets.js";
import { testApp } from "../../app/testing/app.js";
import type { Role } from "../../core/index.js";
import type { Store } from "../../store/connect.js";
import { insertUser } from "../../store/users.js";
import { buildServer, type ServerOptions } from "../server.js";

/**
 * Test-only: the server over a fresh test database, with one signed-in session per role and a
 * helper to call it in-process (`inject`) as that person, CSRF token included.
 */
export async function testServer(store: Store, options: ServerOptions = {}) {
  const t = await testApp(store);
  const app = await buildServer(t.deps, { logger: false, webApp: false, ...options });
  const password = "correct horse battery staple";
  const hash = await hashPassword(password);
  const sessions = new Map<Role, { cookie: string; csrf: string; id: string }>();
  for (const role of ["admin", "marketing", "marketing_head", "sales", "sales_head"] as const) {
    const id = role === "admin" ? t.adminId : `user-${role}`;
    if (role !== "admin") {
      await insertUser(store.db, {
        id,
        email: `${role}@example.test`,
        name: role,
        role,
        created_at: t.clock.now(),
        password_hash: hash,
        disabled_at: null,
        // Each of these people chose their own password (no forced change, their approvals count).
        password_set_at: t.clock.now(),
      });
    } else {
      await store.db
        .updateTable("users")
        .set({ password_hash: hash, password_set_at: t.clock.now() })
        .where("id", "=", id)
        .execute();
    }
    const email = role === "admin" ? "admin@example.test" : `${role}@example.test`;
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email, password },
    });
    if (res.statusCode !== 200) throw new Error(`sign-in as ${role} failed: ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === "truce_session");
    sessions.set(role, { cookie: `truce_session=${cookie?.value}`, csrf: res.json().csrfToken, id });
  }
  /** Calls the server as a role (or anonymously with null). */
  const as = (
    role: Role | null,
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    payload?: unknown,
  ) => {
    const s = role ? sessions.get(role) : undefined;
    return app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: s ? { cookie: s.cookie, "x-csrf-token": s.csrf } : {},
    });
  };
  return { ...t, app, as, sessions, password };
}
