import { createApiKey, listApiKeys, revokeKey } from "../../app/auth/api-keys.js";
import { KEY_SCOPES, type KeyScopeName } from "../../contracts/api-admin.js";
import type { CliContext } from "../context.js";
import { withApp } from "../database.js";
import { UsageError } from "../io.js";
import { dbOption, formatOption, localeOption, type RegisterCommand } from "../options.js";
import { parseFormat } from "./lint.js";
import { renderTable } from "./report.js";

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

export const registerKeys: RegisterCommand = (program, ctx, exit) => {
  const keys = program
    .command("keys")
    .description("manage API keys for machines: add, list, revoke")
    .addHelpText(
      "after",
      "\nExamples:\n  truce keys add website-forms --scope capture\n  truce keys list\n  truce keys revoke ID",
    );
  keys
    .command("add")
    .description("create an API key; prints the key once (only its hash is stored)")
    .argument("<name>", "what the key is for, to tell keys apart")
    .option(
      "--scope <scope>",
      "capture, read or admin; repeat or separate with commas",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      "\nExamples:\n  truce keys add website-forms --scope capture\n  truce keys add bi-export --scope read --format json\n\nExit code 0: created; 2: bad call.",
    )
    .action(async (name: string, opts: KeysFlags & { scope?: string[] }) => {
      exit(await runKeysAdd(ctx, name, opts));
    });
  keys
    .command("list")
    .description("list API keys (never the keys themselves), revoked ones too")
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText("after", "\nExamples:\n  truce keys list\n  truce keys list --format json")
    .action(async (opts: KeysFlags) => {
      exit(await runKeysList(ctx, opts));
    });
  keys
    .command("revoke")
    .description("revoke an API key: requests with it are refused from now on")
    .argument("<id>", "the key's id, from truce keys list")
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      "\nExamples:\n  truce keys revoke 4f1c…\n\nExit code 0: revoked; 1: no such key; 2: bad call.",
    )
    .action(async (id: string, opts: KeysFlags) => {
      exit(await runKeysRevoke(ctx, id, opts));
    });
};
