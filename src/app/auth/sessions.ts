import { AppError, type Role } from "../../core/index.js";
import {
  findLiveApiKey,
  findLiveSession,
  findUserByEmail,
  insertSession,
  revokeSession,
  touchApiKey,
  touchSession,
} from "../../store/sessions.js";
import { updateUser } from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { hashPassword, hashToken, newSecret, verifyPassword } from "./secrets.js";

/** A session lives 12 hours after its last use, and never longer than 7 days. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;
/** Last-seen times are written at most once a minute per session: reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

export type KeyScope = "capture" | "read" | "admin";

/** Who is calling: a signed-in person, or a machine with an API key. */
export type Caller =
  | {
      readonly kind: "user";
      readonly id: string;
      readonly email: string;
      readonly name: string;
      readonly role: Role;
      readonly csrfToken: string;
      readonly sessionHash: string;
      /** Their password is one-time or admin-set: only changing it (and reading who they are) is allowed. */
      readonly mustChangePassword: boolean;
    }
  | {
      readonly kind: "key";
      readonly id: string;
      readonly name: string;
      readonly scopes: readonly KeyScope[];
    };

// Verifying against a fixed hash when the e-mail is unknown keeps both failures equally slow.
let dummyHash: Promise<string> | undefined;

function invalidCredentials(): AppError {
  return new AppError("auth.invalid_credentials", {
    en: "wrong e-mail or password",
    ru: "неверный e-mail или пароль",
  });
}

/**
 * Signs a person in: a new session token (for the cookie) and its CSRF token; records when.
 * `mustChangePassword`: the password is one-time or admin-set, to be replaced before anything else.
 */
export async function signIn(
  deps: AppDeps,
  email: string,
  password: string,
): Promise<{
  token: string;
  csrfToken: string;
  expiresAt: number;
  user: { id: string; email: string; name: string; role: string; mustChangePassword: boolean };
}> {
  const user = await findUserByEmail(deps.store.db, email.trim().toLowerCase());
  dummyHash ??= hashPassword("not a real password");
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
  if (!user?.password_hash || user.disabled_at !== null || !ok) throw invalidCredentials();
  const token = newSecret();
  const csrfToken = newSecret(24);
  const now = deps.clock();
  const expiresAt = now + SESSION_IDLE_MS;
  await insertSession(deps.store.db, {
    token_hash: hashToken(token),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: now,
    expires_at: expiresAt,
    last_seen_at: now,
    revoked_at: null,
  });
  await updateUser(deps.store.db, user.id, { last_sign_in_at: now });
  return {
    token,
    csrfToken,
    expiresAt,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      mustChangePassword: user.password_set_at === null,
    },
  };
}

/** The person behind a session cookie, or null; extends the session (sliding, capped at 7 days). */
export async function resolveSession(deps: AppDeps, token: string): Promise<Caller | null> {
  const now = deps.clock();
  const hash = hashToken(token);
  const found = await findLiveSession(deps.store.db, hash, now);
  if (!found) return null;
  const { session, user } = found;
  if (now - session.last_seen_at > TOUCH_EVERY_MS) {
    await touchSession(
      deps.store.db,
      hash,
      now,
      Math.min(now + SESSION_IDLE_MS, session.created_at + SESSION_MAX_MS),
    );
  }
  return {
    kind: "user",
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Role,
    csrfToken: session.csrf_token,
    sessionHash: hash,
    mustChangePassword: user.password_set_at === null,
  };
}

export async function signOut(deps: AppDeps, sessionHash: string): Promise<void> {
  await revokeSession(deps.store.db, sessionHash, deps.clock());
}

/** The machine behind an API key, or null; records when the key was last used (at most once a minute). */
export async function resolveApiKey(deps: AppDeps, key: string): Promise<Caller | null> {
  const row = await findLiveApiKey(deps.store.db, hashToken(key));
  if (!row) return null;
  const now = deps.clock();
  if (row.last_used_at === null || now - row.last_used_at > TOUCH_EVERY_MS)
    await touchApiKey(deps.store.db, row.id, now);
  return { kind: "key", id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as KeyScope[] };
}
