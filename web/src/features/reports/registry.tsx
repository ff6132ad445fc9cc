import type { ComponentType } from "react";
import { ConversionReport } from "./conversion-report";
import type { ReportFilters } from "./filters";
import { GradesReport } from "./grades-report";

/**
 * The reports, in page order. Each is a question (its title, a key in the `reports` texts), and a
 * component given the page's filters. A new report: write its component, add a line here.
 */
export interface ReportSection {
  readonly id: string;
  /** Text key of the question the report answers: `questions.<id>`. */
  readonly question: string;
  readonly component: ComponentType<{ filters: ReportFilters }>;
}

export const REPORTS: readonly ReportSection[] = [
  { id: "grades", question: "questions.grades", component: GradesReport },
  { id: "conversion", question: "questions.conversion", component: ConversionReport },
];
