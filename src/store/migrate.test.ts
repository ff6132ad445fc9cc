import { sql } from "kysely";
import { expect, test } from "vitest";
import { MIGRATIONS, migrateToLatest } from "./migrate.js";
import { AVAILABLE_DIALECTS, describeEachDialect, freshDatabase } from "./testing/dialects.js";

describeEachDialect("migrations", (ctx) => {
  test("a new database has every table, and migrating again is a no-op", async () => {
    // Read from the catalogue directly: Kysely's introspector walks every schema of the server.
    const { rows } =
      ctx.dialect === "sqlite"
        ? await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
            ctx.store.db,
          )
        : await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
            ctx.store.db,
          );
    expect(rows.map((r) => r.name).sort()).toEqual(
      [
        "definition_activations",
        "definition_approvals",
        "definition_versions",
        "disputes",
        "idempotency_keys",
        "jobs",
        "lead_events",
        "leads",
        "truce_migrations",
        "sessions",
        "api_keys",
        "webhooks",
        "outbox",
        "webhook_deliveries",
        "users",
        "imports",
        "import_rows",
        "forms",
        "settings",
        "saved_views",
      ].sort(),
    );
    expect(await migrateToLatest(ctx.store.db as never)).toEqual([]);
  });

  test("only one definition version can be active, enforced by the database", async () => {
    const row = (version: number) => ({
      version,
      definition_id: "d",
      status: "active",
      source: "",
      created_by: "u",
      created_at: 1,
    });
    await ctx.store.db.insertInto("definition_versions").values(row(1)).execute();
    await expect(ctx.store.db.insertInto("definition_versions").values(row(2)).execute()).rejects.toThrow();
  });
});

test.each(AVAILABLE_DIALECTS)(
  "every migration prefix upgrades cleanly to the latest [%s]",
  async (dialect) => {
    const names = Object.keys(MIGRATIONS);
    for (const upTo of names) {
      const { store, cleanup } = await freshDatabase(dialect, { migrate: false });
      try {
        await migrateToLatest(store.db as never, upTo);
        await migrateToLatest(store.db as never);
        const { rows } = await sql<{ n: number }>`select count(*) as n from truce_migrations`.execute(
          store.db,
        );
        expect(Number(rows[0]?.n)).toBe(names.length);
      } finally {
        await store.close();
        await cleanup();
      }
    }
  },
);

test.each(AVAILABLE_DIALECTS)(
  "a failing migration leaves nothing behind, and a newer database is refused [%s]",
  async (dialect) => {
    const { store, cleanup } = await freshDatabase(dialect, { migrate: false });
    try {
      await expect(migrateToLatest(store.db as never, "0002-nope")).rejects.toThrow(
        "no migration named 0002-nope",
      );
      await migrateToLatest(store.db as never);
      await sql`insert into truce_migrations (name, applied_at) values ('9999-future', 0)`.execute(store.db);
      await expect(migrateToLatest(store.db as never)).rejects.toThrow(
        "migrated by a newer Truce (9999-future)",
      );
    } finally {
      await store.close();
      await cleanup();
    }
  },
);
