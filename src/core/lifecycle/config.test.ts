import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { definitionSchema } from "../definition/schema.js";
import { templateText } from "../testing/templates.js";
import { checkLifecycleConfig } from "./check-config.js";
import {
  lifecycleConfigSchema,
  lifecycleSections,
  parseClock,
  parseDuration,
  parseUtcOffset,
  resolveLifecycleConfig,
} from "./config.js";
import { defaultLifecycleConfig } from "./defaults.js";

const EXAMPLE = `
handoff: { grades: [hot, warm], required_facts: [decision_date] }
service_levels:
  - { grade: hot, respond_within: "4 working hours" }
  - { grade: warm, respond_within: "2 working days" }
working_hours: { days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00", utc_offset: "+03:00" }
rejection_reasons:
  - { key: wrong_contact, label: { en: Wrong contact, ru: Неверный контакт } }
lost_reasons:
  - { key: price, label: { en: Price }, counts_against: deal }
  - { key: no_real_need, label: { en: No real need, ru: Нет потребности }, counts_against: lead_quality }
`;

const GRADES = ["hot", "warm", "cold"];
const FACTS = ["decision_date", "stated_interest", "contact_channel", "notes"];

describe("parsing the sections", () => {
  test.each([
    ["4 working hours", { n: 4, unit: "hour", working: true }],
    ["1 working hour", { n: 1, unit: "hour", working: true }],
    ["2 working days", { n: 2, unit: "day", working: true }],
    [" 48 Hours ", { n: 48, unit: "hour", working: false }],
    ["1 day", { n: 1, unit: "day", working: false }],
    ["0 hours", undefined],
    ["4 hrs", undefined],
    ["four hours", undefined],
    ["2 weeks", undefined],
    ["-1 days", undefined],
    ["4 business hours", undefined],
  ])("duration %j", (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  test.each([
    ["09:00", 540],
    ["00:00", 0],
    ["24:00", 1440],
    ["23:59", 1439],
    ["9:00", undefined],
    ["24:01", undefined],
    ["12:60", undefined],
  ])("clock %j", (text, expected) => expect(parseClock(text)).toBe(expected));

  test.each([
    ["+03:00", 180],
    ["-05:00", -300],
    ["+05:30", 330],
    ["+00:00", 0],
    ["+14:00", 840],
    ["-12:00", -720],
    ["+14:30", undefined],
    ["-13:00", undefined],
    ["03:00", undefined],
    ["+3:00", undefined],
    ["Z", undefined],
  ])("offset %j", (text, expected) => expect(parseUtcOffset(text)).toBe(expected));

  test("the issue's example is accepted and resolved", () => {
    const raw = lifecycleConfigSchema.parse(parse(EXAMPLE));
    const config = resolveLifecycleConfig(raw);
    expect(config.handoff).toEqual({ grades: ["hot", "warm"], requiredFacts: ["decision_date"] });
    expect(config.serviceLevels).toEqual([
      { grade: "hot", respondWithin: { n: 4, unit: "hour", working: true } },
      { grade: "warm", respondWithin: { n: 2, unit: "day", working: true } },
    ]);
    expect(config.workingHours).toEqual({ days: [1, 2, 3, 4, 5], from: 540, to: 1080, utcOffset: 180 });
    expect(config.lostReasons[1]).toEqual({
      key: "no_real_need",
      label: { en: "No real need", ru: "Нет потребности" },
      countsAgainst: "lead_quality",
    });
    expect(checkLifecycleConfig(raw, GRADES, FACTS)).toEqual([]);
  });

  test.each([
    [{ handoff: { grades: ["hot"], sla: 4 } }, ["handoff"]],
    [{ handoff: { grades: [] } }, ["handoff", "grades"]],
    [
      { service_levels: [{ grade: "hot", respond_within: "4 hrs" }] },
      ["service_levels", 0, "respond_within"],
    ],
    [
      { working_hours: { days: ["monday"], from: "09:00", to: "18:00", utc_offset: "+03:00" } },
      ["working_hours", "days", 0],
    ],
    [
      { working_hours: { days: [], from: "09:00", to: "18:00", utc_offset: "+03:00" } },
      ["working_hours", "days"],
    ],
    [
      { working_hours: { days: ["mon"], from: "9:00", to: "18:00", utc_offset: "+03:00" } },
      ["working_hours", "from"],
    ],
    [{ working_hours: { days: ["mon"], from: "09:00", to: "18:00" } }, ["working_hours", "utc_offset"]],
    [{ rejection_reasons: [{ key: "Wrong Contact", label: { en: "x" } }] }, ["rejection_reasons", 0, "key"]],
    [{ rejection_reasons: [{ key: "x", label: { en: "x", de: "x" } }] }, ["rejection_reasons", 0, "label"]],
    [{ lost_reasons: [] }, ["lost_reasons"]],
    [
      { lost_reasons: [{ key: "price", label: { en: "Price" }, counts_against: "sales" }] },
      ["lost_reasons", 0, "counts_against"],
    ],
    [{ lost_reasons: [{ key: "price", label: { en: "Price" } }] }, ["lost_reasons", 0, "counts_against"]],
    [{ sla: [] }, []],
  ])("refuses %j at %j", (raw, path) => {
    const r = lifecycleConfigSchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toContainEqual(path);
  });

  test("the sections plug into the definition schema as optional top-level keys", () => {
    const schema = z.strictObject({ ...definitionSchema.shape, ...lifecycleSections });
    const bare = parse(templateText("variant-a"));
    expect(schema.safeParse(bare).success).toBe(true);
    const full = schema.safeParse({ ...bare, ...parse(EXAMPLE) });
    expect(full.success).toBe(true);
  });
});

describe("defaults", () => {
  test("absent sections take the defaults; present ones replace them whole", () => {
    const config = resolveLifecycleConfig({});
    expect(config.handoff).toEqual({ grades: ["hot", "warm"], requiredFacts: [] });
    expect(config.serviceLevels.map((s) => [s.grade, s.respondWithin])).toEqual([
      ["hot", { n: 4, unit: "hour", working: true }],
      ["warm", { n: 2, unit: "day", working: true }],
    ]);
    expect(config.workingHours).toEqual({ days: [1, 2, 3, 4, 5], from: 540, to: 1080, utcOffset: 0 });
    expect(resolveLifecycleConfig({ service_levels: [] }).serviceLevels).toEqual([]);
  });

  test("the defaults pass the schema, fit the article's grades, and every label has Russian", () => {
    const d = defaultLifecycleConfig();
    expect(lifecycleConfigSchema.parse(d)).toEqual(d);
    expect(checkLifecycleConfig(d, GRADES, FACTS)).toEqual([]);
    expect(checkLifecycleConfig({}, GRADES, FACTS)).toEqual([]);
    for (const r of [...d.rejection_reasons, ...d.lost_reasons]) expect(r.label.ru).toMatch(/[а-я]/);
    const against = d.lost_reasons.map((r) => r.counts_against);
    expect(new Set(against)).toEqual(new Set(["deal", "lead_quality"]));
  });

  test("each call returns a fresh object", () => {
    const a = defaultLifecycleConfig();
    a.handoff.grades.push("cold");
    expect(defaultLifecycleConfig().handoff.grades).toEqual(["hot", "warm"]);
  });

  test("days are deduplicated and ordered", () => {
    const wh = { days: ["fri", "mon", "fri"] as const, from: "10:00", to: "19:00", utc_offset: "-05:00" };
    expect(
      resolveLifecycleConfig({ working_hours: { ...wh, days: [...wh.days] } }).workingHours.days,
    ).toEqual([1, 5]);
  });
});
