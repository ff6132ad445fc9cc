import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { LeadRow } from "./data";

/** Who, as one line: the person and the company, or whatever of them is known. */
export function useLeadTitle() {
  const { t } = useTranslation("inbox");
  // Stable between renders: the inbox's columns depend on it, and new columns remount every cell.
  return useCallback(
    (l: LeadRow) => {
      if (l.erased) return t("erased");
      const parts = [l.company, l.name ?? l.email ?? l.phone].filter((p): p is string => !!p);
      return parts.length > 0 ? parts.join(" — ") : t("noName");
    },
    [t],
  );
}
