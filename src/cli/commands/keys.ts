import { createApiKey, listApiKeys, revokeKey } from "../../app/auth/api-keys.js";
import { KEY_SCOPES, type KeyScopeName } from "../../contracts/api-admin.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../io.js";
import { parseFormat } from "./lint.js";
import { renderTable } from "./report.js";
import { withApp } from "./users.js";

export interface KeysFlags {
  readonly db?: string;
  readonly format?: string;
  readonly locale?: string;
}

/** Who created a key from the command line: the operator at the server, not a signed-in user. */
const CLI_CREATOR = "cli";

/** `--scope capture,read` and `--scope capture --scope read` both work. */
export function parseScopes(raw: readonly string[] | undefined): KeyScopeName[] {
  const scopes = (raw ?? []).flatMap((s) => s.split(",")).map((s) => s.trim());
  if (scopes.length === 0 || scopes.every((s) => s === ""))
    throw new UsageError(`--scope: give at least one of ${KEY_SCOPES.join(", ")}`);
  for (const s of scopes)
    if (!(KEY_SCOPES as readonly string[]).includes(s))
      throw new UsageError(`--scope: expected ${KEY_SCOPES.join(", ")}, got "${s}"`);
  return scopes as KeyScopeName[];
}

/** `truce keys add NAME --scope …`: prints the key once; only its hash is stored. */
export async function runKeysAdd(
  ctx: CliContext,
  name: string,
  flags: KeysFlags & { readonly scope?: readonly string[] },
): Promise<number> {
  const format = parseFormat(flags.format);
  const scopes = parseScopes(flags.scope);
  return withApp(ctx, flags, async (deps, locale) => {
    const r = await createApiKey(deps, { name, scopes }, CLI_CREATOR);
    if (format === "json") {
      ctx.out(`${JSON.stringify({ ...r.apiKey, key: r.key }, null, 2)}\n`);
    } else if (locale === "ru") {
      ctx.out(
        `Создан API-ключ «${r.apiKey.name}» (${r.apiKey.scopes.join(", ")}), id ${r.apiKey.id}:\n${r.key}\n  (показан один раз и больше не будет показан; храните его как пароль)\n`,
      );
    } else {
      ctx.out(
        `Created the API key "${r.apiKey.name}" (${r.apiKey.scopes.join(", ")}), id ${r.apiKey.id}:\n${r.key}\n  (shown this once and never again; keep it like a password)\n`,
      );
    }
    return 0;
  });
}

/** `truce keys list`: every key, revoked ones too, never the key itself. */
export async function runKeysList(ctx: CliContext, flags: KeysFlags): Promise<number> {
  const format = parseFormat(flags.format);
  return withApp(ctx, flags, async (deps, locale) => {
    const keys = await listApiKeys(deps);
    if (format === "json") {
      ctx.out(`${JSON.stringify(keys, null, 2)}\n`);
      return 0;
    }
    const ru = locale === "ru";
    const day = (ms: number | null) =>
      ms === null ? "—" : new Date(ms).toISOString().slice(0, 16).replace("T", " ");
    const rows = keys.map((k) => [
      k.id,
      k.name,
      `${k.prefix}_…`,
      k.scopes.join(","),
      day(k.createdAt),
      day(k.lastUsedAt),
      k.revokedAt === null
        ? ru
          ? "действует"
          : "active"
        : `${ru ? "отозван" : "revoked"} ${day(k.revokedAt)}`,
    ]);
    const header = ru
      ? ["id", "название", "ключ", "права", "создан", "использован", "статус"]
      : ["id", "name", "key", "scopes", "created", "last used", "status"];
    ctx.out(renderTable(header, rows));
    return 0;
  });
}

/** `truce keys revoke ID`: requests with the key are refused from now on. */
export async function runKeysRevoke(ctx: CliContext, id: string, flags: KeysFlags): Promise<number> {
  const format = parseFormat(flags.format);
  return withApp(ctx, flags, async (deps, locale) => {
    const key = await revokeKey(deps, id);
    if (format === "json") ctx.out(`${JSON.stringify(key, null, 2)}\n`);
    else
      ctx.out(
        locale === "ru"
          ? `API-ключ «${key.name}» (${key.id}) отозван.\n`
          : `Revoked the API key "${key.name}" (${key.id}).\n`,
      );
    return 0;
  });
}
