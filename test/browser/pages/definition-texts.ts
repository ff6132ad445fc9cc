/**
 * The active definition's own words (variant A, what the test server installs): fact, option and
 * grade labels as the screens show them, read from the definition file itself.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Lang } from "../browser.js";

interface Labelled {
  readonly key: string;
  readonly label: { readonly en: string; readonly ru: string };
}
const definition = parse(
  readFileSync(new URL("../../../definitions/variant-a.yaml", import.meta.url), "utf8"),
) as { facts: Labelled[]; grades: Labelled[] };

function labelOf(list: readonly Labelled[], key: string, lang: Lang): string {
  const found = list.find((x) => x.key === key);
  if (!found) throw new Error(`variant A has no ${key}`);
  return found.label[lang];
}

export const factLabel = (key: string, lang: Lang): string => labelOf(definition.facts, key, lang);
export const gradeLabel = (key: string, lang: Lang): string => labelOf(definition.grades, key, lang);
