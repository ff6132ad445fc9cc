import {
  CONTACT_FIELDS,
  type FormConfig,
  type FormField,
  RESERVED_FIELD_NAMES,
} from "../../contracts/api-capture.js";
import { type Definition, type LocalText, normalizeFactValue } from "../../core/index.js";
import { parsePeriod } from "../../core/time.js";
import type { FieldProblem } from "../validation.js";

/**
 * Checks a form against a definition's fact catalogue: every field asks a declared fact, text
 * facts only as free text (they never grade), every option maps to a value its fact accepts (a
 * period only for dates), and every text exists in each language the form is offered in.
 * Paths are relative to the form's configuration, prefixed with `at`.
 */
export function checkForm(def: Definition, form: FormConfig, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const p = (path: string, message: string) => problems.push({ path: at ? `${at}.${path}` : path, message });
  if (CONTACT_FIELDS.filter((c) => c !== "company").every((c) => form.contact[c] === "hidden"))
    p("contact", "show at least a name, an e-mail or a phone: a lead must be identifiable");
  const ru = form.locales.includes("ru");
  const texts: [string, LocalText | undefined][] = [
    ["title", form.title],
    ["intro", form.intro],
    ["submit", form.submit],
    ["thanks", form.thanks],
  ];
  for (const [path, text] of texts)
    if (ru && text && !text.ru) p(`${path}.ru`, "the form is offered in Russian");
  const names = new Set<string>();
  const facts = new Set<string>();
  form.fields.forEach((field, i) => {
    if (RESERVED_FIELD_NAMES.includes(field.name))
      p(`fields.${i}.name`, `"${field.name}" is reserved: ${RESERVED_FIELD_NAMES.join(", ")}`);
    if (names.has(field.name)) p(`fields.${i}.name`, `a second field named "${field.name}"`);
    if (facts.has(field.fact)) p(`fields.${i}.fact`, `a second field asking "${field.fact}"`);
    names.add(field.name);
    facts.add(field.fact);
    for (const q of fieldProblems(def, field, ru)) p(`fields.${i}.${q.path}`, q.message);
  });
  return problems;
}

/** The fields that still fit the definition (a newer version may have dropped a fact or an option). */
export function usableFields(def: Definition, form: FormConfig): FormField[] {
  return form.fields.filter((f) => fieldProblems(def, f, false).length === 0);
}

function fieldProblems(def: Definition, field: FormField, ru: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const p = (path: string, message: string) => problems.push({ path, message });
  if (ru && !field.question.ru) p("question.ru", "the form is offered in Russian");
  if (ru && field.help && !field.help.ru) p("help.ru", "the form is offered in Russian");
  const fact = def.factsByKey.get(field.fact);
  if (!fact) {
    p("fact", `unknown fact "${field.fact}": it is not in the active definition's catalogue`);
    return problems;
  }
  if (field.kind === "text") {
    if (fact.type !== "text")
      p("kind", `"${field.fact}" is a ${fact.type} fact: ask it with options (kind: choice)`);
    return problems;
  }
  if (fact.type === "text") {
    p("kind", `"${field.fact}" is a text fact: ask it as free text (kind: text)`);
    return problems;
  }
  const keys = new Set<string>();
  field.options.forEach((o, j) => {
    if (keys.has(o.key)) p(`options.${j}.key`, `a second option "${o.key}"`);
    keys.add(o.key);
    if (ru && !o.label.ru) p(`options.${j}.label.ru`, "the form is offered in Russian");
    if (o.dateIn !== undefined) {
      if (fact.type !== "date")
        p(`options.${j}.dateIn`, `a period answers only date facts, not ${fact.type}`);
      else if (!parsePeriod(o.dateIn))
        p(`options.${j}.dateIn`, `expected a period such as "3 months", "90 days", "1 year"`);
      return;
    }
    const r = normalizeFactValue(fact, o.value ?? null);
    if ("problem" in r) p(`options.${j}.value`, r.problem);
  });
  return problems;
}
