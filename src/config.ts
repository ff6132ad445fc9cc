import type { Locale } from "./core/index.js";

/** Requests per minute allowed on the public capture endpoint and the form pages. */
export interface CaptureLimits {
  readonly capturePerIp: number;
  readonly capturePerKey: number;
  readonly formSubmitsPerIp: number;
  readonly formViewsPerIp: number;
}

/**
 * Everything Truce reads from its environment, parsed once at start-up (`loadConfig`, in the
 * CLI's context) and passed down; a bad value stops the start with one message per variable.
 * Command-line flags (`--db`, `--host`, `--port`, `--locale`) override the matching value where a
 * command has one. README's configuration table lists the same variables. (The only other reader
 * of the environment: `buildServer` without `captureLimits` falls back to `captureLimitsFrom`.)
 */
export interface TruceConfig {
  /** TRUCE_DB: the SQLite file when no `--db` is given (default ./data/truce.db). */
  readonly sqlitePath: string;
  /** DATABASE_URL=postgres://…: PostgreSQL instead of SQLite (wins over `--db`); null when unset or empty. */
  readonly databaseUrl: string | null;
  /** TRUCE_HOST: the address `truce serve` listens on (default 127.0.0.1). */
  readonly host: string;
  /** TRUCE_PORT: its port (default 3000). */
  readonly port: number;
  /** TRUCE_LOCALE, else LC_ALL, else LANG: Russian when it starts with "ru", else English. */
  readonly locale: Locale;
  /** TRUCE_LOG_LEVEL: the server's log level (default info; silent: no log). */
  readonly logLevel: LogLevel;
  /** TRUCE_CAPTURE_ORIGINS: origins allowed to call the capture endpoint from a browser (comma-separated). */
  readonly captureOrigins: readonly string[];
  /** TRUCE_SECURE_COOKIES=1: cookies get the Secure flag (behind HTTPS). */
  readonly secureCookies: boolean;
  /** TRUCE_TRUST_PROXY: "true", or the proxies' addresses ("127.0.0.1,10.0.0.0/8"); null: none trusted. */
  readonly trustProxy: true | string | null;
  /** TRUCE_WEBHOOKS_ALLOW_PRIVATE=1: webhooks may target private and loopback addresses. */
  readonly allowPrivateWebhookTargets: boolean;
  /** TRUCE_CAPTURE_PER_IP, TRUCE_CAPTURE_PER_KEY, TRUCE_FORM_SUBMITS_PER_IP, TRUCE_FORM_VIEWS_PER_IP. */
  readonly captureLimits: CaptureLimits;
  /** USER: who runs the command, the default of `truce import --by`; null when unset. */
  readonly user: string | null;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const LIMIT_ENV: Record<keyof CaptureLimits, [string, number]> = {
  capturePerIp: ["TRUCE_CAPTURE_PER_IP", 60],
  capturePerKey: ["TRUCE_CAPTURE_PER_KEY", 600],
  formSubmitsPerIp: ["TRUCE_FORM_SUBMITS_PER_IP", 20],
  formViewsPerIp: ["TRUCE_FORM_VIEWS_PER_IP", 300],
};

/** A bad value in the environment: one line per variable, each naming it and what it got. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Parses the environment into one frozen configuration; every bad value is reported (ConfigError). */
export function loadConfig(env: Env): TruceConfig {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push(`DATABASE_URL must start with postgres:// (got "${databaseUrl.split(":")[0]}:…")`);
  const portText = env.TRUCE_PORT ?? "3000";
  const port = parsePort(portText);
  if (port === null) problems.push(`TRUCE_PORT: expected a port number 0–65535, got "${portText}"`);
  const logLevel = env.TRUCE_LOG_LEVEL ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`TRUCE_LOG_LEVEL: expected one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  const flag = (name: string): boolean => {
    const raw = env[name] ?? "";
    if (raw !== "" && raw !== "0" && raw !== "1")
      problems.push(`${name}: expected 1 (on) or 0 (off), got "${raw}"`);
    return raw === "1";
  };
  const secureCookies = flag("TRUCE_SECURE_COOKIES");
  const allowPrivateWebhookTargets = flag("TRUCE_WEBHOOKS_ALLOW_PRIVATE");
  let captureLimits: CaptureLimits | undefined;
  try {
    captureLimits = captureLimitsFrom(env);
  } catch (e) {
    problems.push(...(e as ConfigError).problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const trustProxy = env.TRUCE_TRUST_PROXY;
  const locale = env.TRUCE_LOCALE ?? env.LC_ALL ?? env.LANG ?? "en";
  return Object.freeze({
    sqlitePath: env.TRUCE_DB ?? "./data/truce.db",
    databaseUrl,
    host: env.TRUCE_HOST ?? "127.0.0.1",
    port: port as number,
    locale: localeOf(locale),
    logLevel: logLevel as LogLevel,
    captureOrigins: Object.freeze(
      (env.TRUCE_CAPTURE_ORIGINS ?? "")
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
    secureCookies,
    trustProxy: trustProxy ? (trustProxy === "true" ? true : trustProxy) : null,
    allowPrivateWebhookTargets,
    captureLimits: captureLimits as CaptureLimits,
    user: env.USER ?? null,
  });
}

/**
 * The capture limits alone, from `TRUCE_CAPTURE_PER_IP` etc. (whole numbers per minute), frozen;
 * a bad value is a ConfigError. Part of `loadConfig`; also the server's default for embedders
 * that build it without a configuration (the benches).
 */
export function captureLimitsFrom(env: Env): CaptureLimits {
  const out: Record<string, number> = {};
  const problems: string[] = [];
  for (const [name, [variable, fallback]] of Object.entries(LIMIT_ENV)) {
    const raw = env[variable]?.trim();
    const n = raw ? Number(raw) : fallback;
    if (!Number.isInteger(n) || n < 1)
      problems.push(`${variable} must be a whole number of requests per minute, got "${raw}"`);
    out[name] = n;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out as unknown as CaptureLimits);
}

/** The limits when the environment sets none. */
export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = captureLimitsFrom({});

/** A port number 0–65535 from its text, or null. */
export function parsePort(text: string): number | null {
  if (text.trim() === "") return null;
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
}

/** Russian when the setting starts with "ru" (ru, ru_RU.UTF-8…), else English. */
export function localeOf(setting: string): Locale {
  return setting.toLowerCase().startsWith("ru") ? "ru" : "en";
}
