import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { type Catalogue, useLocalText } from "../../api/definition";
import { useFormat } from "../../i18n/format";

export const fetchLead = (id: string) => ok(api.GET("/api/v1/leads/{id}", { params: { path: { id } } }));

export type LeadDetail = Awaited<ReturnType<typeof fetchLead>>;
export type Fact = LeadDetail["facts"][number];
export type HistoryEntry = LeadDetail["history"][number];
export type Dispute = LeadDetail["disputes"][number];
export type MovePath = LeadDetail["availableMoves"][number];
export type CatalogueFact = Catalogue["facts"][number];
export type FactValue = boolean | number | string | null;

export const leadKey = (id: string) => ["lead", id] as const;

/** The lead, as the server says it is now (what may be done included). */
export function useLead(id: string) {
  return useQuery({ queryKey: leadKey(id), queryFn: () => fetchLead(id) });
}

/** After any change: this lead again, and every list of leads (the inbox's queries start with "leads"). */
export function useRefresh(id: string) {
  const qc = useQueryClient();
  return async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: leadKey(id) }),
      qc.invalidateQueries({ queryKey: ["leads"] }),
      qc.invalidateQueries({ queryKey: ["disputes"] }),
    ]);
  };
}

/**
 * A fact's value as people read it: yes / no, the option's label, the number with its unit, the
 * date in the interface language. Null is never shown as "no": the caller shows "not asked yet".
 */
export function useFactValue() {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const fmt = useFormat();
  return (fact: CatalogueFact | undefined, value: unknown): string => {
    if (value === null || value === undefined) return t("form.unknownValue");
    if (typeof value === "boolean") return value ? t("yes") : t("no");
    if (fact?.type === "enum") {
      const o = fact.options?.find((x) => x.value === value);
      return o ? local(o.label) : String(value);
    }
    if (fact?.type === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value))
      // Noon UTC: the same calendar day in every time zone.
      return fmt.date(Date.parse(`${value}T12:00:00Z`));
    if (typeof value === "number")
      return fact?.unit ? `${fmt.number(value)} ${fact.unit}` : fmt.number(value);
    return String(value);
  };
}

/** Who did it: "you" for the signed-in person, else their name, else the id or e-mail the record carries. */
export function useWho(meId: string | undefined, people: Readonly<Record<string, string>> = {}) {
  const { t } = useTranslation("lead");
  return (who: string | null | undefined) =>
    who && who === meId ? t("you") : who ? (people[who] ?? who) : "—";
}

/** A form's text value turned into the fact's type; undefined when it does not parse. */
export function parseFactInput(fact: CatalogueFact | undefined, raw: string): FactValue | undefined {
  if (raw === "__unknown") return null;
  if (!fact) return undefined;
  const s = raw.trim();
  if (s === "") return undefined;
  switch (fact.type) {
    case "boolean":
      return s === "true" ? true : s === "false" ? false : undefined;
    case "number": {
      const n = Number(s.replace(",", "."));
      return Number.isFinite(n) ? n : undefined;
    }
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined;
    default:
      return s;
  }
}

/** Evidence for something the signed-in person records now. */
export function evidenceNow(who: string, channel: string, quote: string, note?: string) {
  return {
    channel: channel as "form" | "call" | "email" | "meeting" | "import" | "api",
    recordedBy: who,
    recordedAt: new Date().toISOString(),
    ...(quote.trim() ? { quote: quote.trim() } : {}),
    ...(note?.trim() ? { note: note.trim() } : {}),
  };
}

export const CHANNELS = ["call", "email", "meeting", "form", "api", "import"] as const;
