import { usersTexts } from "./users-texts.js";

/** Texts of this feature, English and Russian side by side (i18next namespace). */
export const texts = {
  en: {
    users: usersTexts.en,
  },
  ru: {
    users: usersTexts.ru,
  },
} as const;
