import { ensureSetUp } from "../../app/setup.js";
import type { CliContext } from "../context.js";
import { databaseConfig, openApp } from "../database.js";
import { readDefinitionSource, resolveLocale } from "../io.js";
import { dbOption, localeOption, type RegisterCommand } from "../options.js";

export interface InitFlags {
  readonly db?: string;
  readonly adminEmail?: string;
  readonly definition?: string;
  readonly locale?: string;
}

/**
 * `truce init`: creates the database (SQLite file or PostgreSQL schema), the bootstrap
 * administrator and the first active definition, and says what it did. Safe to run again.
 */
export async function runInit(ctx: CliContext, flags: InitFlags): Promise<number> {
  const ru = resolveLocale(flags.locale, ctx.config) === "ru";
  const config = databaseConfig(ctx, flags.db);
  const { text } = readDefinitionSource(flags.definition ?? "variant-a");
  const { deps, store, isNew } = await openApp(ctx, config);
  try {
    const result = await ensureSetUp(deps, {
      adminEmail: flags.adminEmail ?? "admin@localhost",
      definitionText: text,
    });
    const where = `${store.location} (${store.dialect === "sqlite" ? "SQLite" : "PostgreSQL"})`;
    const lines: string[] = [];
    lines.push(
      isNew
        ? ru
          ? `Создана база данных ${where}.`
          : `Created the database ${where}.`
        : ru
          ? `База данных ${where} готова.`
          : `The database ${where} is ready.`,
    );
    if (result.createdAdmin) {
      const { email, password } = result.createdAdmin;
      lines.push(
        ru
          ? `Создан администратор ${email}. Одноразовый пароль: ${password}\n  (показан один раз и больше не будет показан; смените его после входа)`
          : `Created the administrator ${email}. One-time password: ${password}\n  (shown this once and never again; change it after signing in)`,
      );
    }
    if (result.installedDefinition) {
      const { id, version } = result.installedDefinition;
      lines.push(
        ru
          ? `Установлено определение ${id} как версия ${version}: действует, утверждено администратором (руководителей отделов ещё нет).`
          : `Installed the definition ${id} as version ${version}: active, approved by the administrator (there are no department heads yet).`,
      );
    }
    ctx.out(`${lines.join("\n")}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export const registerInit: RegisterCommand = (program, ctx, exit) => {
  program
    .command("init")
    .description("create the database, the administrator and the first active definition (safe to rerun)")
    .addOption(dbOption())
    .option("--admin-email <email>", "the bootstrap administrator's e-mail", "admin@localhost")
    .option("--definition <file>", "the first definition: a file or a built-in template", "variant-a")
    .addOption(localeOption())
    .addHelpText(
      "after",
      "\nExamples:\n  truce init\n  truce init --db /var/lib/truce/truce.db --admin-email ops@acme.example\n  DATABASE_URL=postgres://truce@db/truce truce init",
    )
    .action(async (opts: InitFlags) => {
      exit(await runInit(ctx, opts));
    });
};
