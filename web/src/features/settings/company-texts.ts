/** Texts of the Company tab (the `company` part of the settings namespace), English and Russian. */
export const companyTexts = {
  en: {
    title: "Company",
    name: "Company name",
    nameHint: "Shown in the header beside Truce, for everyone.",
    language: "Default language",
    languageHint:
      "The interface language for people who have not chosen their own. Each person's own choice (the EN/RU switch) wins over it.",
    required: "Required",
    save: "Save",
    saved: "Saved. The company name and the default language are updated.",
  },
  ru: {
    title: "Компания",
    name: "Название компании",
    nameHint: "Показывается всем в шапке рядом с Truce.",
    language: "Язык по умолчанию",
    languageHint:
      "Язык интерфейса для тех, кто не выбрал свой. Если человек выбрал язык сам (переключатель EN/RU), действует его выбор.",
    required: "Обязательно",
    save: "Сохранить",
    saved: "Сохранено. Название компании и язык по умолчанию обновлены.",
  },
} as const;
