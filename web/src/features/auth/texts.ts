/** Texts of this feature, English and Russian side by side (i18next namespace). */
export const texts = {
  en: {
    title: "Sign in to Truce",
    subtitle: "One shared definition of lead grades for marketing and sales.",
    email: "E-mail",
    password: "Password",
    submit: "Sign in",
    required: "Required",
    firstRunHint:
      "First time? Sign in as admin@localhost with the one-time password that `npm start` printed when it created the database.",
  },
  ru: {
    title: "Вход в Truce",
    subtitle: "Одно общее определение оценок лидов для маркетинга и продаж.",
    email: "E-mail",
    password: "Пароль",
    submit: "Войти",
    required: "Обязательное поле",
    firstRunHint:
      "Первый запуск? Войдите как admin@localhost с одноразовым паролем, который напечатал `npm start` при создании базы.",
  },
} as const;
