import { useTranslation } from "react-i18next";

/**
 * Dates and numbers in the interface language, through Intl: `29 нояб. 2026`, `1 234,5`.
 * Every screen formats through these, never by hand.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language === "ru" ? "ru-RU" : "en-GB";
  return formatters(lng);
}

const cache = new Map<string, ReturnType<typeof build>>();

export function formatters(locale: string) {
  let f = cache.get(locale);
  if (!f) {
    f = build(locale);
    cache.set(locale, f);
  }
  return f;
}

function build(locale: string) {
  const date = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" });
  const dateTime = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  return {
    locale,
    /** Epoch ms or ISO day → `29 Nov 2026` / `29 нояб. 2026 г.` */
    date: (v: number | string) => date.format(typeof v === "string" ? new Date(v) : v),
    dateTime: (v: number) => dateTime.format(v),
    number: (v: number) => number.format(v),
    percent: (v: number) => percent.format(v),
    money: (v: number, currency: string) =>
      new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0 }).format(v),
    /** A signed duration from now in the largest fitting unit: `in 2 h`, `3 days ago`. */
    relative: (ms: number) => {
      const abs = Math.abs(ms);
      if (abs < 3_600_000) return relative.format(Math.round(ms / 60_000), "minute");
      if (abs < 86_400_000) return relative.format(Math.round(ms / 3_600_000), "hour");
      return relative.format(Math.round(ms / 86_400_000), "day");
    },
  };
}
