/** The interface languages. Every text a person reads comes in both. */
export type Locale = "en" | "ru";

export const LOCALES: readonly Locale[] = ["en", "ru"];

/** A text in each interface language; `ru` may be missing in a company's own definition. */
export interface LocalText {
  readonly en: string;
  readonly ru?: string | undefined;
}

/** Picks the text for a locale, falling back to English. */
export function pick(text: LocalText, locale: Locale): string {
  return (locale === "ru" ? text.ru : undefined) ?? text.en;
}

/** Russian plural category: 1 день, 2 дня, 5 дней (one / few / many). */
export function ruPluralIndex(n: number): 0 | 1 | 2 {
  const a = Math.abs(n);
  const mod10 = a % 10;
  const mod100 = a % 100;
  if (mod10 === 1 && mod100 !== 11) return 0;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 1;
  return 2;
}
