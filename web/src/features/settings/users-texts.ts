/** Texts of the Users tab (the `users` part of the settings namespace), English and Russian. */
export const usersTexts = {
  en: {
    title: "Users",
    create: "Add a user",
    createTitle: "Add a user",
    createSubmit: "Add",
    createHint: "They get a one-time password, shown once here. They must choose their own at first sign-in.",
    empty: "No users yet",
    you: "you",
    never: "never",
    dismiss: "Dismiss",
    columns: {
      name: "Name",
      role: "Role",
      status: "Status",
      lastSignIn: "Last sign-in",
      actions: "Actions",
    },
    status: { active: "active", disabled: "disabled", mustSetPassword: "must set password" },
    fields: {
      name: "Name",
      email: "E-mail",
      role: "Role",
      required: "Required",
      badEmail: "Expected an e-mail address",
    },
    roleTitle: "Change the role of {{name}}",
    roleHint: "The new role applies at their next click; their sessions stay.",
    actions: {
      label: "Actions for {{name}}",
      role: "Change role…",
      reset: "Reset password…",
      revoke: "End all sessions…",
      disable: "Disable…",
      enable: "Enable…",
    },
    confirm: {
      disableTitle: "Disable {{name}}?",
      disableWords:
        "{{name}} will be signed out everywhere at once and cannot sign in until enabled again. Their recorded facts and approvals stay.",
      enableTitle: "Enable {{name}}?",
      enableWords: "{{name}} will be able to sign in again with their password.",
      resetTitle: "Reset the password of {{name}}?",
      resetWords:
        "{{name}} is signed out everywhere and gets a new one-time password, shown once. Until they choose their own at sign-in, they can do nothing else and their approvals do not count.",
      resetWordsMe:
        "This is your own account: you will be signed out at once, and the new one-time password will not be shown to you. Change your password from the sign-in page instead if you can.",
      revokeTitle: "End every session of {{name}}?",
      revokeWords:
        "{{name}} is signed out on every device (a lost laptop, say). Their password stays; they can sign in again.",
    },
    done: {
      role: "{{name}} is now: {{role}}.",
      disabled: "{{name}} is disabled and signed out everywhere.",
      enabled: "{{name}} can sign in again.",
      revoked_one: "Ended {{count}} session of {{name}}.",
      revoked_other: "Ended {{count}} sessions of {{name}}.",
    },
    password: {
      title: "One-time password for {{name}}",
      words: "Give it to them; they must change it at first sign-in. It is shown only this once.",
      copy: "Copy",
      copied: "Copied",
      copyLabel: "Copy the one-time password for {{name}}",
    },
  },
  ru: {
    title: "Пользователи",
    create: "Добавить пользователя",
    createTitle: "Новый пользователь",
    createSubmit: "Добавить",
    createHint:
      "Пользователь получит одноразовый пароль — он будет показан здесь один раз. При первом входе пароль нужно сменить.",
    empty: "Пользователей пока нет",
    you: "вы",
    never: "ни разу",
    dismiss: "Скрыть",
    columns: {
      name: "Имя",
      role: "Роль",
      status: "Состояние",
      lastSignIn: "Последний вход",
      actions: "Действия",
    },
    status: { active: "активен", disabled: "отключён", mustSetPassword: "должен задать пароль" },
    fields: {
      name: "Имя",
      email: "E-mail",
      role: "Роль",
      required: "Обязательное поле",
      badEmail: "Нужен адрес e-mail",
    },
    roleTitle: "Сменить роль: {{name}}",
    roleHint: "Новая роль действует с их следующего действия; сеансы сохраняются.",
    actions: {
      label: "Действия: {{name}}",
      role: "Сменить роль…",
      reset: "Сбросить пароль…",
      revoke: "Завершить все сеансы…",
      disable: "Отключить…",
      enable: "Включить…",
    },
    confirm: {
      disableTitle: "Отключить: {{name}}?",
      disableWords:
        "{{name}} сразу выйдет из системы на всех устройствах и не сможет войти, пока учётную запись не включат снова. Записанные факты и утверждения сохранятся.",
      enableTitle: "Включить: {{name}}?",
      enableWords: "{{name}} снова сможет входить со своим паролем.",
      resetTitle: "Сбросить пароль: {{name}}?",
      resetWords:
        "{{name}} выйдет из системы на всех устройствах и получит новый одноразовый пароль — он будет показан один раз. Пока пользователь не задаст свой пароль при входе, ничего другого делать нельзя, а его утверждения не засчитываются.",
      resetWordsMe:
        "Это ваша учётная запись: вы сразу выйдете из системы, а новый одноразовый пароль вам не покажут. Если можете, смените пароль иначе.",
      revokeTitle: "Завершить все сеансы: {{name}}?",
      revokeWords:
        "{{name}} выйдет из системы на всех устройствах (например, если потерян ноутбук). Пароль останется прежним, войти можно снова.",
    },
    done: {
      role: "{{name}}: теперь {{role}}.",
      disabled: "{{name}}: учётная запись отключена, все сеансы завершены.",
      enabled: "{{name}} снова может входить.",
      revoked_one: "Завершён {{count}} сеанс: {{name}}.",
      revoked_few: "Завершено {{count}} сеанса: {{name}}.",
      revoked_many: "Завершено {{count}} сеансов: {{name}}.",
      revoked_other: "Завершено {{count}} сеанса: {{name}}.",
    },
    password: {
      title: "Одноразовый пароль для {{name}}",
      words:
        "Передайте его человеку; при первом входе он должен его сменить. Пароль показан только один раз.",
      copy: "Копировать",
      copied: "Скопировано",
      copyLabel: "Скопировать одноразовый пароль для {{name}}",
    },
  },
} as const;
