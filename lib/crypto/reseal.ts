// The second half of a SECRETS_KEY rotation (docs/operations.md "Rotate SECRETS_KEY"): every
// sealed value still sealed with the previous key is sealed again with the current one, so the
// previous key can be dropped. Each value keeps its own associated data (an order's id, a user's
// "totp:<id>", an endpoint's "webhook:<id>"), so a value never moves to another row. A row is
// written only if it still holds the value read (a row changed meanwhile is left for the next
// run); a value no key opens is counted and left alone.
import { Prisma, sqlRows } from "@/lib/db";
import { open, seal } from "./seal";

type Column = { table: string; column: string; aad: (id: string) => string };

/** Every column that holds a value sealed with SECRETS_KEY, with the associated data it was sealed for. */
const SEALED_COLUMNS: readonly Column[] = [
  { table: "order", column: "sealed_secret", aad: (id) => id },
  { table: "app_user", column: "totp_secret", aad: (id) => `totp:${id}` },
  { table: "app_user", column: "totp_pending_secret", aad: (id) => `totp:${id}` },
  { table: "webhook_endpoint", column: "sealed_secret", aad: (id) => `webhook:${id}` },
  { table: "webhook_endpoint", column: "previous_sealed_secret", aad: (id) => `webhook:${id}` },
];

export type ResealCount = {
  table: string;
  column: string;
  /** Sealed again with the current key. */
  resealed: number;
  /** Already sealed with the current key. */
  current: number;
  /** Opened by no key given: left as it was (sealed with a key no longer known, or altered). */
  unreadable: number;
  /** The rows of the first few of those, so the operator can find them. */
  unreadableIds: string[];
  /** Changed by someone else between the read and the write: left for the next run. */
  changedMeanwhile: number;
};

const BATCH = 500;
const UNREADABLE_IDS_SHOWN = 10;

export async function resealAll(keys: { current: Buffer; previous: readonly Buffer[] }): Promise<ResealCount[]> {
  // An endpoint's previous signing secret is used only until `previous_until`
  // (lib/webhooks/deliver.ts). Past that it is dead data: it is cleared, not sealed again, so a
  // retired key cannot open it later, and one sealed with a key lost before does not keep the
  // reseal from ever finishing. The rows are locked in id order first, the order a password change
  // locks a reseller's endpoints in (lib/webhooks/endpoints.ts): in the table's order the two could
  // wait on each other in a cycle.
  await sqlRows(Prisma.sql`
    UPDATE webhook_endpoint SET previous_sealed_secret = NULL
    WHERE id IN (SELECT id FROM webhook_endpoint WHERE previous_sealed_secret IS NOT NULL AND previous_until <= now()
                 ORDER BY id FOR UPDATE)
    RETURNING id`);
  const counts: ResealCount[] = [];
  for (const c of SEALED_COLUMNS) counts.push(await resealColumn(c, keys));
  return counts;
}

async function resealColumn(c: Column, keys: { current: Buffer; previous: readonly Buffer[] }) {
  const count: ResealCount = {
    table: c.table,
    column: c.column,
    resealed: 0,
    current: 0,
    unreadable: 0,
    unreadableIds: [],
    changedMeanwhile: 0,
  };
  const table = Prisma.raw(`"${c.table}"`);
  const column = Prisma.raw(`"${c.column}"`);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await sqlRows<{ id: string; sealed: Uint8Array }>(Prisma.sql`
      SELECT id::text AS id, ${column} AS sealed FROM ${table}
      WHERE ${column} IS NOT NULL AND id > ${after}::uuid ORDER BY id LIMIT ${BATCH}`);
    if (rows.length === 0) return count;
    after = rows.at(-1)!.id;
    for (const row of rows) {
      const aad = c.aad(row.id);
      if (opens(row.sealed, aad, [keys.current])) {
        count.current++;
        continue;
      }
      const secrets = opens(row.sealed, aad, keys.previous);
      if (!secrets) {
        count.unreadable++;
        if (count.unreadableIds.length < UNREADABLE_IDS_SHOWN) count.unreadableIds.push(row.id);
        continue;
      }
      const updated = await sqlRows<{ id: string }>(Prisma.sql`
        UPDATE ${table} SET ${column} = ${new Uint8Array(seal(secrets, aad, keys.current))}
        WHERE id = ${row.id}::uuid AND ${column} = ${row.sealed} RETURNING id`);
      if (updated.length) count.resealed++;
      else count.changedMeanwhile++;
    }
  }
}

function opens(sealed: Uint8Array, aad: string, keys: readonly Buffer[]) {
  if (keys.length === 0) return undefined;
  try {
    return open(sealed, aad, keys);
  } catch {
    return undefined;
  }
}
