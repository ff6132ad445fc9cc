import { z } from "zod";
import { keySchema, localTextSchema } from "../definition/common-schemas.js";
import type { LocalText } from "../i18n.js";
import { defaultLifecycleConfig } from "./defaults.js";

/**
 * The lifecycle part of a definition file: who may be handed to sales, how fast sales must answer,
 * the working week those answers are measured in, and the reason codes for rejections and losses.
 * Every section is optional; an absent section takes its default (`defaults.ts`). The sections
 * live with the definition because both departments approve them together with the grades.
 */

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DURATION = /^\s*(\d{1,4})\s+(working\s+)?(hours?|days?)\s*$/i;
const CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const OFFSET = /^([+-])(\d{2}):([0-5]\d)$/;

/** A service-level duration: calendar time, or time counted only inside working hours. */
export interface Duration {
  readonly n: number;
  readonly unit: "hour" | "day";
  readonly working: boolean;
}

/** Parses "4 working hours", "2 working days", "48 hours", "3 days" (n from 1 to 9999). */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text);
  if (!m || Number(m[1]) < 1) return undefined;
  const unit = (m[3] as string).toLowerCase().startsWith("hour") ? "hour" : "day";
  return { n: Number(m[1]), unit, working: m[2] !== undefined };
}

/** Minutes since local midnight for "HH:MM" (00:00 to 24:00). */
export function parseClock(text: string): number | undefined {
  if (!CLOCK.test(text)) return undefined;
  const [h, m] = text.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** Minutes east of UTC for "+03:00" / "-05:00", within the zones that exist (-12:00 to +14:00). */
export function parseUtcOffset(text: string): number | undefined {
  const m = OFFSET.exec(text);
  if (!m) return undefined;
  const minutes = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return minutes >= -12 * 60 && minutes <= 14 * 60 ? minutes : undefined;
}

const durationSchema = z
  .string()
  .refine(
    (s) => parseDuration(s) !== undefined,
    'a duration: "N hours", "N working hours", "N days" or "N working days"',
  );
const clockSchema = z.string().refine((s) => parseClock(s) !== undefined, 'a time of day as "HH:MM"');

const reasonShape = { key: keySchema, label: localTextSchema };

/** The sections, to spread into the definition schema: `z.strictObject({ ...base, ...lifecycleSections })`. */
export const lifecycleSections = {
  handoff: z
    .strictObject({
      /** Only leads of these grades may be handed to sales. */
      grades: z.array(keySchema).min(1, "name at least one grade that may be handed off"),
      /** Facts marketing must have recorded (known, any value) before a hand-off. */
      required_facts: z.array(keySchema).optional(),
    })
    .optional(),
  service_levels: z.array(z.strictObject({ grade: keySchema, respond_within: durationSchema })).optional(),
  working_hours: z
    .strictObject({
      days: z.array(z.enum(WEEKDAYS)).min(1, "name at least one working day"),
      from: clockSchema,
      to: clockSchema,
      utc_offset: z
        .string()
        .refine(
          (s) => parseUtcOffset(s) !== undefined,
          'a UTC offset between "-12:00" and "+14:00", e.g. "+03:00"',
        ),
    })
    .optional(),
  rejection_reasons: z.array(z.strictObject(reasonShape)).optional(),
  lost_reasons: z
    .array(z.strictObject({ ...reasonShape, counts_against: z.enum(["lead_quality", "deal"]) }))
    // Losing needs a reason, so an empty list would make every deal impossible to close as lost.
    .min(1, "list at least one lost reason")
    .optional(),
};

export const lifecycleConfigSchema = z.strictObject(lifecycleSections);

/** The lifecycle sections as written in a definition file. */
export type RawLifecycleConfig = z.infer<typeof lifecycleConfigSchema>;

/** The sections with every one written out, as `defaultLifecycleConfig` returns them. */
export type CompleteLifecycleConfig = {
  [K in keyof RawLifecycleConfig]-?: NonNullable<RawLifecycleConfig[K]>;
};

/** A working week in one fixed UTC offset; minutes are local (09:00 = 540). */
export interface WorkingHours {
  /** Working weekdays, 0 = Sunday … 6 = Saturday (as `Date.prototype.getUTCDay`). */
  readonly days: readonly number[];
  readonly from: number;
  readonly to: number;
  /** Minutes east of UTC. Fixed: a zone's daylight-saving changes are not followed. */
  readonly utcOffset: number;
}

export interface Reason {
  readonly key: string;
  readonly label: LocalText;
}

/** Whom a lost deal counts against: marketing ("lead_quality") or the deal itself ("deal"). */
export type CountsAgainst = "lead_quality" | "deal";

export interface LostReason extends Reason {
  readonly countsAgainst: CountsAgainst;
}

/** The lifecycle configuration in the form the state machine and SLA code read. */
export interface LifecycleConfig {
  readonly handoff: { readonly grades: readonly string[]; readonly requiredFacts: readonly string[] };
  readonly serviceLevels: readonly { readonly grade: string; readonly respondWithin: Duration }[];
  readonly workingHours: WorkingHours;
  readonly rejectionReasons: readonly Reason[];
  readonly lostReasons: readonly LostReason[];
}

/**
 * Turns schema-valid sections into the form the state machine reads, each absent section taking
 * its default. References to grades and facts are not checked here: `checkLifecycleConfig` does,
 * against the definition's catalogue.
 */
export function resolveLifecycleConfig(raw: RawLifecycleConfig): LifecycleConfig {
  const d = defaultLifecycleConfig();
  const handoff = raw.handoff ?? d.handoff;
  const hours = raw.working_hours ?? d.working_hours;
  return {
    handoff: { grades: [...handoff.grades], requiredFacts: [...(handoff.required_facts ?? [])] },
    serviceLevels: (raw.service_levels ?? d.service_levels).map((s) => ({
      grade: s.grade,
      respondWithin: parseDuration(s.respond_within) as Duration,
    })),
    workingHours: {
      days: [...new Set(hours.days.map((day) => WEEKDAYS.indexOf(day)))].sort((a, b) => a - b),
      from: parseClock(hours.from) as number,
      to: parseClock(hours.to) as number,
      utcOffset: parseUtcOffset(hours.utc_offset) as number,
    },
    rejectionReasons: (raw.rejection_reasons ?? d.rejection_reasons).map((r) => ({
      key: r.key,
      label: r.label,
    })),
    lostReasons: (raw.lost_reasons ?? d.lost_reasons).map((r) => ({
      key: r.key,
      label: r.label,
      countsAgainst: r.counts_against,
    })),
  };
}

/** The service level of a grade, if it has one. */
export function serviceLevelOf(config: LifecycleConfig, grade: string): Duration | undefined {
  return config.serviceLevels.find((s) => s.grade === grade)?.respondWithin;
}
