/** Texts of this feature, English and Russian side by side (i18next namespace). */
export const texts = {
  en: {},
  ru: {},
} as const;
