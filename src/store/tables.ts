import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * Row types of every table. They never leave src/store: repositories map rows to the app's
 * objects. Times are epoch milliseconds (bigint on PostgreSQL, integer on SQLite, read back as
 * numbers on both); JSON columns are text, so both dialects store them the same way.
 */
export interface Database {
  users: UsersTable;
  definition_versions: DefinitionVersionsTable;
  definition_approvals: DefinitionApprovalsTable;
  leads: LeadsTable;
  lead_events: LeadEventsTable;
  disputes: DisputesTable;
  idempotency_keys: IdempotencyKeysTable;
  jobs: JobsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  webhooks: WebhooksTable;
  outbox: OutboxTable;
  webhook_deliveries: WebhookDeliveriesTable;
  forms: FormsTable;
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  settings: SettingsTable;
  saved_views: SavedViewsTable;
  definition_activations: DefinitionActivationsTable;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  /** admin | marketing | marketing_head | sales | sales_head */
  role: string;
  created_at: number;
  /** scrypt, "scrypt$N$r$p$salt$hash" (base64); null until a password is set. */
  password_hash: string | null;
  disabled_at: number | null;
  /** When they last chose their own password; null while it is one-time or set by an admin. */
  password_set_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** en | ru; null: the company's default language. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
  last_sign_in_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface DefinitionVersionsTable {
  /** The version number, 1, 2, 3…: one sequence per database (one company). */
  version: number;
  definition_id: string;
  /** draft | proposed | approved | active | retired */
  status: string;
  source: string;
  created_by: string;
  created_at: number;
  proposed_at: number | null;
  activated_at: number | null;
  activated_by: string | null;
  retired_at: number | null;
}

export interface DefinitionApprovalsTable {
  version: number;
  /** marketing_head | sales_head */
  role: string;
  user_id: string;
  at: number;
}

export interface LeadsTable {
  id: string;
  name: string | null;
  email: string | null;
  email_norm: string | null;
  phone: string | null;
  phone_norm: string | null;
  company: string | null;
  source: string | null;
  campaign: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  owner_id: string | null;
  stage: string;
  /** JSON of the core's lifecycle `LeadState` (without grade and known facts, which are derived). */
  lifecycle: string;
  /** True while the lead can still be merged into by a capture (not won, lost or erased). */
  is_open: number;
  grade: string | null;
  graded_version: number | null;
  graded_at: number | null;
  next_regrade_at: number | null;
  handed_off_at: number | null;
  handed_off_by: string | null;
  sla_due_at: number | null;
  responded_at: number | null;
  outcome_amount: string | null;
  outcome_currency: string | null;
  outcome_reason: string | null;
  created_at: number;
  updated_at: number;
  erased_at: number | null;
  /** Optimistic concurrency: every write compares and increments it. */
  row_version: number;
  /**
   * The current facts, JSON: `[[fact, value, recorded_at], …]` sorted by fact key, `value` being
   * the fact's JSON text (null: recorded as unknown). Read and written through store/facts.ts.
   */
  facts: ColumnType<string, string | undefined, string>;
}

/**
 * The lead's history: one row per happening (a capture, an import row, recorded facts, a move, a
 * dispute, a time or activation regrade that changed the grade, an erasure). `data` is JSON and
 * carries everything that happened in it: `observations` (each with its evidence) and `gradeChange`
 * ({ from, to, version, cause, inputs }) when the grade changed. The three grade columns repeat
 * that change for queries; all null when the grade did not change.
 */
export interface LeadEventsTable {
  id: Generated<number>;
  lead_id: string;
  type: string;
  actor: string;
  at: number;
  data: string;
  old_grade: ColumnType<string | null, string | null | undefined, never>;
  new_grade: ColumnType<string | null, string | null | undefined, never>;
  version: ColumnType<number | null, number | null | undefined, never>;
}

export interface DisputesTable {
  id: Generated<number>;
  lead_id: string;
  fact: string;
  claimed_value: string | null;
  evidence: string;
  /** open | accepted | dismissed */
  status: string;
  opened_by: string;
  opened_at: number;
  resolved_by: string | null;
  resolved_at: number | null;
  resolution: string | null;
}

export interface IdempotencyKeysTable {
  key: string;
  lead_id: string;
  result: string;
  created_at: number;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** Unique per kind of work, so scheduling the same job twice is a no-op. */
  dedupe_key: string;
  payload: string;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: number;
  done_at: number | null;
  last_error: string | null;
}

export type LeadRow = Selectable<LeadsTable>;
export type NewLeadRow = Insertable<LeadsTable>;
export type LeadUpdate = Updateable<LeadsTable>;

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a stolen database does not yield live sessions. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  /** The first characters of the key, shown in lists so people can tell keys apart. */
  prefix: string;
  scopes: string;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface WebhooksTable {
  id: string;
  url: string;
  secret: string;
  events: string;
  created_by: string;
  created_at: number;
  consecutive_failures: number;
  disabled_at: number | null;
}

export interface OutboxTable {
  id: Generated<number>;
  event: string;
  lead_id: string | null;
  payload: string;
  created_at: number;
  dispatched_at: number | null;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: string;
  outbox_id: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface FormsTable {
  id: string;
  name: string;
  /** The API key the form captures with (server-side); checked live at every use. */
  key_id: string;
  /** JSON array of locales, the first the default. */
  locales: string;
  /** JSON of the form's configuration (texts, contact fields, questions, attribution). */
  config: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface ImportsTable {
  id: string;
  file_name: string;
  file_size: number;
  fingerprint: string;
  options_hash: string;
  /** JSON of the options the import was started with. */
  options: string;
  /** running | done */
  status: string;
  /** The last row number whose batch committed (the header is row 1; 1 = nothing yet). */
  cursor: number;
  created: number;
  merged: number;
  rejected: number;
  skipped: number;
  actor: string;
  started_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface ImportRowsTable {
  import_id: string;
  row: number;
  /** created | merged | rejected */
  outcome: string;
  lead_id: string | null;
  column_name: string | null;
  value: string | null;
  reason: string | null;
}

export interface SettingsTable {
  key: string;
  /** JSON */
  value: string;
  updated_at: number;
  updated_by: string;
}

export interface SavedViewsTable {
  id: string;
  user_id: string;
  name: string;
  /** The inbox's query string without cursor. */
  query: string;
  position: number;
  created_at: number;
}

/** One activation of a definition version and its background regrade's progress (0008). */
export interface DefinitionActivationsTable {
  version: number;
  retired_version: number | null;
  activated_by: string;
  job_id: number | null;
  started_at: number;
  finished_at: number | null;
  /** Open leads not graded with the version when it was activated. */
  total: number;
  /** Leads the regrade stamped with the version so far. */
  done: number;
  /** Of those, leads whose grade changed. */
  changed: number;
}
