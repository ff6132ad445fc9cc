/** The conversion of one grade as the report reads it. */
export interface GradeRate {
  readonly grade: string;
  readonly won: number;
  readonly lost: number;
  readonly winRate: number | null;
  readonly winRateInterval: { readonly low: number; readonly high: number } | null;
}

/** Outcomes (won + lost) a grade needs before its rate is compared with others. */
export const MIN_OUTCOMES = 5;

/**
 * What the conversion numbers say, in one line:
 * - `none`: no outcome recorded at all;
 * - `tooFew`: fewer than two grades have enough outcomes to compare;
 * - `ordered`: each grade (in the definition's order, strongest first) converts at least as well
 *   as the next one — `higher` and `lower` name the first pair;
 * - `inverted`: a weaker grade converts better than a stronger one and their intervals do not
 *   overlap — the grades are out of order;
 * - `unclear`: a weaker grade converts better, but within the intervals: too early to tell.
 * Grades are passed in the definition's order; the no-grade row (`noGrade`) is left out.
 */
export type Verdict =
  | { readonly kind: "none" }
  | { readonly kind: "tooFew" }
  | {
      readonly kind: "ordered" | "inverted" | "unclear";
      readonly higher: GradeRate;
      readonly lower: GradeRate;
    };

export function conversionVerdict(grades: readonly GradeRate[], noGrade = "(none)"): Verdict {
  const real = grades.filter((g) => g.grade !== noGrade);
  if (real.every((g) => g.won + g.lost === 0)) return { kind: "none" };
  const enough = real.filter((g) => g.won + g.lost >= MIN_OUTCOMES && g.winRate !== null);
  if (enough.length < 2) return { kind: "tooFew" };
  let unclear: Verdict | null = null;
  for (let i = 0; i + 1 < enough.length; i++) {
    const higher = enough[i] as GradeRate;
    const lower = enough[i + 1] as GradeRate;
    if ((lower.winRate as number) <= (higher.winRate as number)) continue;
    const apart = (lower.winRateInterval?.low ?? 0) > (higher.winRateInterval?.high ?? 1);
    if (apart) return { kind: "inverted", higher, lower };
    unclear ??= { kind: "unclear", higher, lower };
  }
  return unclear ?? { kind: "ordered", higher: enough[0] as GradeRate, lower: enough[1] as GradeRate };
}
