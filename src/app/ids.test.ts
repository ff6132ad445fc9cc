import { expect, test } from "vitest";
import { uuidV7 } from "./ids.js";

test("UUIDv7: valid, version 7, variant 10, ordered by time", () => {
  const a = uuidV7(Date.parse("2026-11-27T10:00:00Z"));
  const b = uuidV7(Date.parse("2026-11-27T10:00:00.001Z"));
  expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(a < b).toBe(true);
  expect(a.replaceAll("-", "").slice(0, 12)).toBe(
    Date.parse("2026-11-27T10:00:00Z").toString(16).padStart(12, "0"),
  );
  expect(new Set(Array.from({ length: 1000 }, () => uuidV7(0))).size).toBe(1000);
});
