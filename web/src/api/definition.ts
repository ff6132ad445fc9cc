import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, ok } from "./client";

const fetchCatalogue = () => ok(api.GET("/api/v1/catalogue"));

export type Catalogue = Awaited<ReturnType<typeof fetchCatalogue>>;

/**
 * The active definition as the screens use it: facts (labels, types, options, guides), grades in
 * the order they are checked (strongest first), hand-off grades and reason codes.
 */
export function useCatalogue() {
  return useQuery({ queryKey: ["catalogue"], queryFn: fetchCatalogue, staleTime: 30_000 });
}

/** A `{ en, ru? }` text in the interface language. */
export function useLocalText() {
  const { i18n } = useTranslation();
  return (t: { en: string; ru?: string } | null | undefined): string =>
    t ? (i18n.language === "ru" ? (t.ru ?? t.en) : t.en) : "";
}
