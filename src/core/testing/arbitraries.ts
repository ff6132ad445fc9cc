import fc from "fast-check";
import type { Definition, FactValues, RecordedDays, Scalar } from "../definition/model.js";
import { resolveDefinition } from "../definition/resolve.js";
import {
  definitionSchema,
  type FactDef,
  type Operator,
  type RawCondition,
  type RawDefinition,
  type RawGrade,
  type RawRule,
} from "../definition/schema.js";
import { addPeriod, dayOf, formatDay, MS_PER_DAY, type PeriodUnit, startOfDay } from "../time.js";

/**
 * fast-check arbitraries for the grading core's property tests.
 *
 * Everything is generated in the RAW shape of a definition file (what `definitionSchema` accepts)
 * and goes through the real pipeline (schema, then `resolveDefinition`); a generated definition
 * that does not resolve is a bug of this generator and throws.
 *
 * Thresholds are not drawn freely: each fact gets a small pool of thresholds and periods, the
 * rules take their operands from it, and lead values are drawn on and next to the same pool (and
 * on and next to the day bounds of the windows on the reference day), which is where off-by-one
 * and strictness bugs live.
 */

// ---------------------------------------------------------------------------------------------
// Time

const FIRST_YEAR = 2000;
const LAST_YEAR = 2045;
const FIRST_DAY = dayOf(Date.UTC(FIRST_YEAR, 0, 1));
const LAST_DAY = dayOf(Date.UTC(LAST_YEAR, 11, 31));

const yearArb = fc.integer({ min: FIRST_YEAR, max: LAST_YEAR });

/** Epoch days: any day in 2000-2045, or one where calendar steps clamp (month ends, Feb 29, Mar 1). */
export const dayArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: FIRST_DAY, max: LAST_DAY }) },
  {
    // The last day of Jan, Feb, Mar, Apr, May, Aug, Oct, Dec: Jan 31, Feb 28/29, Aug 31...
    weight: 2,
    arbitrary: fc
      .tuple(yearArb, fc.constantFrom(0, 1, 2, 3, 4, 7, 9, 11))
      .map(([y, m]) => dayOf(Date.UTC(y, m + 1, 0))),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: Math.ceil(FIRST_YEAR / 4), max: Math.floor(LAST_YEAR / 4) })
      .map((q) => dayOf(Date.UTC(4 * q, 1, 29))),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(yearArb, fc.constantFrom(0, 2, 8)).map(([y, m]) => dayOf(Date.UTC(y, m, 1))),
  },
);

/** Milliseconds into a UTC day: midnight, the last millisecond, noon, or anything. */
export const msInDayArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, MS_PER_DAY - 1, MS_PER_DAY / 2),
  fc.integer({ min: 0, max: MS_PER_DAY - 1 }),
);

/** `now` as epoch milliseconds, including times inside a day and month-end dates. */
export const nowArb: fc.Arbitrary<number> = fc
  .tuple(dayArb, msInDayArb)
  .map(([day, ms]) => startOfDay(day) + ms);

export interface PeriodSpec {
  readonly n: number;
  readonly unit: PeriodUnit;
  /** How the definition writes it: "6 months", "1 month", "2 Weeks"... */
  readonly text: string;
}

/** Periods in days, weeks, months or years; `short` keeps them within one year. */
export function periodArb(short: boolean): fc.Arbitrary<PeriodSpec> {
  const max: Record<PeriodUnit, number> = short
    ? { day: 365, week: 52, month: 12, year: 1 }
    : { day: 400, week: 104, month: 36, year: 5 };
  return fc
    .constantFrom<PeriodUnit>("day", "week", "month", "year")
    .chain((unit) =>
      fc.tuple(
        fc.constant(unit),
        fc.oneof(fc.integer({ min: 1, max: Math.min(3, max[unit]) }), fc.integer({ min: 1, max: max[unit] })),
        fc.constantFrom("plural", "singular", "upper", "tight"),
      ),
    )
    .map(([unit, n, style]) => {
      const text =
        style === "singular"
          ? `${n} ${unit}`
          : style === "upper"
            ? ` ${n} ${unit.toUpperCase()}S `
            : style === "tight"
              ? `${n}${unit}s`
              : `${n} ${unit}s`;
      return { n, unit, text };
    });
}

// ---------------------------------------------------------------------------------------------
// Fact catalogue

export type RuleFactType = "boolean" | "enum" | "number" | "date";

/** A fact the rules may use, with the pools its rule operands are drawn from. */
export interface FactSpec {
  readonly key: string;
  readonly type: RuleFactType;
  /** The declaration, as written in the definition file. */
  readonly def: FactDef;
  /** Enum options. */
  readonly options: readonly string[];
  /** Number thresholds (number facts). */
  readonly numbers: readonly number[];
  /** Date thresholds as YYYY-MM-DD (date facts). */
  readonly dates: readonly string[];
  /** Periods of the time windows on this fact (value windows for dates, recorded_* for all). */
  readonly periods: readonly PeriodSpec[];
}

export interface Catalogue {
  readonly ruleFacts: readonly FactSpec[];
  /** A free-text fact: declared, sometimes filled in, never used by a rule. */
  readonly text: FactDef;
}

export interface GenOptions {
  /** At most this many facts used by rules (default 4). */
  readonly maxRuleFacts?: number;
  readonly minGrades?: number;
  readonly maxGrades?: number;
  /** Nesting of all/any/not (default 3). */
  readonly maxDepth?: number;
  /** Children of an all/any (default 3). */
  readonly maxChildren?: number;
  /** Thresholds per number or date fact (default 3). */
  readonly maxThresholds?: number;
  /** Periods per fact (default 2). */
  readonly maxPeriods?: number;
  /** Periods of at most 365 days / 52 weeks / 12 months / 1 year. */
  readonly shortPeriods?: boolean;
  /** Lets `otherwise: true` sit before other grades, not only last. */
  readonly fallbackAnywhere?: boolean;
  /** Mostly date facts and time windows: for tests of how grades change with time alone. */
  readonly timeHeavy?: boolean;
}

const TEXT_FACT: FactDef = { key: "notes", label: { en: "Notes" }, type: "text" };

function label(en: string) {
  return { en };
}

/** A fact spec before it has a key; number facts carry their declared range. */
type SpecDraft = Omit<FactSpec, "key" | "def"> & {
  readonly integer?: boolean | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
};

function factSpecArb(today: number, opts: GenOptions): fc.Arbitrary<SpecDraft> {
  const maxThresholds = opts.maxThresholds ?? 3;
  const periods = fc.array(periodArb(opts.shortPeriods === true), {
    minLength: 1,
    maxLength: opts.maxPeriods ?? 2,
  });
  const base = { options: [] as string[], numbers: [] as number[], dates: [] as string[] };
  const boolean = periods.map((p) => ({ ...base, type: "boolean" as const, periods: p }));
  const enumeration = fc.tuple(fc.integer({ min: 2, max: 4 }), periods).map(([n, p]) => ({
    ...base,
    type: "enum" as const,
    options: ["alpha", "beta", "gamma", "delta"].slice(0, n),
    periods: p,
  }));
  const number = fc
    .record({
      integer: fc.boolean(),
      // Thresholds of a non-integer fact sit on one grid (whole numbers plus a common fraction);
      // the declared min or max sometimes joins them, so a rule tests right on the bound.
      fraction: fc.constantFrom(0, 0, 0.5, 0.25),
      bases: fc.uniqueArray(fc.integer({ min: -5, max: 20 }), { minLength: 1, maxLength: maxThresholds }),
      halfForInteger: fc.boolean(),
      min: fc.option(fc.integer({ min: -5, max: 8 })),
      span: fc.option(fc.integer({ min: 0, max: 20 })),
      onBound: fc.constantFrom("none", "min", "max"),
      periods,
    })
    .map(({ integer, fraction, bases, halfForInteger, min, span, onBound, periods: p }): SpecDraft => {
      const max = span === null ? undefined : (min ?? -5) + span;
      const numbers = integer
        ? [...bases, ...(halfForInteger ? [(bases[0] as number) + 0.5] : [])]
        : bases.map((b) => b + fraction);
      const bound = onBound === "min" ? min : onBound === "max" ? max : undefined;
      if (bound !== undefined && bound !== null && !numbers.includes(bound)) numbers.push(bound);
      return { ...base, type: "number", numbers, integer, min: min ?? undefined, max, periods: p };
    });
  const date = fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: -400, max: 400 }), { minLength: 1, maxLength: maxThresholds }),
      periods,
    )
    .map(([offsets, p]) => ({
      ...base,
      type: "date" as const,
      dates: offsets.map((o) => formatDay(today + o)),
      periods: p,
    }));
  const dateWeight = opts.timeHeavy ? 6 : 1;
  return fc.oneof<fc.WeightedArbitrary<SpecDraft>[]>(
    { weight: 1, arbitrary: boolean },
    { weight: 1, arbitrary: enumeration },
    { weight: 1, arbitrary: number },
    { weight: dateWeight, arbitrary: date },
  );
}

function declare(key: string, spec: SpecDraft): FactDef {
  const common = { key, label: label(`Fact ${key}`) };
  switch (spec.type) {
    case "boolean":
      return { ...common, type: "boolean" };
    case "enum":
      return {
        ...common,
        type: "enum",
        options: spec.options.map((value) => ({ value, label: label(value) })),
      };
    case "number":
      return {
        ...common,
        type: "number",
        ...(spec.integer ? { integer: true } : {}),
        ...(spec.min === undefined ? {} : { min: spec.min }),
        ...(spec.max === undefined ? {} : { max: spec.max }),
      };
    case "date":
      return { ...common, type: "date" };
  }
}

/** 1..maxRuleFacts facts of random types, keyed f0, f1, ..., plus the free-text `notes`. */
export function catalogueArb(today: number, opts: GenOptions = {}): fc.Arbitrary<Catalogue> {
  return fc
    .array(factSpecArb(today, opts), { minLength: 1, maxLength: opts.maxRuleFacts ?? 4 })
    .map((specs) => ({
      ruleFacts: specs.map((s, i): FactSpec => {
        const key = `f${i}`;
        return {
          key,
          type: s.type,
          options: s.options,
          numbers: s.numbers,
          dates: s.dates,
          periods: s.periods,
          def: declare(key, s),
        };
      }),
      text: TEXT_FACT,
    }));
}

// ---------------------------------------------------------------------------------------------
// Rules

/** Every operator the resolver accepts, per fact type (written out here, not imported). */
export const OPERATORS_BY_TYPE: Record<RuleFactType, readonly Operator[]> = {
  boolean: ["is", "eq", "ne", "recorded_within_last", "recorded_more_than_ago"],
  enum: ["is", "eq", "ne", "in", "recorded_within_last", "recorded_more_than_ago"],
  number: [
    "is",
    "eq",
    "ne",
    "lt",
    "lte",
    "gt",
    "gte",
    "in",
    "between",
    "recorded_within_last",
    "recorded_more_than_ago",
  ],
  date: [
    "is",
    "eq",
    "ne",
    "lt",
    "lte",
    "gt",
    "gte",
    "between",
    "within_next",
    "within_last",
    "more_than_ago",
    "more_than_ahead",
    "recorded_within_last",
    "recorded_more_than_ago",
  ],
};

type Operand = string | number | boolean | (string | number)[];

function pointArb(spec: FactSpec): fc.Arbitrary<string | number | boolean> {
  switch (spec.type) {
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...spec.options);
    case "number":
      return fc.constantFrom(...spec.numbers);
    case "date":
      return fc.constantFrom(...spec.dates);
  }
}

function operandArb(spec: FactSpec, op: Operator): fc.Arbitrary<Operand> {
  switch (op) {
    case "is":
      return fc.constantFrom("known", "unknown");
    case "eq":
    case "ne":
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      return pointArb(spec);
    case "in": {
      const point = pointArb(spec) as fc.Arbitrary<string | number>;
      // Long lists (with repeats) too: the compiler switches to a Set above 8 values.
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(point, { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.array(point, { minLength: 9, maxLength: 11 }) },
      );
    }
    case "between":
      return fc
        .tuple(pointArb(spec), pointArb(spec))
        .map(([a, b]) =>
          spec.type === "number"
            ? [Math.min(a as number, b as number), Math.max(a as number, b as number)]
            : [a as string, b as string].sort(),
        );
    default:
      return fc.constantFrom(...spec.periods).map((p) => p.text);
  }
}

/** One condition on one of the catalogue's rule facts, with any operator its type accepts. */
export function conditionArb(cat: Catalogue, timeHeavy = false): fc.Arbitrary<RawRule> {
  const operator = (spec: FactSpec) => {
    const all = OPERATORS_BY_TYPE[spec.type];
    const windows = all.filter((op) => op.includes("within_") || op.includes("than_"));
    return timeHeavy
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...windows) },
          { weight: 1, arbitrary: fc.constantFrom(...all) },
        )
      : fc.constantFrom(...all);
  };
  return fc
    .constantFrom(...cat.ruleFacts)
    .chain((spec) =>
      operator(spec).chain((op) =>
        operandArb(spec, op).map((v) => ({ fact: spec.key, [op]: v }) as RawCondition),
      ),
    );
}

/** A rule: a condition or all/any/not nested up to `depth` levels. */
export function ruleArb(
  cat: Catalogue,
  depth: number,
  maxChildren = 3,
  timeHeavy = false,
): fc.Arbitrary<RawRule> {
  const leaf = conditionArb(cat, timeHeavy);
  if (depth <= 0) return leaf;
  const sub = ruleArb(cat, depth - 1, maxChildren, timeHeavy);
  const children = fc.array(sub, { minLength: 1, maxLength: maxChildren });
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: children.map((all): RawRule => ({ all })) },
    { weight: 1, arbitrary: children.map((any): RawRule => ({ any })) },
    { weight: 1, arbitrary: sub.map((not): RawRule => ({ not })) },
  );
}

/**
 * minGrades..maxGrades grades g0, g1, ...; sometimes the last is an `otherwise: true` fallback
 * (with `fallbackAnywhere`, sometimes an earlier one).
 */
export function gradesArb(cat: Catalogue, opts: GenOptions = {}): fc.Arbitrary<RawGrade[]> {
  const rule = ruleArb(cat, opts.maxDepth ?? 3, opts.maxChildren ?? 3, opts.timeHeavy === true);
  return fc
    .integer({ min: opts.minGrades ?? 1, max: opts.maxGrades ?? 4 })
    .chain((n) =>
      fc.tuple(
        fc.array(rule, { minLength: n, maxLength: n }),
        oneOfDefined<number>(
          { weight: 4, arbitrary: fc.constant(-1) },
          { weight: 4, arbitrary: fc.constant(n - 1) },
          opts.fallbackAnywhere === true && { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }) },
        ),
      ),
    )
    .map(([rules, fallback]) =>
      rules.map(
        (when, i): RawGrade => ({
          key: `g${i}`,
          label: label(`Grade ${i}`),
          ...(i === fallback ? { otherwise: true } : { when }),
        }),
      ),
    );
}

/** A raw definition over the catalogue, sometimes `exclusive: true` (or an explicit false). */
export function rawDefinitionArb(cat: Catalogue, opts: GenOptions = {}): fc.Arbitrary<RawDefinition> {
  return fc
    .tuple(gradesArb(cat, opts), fc.constantFrom(undefined, true, false), fc.boolean())
    .map(([grades, exclusive, textFirst]) => {
      const facts = cat.ruleFacts.map((f) => f.def);
      return {
        truce: 1 as const,
        id: "property-test",
        name: label("Property test"),
        ...(exclusive === undefined ? {} : { exclusive }),
        facts: textFirst ? [cat.text, ...facts] : [...facts, cat.text],
        grades,
      };
    });
}

/**
 * Runs a raw definition through the real pipeline (schema, then resolver) and returns the resolved
 * definition; throws with the reason when it does not resolve (the generator must not produce that).
 */
export function resolveRaw(raw: unknown): Definition {
  const parsed = definitionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `generated definition fails the schema: ${JSON.stringify(parsed.error.issues)}\n${JSON.stringify(raw)}`,
    );
  }
  const { definition, findings } = resolveDefinition(parsed.data);
  const errors = findings.filter((f) => f.severity === "error");
  if (!definition || errors.length > 0) {
    throw new Error(
      `generated definition does not resolve: ${JSON.stringify(errors)}\n${JSON.stringify(raw)}`,
    );
  }
  return definition;
}

export interface Scenario {
  /** The instant graded at (epoch ms) and its UTC day. */
  readonly now: number;
  readonly today: number;
  readonly catalogue: Catalogue;
  readonly raw: RawDefinition;
  readonly definition: Definition;
}

/** A definition (raw and resolved) and a `now`; date thresholds are drawn around `now`'s day. */
export function scenarioArb(opts: GenOptions = {}): fc.Arbitrary<Scenario> {
  return nowArb.chain((now) =>
    catalogueArb(dayOf(now), opts).chain((catalogue) =>
      rawDefinitionArb(catalogue, opts).map((raw): Scenario => {
        const scenario = { now, today: dayOf(now), catalogue, raw, definition: resolveRaw(raw) };
        // Failures print the definition as written and the instant, not the resolved structure.
        return Object.assign(scenario, {
          [fc.toStringMethod]: () =>
            `{ now: ${new Date(now).toISOString()} (${now}), definition: ${JSON.stringify(raw)} }`,
        });
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Leads

export interface Lead {
  readonly values: FactValues;
  /** `undefined` = the caller passed no recorded days at all. */
  readonly recorded: RecordedDays | undefined;
}

export interface LeadOptions {
  /** Values and recorded days far from every threshold (default true). */
  readonly far?: boolean;
  /**
   * Also inconsistent evidence (default true): a known value with no recorded day, a recorded day
   * for an unknown value, or no recorded days passed at all.
   */
  readonly stray?: boolean;
  /** Unknown values only now and then (default: a third of the time). */
  readonly mostlyKnown?: boolean;
}

function nearby(points: readonly number[], deltas: readonly number[]): number[] {
  return [...new Set(points.flatMap((p) => deltas.map((d) => p + d)))];
}

/** Day bounds of this fact's windows on `today` (and today itself). */
function windowDays(spec: FactSpec, today: number): number[] {
  return [
    today,
    ...spec.periods.flatMap((p) => [
      addPeriod(today, { n: p.n, unit: p.unit }),
      addPeriod(today, { n: -p.n, unit: p.unit }),
    ]),
  ];
}

function oneOfDefined<T>(...parts: (fc.WeightedArbitrary<T> | false)[]): fc.Arbitrary<T> {
  return fc.oneof(...parts.filter((p): p is fc.WeightedArbitrary<T> => p !== false));
}

/** A known value of the fact: on or next to its thresholds and window bounds, or (with `far`) far off. */
export function knownValueArb(spec: FactSpec, today: number, opts: LeadOptions = {}): fc.Arbitrary<Scalar> {
  const far = opts.far ?? true;
  switch (spec.type) {
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...spec.options);
    case "number": {
      const def = spec.def as Extract<FactDef, { type: "number" }>;
      const inside = (x: number) =>
        (def.min === undefined || x >= def.min) &&
        (def.max === undefined || x <= def.max) &&
        (!def.integer || Number.isInteger(x));
      const bounds = [def.min, def.max].filter((b): b is number => b !== undefined);
      const exact = [...new Set([...spec.numbers, ...bounds])].filter(inside);
      const near = nearby([...spec.numbers, ...bounds], [-1, 1, -0.5, 0.5, -0.25, 0.25]).filter(inside);
      const lo = def.min ?? -1e6;
      const hi = def.max ?? 1e6;
      const anywhere = def.integer
        ? fc.integer({ min: Math.ceil(Math.max(lo, -1e6)), max: Math.floor(Math.min(hi, 1e6)) })
        : fc.double({
            min: Math.max(lo, -1e6),
            max: Math.min(hi, 1e6),
            noNaN: true,
            noDefaultInfinity: true,
          });
      return oneOfDefined<number>(
        exact.length > 0 && { weight: 8, arbitrary: fc.constantFrom(...exact) },
        near.length > 0 && { weight: 8, arbitrary: fc.constantFrom(...near) },
        far && { weight: 2, arbitrary: fc.constantFrom(lo, hi) },
        far && { weight: 2, arbitrary: anywhere },
        // Always something to pick, even when the declared range holds no threshold.
        { weight: 1, arbitrary: fc.constant(def.min ?? def.max ?? 0) },
      );
    }
    case "date": {
      const thresholds = spec.dates.map((d) => dayOfIso(d));
      const bounds = windowDays(spec, today);
      return oneOfDefined<number>(
        { weight: 3, arbitrary: fc.constantFrom(...thresholds) },
        { weight: 3, arbitrary: fc.constantFrom(...bounds) },
        { weight: 6, arbitrary: fc.constantFrom(...nearby([...thresholds, ...bounds], [-1, 1])) },
        { weight: 1, arbitrary: fc.integer({ min: today - 400, max: today + 400 }) },
        far && { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((d) => today - d) },
        far && { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((d) => today + d) },
      );
    }
  }
}

/** A recorded day (never after today): on or next to the recorded_* bounds, today, or far back. */
export function recordedDayArb(spec: FactSpec, today: number, opts: LeadOptions = {}): fc.Arbitrary<number> {
  const bounds = spec.periods.map((p) => addPeriod(today, { n: -p.n, unit: p.unit }));
  const near = nearby([...bounds, today], [-1, 1]).filter((d) => d <= today);
  return oneOfDefined<number>(
    { weight: 4, arbitrary: fc.constantFrom(...bounds, today) },
    { weight: 4, arbitrary: fc.constantFrom(...near) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 }).map((d) => today - d) },
    (opts.far ?? true) && {
      weight: 1,
      arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((d) => today - d),
    },
  );
}

function dayOfIso(text: string): number {
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  return dayOf(Date.UTC(y, m - 1, d));
}

type Presence = "absent" | "null" | "known";

/**
 * A lead: for each rule fact unknown (absent or null) or a known value; a recorded day for known
 * values; sometimes the free-text fact. With `stray`, also the inconsistent cases.
 */
export function leadArb(cat: Catalogue, today: number, opts: LeadOptions = {}): fc.Arbitrary<Lead> {
  const stray = opts.stray ?? true;
  const presence = opts.mostlyKnown
    ? fc.constantFrom<Presence>("absent", "null", ...new Array<Presence>(10).fill("known"))
    : fc.constantFrom<Presence>("absent", "null", "known", "known", "known", "known");
  const perFact = cat.ruleFacts.map((spec) =>
    fc.record({
      presence,
      value: knownValueArb(spec, today, opts),
      recordedState: stray
        ? fc.constantFrom<Presence>("absent", "null", "known", "known", "known", "known", "known")
        : fc.constant<Presence>("known"),
      recorded: recordedDayArb(spec, today, opts),
    }),
  );
  return fc
    .tuple(fc.tuple(...perFact), fc.boolean(), stray ? fc.integer({ min: 0, max: 9 }) : fc.constant(1))
    .map(([facts, withText, noRecorded]) => {
      const values: Record<string, Scalar | null> = {};
      const recorded: Record<string, number | null> = {};
      facts.forEach((f, i) => {
        const key = (cat.ruleFacts[i] as FactSpec).key;
        if (f.presence === "null") values[key] = null;
        if (f.presence === "known") values[key] = f.value;
        // Consistent evidence: a known value has a recorded day, an unknown one has none.
        const state = stray ? f.recordedState : f.presence === "known" ? "known" : "absent";
        if (state === "null") recorded[key] = null;
        if (state === "known") recorded[key] = f.recorded;
      });
      if (withText) values[cat.text.key] = "said they would call back";
      return { values, recorded: noRecorded === 0 ? undefined : recorded };
    });
}

/** A scenario and 1..maxLeads leads for it. */
export function casesArb(
  opts: GenOptions = {},
  leadOpts: LeadOptions = {},
  maxLeads = 3,
): fc.Arbitrary<{ scenario: Scenario; leads: Lead[] }> {
  return scenarioArb(opts).chain((scenario) =>
    fc.record({
      scenario: fc.constant(scenario),
      leads: fc.array(leadArb(scenario.catalogue, scenario.today, leadOpts), {
        minLength: 1,
        maxLength: maxLeads,
      }),
    }),
  );
}
