// Named prepared statements for the worker's per-order statements and the web's placing ones
// (docs/benchmarks.md "Prepared statements on the hot path"). `sqlRows` sends each statement
// unnamed, so Postgres parses and plans the claim's and the outcome's multi-CTE statements anew
// for every order. Named, a pooled connection parses a statement once and, after a few runs,
// reuses a generic plan: same SQL, same parameters, same pool, less work in Postgres per order.
// The name is the statement's text, looked up in a small table: the worker has a handful of
// distinct texts (the step's SET list varies with what it patches), placing a few (by the kind's
// limit and the path taken). Past the table's size a statement goes unnamed, as before.
// Not for a pooler in transaction mode (pgbouncer before 1.21), which cannot keep a connection's
// prepared statements; the worker and the web talk to Postgres directly (docs/operations.md).
import { db, type Prisma, type PrismaClient } from "@/lib/db";

const MAX_NAMED = 200;

declare global {
  // On globalThis: Next.js bundles a copy of this module per route, and two copies numbering
  // their own names would give one name two texts on a shared connection, which pg refuses.
  var preparedStatementNames: Map<string, string> | undefined;
}

function nameFor(text: string): string | undefined {
  globalThis.preparedStatementNames ??= new Map();
  const names = globalThis.preparedStatementNames;
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `hot_${names.size}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The statement's text and its name (undefined past the table's size). `Prisma.Sql.text` is a
 * getter that joins the fragments anew on every read, so it is read once here: the name lookup
 * hashes that string and pg compares the same (already flattened) string with the text it
 * prepared, instead of each building and flattening a copy of its own.
 */
export function statementName(statement: Prisma.Sql): { text: string; name: string | undefined } {
  const text = statement.text;
  return { text, name: nameFor(text) };
}

/** `sqlRows` (lib/db.ts) with the statement prepared once per pooled connection. */
export async function preparedRows<T>(statement: Prisma.Sql): Promise<T[]> {
  db();
  const pool = globalThis.prismaPool!;
  const values = statement.values as unknown[];
  const { text, name } = statementName(statement);
  const result = name ? await pool.query({ name, text, values }) : await pool.query(text, values);
  return result.rows as T[];
}

/** `preparedRows` in the shape of the client's `$queryRaw`, for `transition()` and friends. */
export const preparedSql = {
  $queryRaw: (statement: Prisma.Sql) => preparedRows(statement),
} as unknown as Pick<PrismaClient, "$queryRaw">;

/** A value of a fixed statement filled in per call (`fixedStatement`). */
class Slot {
  constructor(readonly key: string) {}
}

/**
 * A statement whose text never changes, only its values: built once (on its first run) with
 * `Slot`s where the per-call values go, then each run only fills in the values. Prisma's `Sql`
 * flattens every nested fragment and its text getter joins the fragments on each read, so a
 * statement built anew per call paid for both, for a text that is the same every time (and its
 * prepared-statement name looked up by hashing it): docs/benchmarks.md "The claim built once".
 */
export function fixedStatement<K extends string>(
  keys: readonly K[],
  build: (slots: Readonly<Record<K, unknown>>) => Prisma.Sql,
) {
  let built: { text: string; name: string | undefined; fill: ((args: Record<K, unknown>) => unknown)[] } | undefined;
  function compile() {
    const slots = Object.fromEntries(keys.map((k) => [k, new Slot(k)])) as Record<K, unknown>;
    const statement = build(slots);
    const fill = (statement.values as unknown[]).map((v) => {
      if (!(v instanceof Slot)) return () => v;
      const key = v.key as K;
      return (args: Record<K, unknown>) => args[key];
    });
    // A slot that went into a string (a template literal) instead of a value would be sent as
    // "[object Object]" text; refuse such a statement at its first run.
    const used = new Set((statement.values as unknown[]).flatMap((v) => (v instanceof Slot ? [v.key] : [])));
    const unused = keys.filter((k) => !used.has(k));
    if (unused.length) throw new Error(`fixedStatement: ${unused.join(", ")} not used as a value`);
    return { ...statementName(statement), fill };
  }
  return {
    async rows<T>(args: Record<K, unknown>): Promise<T[]> {
      built ??= compile();
      db();
      const values = built.fill.map((get) => get(args));
      const { text, name } = built;
      const pool = globalThis.prismaPool!;
      const result = name ? await pool.query({ name, text, values }) : await pool.query(text, values);
      return result.rows as T[];
    },
  };
}
