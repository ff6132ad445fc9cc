import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { addCondition, readDraft, removeCondition, setCondition, setJoin } from "./yaml-rules";

const variantA = readFileSync(new URL("../../../../definitions/variant-a.yaml", import.meta.url), "utf8");
const bant = readFileSync(new URL("../../../../definitions/bant.yaml", import.meta.url), "utf8");

describe("the rule builder's reading and writing of a definition text", () => {
  test("reads each grade's rule as rows, the fallback as such, nested groups as complex rows", () => {
    const a = readDraft(variantA);
    expect(a?.grades.map((g) => g.shape.kind)).toEqual(["rules", "rules", "fallback"]);
    expect(a?.grades[0]?.shape).toEqual({
      kind: "rules",
      join: "single",
      rows: [{ kind: "condition", cond: { fact: "decision_date", op: "within_next", value: "6 months" } }],
    });
    const warm = readDraft(bant)?.grades[1]?.shape;
    expect(warm?.kind === "rules" && warm.rows.map((r) => r.kind)).toEqual(["condition", "complex"]);
    expect(readDraft("truce: [")).toBeNull();
  });

  test("edits change only what they touch: comments and the other lines stay as written", () => {
    const edited = setCondition(variantA, 0, "single", 0, {
      fact: "decision_date",
      op: "within_next",
      value: "3 months",
    });
    const before = variantA.split("\n");
    const after = edited.split("\n");
    expect(after.length).toBe(before.length);
    expect(after.filter((l, i) => l !== before[i])).toEqual(["      within_next: 3 months"]);
  });

  test("adding makes `all` of a single condition, join switches, removing back to one collapses", () => {
    let t = addCondition(variantA, 0, "single", { fact: "stated_interest", op: "eq", value: true });
    expect(readDraft(t)?.grades[0]?.shape).toMatchObject({ join: "all", rows: [{}, {}] });
    t = setJoin(t, 0, "all", "any");
    expect(readDraft(t)?.grades[0]?.shape).toMatchObject({ join: "any" });
    t = setCondition(t, 0, "any", 1, { fact: "contact_channel", op: "in", value: ["form", "call"] });
    expect(t).toContain("- { fact: contact_channel, in: [ form, call ] }");
    t = removeCondition(t, 0, "any", 0);
    expect(readDraft(t)?.grades[0]?.shape).toEqual({
      kind: "rules",
      join: "single",
      rows: [{ kind: "condition", cond: { fact: "contact_channel", op: "in", value: ["form", "call"] } }],
    });
    expect(t.startsWith("# The article's objective definition")).toBe(true);
  });
});
