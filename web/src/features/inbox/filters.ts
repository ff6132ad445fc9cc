import type { paths } from "../../api/schema.gen";

/** The list API's query, as the generated client types it. */
export type LeadListParams = NonNullable<paths["/api/v1/leads"]["get"]["parameters"]["query"]>;

/**
 * The inbox's filters as they stand in the URL (and in saved views): the API's own names, except
 * `owner=me` (whoever is signed in) and `since=week` (entered the stage since Monday), which stay
 * relative so that a saved "rejected this week" is still this week next week.
 */
export const FILTER_KEYS = [
  "grade",
  "stage",
  "source",
  "campaign",
  "owner",
  "sla",
  "q",
  "sort",
  "since",
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type InboxFilters = Partial<Record<FilterKey, string>>;

export const STAGE_VALUES = [
  "captured",
  "nurturing",
  "handed_off",
  "accepted",
  "rejected",
  "opportunity",
  "won",
  "lost",
] as const;
export const SLA_VALUES = ["running", "breached", "met", "none"] as const;
export const SORT_VALUES = ["newest", "oldest", "due"] as const;

export function filtersFrom(search: URLSearchParams | string): InboxFilters {
  const sp = typeof search === "string" ? new URLSearchParams(search) : search;
  const out: InboxFilters = {};
  for (const k of FILTER_KEYS) {
    const v = sp.get(k)?.trim();
    if (v) out[k] = v;
  }
  return out;
}

/** One spelling per set of filters (keys in a fixed order, defaults dropped): views compare by it. */
export function canonical(f: InboxFilters): string {
  const sp = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v && !(k === "sort" && v === "newest")) sp.set(k, v);
  }
  return sp.toString();
}

/** Monday 00:00 of this week, local time. */
export function startOfWeek(now: Date): number {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const back = (d.getDay() + 6) % 7;
  d.setDate(d.getDate() - back);
  return d.getTime();
}

/** The API's query for these filters, for this person, now. */
export function apiQuery(f: InboxFilters, meId: string, now: Date): LeadListParams {
  const q: LeadListParams = {};
  if (f.grade) q.grade = f.grade;
  if (f.stage && (STAGE_VALUES as readonly string[]).includes(f.stage))
    q.stage = f.stage as LeadListParams["stage"];
  if (f.source) q.source = f.source;
  if (f.campaign) q.campaign = f.campaign;
  if (f.owner) q.owner = f.owner === "me" ? meId : f.owner;
  if (f.sla && (SLA_VALUES as readonly string[]).includes(f.sla)) q.sla = f.sla as LeadListParams["sla"];
  if (f.q) q.q = f.q;
  if (f.sort && (SORT_VALUES as readonly string[]).includes(f.sort))
    q.sort = f.sort as LeadListParams["sort"];
  if (f.since === "week" && q.stage) q.stageSince = startOfWeek(now);
  return q;
}

export interface InboxView {
  /** `builtin:<key>` or the saved view's id. */
  readonly id: string;
  /** Built-in views are named by a text key; saved ones by their own name. */
  readonly labelKey?: string;
  readonly name?: string;
  /** Canonical query string. */
  readonly query: string;
  readonly saved: boolean;
}

/**
 * The views everyone has, before their own: all leads, the ones they own, the strongest grade
 * waiting for sales' answer (soonest due first), unanswered hand-offs past due, this week's
 * rejections.
 */
export function builtInViews(strongestGrade: string | undefined): InboxView[] {
  const v = (key: string, f: InboxFilters): InboxView => ({
    id: `builtin:${key}`,
    labelKey: `views.${key}`,
    query: canonical(f),
    saved: false,
  });
  return [
    v("all", {}),
    v("myQueue", { owner: "me" }),
    ...(strongestGrade ? [v("hotWaiting", { grade: strongestGrade, stage: "handed_off", sort: "due" })] : []),
    v("breached", { stage: "handed_off", sla: "breached", sort: "due" }),
    v("rejectedWeek", { stage: "rejected", since: "week" }),
  ];
}
