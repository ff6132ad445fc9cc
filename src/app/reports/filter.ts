import type { ReportFilterQuery } from "../../contracts/api-reports.js";
import { findReportDimensions, type ReportFilter } from "../../store/reports.js";
import type { AppDeps } from "../deps.js";

const DAY = 86_400_000;

/** The HTTP filter (UTC days, both ends included) as the store reads it (epoch ms, `to` exclusive). */
export function toReportFilter(q: ReportFilterQuery): ReportFilter {
  const at = (d: string) => Date.parse(`${d}T00:00:00Z`);
  return {
    ...(q.from === undefined ? {} : { from: at(q.from) }),
    ...(q.to === undefined ? {} : { to: at(q.to) + DAY }),
    ...(q.version === undefined ? {} : { version: Number(q.version) }),
    ...(q.source === undefined ? {} : { source: q.source }),
    ...(q.campaign === undefined ? {} : { campaign: q.campaign }),
  };
}

/** What reports can be filtered by: the sources, campaigns and grading versions leads have. */
export async function reportDimensions(deps: AppDeps) {
  return findReportDimensions(deps.store.db);
}
