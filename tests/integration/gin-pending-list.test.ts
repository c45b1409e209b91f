// Every GIN index merges its pending list in small steps: with Postgres's default 4 MB, the
// trigram indexes that each placed order and each new service write crossed the limit together
// about every 5,000 orders and held every order up for a second while the writers merged
// (docs/operations.md "Trigram indexes: small pending lists"). A GIN index added or rebuilt
// without the setting would bring that back; this says which.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";

describe("GIN pending lists", () => {
  afterAll(disconnectDb);

  it("every GIN index of the schema keeps its pending list at 256 kB", async () => {
    const indexes = await db().$queryRaw<{ name: string; options: string[] | null }[]>`
      SELECT c.relname AS name, c.reloptions AS options
        FROM pg_class c
        JOIN pg_am am ON am.oid = c.relam
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE am.amname = 'gin' AND n.nspname = current_schema()
       ORDER BY c.relname`;
    // The hot path's indexes are among them (a rename would otherwise empty this test).
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(["order_search_name_trgm", "service_display_name_trgm", "service_natural_key_trgm"]),
    );
    const without = indexes.filter((i) => !(i.options ?? []).includes("gin_pending_list_limit=256")).map((i) => i.name);
    expect(without).toEqual([]);
  });
});
