/** The initial JavaScript budget (no browser needed): ≤ 300 KB gzipped, lazy routes excluded. */
import { expect, test } from "vitest";
import { INITIAL_JS_BUDGET_GZIP, initialJs } from "../../bench/bundle-size.js";
import { requireWebRoot } from "./harness.js";

test("the initial JavaScript of the web app is at most 300 KB gzipped", () => {
  const size = initialJs(requireWebRoot());
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  process.stderr.write(
    `initial JS: ${size.files.length} chunk(s), ${kb(size.bytes)} raw, ${kb(size.gzipBytes)} gzipped (CSS ${kb(size.cssGzipBytes)} gzipped)\n`,
  );
  expect(size.files.length).toBeGreaterThan(0);
  expect(
    size.gzipBytes,
    `initial JS is ${kb(size.gzipBytes)} gzipped (${size.files.join(", ")}): over the ${kb(INITIAL_JS_BUDGET_GZIP)} budget — lazy-load heavy libraries in the screen that uses them`,
  ).toBeLessThanOrEqual(INITIAL_JS_BUDGET_GZIP);
});
