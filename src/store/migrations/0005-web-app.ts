import type { Kysely } from "kysely";

/**
 * What the web app needs beyond the API's first cut.
 * - `users.password_set_at`: when the person last chose their own password (null while the password
 *   is a one-time or administrator-set one: they must change it at sign-in, and an approval of a
 *   definition by them does not count). `users.locale`: the interface language they chose (null:
 *   the company's default). `users.last_sign_in_at`.
 * - `settings`: company-wide settings as key → JSON (company name, default language, whether the
 *   first-run set-up is done).
 * - `saved_views`: a person's named inbox filters (the query string of the list), in their order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("password_set_at", "bigint").execute();
  await db.schema.alterTable("users").addColumn("locale", "text").execute();
  await db.schema.alterTable("users").addColumn("last_sign_in_at", "bigint").execute();
  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("saved_views")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    /** The inbox's query string without cursor, e.g. `grade=Hot&stage=handed_off`. */
    .addColumn("query", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("saved_views_user")
    .on("saved_views")
    .columns(["user_id", "position"])
    .execute();
}
