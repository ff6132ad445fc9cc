import { sql } from "kysely";
import { expect, test } from "vitest";
import { MIGRATIONS, migrateToLatest } from "./migrate.js";
import { AVAILABLE_DIALECTS, describeEachDialect, freshDatabase } from "./testing/dialects.js";

describeEachDialect("migrations", (ctx) => {
  test("a new database has every table, and migrating again is a no-op", async () => {
    const tables = await ctx.store.db.introspection.getTables();
    const names = tables.map((t) => t.name).filter((n) => !n.startsWith("kysely_"));
    expect(names.sort()).toEqual(
      [
        "definition_approvals",
        "definition_versions",
        "disputes",
        "fact_events",
        "grade_events",
        "idempotency_keys",
        "jobs",
        "lead_events",
        "lead_facts",
        "leads",
        "users",
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
        const { rows } = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(
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
