import {
  type SettingsView,
  type UpdateSettingsInput,
  updateSettingsSchema,
} from "../contracts/api-settings.js";
import { AppError } from "../core/index.js";
import { readSettings, writeSetting } from "../store/settings.js";
import { enabledRoles } from "../store/users.js";
import type { AppDeps } from "./deps.js";
import { inTransaction } from "./transaction.js";
import { parseInput } from "./validation.js";

/**
 * Company settings (key → JSON in the `settings` table): the company's name, its default interface
 * language, and whether the administrator finished the first-run set-up. Codes:
 * - `setup.heads_missing` — finishing the set-up needs an enabled marketing head and sales head:
 *   without both, no definition change can ever be approved.
 */

const KEYS = { companyName: "company_name", defaultLocale: "default_locale", setupDone: "setup_done" };

/** What every signed-in person may read. */
export async function getSettings(deps: AppDeps): Promise<SettingsView> {
  return settingsOf(await readSettings(deps.store.db));
}

function settingsOf(stored: Map<string, unknown>): SettingsView {
  const name = stored.get(KEYS.companyName);
  const locale = stored.get(KEYS.defaultLocale);
  return {
    companyName: typeof name === "string" ? name : null,
    defaultLocale: locale === "ru" ? "ru" : "en",
    setupDone: stored.get(KEYS.setupDone) === true,
  };
}

/** The admin names the company and picks its default language. */
export async function updateSettings(
  deps: AppDeps,
  actorId: string,
  input: UpdateSettingsInput,
): Promise<SettingsView> {
  const data = parseInput(updateSettingsSchema, input);
  return inTransaction(deps, async (trx) => {
    const now = deps.clock();
    await writeSetting(trx, KEYS.companyName, data.companyName, now, actorId);
    await writeSetting(trx, KEYS.defaultLocale, data.defaultLocale, now, actorId);
    return settingsOf(await readSettings(trx));
  });
}

/** The admin finishes the first run: refused until both department heads exist. Idempotent. */
export async function finishSetup(deps: AppDeps, actorId: string): Promise<SettingsView> {
  return inTransaction(deps, async (trx) => {
    const roles = await enabledRoles(trx);
    const missing = (["marketing_head", "sales_head"] as const).filter((r) => !roles.has(r));
    if (missing.length > 0) {
      throw new AppError(
        "setup.heads_missing",
        {
          en: "create the marketing head and the sales head first: they approve every definition change",
          ru: "сначала создайте руководителя маркетинга и руководителя продаж: они утверждают каждое изменение определения",
        },
        { missing },
      );
    }
    await writeSetting(trx, KEYS.setupDone, true, deps.clock(), actorId);
    return settingsOf(await readSettings(trx));
  });
}
