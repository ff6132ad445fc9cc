import type { AnswerProblem } from "../../app/forms/map-answers.js";
import type { ContactField } from "../../contracts/api-capture.js";
import { type Locale, type LocalText, pick } from "../../core/index.js";

/** Every text of the public form pages that the form's own configuration does not provide. */
export const UI = {
  contact: {
    name: { en: "Your name", ru: "Ваше имя" },
    email: { en: "E-mail", ru: "E-mail" },
    phone: { en: "Phone", ru: "Телефон" },
    company: { en: "Company", ru: "Компания" },
  } satisfies Record<ContactField, LocalText>,
  optional: { en: "(optional)", ru: "(необязательно)" },
  submit: { en: "Send", ru: "Отправить" },
  sending: { en: "Sending…", ru: "Отправляем…" },
  honeypot: { en: "Leave this field empty", ru: "Оставьте это поле пустым" },
  language: { en: "Language", ru: "Язык" },
  thanksTitle: { en: "Thank you", ru: "Спасибо" },
  thanks: {
    en: "We have received your answers and will be in touch soon.",
    ru: "Мы получили ваши ответы и скоро с вами свяжемся.",
  },
  summary: { en: "Please correct the following:", ru: "Пожалуйста, исправьте:" },
  failed: {
    en: "Your answers could not be sent. Check the connection and try again.",
    ru: "Не удалось отправить ответы. Проверьте подключение и попробуйте ещё раз.",
  },
  closedTitle: { en: "This form is closed", ru: "Форма закрыта" },
  closed: {
    en: "This form is not accepting answers at the moment.",
    ru: "Сейчас эта форма не принимает ответы.",
  },
  notFoundTitle: { en: "Form not found", ru: "Форма не найдена" },
  notFound: { en: "There is no such form. Check the address.", ru: "Такой формы нет. Проверьте адрес." },
  limitedTitle: { en: "Too many attempts", ru: "Слишком много попыток" },
  limited: {
    en: "Too many submissions from your network. Please wait a minute and try again.",
    ru: "Слишком много отправок из вашей сети. Подождите минуту и попробуйте снова.",
  },
} as const;

const REASONS: Record<AnswerProblem["reason"], LocalText> = {
  required: { en: "This is required.", ru: "Это обязательное поле." },
  not_an_option: { en: "Please choose one of the options.", ru: "Выберите один из вариантов." },
  bad_value: { en: "Please check this answer.", ru: "Проверьте этот ответ." },
  too_long: { en: "This is too long.", ru: "Слишком длинный текст." },
  need_contact: {
    en: "Please leave an e-mail or a phone number so that we can reply.",
    ru: "Оставьте e-mail или телефон, чтобы мы могли ответить.",
  },
  unknown: { en: "This question is not part of the form.", ru: "Этого вопроса нет в форме." },
};

const BAD_CONTACT: Partial<Record<string, LocalText>> = {
  email: {
    en: "Please enter an e-mail address such as name@example.com.",
    ru: "Введите e-mail, например name@example.com.",
  },
  phone: {
    en: "Please enter a phone number: digits, spaces and + ( ) - only.",
    ru: "Введите номер телефона: только цифры, пробелы и + ( ) -.",
  },
};

/** What a visitor reads about a refused answer, in the page's language. */
export function problemText(problem: AnswerProblem, locale: Locale): string {
  const special = problem.reason === "bad_value" ? BAD_CONTACT[problem.path] : undefined;
  return pick(special ?? REASONS[problem.reason], locale);
}

/** The page language: `?lang=` if the form offers it, else the visitor's first offered Accept-Language, else the form's first. */
export function chooseLocale(
  offered: readonly Locale[],
  lang: string | undefined,
  acceptLanguage: string | undefined,
): Locale {
  const isOffered = (l: string): l is Locale => (offered as readonly string[]).includes(l);
  if (lang && isOffered(lang)) return lang;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { lang: tag.toLowerCase().split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return wanted.map((w) => w.lang).find(isOffered) ?? offered[0] ?? "en";
}
