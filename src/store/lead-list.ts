import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { Db } from "./leads.js";
import type { Database, LeadRow } from "./tables.js";

export interface LeadListFilter {
  readonly grade?: string | undefined;
  readonly stage?: string | undefined;
  readonly source?: string | undefined;
  readonly campaign?: string | undefined;
  readonly ownerId?: string | undefined;
  /** Against the service level as of `now`, the same rules as the core's `slaStatus`. */
  readonly sla?: "running" | "breached" | "met" | "none" | undefined;
  /** A part of the name, e-mail or company (case-insensitive), or of the phone's digits. */
  readonly text?: string | undefined;
  /**
   * With `stage`: only leads that entered it at or after this time. `enteredBy` are the lifecycle
   * event types that lead into that stage (the app reads them off the core's transitions); none
   * (captured) means at capture.
   */
  readonly stageSince?: { readonly at: number; readonly enteredBy: readonly string[] } | undefined;
  /**
   * newest (default): (created_at desc, id desc); oldest: (created_at asc, id asc); due: unanswered
   * hand-offs only, (sla_due_at asc, id asc).
   */
  readonly sort?: "newest" | "oldest" | "due" | undefined;
  /** Keyset: only leads after this one in the order; `createdAt` is the sort's key (sla_due_at for due). */
  readonly after?: { readonly createdAt: number; readonly id: string } | undefined;
}

/**
 * What a list item shows (`summarizeLead`) and the `due` cursor (sla_due_at); nothing more: building
 * a row object per column is most of a page's time on SQLite (20 columns instead of these 17 made
 * the page ≈ 17 % slower).
 */
const COLUMNS = [
  "id",
  "name",
  "email",
  "phone",
  "company",
  "source",
  "campaign",
  "owner_id",
  "lifecycle",
  "is_open",
  "grade",
  "graded_version",
  "graded_at",
  "sla_due_at",
  "created_at",
  "updated_at",
  "erased_at",
] as const;

export type LeadListRow = Pick<LeadRow, (typeof COLUMNS)[number]>;

/**
 * One page of leads, newest first, ties broken by id so the order is total and pages neither
 * repeat nor skip a lead. Each equality filter has a (column, created_at, id) index, walked in the
 * page's order from the keyset bound (another filter is checked on the row); with none,
 * leads_created (created_at, id) is walked. Text search has no index: it is a LIKE over the rows
 * the other filters leave, stopping once the page is full. `due` walks leads_sla (unanswered
 * hand-offs by (sla_due_at, id)), or leads_sla_stage with a stage filter; `stageSince` reads the
 * stage's entry events through lead_events_type. No list shape the inbox uses sorts
 * (list-plans.test.ts). Plain SQL that runs unchanged on SQLite and PostgreSQL.
 */
export async function findLeadPage(
  db: Db,
  filter: LeadListFilter,
  now: number,
  limit: number,
): Promise<LeadListRow[]> {
  return leadPageQuery(db, filter, now, limit).execute();
}

/** The page's query, unexecuted (the query-plan test compiles it). */
export function leadPageQuery(db: Db, filter: LeadListFilter, now: number, limit: number) {
  const q = matchingLeads(db, filter, now).select(COLUMNS);
  const { after } = filter;
  const sort = filter.sort ?? "newest";
  if (sort === "due") {
    const next = after === undefined ? q : q.where((eb) => keysetAfter(eb, "sla_due_at", ">", after));
    return next.orderBy("sla_due_at", "asc").orderBy("id", "asc").limit(limit);
  }
  const dir = sort === "oldest" ? "asc" : "desc";
  const next =
    after === undefined
      ? q
      : q.where((eb) => keysetAfter(eb, "created_at", dir === "asc" ? ">" : "<", after));
  return next.orderBy("created_at", dir).orderBy("id", dir).limit(limit);
}

/**
 * How many leads the list would show for these filters (the keyset is ignored), counting at most
 * `cap + 1` of them: a count stays as cheap as a page, and the caller says "more than cap".
 */
export async function countLeadsUpTo(
  db: Db,
  filter: LeadListFilter,
  now: number,
  cap: number,
): Promise<number> {
  const some = matchingLeads(db, filter, now)
    .select("id")
    .limit(cap + 1);
  const row = await db
    .selectFrom(some.as("m"))
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every filter as a condition; the `due` order also keeps only unanswered hand-offs. */
function matchingLeads(db: Db, filter: LeadListFilter, now: number) {
  let q = db.selectFrom("leads");
  if (filter.grade !== undefined) q = q.where("grade", "=", filter.grade);
  if (filter.stage !== undefined) q = q.where("stage", "=", filter.stage);
  if (filter.source !== undefined) q = q.where("source", "=", filter.source);
  if (filter.campaign !== undefined) q = q.where("campaign", "=", filter.campaign);
  if (filter.ownerId !== undefined) q = q.where("owner_id", "=", filter.ownerId);
  const { sla, text, stageSince } = filter;
  if (sla !== undefined) q = q.where((eb) => slaCondition(eb, sla, now));
  if (text !== undefined) q = q.where((eb) => textCondition(eb, text));
  if (stageSince !== undefined) {
    const { at, enteredBy } = stageSince;
    q =
      enteredBy.length === 0
        ? q.where("created_at", ">=", at)
        : q.where("id", "in", (eb) =>
            eb
              .selectFrom("lead_events")
              .select("lead_events.lead_id")
              .where("lead_events.type", "in", enteredBy)
              .where("lead_events.at", ">=", at),
          );
  }
  if (filter.sort === "due") q = q.where("sla_due_at", "is not", null).where("responded_at", "is", null);
  return q;
}

/**
 * The leads after `after` in an order on (key, id), both ascending (`>`) or both descending (`<`),
 * as one row-value comparison: both engines make it the bound of the index range on (…, key, id)
 * (PostgreSQL does not for the equivalent `key < ? or (key = ? and id < ?)`, and sorts instead).
 */
function keysetAfter(
  eb: ExpressionBuilder<Database, "leads">,
  key: "created_at" | "sla_due_at",
  op: ">" | "<",
  after: { readonly createdAt: number; readonly id: string },
) {
  return eb(eb.refTuple(key, "id"), op, eb.tuple(after.createdAt, after.id));
}

function slaCondition(
  eb: ExpressionBuilder<Database, "leads">,
  sla: NonNullable<LeadListFilter["sla"]>,
  now: number,
) {
  const handedOff = eb("sla_due_at", "is not", null);
  const unanswered = eb("responded_at", "is", null);
  switch (sla) {
    case "none":
      return eb("sla_due_at", "is", null);
    case "running":
      return eb.and([handedOff, unanswered, eb("sla_due_at", ">=", now)]);
    case "met":
      return eb.and([
        handedOff,
        eb("responded_at", "is not", null),
        eb("responded_at", "<=", eb.ref("sla_due_at")),
      ]);
    case "breached":
      return eb.and([
        handedOff,
        eb.or([
          eb.and([unanswered, eb("sla_due_at", "<", now)]),
          eb("responded_at", ">", eb.ref("sla_due_at")),
        ]),
      ]);
  }
}

/** `\`, `%` and `_` in the user's text match themselves. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function textCondition(eb: ExpressionBuilder<Database, "leads">, text: string) {
  const like = (column: "name" | "company" | "email_norm", pattern: string, fold: boolean) =>
    fold
      ? sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`
      : sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
  const lower = `%${escapeLike(text.toLowerCase())}%`;
  // The normalised e-mail is lower case already.
  const terms: Expression<SqlBool>[] = [
    like("name", lower, true),
    like("company", lower, true),
    like("email_norm", lower, false),
  ];
  // SQLite's lower() and LIKE fold ASCII only: with non-ASCII capitals ("Ольга"), also match as typed.
  if (/[^ -~]/.test(text) && text !== text.toLowerCase()) {
    const typed = `%${escapeLike(text)}%`;
    terms.push(like("name", typed, false), like("company", typed, false));
  }
  // A query that looks like a phone number also matches the phone's digits, whatever their format.
  const digits = text.replace(/\D/g, "");
  if (/^[\d\s()+.-]+$/.test(text) && digits.length >= 3) terms.push(eb("phone_norm", "like", `%${digits}%`));
  return eb.or(terms);
}
