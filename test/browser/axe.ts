/** The accessibility check: axe-core on the page as it is now; serious and critical violations only. */
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

export interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** Serious or critical violations on the page (WCAG 2.x A and AA, and axe's best practices). */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? "",
      help: `${v.help} (${v.helpUrl})`,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(" ")} — ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`),
    }));
}

/** One readable block per violation, for a failing assertion's message. */
export function describeViolations(screen: string, found: readonly AxeFinding[]): string {
  if (found.length === 0) return `${screen}: no serious or critical violation`;
  return [
    `${screen}: ${found.length} serious/critical axe violation(s)`,
    ...found.map((f) =>
      [`  [${f.impact}] ${f.rule}: ${f.help}`, ...f.nodes.map((n) => `      at ${n}`)].join("\n"),
    ),
  ].join("\n");
}
