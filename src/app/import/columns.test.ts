import { describe, expect, test } from "vitest";
import { importMappingSchema } from "../../contracts/import-mapping.js";
import { isAppError, loadDefinition } from "../../core/index.js";
import { VARIANT_A } from "../testing/app.js";
import { type PlanOptions, planColumns } from "./columns.js";
import { PRESETS } from "./presets/index.js";
import { mapRow } from "./rows.js";

const loaded = loadDefinition(VARIANT_A);
if (!loaded.ok) throw new Error("variant A does not load");
const def = loaded.definition;
const AT = Date.parse("2026-11-27T10:00:00Z");

function targets(headers: string[], options: PlanOptions = {}) {
  return planColumns(headers, def, options).columns.map((c) => `${c.header}=${c.target}/${c.via}`);
}

function mapOne(headers: string[], cells: string[], options: PlanOptions = {}) {
  const plan = planColumns(headers, def, options);
  return mapRow({ plan, startedAt: AT, defaults: { source: "crm" }, encoding: "utf-8" }, cells, 2);
}

describe("columns", () => {
  test("headers name lead fields (English, Russian) and facts (key or label); the rest is ignored", () => {
    expect(
      targets([
        "E-mail",
        "Телефон",
        "ФИО",
        "Компания",
        "decision_date",
        "Заявил об интересе к продукту",
        "Rating",
      ]),
    ).toEqual([
      "E-mail=email/header",
      "Телефон=phone/header",
      "ФИО=name/header",
      "Компания=company/header",
      "decision_date=fact:decision_date/header",
      "Заявил об интересе к продукту=fact:stated_interest/header",
      "Rating=ignore/none",
    ]);
  });

  test("presets: HubSpot and Salesforce exports, typed grades ignored on purpose", () => {
    const hub = ["First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Lead Status"];
    expect(targets(hub, { preset: PRESETS.hubspot })).toEqual([
      "First Name=first_name/preset",
      "Last Name=last_name/preset",
      "Email=email/preset",
      "Phone Number=phone/preset",
      "Mobile Phone Number=phone/preset",
      "Lead Status=ignore/preset",
    ]);
    expect(targets(["Company", "Lead Source", "Rating", "Email"], { preset: PRESETS.salesforce })).toEqual([
      "Company=company/preset",
      "Lead Source=source/preset",
      "Rating=ignore/preset",
      "Email=email/preset",
    ]);
  });

  test("a mapping file comes first, case-insensitively; infer: false keeps it to what it names", () => {
    const mapping = importMappingSchema.parse({
      columns: { CONTACT: "email", Когда: { fact: "decision_date", dates: "mdy" }, Email: "ignore" },
      infer: false,
    });
    expect(targets(["Contact", "Когда", "Email", "Phone"], { mapping })).toEqual([
      "Contact=email/mapping",
      "Когда=fact:decision_date/mapping",
      "Email=ignore/mapping",
      "Phone=ignore/none",
    ]);
    const row = mapOne(["Contact", "Когда", "Email"], ["a@x.test", "03/04/2027", "b@x.test"], { mapping });
    expect(row).toMatchObject({
      kind: "lead",
      fields: { email: "a@x.test" },
      facts: [{ fact: "decision_date", value: '"2027-03-04"' }],
    });
  });

  test.each([
    [{ columns: { Missing: "email" } }, /does not have: Missing/],
    [{ columns: { Email: "budget" } }, /neither a lead field/],
    [{ columns: { Email: { fact: "budget" } } }, /no fact "budget"/],
  ])("mapping mistakes are refused: %j", (raw, message) => {
    const mapping = importMappingSchema.parse(raw);
    expect(() => planColumns(["Email"], def, { mapping })).toThrow(message);
  });

  test("a file with no e-mail, phone or name column is refused up front", () => {
    try {
      planColumns(["Budget", "Notes"], def, {});
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e, "import.bad_mapping")).toBe(true);
    }
  });
});

describe("rows", () => {
  const headers = ["First name", "Last name", "Phone", "Mobile", "Email", "Interest"];
  const mapping = importMappingSchema.parse({ columns: { Mobile: "phone", Interest: "stated_interest" } });

  test("first and last name join; the first non-empty of several columns wins; the default source fills in", () => {
    expect(
      mapOne(headers, ["Ann", "Lee", "N/A", "+7 999 111 22 33", "Ann@X.test", "да"], { mapping }),
    ).toEqual({
      kind: "lead",
      row: 2,
      fields: { name: "Ann Lee", phone: "+7 999 111 22 33", email: "Ann@X.test", source: "crm" },
      emailNorm: "ann@x.test",
      phoneNorm: "79991112233",
      recordedAt: AT,
      facts: [{ fact: "stated_interest", value: "true" }],
    });
  });

  test("every problem of a row is found; the reject names the first and lists the rest", () => {
    expect(mapOne(headers, ["Ann", "", "12", "", "ann@", "perhaps"], { mapping })).toEqual({
      kind: "rejected",
      row: 2,
      column: "Phone",
      value: "12",
      reason:
        'not a phone number: digits, spaces, + ( ) . - (also Email: not an e-mail address; Interest: expected yes/no, да/нет, true/false or 1/0, got "perhaps")',
    });
  });

  test("a row without e-mail, phone or name is rejected; an empty line is skipped", () => {
    expect(mapOne(headers, ["", "", "", "", "", "yes"], { mapping })).toMatchObject({
      kind: "rejected",
      reason: "a lead needs at least an e-mail, a phone or a name",
    });
    expect(mapOne(headers, ["", " ", ""], { mapping })).toBeNull();
  });

  test("text that did not decode is rejected with a hint", () => {
    expect(mapOne(headers, ["\uFFFD\uFFFD", "", "", "", "a@x.test", ""], { mapping })).toMatchObject({
      kind: "rejected",
      reason: expect.stringContaining("not valid utf-8 text: give the file's encoding with --encoding"),
    });
  });
});
