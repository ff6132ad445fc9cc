import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Store } from "../../store/connect.js";
import type { AppDeps } from "../deps.js";
import { GraderCache } from "../grading.js";
import { ensureSetUp } from "../setup.js";

export const VARIANT_A = readFileSync(
  fileURLToPath(new URL("../../../definitions/variant-a.yaml", import.meta.url)),
  "utf8",
);

/** A test clock: starts at the given instant, moves only when told. */
export function testClock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => now,
    set: (iso: string) => {
      now = Date.parse(iso);
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** App dependencies over a test store, set up with variant A as the active definition. */
export async function testApp(store: Store, start = "2026-11-27T10:00:00Z") {
  const clock = testClock(start);
  let n = 0;
  const deps: AppDeps = {
    store,
    clock: clock.now,
    newId: () => `id-${String(++n).padStart(6, "0")}`,
    graders: new GraderCache(),
  };
  const setup = await ensureSetUp(deps, { adminEmail: "admin@example.test", definitionText: VARIANT_A });
  return { deps, clock, setup, adminId: setup.createdAdmin?.id as string };
}

export const evidence = (
  recordedAt: string,
  channel: "form" | "call" | "email" | "meeting" | "import" | "api" = "call",
) => ({
  channel,
  recordedBy: "anna@example.test",
  recordedAt,
});
