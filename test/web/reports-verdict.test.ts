import { describe, expect, test } from "vitest";
import { wilsonInterval } from "../../src/core/stats/wilson.js";
import { conversionVerdict, type GradeRate } from "../../web/src/features/reports/verdict.js";

const g = (grade: string, won: number, lost: number): GradeRate => ({
  grade,
  won,
  lost,
  winRate: won + lost === 0 ? null : won / (won + lost),
  winRateInterval: wilsonInterval(won, won + lost),
});

describe("conversion verdict", () => {
  test("no outcomes, too few, ordered", () => {
    expect(conversionVerdict([g("hot", 0, 0), g("warm", 0, 0)]).kind).toBe("none");
    expect(conversionVerdict([g("hot", 3, 1), g("warm", 1, 1)]).kind).toBe("tooFew");
    const v = conversionVerdict([g("hot", 21, 29), g("warm", 6, 44), g("cold", 1, 20), g("(none)", 9, 0)]);
    expect(v).toMatchObject({ kind: "ordered", higher: { grade: "hot" }, lower: { grade: "warm" } });
  });
  test("a weaker grade converting better: inverted when the intervals are apart, else unclear", () => {
    expect(conversionVerdict([g("hot", 5, 45), g("warm", 40, 10)])).toMatchObject({
      kind: "inverted",
      higher: { grade: "hot" },
      lower: { grade: "warm" },
    });
    expect(conversionVerdict([g("hot", 3, 4), g("warm", 4, 3)]).kind).toBe("unclear");
  });
});
