import { randomBytes } from "node:crypto";
import {
  ACTIVATION_JOB,
  activationHandler,
  jobOwnerName,
  resumeActivationAtStart,
} from "../../app/jobs/activation.js";
import { ensureRegradeJob, REGRADE_DUE, regradeDueHandler } from "../../app/jobs/regrade-due.js";
import { startJobLoop } from "../../app/jobs/runner.js";
import { ensureWebhooksJob, WEBHOOKS, webhooksHandler } from "../../app/webhooks/job.js";
import { parsePort } from "../../config.js";
import { buildServer } from "../../http/server.js";
import { findWebRoot } from "../../http/web-app.js";
import type { CliContext } from "../context.js";
import { databaseConfig, openApp } from "../database.js";
import { UsageError } from "../io.js";
import { runInit } from "./init.js";

export interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly db?: string;
}

/**
 * `truce serve`: the HTTP server and the background jobs, until SIGINT/SIGTERM. Shutdown lets
 * in-flight requests finish, gives running jobs back (their leases are released) and closes the
 * database. Runs first-run set-up if the database is new.
 */
export async function runServe(
  ctx: CliContext,
  flags: ServeFlags,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const { config } = ctx;
  const host = flags.host ?? config.host;
  const port = flags.port === undefined ? config.port : parsePort(flags.port);
  if (port === null) throw new UsageError(`--port: expected a port number 0–65535, got "${flags.port}"`);
  const initCode = await runInit(ctx, { ...(flags.db === undefined ? {} : { db: flags.db }) });
  if (initCode !== 0) return initCode;

  const { deps, store } = await openApp(ctx, databaseConfig(ctx, flags.db));
  const app = await buildServer(deps, {
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
    captureOrigins: config.captureOrigins,
    captureLimits: config.captureLimits,
    secureCookies: config.secureCookies,
    // "true", or the proxies' addresses ("127.0.0.1,10.0.0.0/8").
    ...(config.trustProxy === null ? {} : { trustProxy: config.trustProxy }),
    allowPrivateWebhookTargets: config.allowPrivateWebhookTargets,
  });
  const owner = jobOwnerName(randomBytes(4).toString("hex"));
  // An activation interrupted by a crash resumes as a job (at once if its process is gone).
  await resumeActivationAtStart(deps);
  await ensureRegradeJob(deps);
  await ensureWebhooksJob(deps);
  const jobs = startJobLoop(deps, {
    owner,
    handlers: {
      [ACTIVATION_JOB]: activationHandler(),
      [REGRADE_DUE]: regradeDueHandler(),
      [WEBHOOKS]: webhooksHandler({ allowPrivateTargets: config.allowPrivateWebhookTargets }),
    },
    onError: (e) => app.log.error({ err: e }, "job round failed"),
  });
  const address = await app.listen({ host, port });
  ctx.out(
    findWebRoot()
      ? `Truce is running at ${address} — open it in a browser (API docs at ${address}/api/docs; Ctrl+C stops it).\n` +
          "  First time? Sign in as admin@localhost with the one-time password printed when the database was created;\n" +
          "  you will choose your own password, name the company and create the heads of marketing and sales.\n"
      : `Truce is running at ${address} — API docs at ${address}/api/docs (Ctrl+C stops it).\n` +
          "  The web app is not built: run `npm run build` and start again to use it in a browser.\n",
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      ctx.out(`\n${signal}: finishing requests and jobs…\n`);
      await app.close();
      await jobs.stop();
      await store.close();
      ctx.out("Stopped.\n");
      resolve(0);
    };
    signals.once("SIGINT", () => void stop("SIGINT"));
    signals.once("SIGTERM", () => void stop("SIGTERM"));
  });
}
