/**
 * Test-only: a process that runs the activation job like `truce serve` does, slowly (batches of
 * TRUCE_TEST_BATCH leads, a pause after each), so a test can kill it mid-way. The database is
 * given as the JSON of a DatabaseConfig in TRUCE_TEST_DB. Prints "batch N" after each batch.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { openStore } from "../../../store/connect.js";
import { GraderCache } from "../../grading.js";
import { uuidV7 } from "../../ids.js";
import { ACTIVATION_JOB, activationHandler, jobOwnerName } from "../activation.js";
import { startJobLoop } from "../runner.js";

const store = await openStore(JSON.parse(process.env.TRUCE_TEST_DB ?? "null"));
const clock = () => Date.now();
const deps = { store, clock, newId: () => uuidV7(clock()), graders: new GraderCache() };
startJobLoop(deps, {
  owner: jobOwnerName(randomBytes(4).toString("hex")),
  pollMs: 20,
  handlers: {
    [ACTIVATION_JOB]: activationHandler({
      batchSize: Number(process.env.TRUCE_TEST_BATCH ?? 5),
      onBatch: async (n) => {
        process.stdout.write(`batch ${n}\n`);
        await sleep(200);
      },
    }),
  },
  onError: (e) => process.stderr.write(`${String(e)}\n`),
});
