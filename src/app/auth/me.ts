import type { Updateable } from "kysely";
import { type MeView, type UpdateMeInput, updateMeSchema } from "../../contracts/api-settings.js";
import type { Role } from "../../core/index.js";
import type { UsersTable } from "../../store/tables.js";
import { findUserById, updateUser } from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { getSettings } from "../settings.js";
import { parseInput } from "../validation.js";
import type { Caller } from "./sessions.js";

type Person = Extract<Caller, { kind: "user" }>;

/** Who is signed in, and what the web app needs to start: their language, the company, first-run state. */
export async function whoAmI(deps: AppDeps, me: Person): Promise<MeView> {
  const [user, settings] = await Promise.all([findUserById(deps.store.db, me.id), getSettings(deps)]);
  const locale = user?.locale;
  return {
    id: me.id,
    email: me.email,
    name: user?.name ?? me.name,
    role: me.role as Role,
    csrfToken: me.csrfToken,
    mustChangePassword: me.mustChangePassword,
    locale: locale === "en" || locale === "ru" ? locale : null,
    companyName: settings.companyName,
    defaultLocale: settings.defaultLocale,
    setupPending: me.role === "admin" && !settings.setupDone,
  };
}

/** A person changes their own interface language (remembered for every browser). */
export async function updateMe(deps: AppDeps, me: Person, input: UpdateMeInput): Promise<MeView> {
  const data = parseInput(updateMeSchema, input);
  const set: Updateable<UsersTable> = {};
  set.locale = data.locale;
  await updateUser(deps.store.db, me.id, set);
  return whoAmI(deps, me);
}
