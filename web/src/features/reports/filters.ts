import { useSearchParams } from "react-router";

/** The filters every report takes, kept in the URL so a link shows the same report to someone else. */
export interface ReportFilters {
  readonly from?: string;
  readonly to?: string;
  readonly version?: number;
  readonly source?: string;
  readonly campaign?: string;
}

export const FILTER_KEYS = ["from", "to", "version", "source", "campaign"] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters from the URL (ignoring malformed values) and writes them back. */
export function useReportFilters() {
  const [params, setParams] = useSearchParams();
  const day = (k: "from" | "to") => {
    const v = params.get(k);
    return v && DAY.test(v) ? v : undefined;
  };
  const text = (k: "source" | "campaign") => params.get(k)?.trim() || undefined;
  const version = Number(params.get("version"));
  const filters: ReportFilters = {
    ...(day("from") ? { from: day("from") } : {}),
    ...(day("to") ? { to: day("to") } : {}),
    ...(Number.isInteger(version) && version > 0 ? { version } : {}),
    ...(text("source") ? { source: text("source") } : {}),
    ...(text("campaign") ? { campaign: text("campaign") } : {}),
  };
  /** Sets (or with "" / null clears) URL parameters, keeping the others. */
  const set = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === "") next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  return { filters, params, set };
}
