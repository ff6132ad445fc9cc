import type { Store } from "../store/connect.js";
import type { GraderCache } from "./grading.js";

/** What every use case needs, passed in: no module-level singletons. Tests pass their own clock. */
export interface AppDeps {
  readonly store: Store;
  /** Epoch ms. The only clock the app reads. */
  readonly clock: () => number;
  /** New ids (UUIDs in production; tests may pass a counter). */
  readonly newId: () => string;
  readonly graders: GraderCache;
}
