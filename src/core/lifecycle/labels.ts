import type { CommandType, Role, Stage } from "./model.js";

/** Names of stages, commands and roles as people read them, in both interface languages. */

type Text = { readonly en: string; readonly ru: string };

export const STAGE_LABELS: Readonly<Record<Stage, Text>> = {
  captured: { en: "captured", ru: "новый" },
  nurturing: { en: "nurturing", ru: "прогрев" },
  handed_off: { en: "handed off to sales", ru: "передан в продажи" },
  accepted: { en: "accepted by sales", ru: "принят продажами" },
  rejected: { en: "rejected by sales", ru: "отклонён продажами" },
  opportunity: { en: "opportunity", ru: "сделка в работе" },
  won: { en: "won", ru: "выигран" },
  lost: { en: "lost", ru: "проигран" },
};

export const COMMAND_LABELS: Readonly<Record<CommandType, Text>> = {
  nurture: { en: "nurture", ru: "взять в прогрев" },
  hand_off: { en: "hand off to sales", ru: "передать в продажи" },
  accept: { en: "accept", ru: "принять" },
  reject: { en: "reject", ru: "отклонить" },
  open_opportunity: { en: "open an opportunity", ru: "открыть сделку" },
  win: { en: "close as won", ru: "закрыть как выигранную" },
  lose: { en: "close as lost", ru: "закрыть как проигранную" },
  recycle: { en: "recycle to nurturing", ru: "вернуть в прогрев" },
};

export const ROLE_LABELS: Readonly<Record<Role, Text>> = {
  marketing: { en: "marketing", ru: "маркетинг" },
  marketing_head: { en: "head of marketing", ru: "руководитель маркетинга" },
  sales: { en: "sales", ru: "продажи" },
  sales_head: { en: "head of sales", ru: "руководитель продаж" },
  admin: { en: "administrator", ru: "администратор" },
};
