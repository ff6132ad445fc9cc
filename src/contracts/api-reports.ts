import { z } from "zod";

/**
 * HTTP shapes of the reports (the ones `truce report` prints) and of the active definition's
 * service levels. Shared by the server (validation and OpenAPI) and the web app. Grade keys are the
 * definition's; `(none)` is the key of leads without a grade.
 */

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a day as YYYY-MM-DD")
  // Date.parse rolls 2026-02-30 over to 2 March: a real day reads back as itself.
  .refine((s) => {
    const ms = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
  }, "a real calendar day");

/** The filters every report takes; all optional. Days are UTC, both ends included. */
export const reportFilterSchema = z.strictObject({
  /** Leads created (grades) / handed off (conversion) on this day or later. */
  from: day.optional(),
  /** … on this day or earlier. */
  to: day.optional(),
  /** Leads graded under this definition version now. */
  version: z.coerce.number().int().positive().optional(),
  source: z.string().trim().min(1).max(100).optional(),
  campaign: z.string().trim().min(1).max(200).optional(),
});
export type ReportFilterQuery = z.input<typeof reportFilterSchema>;

export const gradesReportQuerySchema = reportFilterSchema.extend({
  by: z.enum(["source", "campaign"]).default("source"),
});

const distributionRow = z.object({
  /** The source or campaign; null for leads without one (the totals row too). */
  key: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  total: z.number(),
});

export const gradesReportSchema = z.object({
  by: z.enum(["source", "campaign"]),
  /** Columns: the active definition's grades in order, other grades found, then `(none)`. */
  grades: z.array(z.string()),
  rows: z.array(distributionRow),
  totals: distributionRow,
});
export type GradesReport = z.output<typeof gradesReportSchema>;

const interval = z.object({ low: z.number(), high: z.number() });

export const conversionReportSchema = z.object({
  grades: z.array(
    z.object({
      grade: z.string(),
      handedOff: z.number(),
      won: z.number(),
      lost: z.number(),
      noOutcome: z.number(),
      /** won / (won + lost); null before any outcome. */
      winRate: z.number().nullable(),
      /** Wilson 95 % interval of the win rate; null before any outcome. */
      winRateInterval: interval.nullable(),
      wonAmounts: z.record(z.string(), z.number()),
      medianDaysToWon: z.number().nullable(),
      medianDaysToLost: z.number().nullable(),
    }),
  ),
});
export type ConversionReportView = z.output<typeof conversionReportSchema>;

export const reportDimensionsSchema = z.object({
  sources: z.array(z.string()),
  campaigns: z.array(z.string()),
  versions: z.array(z.number()),
});

const localText = z.object({ en: z.string(), ru: z.string().optional() });

/** The active definition's service levels and working week, as data (read-only). */
export const serviceLevelsSchema = z.object({
  version: z.number(),
  serviceLevels: z.array(
    z.object({
      grade: z.string(),
      n: z.number(),
      unit: z.enum(["hour", "day"]),
      /** Counted in working time (the working week below) or around the clock. */
      working: z.boolean(),
    }),
  ),
  workingHours: z.object({
    /** 0 = Sunday … 6 = Saturday. */
    days: z.array(z.number()),
    /** Minutes after local midnight. */
    from: z.number(),
    to: z.number(),
    /** Minutes east of UTC; fixed (daylight saving is not followed). */
    utcOffset: z.number(),
  }),
  /** Grades that may be handed to sales, and the facts a hand-off needs recorded. */
  handoff: z.object({ grades: z.array(z.string()), requiredFacts: z.array(z.string()) }),
  rejectionReasons: z.array(z.object({ key: z.string(), label: localText })),
  lostReasons: z.array(
    z.object({ key: z.string(), label: localText, countsAgainst: z.enum(["lead_quality", "deal"]) }),
  ),
});
export type ServiceLevelsView = z.output<typeof serviceLevelsSchema>;
