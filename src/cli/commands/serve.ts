import { dbOption, type RegisterCommand } from "../options.js";

/** The server (Fastify and its plugins) loads only for the commands that serve: the others start faster. */
const loadServer = () => import("./run-server.js");

/** `truce serve` and `truce start` (what `npm start` runs: `truce serve` with the defaults). */
export const registerServe: RegisterCommand = (program, ctx, exit) => {
  program
    .command("serve")
    .description("run the HTTP API and the background jobs (creates the database on first run)")
    .option("--host <host>", "address to listen on (default: TRUCE_HOST or 127.0.0.1)")
    .option("--port <port>", "port (default: TRUCE_PORT or 3000)")
    .addOption(dbOption())
    .addHelpText(
      "after",
      "\nExamples:\n  truce serve\n  truce serve --host 0.0.0.0 --port 8080\n  DATABASE_URL=postgres://truce@db/truce truce serve",
    )
    .action(async (opts: { host?: string; port?: string; db?: string }) => {
      exit(await (await loadServer()).runServe(ctx, opts));
    });

  program
    .command("start")
    .description("what `npm start` runs: `truce serve` with the defaults")
    .action(async () => {
      exit(await (await loadServer()).runServe(ctx, {}));
    });
};
