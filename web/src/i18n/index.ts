import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { setApiLanguage } from "../api/client";
import { texts as auth } from "../features/auth/texts";
import { texts as firstRun } from "../features/first-run/texts";
import { texts as inbox } from "../features/inbox/texts";
import { texts as lead } from "../features/lead/texts";
import { texts as reports } from "../features/reports/texts";
import { texts as settings } from "../features/settings/texts";
import { texts as workshop } from "../features/workshop/texts";
import { texts as common } from "./common";

export const LANGUAGES = ["en", "ru"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each feature owns its texts (a namespace named after its folder), English and Russian side by side. */
const NAMESPACES = { common, auth, firstRun, inbox, lead, workshop, reports, settings } as const;

const STORED = "truce.language";

/** The language before anyone signs in: the last one chosen on this browser, else the browser's. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  if (stored === "en" || stored === "ru") return stored;
  return navigator.language.toLowerCase().startsWith("ru") ? "ru" : "en";
}

export function isLanguage(s: unknown): s is Language {
  return s === "en" || s === "ru";
}

export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: "en",
    defaultNS: "common",
    ns: Object.keys(NAMESPACES),
    resources: {
      en: Object.fromEntries(Object.entries(NAMESPACES).map(([ns, t]) => [ns, t.en])),
      ru: Object.fromEntries(Object.entries(NAMESPACES).map(([ns, t]) => [ns, t.ru])),
    },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLanguage(lng);
  return i18next;
}

/** Switches the interface (and the API's error messages) to a language and remembers it on this browser. */
export async function changeLanguage(lng: Language): Promise<void> {
  await i18next.changeLanguage(lng);
  applyLanguage(lng);
}

function applyLanguage(lng: Language): void {
  localStorage.setItem(STORED, lng);
  document.documentElement.lang = lng;
  setApiLanguage(lng);
}
