import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Store } from "../../src/store/connect.js";
import { type DialectName, freshDatabase, PG_URL } from "../../src/store/testing/dialects.js";

/** The real `truce` binary (built by `npm test` before the tests), run as a user would. */
export const BIN = fileURLToPath(new URL("../../bin/truce.js", import.meta.url));

export interface TruceRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  /** Standard output as bytes, for encodings other than UTF-8. */
  readonly bytes: Buffer;
}

/** Runs `truce ARGS` with an English, database-free environment plus `env`. */
export function truce(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  input?: string,
): TruceRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    env: {
      ...process.env,
      LANG: "C",
      LC_ALL: "",
      TRUCE_LOCALE: "",
      DATABASE_URL: "",
      ...env,
    },
  });
  return { code: r.status, out: r.stdout.toString("utf8"), err: r.stderr.toString("utf8"), bytes: r.stdout };
}

export interface CliDatabase {
  /** The environment that points `truce` at this database. */
  readonly env: Readonly<Record<string, string>>;
  /** An open store on it, for seeding and checking (close it before commands that need it closed). */
  readonly store: Store;
  readonly cleanup: () => Promise<void>;
}

/**
 * A fresh, migrated database for end-to-end runs: a SQLite file (TRUCE_DB), or a PostgreSQL schema
 * of its own reached through DATABASE_URL's `options=-c search_path=…`.
 */
export async function cliDatabase(dialect: DialectName): Promise<CliDatabase> {
  const fresh = await freshDatabase(dialect);
  const { config } = fresh;
  let env: Record<string, string>;
  if (config.kind === "sqlite") env = { TRUCE_DB: config.path };
  else {
    const url = new URL(PG_URL);
    url.searchParams.set("options", `-c search_path=${config.schema}`);
    env = { DATABASE_URL: url.toString() };
  }
  return {
    env,
    store: fresh.store,
    cleanup: async () => {
      await fresh.store.close().catch(() => {});
      await fresh.cleanup();
    },
  };
}
