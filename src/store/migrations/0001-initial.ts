import { type Kysely, sql } from "kysely";
import { type DialectName, dialectOf } from "../dialect.js";

/**
 * The first schema. Written with Kysely's schema builder so one migration serves SQLite and
 * PostgreSQL; the few differences (auto-increment ids) go through `serial`.
 * Indexes follow the queries the app makes (see docs/architecture.md, "Indexes").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const serial = (t: TableBuilder) => addSerial(t, dialect);

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("definition_versions")
    .addColumn("version", "integer", (c) => c.primaryKey())
    .addColumn("definition_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("proposed_at", "bigint")
    .addColumn("activated_at", "bigint")
    .addColumn("activated_by", "text")
    .addColumn("retired_at", "bigint")
    .execute();
  // At most one active version, enforced by the database, not only by the app.
  await db.schema
    .createIndex("definition_versions_one_active")
    .on("definition_versions")
    .column("status")
    .unique()
    .where(sql.ref("status"), "=", "active")
    .execute();

  await db.schema
    .createTable("definition_approvals")
    .addColumn("version", "integer", (c) => c.notNull().references("definition_versions.version"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("definition_approvals_pk", ["version", "role"])
    .execute();

  let leads = db.schema.createTable("leads").addColumn("id", "text", (c) => c.primaryKey());
  for (const col of ["name", "email", "email_norm", "phone", "phone_norm", "company", "source", "campaign"]) {
    leads = leads.addColumn(col, "text");
  }
  for (const col of ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "owner_id"]) {
    leads = leads.addColumn(col, "text");
  }
  await leads
    .addColumn("stage", "text", (c) => c.notNull())
    // The lifecycle state machine's state (hand-off, response, outcome, cycle) as JSON; the
    // columns beside it copy what lists and reports filter on.
    .addColumn("lifecycle", "text", (c) => c.notNull())
    .addColumn("is_open", "integer", (c) => c.notNull())
    .addColumn("grade", "text")
    .addColumn("graded_version", "integer")
    .addColumn("graded_at", "bigint")
    .addColumn("next_regrade_at", "bigint")
    .addColumn("handed_off_at", "bigint")
    .addColumn("handed_off_by", "text")
    .addColumn("sla_due_at", "bigint")
    .addColumn("responded_at", "bigint")
    .addColumn("outcome_amount", "text")
    .addColumn("outcome_currency", "text")
    .addColumn("outcome_reason", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("erased_at", "bigint")
    .addColumn("row_version", "integer", (c) => c.notNull())
    .execute();
  const leadIndex = async (name: string, columns: string[], where?: string, unique = false) => {
    let q = db.schema.createIndex(name).on("leads").columns(columns);
    if (unique) q = q.unique();
    if (where) q = q.where(sql.raw(where) as never);
    await q.execute();
  };
  // At most one open lead per e-mail and per phone: a capture race cannot create a duplicate.
  await leadIndex("leads_email_open", ["email_norm"], "is_open = 1", true);
  await leadIndex("leads_phone_open", ["phone_norm"], "is_open = 1", true);
  await leadIndex("leads_regrade_due", ["next_regrade_at"], "next_regrade_at is not null");
  await leadIndex("leads_created", ["created_at", "id"]);
  await leadIndex("leads_grade", ["grade", "created_at"]);
  await leadIndex("leads_stage", ["stage", "created_at"]);
  await leadIndex("leads_source", ["source", "created_at"]);
  await leadIndex("leads_campaign", ["campaign", "created_at"]);
  await leadIndex("leads_owner", ["owner_id", "created_at"]);
  await leadIndex("leads_sla", ["sla_due_at"], "sla_due_at is not null and responded_at is null");

  await serial(db.schema.createTable("fact_events"))
    .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
    .addColumn("fact", "text", (c) => c.notNull())
    .addColumn("value", "text")
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("recorded_by", "text", (c) => c.notNull())
    .addColumn("recorded_at", "bigint", (c) => c.notNull())
    .addColumn("quote", "text")
    .addColumn("note", "text")
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("fact_events_lead").on("fact_events").columns(["lead_id", "id"]).execute();

  await db.schema
    .createTable("lead_facts")
    .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
    .addColumn("fact", "text", (c) => c.notNull())
    .addColumn("value", "text")
    .addColumn("recorded_at", "bigint", (c) => c.notNull())
    .addColumn("event_id", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("lead_facts_pk", ["lead_id", "fact"])
    .execute();

  await serial(db.schema.createTable("grade_events"))
    .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
    .addColumn("old_grade", "text")
    .addColumn("new_grade", "text")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("cause", "text", (c) => c.notNull())
    .addColumn("explanation", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("grade_events_lead").on("grade_events").columns(["lead_id", "id"]).execute();
  await db.schema
    .createIndex("grade_events_version")
    .on("grade_events")
    .columns(["version", "new_grade"])
    .execute();

  await serial(db.schema.createTable("lead_events"))
    .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("lead_events_lead").on("lead_events").columns(["lead_id", "id"]).execute();
  await db.schema.createIndex("lead_events_type").on("lead_events").columns(["type", "at"]).execute();

  await serial(db.schema.createTable("disputes"))
    .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
    .addColumn("fact", "text", (c) => c.notNull())
    .addColumn("claimed_value", "text")
    .addColumn("evidence", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("opened_by", "text", (c) => c.notNull())
    .addColumn("opened_at", "bigint", (c) => c.notNull())
    .addColumn("resolved_by", "text")
    .addColumn("resolved_at", "bigint")
    .addColumn("resolution", "text")
    .execute();
  await db.schema.createIndex("disputes_status").on("disputes").columns(["status", "opened_at"]).execute();
  await db.schema.createIndex("disputes_lead").on("disputes").columns(["lead_id"]).execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("lead_id", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await serial(db.schema.createTable("jobs"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("run_at", "bigint", (c) => c.notNull())
    .addColumn("lease_owner", "text")
    .addColumn("lease_until", "bigint")
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("done_at", "bigint")
    .addColumn("last_error", "text")
    .execute();
  await db.schema
    .createIndex("jobs_due")
    .on("jobs")
    .columns(["run_at"])
    .where(sql.ref("done_at"), "is", null)
    .execute();
}

type TableBuilder = ReturnType<Kysely<unknown>["schema"]["createTable"]>;

function addSerial(t: TableBuilder, dialect: DialectName): TableBuilder {
  return dialect === "sqlite"
    ? t.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    : t.addColumn("id", "bigserial", (c) => c.primaryKey());
}
