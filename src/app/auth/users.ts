import type { Updateable } from "kysely";
import {
  type ChangePasswordInput,
  type CreateUserInput,
  changePasswordSchema,
  createUserSchema,
  type UpdateUserInput,
  type UserView,
  updateUserSchema,
} from "../../contracts/api-admin.js";
import { AppError, type Role } from "../../core/index.js";
import { findUserByEmail, revokeUserSessions } from "../../store/sessions.js";
import type { UsersTable } from "../../store/tables.js";
import {
  findUserById,
  insertUser,
  listUsers as listUserRows,
  lockEnabledAdmins,
  replacePasswordHash,
  revokeOtherUserSessions,
  type UserRow,
  updateUser as updateUserRow,
} from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { inTransaction } from "../transaction.js";
import { parseInput } from "../validation.js";
import { hashPassword, newSecret, verifyPassword } from "./secrets.js";

/**
 * Managing people (admins only, checked by the HTTP layer) and a person's own password.
 * Passwords are hashed before any transaction opens: scrypt takes tens of milliseconds, too long
 * to hold a write lock. Codes:
 * - `user.not_found` — no user with this id.
 * - `user.email_taken` — another user has this e-mail.
 * - `user.last_admin` — the change would leave no enabled admin, and nobody could manage users.
 * - `auth.wrong_password` — changing one's password, the current password given is wrong.
 * - `auth.same_password` — the new password is the current one (a one-time password stays one-time).
 */

export interface UserWithPassword {
  readonly user: UserView;
  /** Generated here, shown to the admin once, stored only as a hash; null if the admin set it. */
  readonly oneTimePassword: string | null;
}

/** Creates a user with a role, and a one-time password unless the admin gave one. */
export async function createUser(deps: AppDeps, input: CreateUserInput): Promise<UserWithPassword> {
  const data = parseInput(createUserSchema, input);
  const oneTimePassword = data.password === undefined ? newSecret(12) : null;
  const hash = await hashPassword(data.password ?? (oneTimePassword as string));
  return inTransaction(deps, async (trx) => {
    // A concurrent insert of the same e-mail loses on the unique index and is retried into this check.
    if (await findUserByEmail(trx, data.email)) throw emailTaken(data.email);
    const row: UserRow = {
      id: deps.newId(),
      email: data.email,
      name: data.name,
      role: data.role,
      created_at: deps.clock(),
      password_hash: hash,
      disabled_at: null,
      // A password an admin chose or generated is never the person's own: changed at first sign-in.
      password_set_at: null,
      locale: null,
      last_sign_in_at: null,
    };
    await insertUser(trx, row);
    return { user: userViewOf(row), oneTimePassword };
  });
}

/** Every user, disabled ones included, oldest first. */
export async function listUsers(deps: AppDeps): Promise<UserView[]> {
  return (await listUserRows(deps.store.db)).map(userViewOf);
}

/**
 * Renames, changes the role of, disables or re-enables a user. Disabling ends every session of
 * theirs at once; re-enabling does not bring them back. A role change needs no new session: the
 * role is read from the users table on every request. Refused when it would leave no enabled admin.
 */
export async function updateUser(deps: AppDeps, id: string, input: UpdateUserInput): Promise<UserView> {
  const change = parseInput(updateUserSchema, input);
  return inTransaction(deps, async (trx) => {
    // Locked before the user is read, so the count and the user row are what this write changes.
    const admins = change.role !== undefined || change.disabled === true ? await lockEnabledAdmins(trx) : 0;
    const user = await findUserById(trx, id);
    if (!user) throw userNotFound(id);
    const now = deps.clock();
    const set: Updateable<UsersTable> = {};
    if (change.name !== undefined) set.name = change.name;
    if (change.role !== undefined) set.role = change.role;
    if (change.disabled === true && user.disabled_at === null) set.disabled_at = now;
    if (change.disabled === false) set.disabled_at = null;
    const wasAdmin = user.role === "admin" && user.disabled_at === null;
    const staysAdmin = (set.role ?? user.role) === "admin" && change.disabled !== true;
    if (wasAdmin && !staysAdmin && admins <= 1) throw lastAdmin(id);
    await updateUserRow(trx, id, set);
    if (change.disabled === true) await revokeUserSessions(trx, id, now);
    return userViewOf({ ...user, ...set } as UserRow);
  });
}

/**
 * Sets a new one-time password (shown once) and ends every session of the user. The password is
 * no longer their own: they must change it at sign-in, and their approvals do not count until then.
 */
export async function resetPassword(deps: AppDeps, id: string): Promise<UserWithPassword> {
  const oneTimePassword = newSecret(12);
  const hash = await hashPassword(oneTimePassword);
  return inTransaction(deps, async (trx) => {
    const user = await findUserById(trx, id);
    if (!user) throw userNotFound(id);
    await updateUserRow(trx, id, { password_hash: hash, password_set_at: null });
    await revokeUserSessions(trx, id, deps.clock());
    return { user: userViewOf({ ...user, password_hash: hash, password_set_at: null }), oneTimePassword };
  });
}

/** Ends every session of a user (a lost laptop); the password stays. Returns how many ended. */
export async function revokeSessionsOf(deps: AppDeps, id: string): Promise<{ revoked: number }> {
  return inTransaction(deps, async (trx) => {
    if (!(await findUserById(trx, id))) throw userNotFound(id);
    return { revoked: await revokeUserSessions(trx, id, deps.clock()) };
  });
}

/**
 * A signed-in person changes their own password, proving it with the current one; from now on the
 * password is their own (`password_set_at`). Every other session of theirs ends (someone who knew
 * the old password may be signed in); this one stays.
 */
export async function changeOwnPassword(
  deps: AppDeps,
  me: { readonly userId: string; readonly sessionHash: string },
  input: ChangePasswordInput,
): Promise<void> {
  const data = parseInput(changePasswordSchema, input);
  if (data.newPassword === data.currentPassword) throw samePassword();
  const user = await findUserById(deps.store.db, me.userId);
  if (!user?.password_hash || !(await verifyPassword(data.currentPassword, user.password_hash))) {
    throw wrongPassword();
  }
  const hash = await hashPassword(data.newPassword);
  await inTransaction(deps, async (trx) => {
    // Compare-and-set: a reset or another change since the check above wins, and this one is refused.
    const now = deps.clock();
    if (!(await replacePasswordHash(trx, me.userId, user.password_hash as string, hash, now)))
      throw wrongPassword();
    await revokeOtherUserSessions(trx, me.userId, me.sessionHash, now);
  });
}

export function userViewOf(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    createdAt: Number(row.created_at),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    hasPassword: row.password_hash !== null,
    passwordSetAt: row.password_set_at === null ? null : Number(row.password_set_at),
    lastSignInAt: row.last_sign_in_at === null ? null : Number(row.last_sign_in_at),
  };
}

function userNotFound(id: string): AppError {
  return new AppError("user.not_found", { en: `no user ${id}`, ru: `нет пользователя ${id}` }, { id });
}

function emailTaken(email: string): AppError {
  return new AppError(
    "user.email_taken",
    { en: `a user with the e-mail ${email} exists`, ru: `пользователь с e-mail ${email} уже есть` },
    { email },
  );
}

function lastAdmin(id: string): AppError {
  return new AppError(
    "user.last_admin",
    {
      en: "this is the last enabled admin: make someone else an admin first",
      ru: "это последний действующий администратор: сначала назначьте другого",
    },
    { id },
  );
}

function wrongPassword(): AppError {
  return new AppError("auth.wrong_password", {
    en: "the current password is wrong",
    ru: "текущий пароль указан неверно",
  });
}

function samePassword(): AppError {
  return new AppError("auth.same_password", {
    en: "choose a new password, not the current one",
    ru: "выберите новый пароль, а не текущий",
  });
}
