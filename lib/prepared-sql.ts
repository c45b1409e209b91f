// Named prepared statements for the worker's per-order statements and the web's placing ones
// (docs/benchmarks/postgres.md "Prepared statements on the hot path"). `sqlRows` sends each statement
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
  return sendFilled<T>({ ...statementName(statement), values: statement.values as unknown[] });
}

/** `preparedRows` in the shape of the client's `$queryRaw`, for `transition()` and friends. */
export const preparedSql = {
  $queryRaw: (statement: Prisma.Sql) => preparedRows(statement),
} as unknown as Pick<PrismaClient, "$queryRaw">;

/**
 * A value of a fixed statement filled in per call (`fixedStatement`). Turning one into text (a
 * template literal, `String()`, JSON, arithmetic) would put "[object Object]" in the statement
 * instead of a parameter, so each of those throws at the statement's first run.
 */
class Slot {
  /** `from`: which of a call's value records holds it (`fixedStatementPerShape`). */
  constructor(
    readonly key: string,
    readonly from = 0,
  ) {}
  private refuse(): never {
    throw new Error(`fixedStatement: ${this.key} not used as a value (put into the text)`);
  }
  toString(): string {
    return this.refuse();
  }
  toJSON(): never {
    return this.refuse();
  }
  [Symbol.toPrimitive](): never {
    return this.refuse();
  }
}

type Values = Record<string, unknown>;
type Compiled = { text: string; name: string | undefined; fill: ((args: readonly Values[]) => unknown)[] };

/**
 * Builds a statement with a `Slot` for each key, once: its text, its prepared name and, per
 * parameter, where its value comes from (a call's value for a slot, else the value built in).
 * `keys`: those of each record of values a call gives (no key in two records). `allKeys`:
 * every key must end up a parameter (a fixed statement's keys are exactly its values).
 */
function compile(keys: readonly (readonly string[])[], build: (slots: Values) => Prisma.Sql, allKeys: boolean) {
  const slots: Values = {};
  keys.forEach((record, from) => {
    for (const k of record) {
      if (k in slots) throw new Error(`fixedStatement: ${k} is in two records of values`);
      slots[k] = new Slot(k, from);
    }
  });
  const statement = build(slots);
  const values = statement.values as unknown[];
  // A value left undefined is a key the builder read but the call does not give.
  if (values.includes(undefined)) throw new Error("fixedStatement: a value is undefined (a key the call lacks?)");
  const fill = values.map((v) => {
    if (!(v instanceof Slot)) return () => v;
    const { key, from } = v;
    return (args: readonly Values[]) => args[from]?.[key];
  });
  if (allKeys) {
    const used = new Set(values.flatMap((v) => (v instanceof Slot ? [v.key] : [])));
    const unused = keys.flat().filter((k) => !used.has(k));
    if (unused.length) throw new Error(`fixedStatement: ${unused.join(", ")} not used as a value`);
  }
  return { ...statementName(statement), fill };
}

/** A statement ready to send: its text, its prepared name (if any) and this call's values. */
export type FilledStatement = { text: string; name: string | undefined; values: unknown[] };

const filled = (built: Compiled, args: readonly Values[]): FilledStatement => ({
  text: built.text,
  name: built.name,
  values: built.fill.map((get) => get(args)),
});

/** Sends a filled statement on the pool, prepared under its name when it has one. */
export async function sendFilled<T>({ text, name, values }: FilledStatement): Promise<T[]> {
  db();
  const pool = globalThis.prismaPool!;
  const result = name ? await pool.query({ name, text, values }) : await pool.query(text, values);
  return result.rows as T[];
}

/**
 * A statement whose text never changes, only its values: built once (on its first run) with
 * `Slot`s where the per-call values go, then each run only fills in the values. Prisma's `Sql`
 * flattens every nested fragment and its text getter joins the fragments on each read, so a
 * statement built anew per call paid for both, for a text that is the same every time (and its
 * prepared-statement name looked up by hashing it): docs/benchmarks/worker.md "The claim built once".
 */
export function fixedStatement<K extends string>(
  keys: readonly K[],
  build: (slots: Readonly<Record<K, unknown>>) => Prisma.Sql,
) {
  let built: Compiled | undefined;
  return {
    async rows<T>(args: Record<K, unknown>): Promise<T[]> {
      built ??= compile([keys], build as (slots: Values) => Prisma.Sql, true);
      return sendFilled<T>(filled(built, [args]));
    },
  };
}

/**
 * `fixedStatement` for a statement whose text takes one of a few shapes (a step's SET list
 * varies with what it patches): one fixed statement per shape, built on the first run of that
 * shape with a slot for each key of that call's records of values (kept apart rather than
 * merged into one object per call). The builder may read only `shape` and the slots; what it
 * reads of `shape` must be in its key (`keyOf`): two shapes with one key share the text built for
 * the first. docs/benchmarks/worker.md "The outcome built once per shape".
 */
export function fixedStatementPerShape<S>(
  build: (shape: S, slots: Readonly<Values>) => Prisma.Sql,
  keyOf: (shape: S) => string,
) {
  const byShape = new Map<string, Compiled>();
  return {
    /** The statement of this shape with this call's values, built if it is the shape's first. */
    statement(shape: S, args: readonly Values[]): FilledStatement {
      const key = keyOf(shape);
      let built = byShape.get(key);
      if (!built) {
        built = compile(
          args.map((a) => Object.keys(a)),
          (slots) => build(shape, slots),
          false,
        );
        byShape.set(key, built);
      }
      return filled(built, args);
    },
  };
}
