import type { Definition, Path } from "../definition/model.js";
import { conditionsOf } from "../definition/model.js";
import type { LocalText } from "../i18n.js";
import type { Finding } from "./finding.js";

/**
 * Judgement words: wording that depends on who is judging instead of what was observed.
 * Each entry is a pattern on lower-cased text with ё folded to е, and an objective alternative.
 * Russian entries match word stems so that inflected forms (серьёзный, серьёзного, серьёзно) hit.
 */
interface Term {
  readonly word: string;
  readonly pattern: RegExp;
  readonly instead: LocalText;
}

const L = "\\p{L}\\p{N}";
const word = (w: string) => new RegExp(`(?<![${L}])${w}(?![${L}])`, "u");
const stem = (s: string) => new RegExp(`(?<![${L}])${s}[\\p{L}]*`, "u");

const TIMING: LocalText = {
  en: "a decision date the prospect stated, tested with `within_next`",
  ru: "названную клиентом дату решения с условием `within_next`",
};
const INTEREST: LocalText = {
  en: "what the prospect did or said: asked for a price or a demo, stated a need in writing",
  ru: "что клиент сделал или сказал: запросил цену или демонстрацию, письменно описал задачу",
};
const JUDGEMENT: LocalText = {
  en: "a fact anyone can check in the record, with the evidence that shows it",
  ru: "факт, который любой может проверить по записи, с подтверждением",
};
const MONEY: LocalText = {
  en: "a budget the prospect confirmed, with its amount",
  ru: "бюджет, подтверждённый клиентом, с суммой",
};

export const TERMS: readonly Term[] = [
  { word: "soon", pattern: word("soon"), instead: TIMING },
  { word: "shortly", pattern: word("shortly"), instead: TIMING },
  { word: "serious", pattern: word("serious(?:ly)?"), instead: INTEREST },
  { word: "genuine", pattern: word("genuine(?:ly)?"), instead: INTEREST },
  { word: "strong interest", pattern: word("strong(?:ly)? interest(?:ed)?"), instead: INTEREST },
  { word: "real interest", pattern: word("real(?:ly)? interest(?:ed)?"), instead: INTEREST },
  { word: "eager", pattern: word("eager(?:ly)?"), instead: INTEREST },
  { word: "keen", pattern: word("keen"), instead: INTEREST },
  { word: "enthusiastic", pattern: word("enthusiastic(?:ally)?"), instead: INTEREST },
  { word: "motivated", pattern: word("motivated"), instead: INTEREST },
  { word: "ready to buy", pattern: word("ready to (?:buy|purchase)"), instead: INTEREST },
  { word: "makes sense", pattern: word("makes? sense"), instead: JUDGEMENT },
  { word: "worth", pattern: word("worth(?:while)?"), instead: JUDGEMENT },
  { word: "probably", pattern: word("probabl[ey]"), instead: JUDGEMENT },
  { word: "likely", pattern: word("(?:un)?likely"), instead: JUDGEMENT },
  { word: "seems", pattern: word("seem(?:s|ed|ingly)?"), instead: JUDGEMENT },
  { word: "apparently", pattern: word("apparently"), instead: JUDGEMENT },
  { word: "maybe", pattern: word("maybe|perhaps|possibly"), instead: JUDGEMENT },
  { word: "feels", pattern: word("feel(?:s)?|felt|gut"), instead: JUDGEMENT },
  { word: "promising", pattern: word("promising"), instead: JUDGEMENT },
  { word: "good fit", pattern: word("good fit"), instead: JUDGEMENT },
  { word: "high potential", pattern: word("high potential"), instead: JUDGEMENT },
  { word: "has money", pattern: word("ha(?:s|ve) (?:the )?money"), instead: MONEY },
  { word: "серьёзный", pattern: stem("серьезн"), instead: INTEREST },
  { word: "скоро", pattern: word("(?:скоро|вскоре|в ближайшее время)"), instead: TIMING },
  { word: "имеет смысл", pattern: word("(?:имеет|есть) смысл"), instead: JUDGEMENT },
  { word: "вероятно", pattern: stem("(?:вероятн|маловероятн)"), instead: JUDGEMENT },
  { word: "кажется", pattern: word("(?:кажется|казалось|похоже|видимо|по-видимому)"), instead: JUDGEMENT },
  { word: "возможно", pattern: word("(?:возможно|наверное|наверно)"), instead: JUDGEMENT },
  { word: "перспективный", pattern: stem("перспективн"), instead: JUDGEMENT },
  { word: "готов покупать", pattern: word("готов[а-я]* (?:к покупке|покупать|купить)"), instead: INTEREST },
  { word: "мотивированный", pattern: stem("мотивирован"), instead: INTEREST },
  { word: "есть деньги", pattern: word("есть деньги"), instead: MONEY },
  { word: "горячее желание", pattern: word("горяч[а-я]* (?:желани|интерес)[а-я]*"), instead: INTEREST },
];

export interface JudgementHit {
  readonly term: Term;
  /** The words around the hit, as written: what the finding quotes. */
  readonly excerpt: string;
  /** The matched words themselves, as written. */
  readonly match: string;
}

/** The judgement words found in a text (any language), first hit per term. */
export function findJudgementWords(text: string): JudgementHit[] {
  // Folding keeps every character's position, so the excerpt is cut from the original text.
  const folded = text.toLowerCase().replaceAll("ё", "е").replaceAll("_", " ");
  const hits: JudgementHit[] = [];
  for (const term of TERMS) {
    const m = term.pattern.exec(folded);
    if (m)
      hits.push({
        term,
        excerpt: excerpt(text, m.index, m[0].length),
        match: text.slice(m.index, m.index + m[0].length),
      });
  }
  return hits;
}

function excerpt(text: string, at: number, length: number): string {
  const from = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 25)) + 1);
  let to = text.indexOf(" ", Math.min(text.length, at + length + 25));
  if (to < 0) to = text.length;
  return `${from > 0 ? "…" : ""}${text.slice(from, to)}${to < text.length ? "…" : ""}`;
}

/**
 * Flags grades and facts whose wording rests on judgement, and facts with no observation guide.
 * Texts checked: grade labels and descriptions, fact keys, labels, guides and enum options.
 */
export function checkSubjectivity(def: Definition): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>(); // one finding per grade or fact and term, at its first place
  const used = new Set(def.grades.flatMap((g) => (g.rule ? conditionsOf(g.rule).map((c) => c.fact) : [])));
  const scan = (text: string | undefined, path: Path, subject: { grade?: string; fact?: string }) => {
    if (!text) return;
    for (const { term, excerpt: quoted, match } of findJudgementWords(text)) {
      const id = `${subject.grade ?? ""}/${subject.fact ?? ""}/${term.word}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const where = subject.grade ? `grade "${subject.grade}"` : `fact "${subject.fact}"`;
      const whereRu = subject.grade ? `класс «${subject.grade}»` : `факт «${subject.fact}»`;
      findings.push({
        code: "subjective.wording",
        severity: "error",
        path,
        ...(subject.grade ? { grades: [subject.grade] } : {}),
        ...(subject.fact ? { facts: [subject.fact] } : {}),
        term: match,
        message: {
          en: `${where} rests on a judgement ("${term.word}" in "${quoted}"): two people can read it differently; use ${term.instead.en}`,
          ru: `${whereRu} опирается на оценку («${term.word}» в «${quoted}»): двое прочтут это по-разному; используйте ${term.instead.ru}`,
        },
      });
    }
  };
  const scanText = (t: LocalText | undefined, path: Path, subject: { grade?: string; fact?: string }) => {
    if (!t) return;
    scan(t.en, [...path, "en"], subject);
    scan(t.ru, [...path, "ru"], subject);
  };
  def.grades.forEach((g, i) => {
    scanText(g.label, ["grades", i, "label"], { grade: g.key });
    scanText(g.description, ["grades", i, "description"], { grade: g.key });
  });
  def.facts.forEach((f, i) => {
    const path = ["facts", i];
    scanText(f.label, [...path, "label"], { fact: f.key });
    scanText(f.guide, [...path, "guide"], { fact: f.key });
    scan(f.key, [...path, "key"], { fact: f.key });
    if (f.type === "enum") {
      f.options.forEach((o, j) => {
        scan(o.value, [...path, "options", j, "value"], { fact: f.key });
        scanText(o.label, [...path, "options", j, "label"], { fact: f.key });
      });
    }
    if (!f.guide) {
      const isUsed = used.has(f.key);
      findings.push({
        code: "fact.no_guide",
        severity: isUsed ? "error" : "warning",
        path,
        facts: [f.key],
        message: {
          en: `fact "${f.key}" has no observation guide: say how we know it (what the prospect said or did, and where it is recorded)${isUsed ? "; grades depend on it" : ""}`,
          ru: `у факта «${f.key}» нет указания, как его наблюдать: опишите, откуда мы это знаем (что клиент сказал или сделал и где это записано)${isUsed ? "; от него зависят классы" : ""}`,
        },
      });
    }
  });
  return findings;
}
