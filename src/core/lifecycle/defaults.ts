import type { CompleteLifecycleConfig } from "./config.js";

/**
 * The lifecycle a company gets before it writes its own: hot and warm leads may go to sales, sales
 * answers a hot lead within 4 working hours and a warm one within 2 working days, Monday to Friday
 * 09:00–18:00 UTC, and a short list of reason codes in English and Russian.
 *
 * A fresh object on every call, so a caller that edits it cannot change anyone else's defaults.
 * No required facts by default: which facts exist is the company's own catalogue.
 */
export function defaultLifecycleConfig(): CompleteLifecycleConfig {
  return {
    handoff: { grades: ["hot", "warm"], required_facts: [] },
    service_levels: [
      { grade: "hot", respond_within: "4 working hours" },
      { grade: "warm", respond_within: "2 working days" },
    ],
    working_hours: {
      days: ["mon", "tue", "wed", "thu", "fri"],
      from: "09:00",
      to: "18:00",
      utc_offset: "+00:00",
    },
    rejection_reasons: [
      {
        key: "wrong_contact",
        label: { en: "Wrong contact details", ru: "Неверные контактные данные" },
      },
      {
        key: "unreachable",
        label: {
          en: "Prospect did not answer any contact attempt",
          ru: "Клиент не ответил ни на одну попытку связаться",
        },
      },
      {
        key: "duplicate",
        label: { en: "Duplicate of a lead already in work", ru: "Дубликат лида, который уже в работе" },
      },
      {
        key: "existing_customer",
        label: { en: "Already a customer", ru: "Уже наш клиент" },
      },
      {
        key: "outside_target_market",
        label: {
          en: "Outside the markets we sell to (country, industry, size)",
          ru: "Вне рынков, на которых мы продаём (страна, отрасль, размер)",
        },
      },
    ],
    lost_reasons: [
      {
        key: "no_real_need",
        label: { en: "No real need for the product", ru: "Нет реальной потребности в продукте" },
        counts_against: "lead_quality",
      },
      {
        key: "no_budget",
        label: { en: "No budget for the purchase", ru: "Нет бюджета на покупку" },
        counts_against: "lead_quality",
      },
      {
        key: "not_decision_maker",
        label: {
          en: "Contact neither decides nor influences the purchase",
          ru: "Контакт не принимает решения и не влияет на покупку",
        },
        counts_against: "lead_quality",
      },
      {
        key: "price",
        label: { en: "Price", ru: "Цена" },
        counts_against: "deal",
      },
      {
        key: "competitor",
        label: { en: "Chose a competitor", ru: "Выбрал конкурента" },
        counts_against: "deal",
      },
      {
        key: "timing",
        label: { en: "Purchase postponed", ru: "Покупка отложена" },
        counts_against: "deal",
      },
    ],
  };
}
