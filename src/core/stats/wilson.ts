/**
 * The Wilson score interval of a proportion: `successes` out of `trials`, at 95 % by default
 * (z = 1.96). Unlike the plain ±z·√(p(1−p)/n), it stays inside [0, 1] and is honest for small
 * samples and for 0 % or 100 %. Null when there are no trials (nothing to estimate).
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  z = 1.959963984540054,
): { readonly low: number; readonly high: number } | null {
  if (!(trials > 0) || successes < 0 || successes > trials) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
