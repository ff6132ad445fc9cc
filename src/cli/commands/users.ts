import { createUser, listUsers, resetPassword } from "../../app/auth/users.js";
import type { UserView } from "../../contracts/api-admin.js";
import { ROLES } from "../../core/index.js";
import type { CliContext } from "../context.js";
import { withApp } from "../database.js";
import { UsageError } from "../io.js";
import { dbOption, formatOption, localeOption, type RegisterCommand } from "../options.js";
import { parseFormat } from "./lint.js";
import { renderTable } from "./report.js";

export interface UsersFlags {
  readonly db?: string;
  readonly format?: string;
  readonly locale?: string;
}

/** `truce users add EMAIL --role ROLE [--name N]`: prints the one-time password, once. */
export async function runUsersAdd(
  ctx: CliContext,
  email: string,
  flags: UsersFlags & { readonly role?: string; readonly name?: string },
): Promise<number> {
  const format = parseFormat(flags.format);
  const role = flags.role;
  if (role === undefined || !(ROLES as readonly string[]).includes(role))
    throw new UsageError(`--role: expected one of ${ROLES.join(", ")}, got "${role ?? ""}"`);
  const name = flags.name ?? email.split("@")[0] ?? email;
  return withApp(ctx, flags, async (deps, locale) => {
    const r = await createUser(deps, { email, name, role: role as UserView["role"] });
    if (format === "json") {
      ctx.out(`${JSON.stringify(r, null, 2)}\n`);
    } else {
      ctx.out(
        locale === "ru"
          ? `Создан пользователь ${r.user.email} (${r.user.role}). Одноразовый пароль: ${r.oneTimePassword}\n  (показан один раз; смените его после входа)\n`
          : `Created the user ${r.user.email} (${r.user.role}). One-time password: ${r.oneTimePassword}\n  (shown this once; change it after signing in)\n`,
      );
    }
    return 0;
  });
}

/** `truce users reset-password EMAIL`: a new one-time password, printed once; sessions end. */
export async function runUsersResetPassword(
  ctx: CliContext,
  email: string,
  flags: UsersFlags,
): Promise<number> {
  const format = parseFormat(flags.format);
  return withApp(ctx, flags, async (deps, locale) => {
    const wanted = email.trim().toLowerCase();
    // People, not leads: a company has few, so finding one by e-mail in the list is cheap.
    const user = (await listUsers(deps)).find((u) => u.email === wanted);
    if (!user) {
      ctx.err(
        locale === "ru"
          ? `truce: нет пользователя с e-mail ${email}\n`
          : `truce: no user with the e-mail ${email}\n`,
      );
      return 1;
    }
    const r = await resetPassword(deps, user.id);
    if (format === "json") {
      ctx.out(`${JSON.stringify(r, null, 2)}\n`);
    } else {
      ctx.out(
        locale === "ru"
          ? `Новый одноразовый пароль для ${r.user.email}: ${r.oneTimePassword}\n  (показан один раз; все сеансы пользователя завершены)\n`
          : `New one-time password for ${r.user.email}: ${r.oneTimePassword}\n  (shown this once; every session of theirs has ended)\n`,
      );
    }
    return 0;
  });
}

/** `truce users list`: everyone, disabled people included. */
export async function runUsersList(ctx: CliContext, flags: UsersFlags): Promise<number> {
  const format = parseFormat(flags.format);
  return withApp(ctx, flags, async (deps, locale) => {
    const users = await listUsers(deps);
    if (format === "json") {
      ctx.out(`${JSON.stringify(users, null, 2)}\n`);
      return 0;
    }
    const ru = locale === "ru";
    const rows = users.map((u) => [
      u.email,
      u.name,
      u.role,
      new Date(u.createdAt).toISOString().slice(0, 10),
      u.disabledAt === null ? (ru ? "активен" : "enabled") : ru ? "отключён" : "disabled",
      u.id,
    ]);
    ctx.out(
      renderTable(
        ru
          ? ["e-mail", "имя", "роль", "создан", "статус", "id"]
          : ["e-mail", "name", "role", "created", "status", "id"],
        rows,
      ),
    );
    return 0;
  });
}

export const registerUsers: RegisterCommand = (program, ctx, exit) => {
  const users = program
    .command("users")
    .description("manage the people who sign in: add, reset a password, list");
  users
    .command("add")
    .description("add a user; prints a one-time password, once")
    .argument("<email>", "the user's e-mail (their sign-in name)")
    .requiredOption("--role <role>", "marketing, marketing_head, sales, sales_head or admin")
    .option("--name <name>", "the name shown in the app (default: the e-mail's first part)")
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      "\nExamples:\n  truce users add olga@acme.example --role marketing_head --name 'Olga Ivanova'\n  truce users add ivan@acme.example --role sales\n\nExit code 0: added; 1: the e-mail is taken; 2: bad call.",
    )
    .action(async (email: string, opts: UsersFlags & { role?: string; name?: string }) => {
      exit(await runUsersAdd(ctx, email, opts));
    });
  users
    .command("reset-password")
    .description("give a user a new one-time password (printed once) and end their sessions")
    .argument("<email>", "the user's e-mail")
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      "\nExamples:\n  truce users reset-password olga@acme.example\n\nExit code 0: reset; 1: no such user; 2: bad call.",
    )
    .action(async (email: string, opts: UsersFlags) => {
      exit(await runUsersResetPassword(ctx, email, opts));
    });
  users
    .command("list")
    .description("list every user, disabled ones too")
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText("after", "\nExamples:\n  truce users list\n  truce users list --format json")
    .action(async (opts: UsersFlags) => {
      exit(await runUsersList(ctx, opts));
    });
};
