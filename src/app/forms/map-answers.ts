import type { FormConfig, FormField } from "../../contracts/api-capture.js";
import {
  type Definition,
  type FactDef,
  formatDay,
  type Locale,
  type LocalText,
  normalizeFactValue,
  type Observation,
  pick,
} from "../../core/index.js";
import { addPeriod, dayOf, parsePeriod } from "../../core/time.js";
import type { FieldProblem } from "../validation.js";
import { usableFields } from "./check-form.js";

/** Why an answer was refused: stable codes, so a page can say it in the visitor's language. */
export type AnswerReason =
  | "unknown"
  | "required"
  | "not_an_option"
  | "bad_value"
  | "too_long"
  | "need_contact";

export interface AnswerProblem extends FieldProblem {
  readonly reason: AnswerReason;
}

export interface AnswerContext {
  readonly now: number;
  /** The language the person read the questions in: quotes record the labels they chose. */
  readonly locale: Locale;
  /** `key:<id>` of the key the capture came through. */
  readonly recordedBy: string;
  /** Where answers sit in the input, for problem paths (`body.answers`). */
  readonly at: string;
}

type Mapped = { observations: Observation[]; problems: AnswerProblem[] };

/**
 * Turns a person's answers into fact observations with evidence channel `form`, recorded now,
 * quoting the label of the option they chose. With a form, answers are keyed by its field names
 * and mapped through its options (a period option becomes capture day + period; "not decided"
 * may map to null, unknown); without one, by fact key with the fact's own values.
 * Every problem is reported; nothing is dropped silently.
 */
export function mapAnswers(
  def: Definition,
  form: { readonly name: string; readonly config: FormConfig } | null,
  answers: Readonly<Record<string, unknown>>,
  ctx: AnswerContext,
): Mapped {
  return form ? mapFormAnswers(def, form.name, form.config, answers, ctx) : mapFactAnswers(def, answers, ctx);
}

function pathOf(ctx: AnswerContext, name: string): string {
  return ctx.at ? `${ctx.at}.${name}` : name;
}

function evidence(ctx: AnswerContext, quote?: string, note?: string): Observation["evidence"] {
  return {
    channel: "form",
    recordedBy: ctx.recordedBy,
    recordedAt: new Date(ctx.now).toISOString(),
    ...(quote === undefined ? {} : { quote }),
    ...(note === undefined ? {} : { note }),
  };
}

function mapFormAnswers(
  def: Definition,
  formName: string,
  config: FormConfig,
  answers: Readonly<Record<string, unknown>>,
  ctx: AnswerContext,
): Mapped {
  const out: Mapped = { observations: [], problems: [] };
  const fields = usableFields(def, config);
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(answers)) {
    if (!known.has(name))
      out.problems.push({
        path: pathOf(ctx, name),
        reason: "unknown",
        message: `no question "${name}" in this form`,
      });
  }
  for (const field of fields) {
    const raw = answers[field.name];
    const path = pathOf(ctx, field.name);
    const blank = raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
    if (blank) {
      if (field.required) out.problems.push({ path, reason: "required", message: "an answer is required" });
      continue;
    }
    const r = mapField(field, raw, ctx.now);
    if ("problem" in r) {
      out.problems.push({ path, ...r.problem });
      continue;
    }
    const note = `${formName}: ${pick(field.question, ctx.locale)}`;
    out.observations.push({
      fact: field.fact,
      value: r.value,
      evidence: evidence(ctx, r.quote && pick(r.quote, ctx.locale), note),
    });
  }
  return out;
}

type FieldValue =
  | { value: Observation["value"]; quote?: LocalText }
  | { problem: { reason: AnswerReason; message: string } };

function mapField(field: FormField, raw: unknown, now: number): FieldValue {
  if (field.kind === "text") {
    if (typeof raw !== "string") return { problem: { reason: "bad_value", message: "expected text" } };
    const text = raw.trim();
    return text.length > field.maxLength
      ? { problem: { reason: "too_long", message: `at most ${field.maxLength} characters` } }
      : { value: text };
  }
  const option = field.options.find((o) => o.key === raw);
  if (!option) {
    const keys = field.options.map((o) => o.key).join(", ");
    return { problem: { reason: "not_an_option", message: `expected one of ${keys}` } };
  }
  const period = option.dateIn === undefined ? undefined : parsePeriod(option.dateIn);
  const value = period ? formatDay(addPeriod(dayOf(now), period)) : (option.value ?? null);
  return { value, quote: option.label };
}

function mapFactAnswers(
  def: Definition,
  answers: Readonly<Record<string, unknown>>,
  ctx: AnswerContext,
): Mapped {
  const out: Mapped = { observations: [], problems: [] };
  for (const [key, raw] of Object.entries(answers)) {
    const path = pathOf(ctx, key);
    const fact = def.factsByKey.get(key);
    if (!fact) {
      out.problems.push({
        path,
        reason: "unknown",
        message: `unknown fact "${key}": it is not in the active definition's catalogue`,
      });
      continue;
    }
    const r = normalizeFactValue(fact, raw);
    if ("problem" in r) {
      out.problems.push({ path, reason: "bad_value", message: r.problem });
      continue;
    }
    // Free text is kept as typed, without surrounding space; a blank one is no answer.
    const value =
      fact.type === "text" && typeof raw === "string" ? raw.trim() : (raw as Observation["value"]);
    if (value === "") continue;
    out.observations.push({ fact: key, value, evidence: evidence(ctx, enumLabel(fact, raw, ctx.locale)) });
  }
  return out;
}

function enumLabel(fact: FactDef, raw: unknown, locale: Locale): string | undefined {
  if (fact.type !== "enum") return undefined;
  const option = fact.options.find((o) => o.value === raw);
  return option ? pick(option.label, locale) : undefined;
}
