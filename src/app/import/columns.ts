import {
  type ColumnRule,
  type DateOrder,
  type FactColumn,
  type ImportMapping,
  LEAD_FIELDS,
  type LeadField,
} from "../../contracts/import-mapping.js";
import { AppError, type Definition } from "../../core/index.js";
import { type CellReader, compileFactReader } from "./values.js";

/** Where a column's meaning came from, shown in the summary so nobody has to guess. */
export type ColumnSource = "mapping" | "preset" | "header" | "none";

export interface PlannedColumn {
  readonly header: string;
  /** "email", "fact:decision_date" or "ignore". */
  readonly target: string;
  readonly via: ColumnSource;
}

/** How a file's columns become a lead: per field and per fact, the columns in file order. */
export interface ColumnPlan {
  readonly columns: readonly PlannedColumn[];
  readonly fields: ReadonlyMap<LeadField, readonly number[]>;
  readonly facts: readonly {
    readonly key: string;
    readonly columns: readonly number[];
    readonly read: CellReader;
  }[];
  readonly dates: DateOrder | undefined;
}

export interface PlanOptions {
  readonly mapping?: ImportMapping | undefined;
  readonly preset?: ImportMapping | undefined;
  readonly dates?: DateOrder | undefined;
  readonly decimal?: "." | "," | undefined;
}

/** Header words (lower case, letters and digits only) that name a lead field, English and Russian. */
const SYNONYMS: Readonly<Record<string, LeadField>> = Object.fromEntries(
  (
    [
      ["email", "email emailaddress mail workemail почта электроннаяпочта элпочта эпочта емейл имейл емэйл"],
      [
        "phone",
        "phone phonenumber telephone tel mobile mobilephone mobilephonenumber cell телефон мобильный",
      ],
      ["name", "name fullname contactname leadname фио контакт"],
      ["first_name", "firstname givenname имя"],
      ["last_name", "lastname surname familyname фамилия"],
      ["company", "company companyname account accountname organization organisation компания организация"],
      ["source", "source leadsource originalsource источник источниклида"],
      ["campaign", "campaign campaignname кампания рекламнаякампания"],
      ["utm_source", "utmsource"],
      ["utm_medium", "utmmedium"],
      ["utm_campaign", "utmcampaign"],
      ["utm_term", "utmterm"],
      ["utm_content", "utmcontent"],
      ["recorded_at", "recordedat"],
    ] as const
  ).flatMap(([field, words]) => words.split(" ").map((w) => [w, field])),
);

const headerKey = (h: string) => h.trim().toLowerCase().replace(/\s+/g, " ");
const wordKey = (h: string) => h.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/**
 * Decides what every column means: the mapping file first, then the preset, then the header
 * itself (a lead field's usual names in English and Russian, or a fact's key or label), unless
 * the mapping says `infer: false`. Several columns may fill one field or fact: per row, the first
 * non-empty one wins (Phone, then Mobile). Mistakes in the mapping are refused, not skipped.
 */
export function planColumns(headers: readonly string[], def: Definition, options: PlanOptions): ColumnPlan {
  const { mapping, preset } = options;
  const fromMapping = indexRules(mapping);
  const fromPreset = indexRules(preset);
  const present = new Set(headers.map(headerKey));
  const missing = Object.keys(mapping?.columns ?? {}).filter((h) => !present.has(headerKey(h)));
  if (missing.length > 0)
    throw mappingError(`the mapping names columns the file does not have: ${missing.join(", ")}`, {
      missing,
      headers,
    });
  const byFact = new Map<string, { key: string; columns: number[]; read: CellReader }>();
  const fields = new Map<LeadField, number[]>();
  const columns = headers.map((header, index): PlannedColumn => {
    const key = headerKey(header);
    let rule: ColumnRule | undefined = fromMapping.get(key);
    let via: ColumnSource = "mapping";
    if (rule === undefined) [rule, via] = [fromPreset.get(key), "preset"];
    if (rule === undefined && mapping?.infer !== false) [rule, via] = [inferRule(header, def), "header"];
    if (rule === undefined) return { header, target: "ignore", via: "none" };
    const target = resolveRule(rule, def, header);
    if (target.kind === "ignore") return { header, target: "ignore", via };
    if (target.kind === "field") {
      fields.set(target.field, [...(fields.get(target.field) ?? []), index]);
      return { header, target: target.field, via };
    }
    const fact = def.factsByKey.get(target.rules.fact);
    if (!fact)
      throw mappingError(`column "${header}": the active definition has no fact "${target.rules.fact}"`);
    const rules = { ...target.rules, dates: target.rules.dates ?? options.dates ?? mapping?.dates };
    const decimal = rules.decimal ?? options.decimal ?? mapping?.decimal;
    const read = compileFactReader(fact, { ...rules, ...(decimal ? { decimal } : {}) }, mapping?.unknown);
    const entry = byFact.get(fact.key) ?? { key: fact.key, columns: [], read };
    entry.columns.push(index);
    byFact.set(fact.key, entry);
    return { header, target: `fact:${fact.key}`, via };
  });
  if (!["email", "phone", "name", "first_name", "last_name"].some((f) => fields.has(f as LeadField)))
    throw mappingError(
      `no column is an e-mail, a phone or a name, so no row could become a lead (columns: ${headers.join(", ")}); name them in a mapping file or use --preset`,
      { headers },
    );
  return { columns, fields, facts: [...byFact.values()], dates: options.dates ?? mapping?.dates };
}

type Target = { kind: "ignore" } | { kind: "field"; field: LeadField } | { kind: "fact"; rules: FactColumn };

function resolveRule(rule: ColumnRule, def: Definition, header: string): Target {
  if (typeof rule === "string") {
    if (rule === "ignore") return { kind: "ignore" };
    if ((LEAD_FIELDS as readonly string[]).includes(rule)) return { kind: "field", field: rule as LeadField };
    if (def.factsByKey.has(rule)) return { kind: "fact", rules: { fact: rule } };
    throw mappingError(
      `column "${header}" maps to "${rule}", which is neither a lead field (${LEAD_FIELDS.join(", ")}), "ignore", nor a fact of the active definition`,
    );
  }
  if ("ignore" in rule) return { kind: "ignore" };
  if ("field" in rule) return { kind: "field", field: rule.field };
  return { kind: "fact", rules: rule };
}

function inferRule(header: string, def: Definition): ColumnRule | undefined {
  const word = wordKey(header);
  if (word === "") return undefined;
  const field = SYNONYMS[word];
  if (field) return field;
  for (const fact of def.facts) {
    if ([fact.key, fact.label.en, fact.label.ru].some((n) => n !== undefined && wordKey(n) === word))
      return { fact: fact.key };
  }
  return undefined;
}

function indexRules(mapping: ImportMapping | undefined): Map<string, ColumnRule> {
  return new Map(Object.entries(mapping?.columns ?? {}).map(([h, r]) => [headerKey(h), r]));
}

export function mappingError(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError("import.bad_mapping", { en: message }, details);
}
