import { type Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from "yaml";
import type { Operator } from "../../../../src/core/definition/schema";

/**
 * The rule builder's view of a definition text, and its edits written back into the same text.
 * Reads and writes through `yaml`'s Document, so comments and layout elsewhere survive an edit.
 * It shows only the shapes it can edit without loss (src/core/definition/schema.ts): a grade's
 * `when` as one condition, or `all` / `any` of conditions. Anything else (nested groups, `not`)
 * is reported as complex and left untouched: the person edits it in YAML.
 */

export type FactType = "boolean" | "enum" | "number" | "date" | "text";

export interface DraftFact {
  readonly key: string;
  readonly type: FactType;
  readonly label: { en?: string; ru?: string };
  readonly options: readonly { value: string; label: { en?: string; ru?: string } }[];
}

/** The core's operators (src/core/definition/schema.ts): the builder offers no operator of its own. */
export type Op = Operator;

/** Every operator, in the order the builder lists them; the compiler checks none is missing. */
export const OPS = [
  "is",
  "eq",
  "ne",
  "lt",
  "lte",
  "gt",
  "gte",
  "in",
  "between",
  "within_next",
  "within_last",
  "more_than_ago",
  "more_than_ahead",
  "recorded_within_last",
  "recorded_more_than_ago",
] as const satisfies readonly Op[];
type Unlisted = Exclude<Op, (typeof OPS)[number]>;
const everyOperatorListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyOperatorListed;

export const WINDOW_OPS: readonly Op[] = [
  "within_next",
  "within_last",
  "more_than_ago",
  "more_than_ahead",
  "recorded_within_last",
  "recorded_more_than_ago",
];

/** The operators that make sense for a fact type (text facts cannot be graded on). */
export function opsFor(type: FactType): readonly Op[] {
  switch (type) {
    case "boolean":
      return ["eq", "ne", "is"];
    case "enum":
      return ["eq", "ne", "in", "is"];
    case "number":
      return ["eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "is"];
    case "date":
      return ["lt", "lte", "gt", "gte", "between", ...WINDOW_OPS, "eq", "ne", "is"];
    default:
      return [];
  }
}

export type Value = boolean | number | string | readonly (number | string)[];

export interface Cond {
  readonly fact: string;
  readonly op: Op;
  readonly value: Value;
}

export type Row = { readonly kind: "condition"; readonly cond: Cond } | { readonly kind: "complex" };

export type GradeShape =
  | { readonly kind: "fallback" }
  | { readonly kind: "complex" }
  | { readonly kind: "rules"; readonly join: "single" | "all" | "any"; readonly rows: readonly Row[] };

export interface DraftGrade {
  readonly key: string;
  readonly label: { en?: string; ru?: string };
  readonly shape: GradeShape;
}

export interface DraftModel {
  readonly facts: readonly DraftFact[];
  readonly grades: readonly DraftGrade[];
}

/** The text's facts and grades, or null when the YAML does not parse. */
export function readDraft(text: string): DraftModel | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return null;
  const raw = doc.toJS() as unknown;
  if (!isObject(raw)) return null;
  const facts = (Array.isArray(raw.facts) ? raw.facts : []).filter(isObject).map(
    (f): DraftFact => ({
      key: String(f.key ?? ""),
      type: (["boolean", "enum", "number", "date", "text"].includes(String(f.type))
        ? f.type
        : "text") as FactType,
      label: isObject(f.label) ? (f.label as DraftFact["label"]) : {},
      options: (Array.isArray(f.options) ? f.options : []).filter(isObject).map((o) => ({
        value: String(o.value ?? ""),
        label: isObject(o.label) ? (o.label as DraftFact["label"]) : {},
      })),
    }),
  );
  const grades = (Array.isArray(raw.grades) ? raw.grades : []).filter(isObject).map(
    (g): DraftGrade => ({
      key: String(g.key ?? ""),
      label: isObject(g.label) ? (g.label as DraftGrade["label"]) : {},
      shape: shapeOf(g),
    }),
  );
  return { facts, grades };
}

function shapeOf(g: Record<string, unknown>): GradeShape {
  if (g.otherwise === true && g.when === undefined) return { kind: "fallback" };
  const when = g.when;
  const single = condOf(when);
  if (single) return { kind: "rules", join: "single", rows: [{ kind: "condition", cond: single }] };
  if (isObject(when)) {
    const keys = Object.keys(when);
    for (const join of ["all", "any"] as const) {
      const list = when[join];
      if (keys.length === 1 && Array.isArray(list)) {
        return {
          kind: "rules",
          join,
          rows: list.map((item): Row => {
            const cond = condOf(item);
            return cond ? { kind: "condition", cond } : { kind: "complex" };
          }),
        };
      }
    }
  }
  return { kind: "complex" };
}

function condOf(x: unknown): Cond | null {
  if (!isObject(x) || typeof x.fact !== "string") return null;
  const keys = Object.keys(x).filter((k) => k !== "fact");
  const op = keys[0];
  if (keys.length !== 1 || op === undefined || !OPS.includes(op as Op)) return null;
  const value = x[op];
  const ok =
    typeof value === "boolean" ||
    typeof value === "number" ||
    typeof value === "string" ||
    (Array.isArray(value) && value.every((v) => typeof v === "number" || typeof v === "string"));
  return ok ? { fact: x.fact, op: op as Op, value: value as Value } : null;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A sensible starting value when the fact or the operator changes. */
export function defaultValue(fact: DraftFact | undefined, op: Op, today: string): Value {
  if (op === "is") return "known";
  if (WINDOW_OPS.includes(op)) return "6 months";
  const first = fact?.options[0]?.value ?? "";
  switch (fact?.type) {
    case "boolean":
      return true;
    case "enum":
      return op === "in" ? [first] : first;
    case "number":
      return op === "between" ? [0, 100] : op === "in" ? [0] : 0;
    case "date":
      return op === "between" ? [today, today] : today;
    default:
      return "";
  }
}

// ——— edits ———

const whenPath = (grade: number) => ["grades", grade, "when"];

function edit(text: string, change: (doc: Document) => void): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  change(doc);
  // No re-folding: lines the person did not touch stay exactly as written.
  return doc.toString({ lineWidth: 0 });
}

function condNode(doc: Document, cond: Cond) {
  return doc.createNode({ fact: cond.fact, [cond.op]: cond.value }, { flow: true });
}

/** The path of row `row` of a grade whose rule has the given join. */
function rowPath(grade: number, join: "single" | "all" | "any", row: number) {
  return join === "single" ? whenPath(grade) : [...whenPath(grade), join, row];
}

/** Replaces one condition in place: the map keeps its style (block or flow) and comments. */
export function setCondition(
  text: string,
  grade: number,
  join: "single" | "all" | "any",
  row: number,
  cond: Cond,
): string {
  return edit(text, (doc) => {
    const node = doc.getIn(rowPath(grade, join, row), true);
    if (!isMap(node)) return;
    const map = node as YAMLMap;
    map.set("fact", cond.fact);
    for (const op of OPS) if (op !== cond.op && map.has(op)) map.delete(op);
    const value = Array.isArray(cond.value) ? doc.createNode(cond.value, { flow: true }) : cond.value;
    map.set(cond.op, value);
  });
}

/** Adds a condition; a single condition becomes `all` of the two. */
export function addCondition(
  text: string,
  grade: number,
  join: "single" | "all" | "any",
  cond: Cond,
): string {
  return edit(text, (doc) => {
    if (join === "single") {
      const old = doc.getIn(whenPath(grade), true);
      const seq = new YAMLSeq();
      seq.items.push(old, condNode(doc, cond));
      const all = new YAMLMap();
      all.set("all", seq);
      doc.setIn(whenPath(grade), all);
      return;
    }
    const seq = doc.getIn([...whenPath(grade), join], true);
    if (isSeq(seq)) seq.items.push(condNode(doc, cond));
  });
}

/** Removes a condition; when one is left, the group becomes that condition. The last one stays. */
export function removeCondition(text: string, grade: number, join: "all" | "any", row: number): string {
  return edit(text, (doc) => {
    const seq = doc.getIn([...whenPath(grade), join], true);
    if (!isSeq(seq) || seq.items.length < 2) return;
    seq.items.splice(row, 1);
    if (seq.items.length === 1) {
      const only = seq.items[0];
      if (isMap(only)) {
        only.flow = false;
        doc.setIn(whenPath(grade), only);
      }
    }
  });
}

/** Switches a group between `all` and `any`, keeping its conditions. */
export function setJoin(text: string, grade: number, from: "all" | "any", to: "all" | "any"): string {
  if (from === to) return text;
  return edit(text, (doc) => {
    const when = doc.getIn(whenPath(grade), true);
    if (!isMap(when)) return;
    const seq = when.get(from, true);
    when.delete(from);
    when.set(to, seq);
  });
}
