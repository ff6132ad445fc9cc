import { type Kysely, sql } from "kysely";
import { dialectOf } from "../dialect.js";

/**
 * Accounts (passwords, sessions), machine keys, and webhooks with their outbox. Secrets are
 * stored only as hashes (scrypt for passwords, SHA-256 for random tokens), except each webhook's
 * signing secret, which the server must be able to use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = dialectOf(db) === "sqlite" ? (["integer", true] as const) : (["bigserial", false] as const);

  await db.schema.alterTable("users").addColumn("password_hash", "text").execute();
  await db.schema.alterTable("users").addColumn("disabled_at", "bigint").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("last_seen_at", "bigint", (c) => c.notNull())
    .addColumn("revoked_at", "bigint")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").columns(["user_id"]).execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("prefix", "text", (c) => c.notNull())
    /** JSON array: capture | read | admin */
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_used_at", "bigint")
    .addColumn("revoked_at", "bigint")
    .execute();

  await db.schema
    .createTable("webhooks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    /** JSON array of event names */
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("consecutive_failures", "integer", (c) => c.notNull())
    .addColumn("disabled_at", "bigint")
    .execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", serial[0], (c) => (serial[1] ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("lead_id", "text")
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    /** When the fan-out to subscribed webhooks was written (deliveries rows); null = pending. */
    .addColumn("dispatched_at", "bigint")
    .execute();
  await db.schema
    .createIndex("outbox_pending")
    .on("outbox")
    .columns(["id"])
    .where(sql.ref("dispatched_at"), "is", null)
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", serial[0], (c) => (serial[1] ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn("webhook_id", "text", (c) => c.notNull().references("webhooks.id"))
    .addColumn("outbox_id", "bigint", (c) => c.notNull())
    /** pending | delivered | failed (gave up) */
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
    .addColumn("last_status_code", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("delivered_at", "bigint")
    .addUniqueConstraint("webhook_deliveries_once", ["webhook_id", "outbox_id"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_due")
    .on("webhook_deliveries")
    .columns(["next_attempt_at"])
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_log")
    .on("webhook_deliveries")
    .columns(["webhook_id", "id"])
    .execute();
}
