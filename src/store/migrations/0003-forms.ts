import type { Kysely } from "kysely";

/**
 * Web forms: configuration only (which facts a form asks, its texts and options as JSON). A form
 * captures with one API key, named by id and checked when used, so no foreign key: revoking or
 * removing a key closes its forms instead of failing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("forms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    /** JSON array of locales, the first the default: ["en", "ru"] */
    .addColumn("locales", "text", (c) => c.notNull())
    /** JSON: title, texts, contact fields, questions with options mapped to fact values, attribution */
    .addColumn("config", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("forms_created").on("forms").columns(["created_at"]).execute();
}
