import { loadConfig, type TruceConfig } from "../config.js";

/** What a command may touch: passed in, so tests run commands in-process with their own. */
export interface CliContext {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The environment, parsed once at start-up; commands read no other. */
  readonly config: TruceConfig;
  /** The current instant, epoch ms: the only clock the CLI reads. */
  readonly now: () => number;
  readonly isTty: boolean;
}

/** The context of the `truce` process. Throws ConfigError when the environment has a bad value. */
export function processContext(): CliContext {
  const config = loadConfig(process.env);
  // `truce … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    config,
    now: () => Date.now(),
    isTty: process.stdout.isTTY === true,
  };
}
