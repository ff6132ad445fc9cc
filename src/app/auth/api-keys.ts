import { randomBytes } from "node:crypto";
import {
  type ApiKeyView,
  type CreateKeyInput,
  createKeySchema,
  KEY_SCOPES,
} from "../../contracts/api-admin.js";
import { AppError } from "../../core/index.js";
import {
  findApiKeyById,
  insertApiKey,
  listApiKeys as listKeyRows,
  revokeApiKey,
} from "../../store/api-keys.js";
import type { ApiKeyRow } from "../../store/sessions.js";
import type { AppDeps } from "../deps.js";
import { inTransaction } from "../transaction.js";
import { parseInput } from "../validation.js";
import { hashToken, newSecret } from "./secrets.js";
import type { KeyScope } from "./sessions.js";

/**
 * API keys for machines (admins only, checked by the HTTP layer). A key is
 * `truce_<prefix>_<secret>`: 8 hex characters to tell keys apart in lists, then 256 random bits.
 * Only its SHA-256 and the visible start (`truce_<prefix>`) are stored, so the key is shown once,
 * when created, and a stolen database yields no working key. Codes: `key.not_found`.
 */

export interface CreatedKey {
  /** The whole key: shown this once. */
  readonly key: string;
  readonly apiKey: ApiKeyView;
}

// Compile-time check that the contract's scopes are the ones the auth layer understands.
const SCOPES: readonly KeyScope[] = KEY_SCOPES;

/** Creates a key with the given scopes (duplicates dropped, listed in a fixed order). */
export async function createApiKey(
  deps: AppDeps,
  input: CreateKeyInput,
  createdBy: string,
): Promise<CreatedKey> {
  const data = parseInput(createKeySchema, input);
  const scopes = SCOPES.filter((s) => data.scopes.includes(s));
  const prefix = `truce_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${newSecret()}`;
  const row: ApiKeyRow = {
    id: deps.newId(),
    name: data.name,
    key_hash: hashToken(key),
    prefix,
    scopes: JSON.stringify(scopes),
    created_by: createdBy,
    created_at: deps.clock(),
    last_used_at: null,
    revoked_at: null,
  };
  await inTransaction(deps, (trx) => insertApiKey(trx, row));
  return { key, apiKey: apiKeyViewOf(row) };
}

/** Every key, revoked ones included, with when each was last used. */
export async function listApiKeys(deps: AppDeps): Promise<ApiKeyView[]> {
  return (await listKeyRows(deps.store.db)).map(apiKeyViewOf);
}

/**
 * Revokes a key: every request with it is refused from now on (keys are looked up on each
 * request, nothing is cached). Revoking a revoked key changes nothing.
 */
export async function revokeKey(deps: AppDeps, id: string): Promise<ApiKeyView> {
  return inTransaction(deps, async (trx) => {
    const now = deps.clock();
    const row = await findApiKeyById(trx, id);
    if (!row) {
      throw new AppError("key.not_found", { en: `no API key ${id}`, ru: `нет API-ключа ${id}` }, { id });
    }
    const revoked = await revokeApiKey(trx, id, now);
    return apiKeyViewOf(revoked ? { ...row, revoked_at: now } : row);
  });
}

export function apiKeyViewOf(row: ApiKeyRow): ApiKeyView {
  const num = (x: number | null) => (x === null ? null : Number(x));
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as KeyScope[],
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    lastUsedAt: num(row.last_used_at),
    revokedAt: num(row.revoked_at),
  };
}
