import { configDefaults, defineConfig } from "vitest/config";

const BROWSER = "test/browser/**/*.test.ts";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts", "web/src/**/*.test.ts"],
          exclude: [...configDefaults.exclude, BROWSER],
        },
      },
      {
        // The browser tests: after everything else (group 1), one file at a time, each with its
        // own server and one Chromium: on a 2-core machine they would only slow each other down.
        extends: true,
        test: {
          name: "browser",
          include: [BROWSER],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
