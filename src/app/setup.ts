import { AppError } from "../core/errors.js";
import { loadDefinition } from "../core/index.js";
import {
  findActiveDefinition,
  insertApproval,
  insertDefinitionVersion,
  nextDefinitionVersion,
} from "../store/definitions.js";
import { countUsers, insertUser } from "../store/users.js";
import { hashPassword, newSecret } from "./auth/secrets.js";
import type { AppDeps } from "./deps.js";
import { inTransaction } from "./transaction.js";

export interface SetupResult {
  /** What the first run did, to tell the person who started it. */
  /** The administrator created on this run, with a one-time password: shown once, never stored in clear. */
  readonly createdAdmin: { readonly id: string; readonly email: string; readonly password: string } | null;
  readonly installedDefinition: { readonly version: number; readonly id: string } | null;
}

/**
 * First-run set-up, idempotent: creates the bootstrap administrator if there are no users, and
 * installs the given definition (variant A by default, from the CLI) as version 1, active. Both
 * approvals of that first version are the administrator's: there are no department heads yet.
 */
export async function ensureSetUp(
  deps: AppDeps,
  options: { adminEmail: string; definitionText: string },
): Promise<SetupResult> {
  // Hashed before the transaction: scrypt takes tens of milliseconds, too long to hold a write lock.
  const password = newSecret(12);
  const passwordHash = await hashPassword(password);
  return inTransaction(deps, async (trx) => {
    const now = deps.clock();
    let createdAdmin: SetupResult["createdAdmin"] = null;
    let adminId = "system";
    if ((await countUsers(trx)) === 0) {
      adminId = deps.newId();
      await insertUser(trx, {
        id: adminId,
        email: options.adminEmail.trim().toLowerCase(),
        name: "Administrator",
        role: "admin",
        created_at: now,
        password_hash: passwordHash,
        disabled_at: null,
      });
      createdAdmin = { id: adminId, email: options.adminEmail.trim().toLowerCase(), password };
    }
    let installedDefinition: SetupResult["installedDefinition"] = null;
    if (!(await findActiveDefinition(trx))) {
      const loaded = loadDefinition(options.definitionText);
      if (!loaded.ok) {
        throw new AppError(
          "definition.invalid",
          { en: "the initial definition does not load", ru: "начальное определение не загружается" },
          { findings: loaded.findings },
        );
      }
      const version = await nextDefinitionVersion(trx);
      await insertDefinitionVersion(trx, {
        version,
        definition_id: loaded.definition.id,
        status: "active",
        source: options.definitionText,
        created_by: adminId,
        created_at: now,
        proposed_at: now,
        activated_at: now,
        activated_by: adminId,
        retired_at: null,
      });
      if (createdAdmin) {
        for (const role of ["marketing_head", "sales_head"])
          await insertApproval(trx, { version, role, user_id: adminId, at: now });
      }
      installedDefinition = { version, id: loaded.definition.id };
    }
    return { createdAdmin, installedDefinition };
  });
}
