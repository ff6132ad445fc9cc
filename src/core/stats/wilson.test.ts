import { describe, expect, test } from "vitest";
import { wilsonInterval } from "./wilson.js";

describe("wilsonInterval", () => {
  test("matches published values", () => {
    // 81 of 263: 0.2553–0.3662 (Wilson, 95 %).
    const i = wilsonInterval(81, 263);
    expect(i?.low).toBeCloseTo(0.2553, 3);
    expect(i?.high).toBeCloseTo(0.3662, 3);
  });
  test("stays inside [0, 1] at the edges and is wide for small samples", () => {
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775, 3) });
    const all = wilsonInterval(3, 3);
    expect(all?.high).toBe(1);
    expect(all?.low).toBeCloseTo(0.4385, 3);
  });
  test("no trials, no interval", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(5, 3)).toBeNull();
  });
});
