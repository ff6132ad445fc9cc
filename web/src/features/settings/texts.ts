import { companyTexts } from "./company-texts.js";
import { adminTexts } from "./texts-admin.js";
import { usersTexts } from "./users-texts.js";

/** Texts of this feature, English and Russian side by side (i18next namespace). */
export const texts = {
  en: {
    ...adminTexts.en,
    users: usersTexts.en,
    company: companyTexts.en,
  },
  ru: {
    ...adminTexts.ru,
    users: usersTexts.ru,
    company: companyTexts.ru,
  },
} as const;
