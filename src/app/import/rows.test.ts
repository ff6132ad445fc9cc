import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { captureLeadSchema } from "../../contracts/leads.js";
import { loadDefinition } from "../../core/index.js";
import { planColumns } from "./columns.js";
import { isEmail, isPhone, mapRow, type RowContext } from "./rows.js";
import { referenceMapRow } from "./testing/reference-rows.js";
import { PLACEHOLDERS } from "./values.js";

const DEFINITION = `truce: 1
id: rows-test
name: { en: Rows test }
facts:
  - { key: decision_date, type: date, label: { en: Decision date }, guide: { en: When they decide. } }
  - { key: stated_interest, type: boolean, label: { en: Stated interest }, guide: { en: They asked. } }
  - key: contact_channel
    type: enum
    label: { en: Contact channel }
    options: [{ value: form, label: { en: Web form } }, { value: call, label: { en: Phone call, ru: Звонок } }]
  - { key: budget_amount, type: number, min: 0, label: { en: Budget }, guide: { en: The amount named. } }
  - { key: notes, type: text, label: { en: Notes } }
grades:
  - key: warm
    label: { en: Warm }
    when: { fact: stated_interest, eq: true }
  - key: cold
    label: { en: Cold }
    otherwise: true
`;
const loaded = loadDefinition(DEFINITION);
if (!loaded.ok) throw new Error("the test definition does not load");
const def = loaded.definition;

const HEADERS = [
  "Name",
  "First Name",
  "Last Name",
  "Email",
  "Phone",
  "Mobile",
  "Company",
  "Source",
  "Campaign",
  "UTM Source",
  "recorded_at",
  "Decision date",
  "Decision (old CRM)",
  "Stated interest",
  "Contact channel",
  "Budget",
  "Budget (EUR)",
  "Notes",
  "Rating",
];
const plan = planColumns(HEADERS, def, {
  mapping: {
    columns: {
      Mobile: "phone",
      "Decision (old CRM)": { fact: "decision_date", dates: "mdy" },
      "Budget (EUR)": { fact: "budget_amount", decimal: "," },
      "Contact channel": { fact: "contact_channel", values: { Website: "form", Звонили: "call" } },
    },
    unknown: ["TBD"],
  },
});
const AT = Date.parse("2026-11-27T10:00:00Z");

const long = (n: number) => "x".repeat(n);
const CELLS = [
  ...["", " ", "-", "N/A", " n/a ", "Not  Provided", "not\tprovided", "нет данных", "Select", "(blank)"],
  ...["TBD", "tbd", "?", "x", "İstanbul", "ÀÉ Ltd", long(100), long(101), long(200), long(201), long(300)],
  ...["a@b.co", " Person1@Example.com ", "Bad@", "no at", `${long(250)}@example.com`, "o'brien@x.io"],
  ...["+7 999 123-45-67", "12", "(495) 123.45.67", "phone?", `+${"1".repeat(45)}`],
  ...["2027-03-01", "01.03.2027", "03/04/2027", "31.02.2027", "2027-3-1", "2026-11-27 10:00", "2026-11-27"],
  ...["2026-11-27T09:00:00Z", "2026-11-27T11:00:00+03:00", "2030-01-01", "27.11.2026 25:00", "tomorrow"],
  ...["5 000", "1,500.50", "1.234.567", "-5", "12abc", "1,5", "€ 200", "1e3"],
  ...["yes", "Да", "maybe", "1", "TRUE", "Web form", "call", "звонок", "Website", "звонили", "fax"],
  ...["\uFFFD", "caf\uFFFD", 'Said "hi",\nthen left', "  padded  "],
  ...PLACEHOLDERS.flatMap((p) => [
    p,
    p.toUpperCase(),
    p.replace(/ /g, "  "),
    `${p}x`,
    p.replace(/ /g, "\u00a0"),
  ]),
];
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CELLS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...CELLS), fc.constantFrom("", " ", "\t", "  "))
      .map(([c, pad]) => pad + c + pad),
  },
);

describe("mapRow (compiled per file) maps exactly as the reference mapper", () => {
  test.each([
    ["no defaults", {}],
    ["default source and campaign", { source: "crm", campaign: "spring" }],
  ])("generated rows, %s", (_, defaults) => {
    const ctx: RowContext = { plan, startedAt: AT, defaults, encoding: "windows-1251" };
    const reference: RowContext = { ...ctx };
    fc.assert(
      fc.property(
        fc.array(cell, { maxLength: HEADERS.length + 2 }),
        fc.integer({ min: 2, max: 1e6 }),
        (record, row) => {
          expect(mapRow(ctx, record, row)).toEqual(referenceMapRow(reference, record, row));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  test("the fact cache answers a repeated cell as the first time", () => {
    const ctx: RowContext = { plan, startedAt: AT, defaults: {}, encoding: "utf-8" };
    const record = [...HEADERS.map(() => ""), ""];
    record[3] = "a@b.co";
    for (const c of CELLS)
      for (const column of [11, 12, 13, 14, 15, 16, 17]) {
        const r = [...record];
        r[column] = c;
        const want = referenceMapRow(ctx, r, 5);
        expect(mapRow(ctx, r, 5)).toEqual(want);
        expect(mapRow(ctx, r, 5)).toEqual(want);
      }
  });
});

describe("the e-mail and phone checks are captureLeadSchema's", () => {
  const { email, phone } = captureLeadSchema.shape;
  const chars = (alphabet: string, maxLength: number) =>
    fc
      .array(fc.constantFrom(...alphabet), { maxLength })
      .map((cs) => cs.join("").trim())
      .filter((s) => s !== "");

  test("e-mail", () => {
    fc.assert(
      fc.property(fc.oneof(chars("ab.@-_+'1Zé ", 20), chars("a.@", 300)), (s) => {
        expect(isEmail(s)).toBe(email.safeParse(s).success);
      }),
      { numRuns: 20_000 },
    );
    for (const s of ["a@b.co", "A.B@Example.COM", "a@b", "a..b@c.de", `${"a".repeat(250)}@b.co`])
      expect(isEmail(s)).toBe(email.safeParse(s).success);
  });

  test("phone", () => {
    fc.assert(
      fc.property(fc.oneof(chars("+0123456789 ().-x", 50), chars("1", 45)), (s) => {
        expect(isPhone(s)).toBe(phone.safeParse(s).success);
      }),
      { numRuns: 20_000 },
    );
  });
});
