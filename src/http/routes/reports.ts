import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../app/deps.js";
import { conversionByGrade } from "../../app/reports/conversion.js";
import { reportDimensions, toReportFilter } from "../../app/reports/filter.js";
import { gradeDistribution } from "../../app/reports/grade-distribution.js";
import { activeServiceLevels } from "../../app/settings/service-levels.js";
import {
  conversionReportSchema,
  gradesReportQuerySchema,
  gradesReportSchema,
  reportDimensionsSchema,
  reportFilterSchema,
  serviceLevelsSchema,
} from "../../contracts/api-reports.js";
import type { ServerOptions } from "../server.js";
import { READ } from "./lead-common.js";

const tags = ["reports"];

/**
 * The reports `truce report` prints, as data, and the active definition's service levels:
 * readable by everyone signed in and by `read` keys.
 */
export async function reportsRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/v1/reports/grades",
    {
      config: { access: READ },
      schema: {
        tags,
        summary: "How leads are graded, by source or campaign (current grades, counts per grade)",
        description:
          "Counts every lead (closed and erased ones too) by its current grade. `from`/`to` bound the day the lead was created (UTC, both included); `version` keeps leads graded under that definition version now.",
        querystring: gradesReportQuerySchema,
        response: { 200: gradesReportSchema },
      },
    },
    async (req) => {
      const { by, ...filter } = req.query;
      const d = await gradeDistribution(deps, by, toReportFilter(filter));
      const row = (r: (typeof d)["totals"]) => ({ key: r.key, counts: { ...r.counts }, total: r.total });
      return { by: d.by, grades: [...d.grades], rows: d.rows.map(row), totals: row(d.totals) };
    },
  );
  app.get(
    "/api/v1/reports/conversion",
    {
      config: { access: READ },
      schema: {
        tags,
        summary: "How each grade converts: hand-offs, wins, losses, win rate with its 95 % interval",
        description:
          "Each hand-off counts for the grade it was handed off with; a win or loss closes the latest hand-off before it. `from`/`to` keep hand-offs made on those days (UTC, both included), with their outcomes whenever they came. `version` keeps leads graded under that version now (the grade at hand-off may come from an earlier one). The interval is Wilson's, at 95 %.",
        querystring: reportFilterSchema,
        response: { 200: conversionReportSchema },
      },
    },
    async (req) => {
      const report = await conversionByGrade(deps, { filter: toReportFilter(req.query) });
      return { grades: report.grades.map((g) => ({ ...g, wonAmounts: { ...g.wonAmounts } })) };
    },
  );
  app.get(
    "/api/v1/reports/dimensions",
    {
      config: { access: READ },
      schema: {
        tags,
        summary: "What reports can be filtered by: the sources, campaigns and versions leads have",
        response: { 200: reportDimensionsSchema },
      },
    },
    async () => reportDimensions(deps),
  );
  app.get(
    "/api/v1/service-levels",
    {
      config: { access: READ },
      schema: {
        tags: ["catalogue"],
        summary: "The active definition's service levels, working week and reason codes (read-only)",
        description:
          "They change only through a new definition version. Working hours are in one fixed UTC offset; the definition has no holiday calendar.",
        response: { 200: serviceLevelsSchema },
      },
    },
    async () => activeServiceLevels(deps),
  );
}
