// What the order table's GIN (trigram) indexes cost each write, with and without their pending
// list (docs/benchmarks/latency.md "The GIN pending list's merges"). Every status change of an order is
// a non-HOT update (status is indexed), so it adds the row's trigrams to every GIN index on the
// table. With fastupdate on (Postgres's default) they are appended to a pending list, cheap,
// until the list passes gin_pending_list_limit (4 MB): the write that crosses it merges the whole
// list into the index, and so does every vacuum or autoanalyze of the table. This times N
// single-row status updates, one statement each, in both settings, on a table of `rows` orders,
// and a merge of the pending list the first phase left. Commits are asynchronous in this session
// (only here) so that the figures are the index work, not the disk's flush. Figures only.
//   Run: npx tsx scripts/bench/gin-pending-list.ts [updates=8000] [rows=20000]
import { performance } from "node:perf_hooks";
import pg from "pg";
import { startStack } from "../lib/stack";
import { percentile, sortNumbers } from "./lib/bench-kit";
import { seedResellers, seedSkewedOrders } from "./lib/bench-seed";

const UPDATES = Number(process.argv[2] ?? 8000);
const ROWS = Number(process.argv[3] ?? 20000);

const stack = await startStack();
const client = new pg.Client({ connectionString: stack.env.DATABASE_URL });
await client.connect();
const q = (text: string, values?: unknown[]) => client.query(text, values);
const sql = async (text: string) => void (await q(text));

async function ginIndexes(): Promise<string[]> {
  const r = await q(`SELECT c.relname FROM pg_class c JOIN pg_am am ON am.oid = c.relam
    JOIN pg_index i ON i.indexrelid = c.oid WHERE am.amname = 'gin' AND i.indrelid = '"order"'::regclass`);
  return r.rows.map((x) => x.relname as string);
}

async function pendingPages(index: string): Promise<number> {
  return Number((await q(`SELECT pending_pages FROM pgstatginindex($1::regclass)`, [index])).rows[0].pending_pages);
}

async function walBytes(): Promise<number> {
  return Number((await q(`SELECT pg_current_wal_lsn() - '0/0'::pg_lsn AS b`)).rows[0].b);
}

/** UPDATES single-row status changes of distinct orders, each its own statement and transaction. */
async function timedUpdates(ids: string[], label: string): Promise<void> {
  const times: number[] = [];
  const walAt = await walBytes();
  const cpuAt = process.cpuUsage();
  for (const [i, id] of ids.entries()) {
    const t = performance.now();
    await q(`UPDATE "order" SET status = $2::"OrderStatus", version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
      i % 2 ? "queued" : "provisioning",
    ]);
    times.push(performance.now() - t);
  }
  const wal = (await walBytes()) - walAt;
  const sorted = sortNumbers(times);
  const slow = times.map((ms, i) => ({ ms, i })).filter((x) => x.ms >= 20);
  const total = times.reduce((s, x) => s + x, 0);
  const cpu = process.cpuUsage(cpuAt);
  console.log(
    `${label}: ${ids.length} updates, ms p50 ${percentile(sorted, 50).toFixed(2)}, p99 ${percentile(sorted, 99).toFixed(2)}, ` +
      `max ${sorted.at(-1)?.toFixed(1)}, mean ${(total / ids.length).toFixed(3)}; WAL ${(wal / ids.length).toFixed(0)} bytes per update; ` +
      `updates ≥ 20 ms: ${slow.map((x) => `#${x.i} ${x.ms.toFixed(0)} ms`).join(", ") || "none"} (client CPU ${((cpu.user + cpu.system) / 1000 / ids.length).toFixed(3)} ms per update)`,
  );
}

try {
  await sql("CREATE EXTENSION IF NOT EXISTS pgstattuple");
  await sql("SET synchronous_commit = off");
  await seedResellers(sql, { resellers: 10, customers: 1000, layout: "spread" });
  await seedSkewedOrders(sql, { from: 1, to: ROWS, resellers: 10, customers: 1000 });
  await sql(`VACUUM (ANALYZE) "order"`);
  const indexes = await ginIndexes();
  const ids = (await q(`SELECT id FROM "order" ORDER BY random() LIMIT ${2 * UPDATES}`)).rows.map(
    (r) => r.id as string,
  );
  console.log(`${ROWS} orders; GIN indexes on the order table: ${indexes.join(", ")}`);

  await timedUpdates(ids.slice(0, UPDATES), "fastupdate on (pending list, 4 MB)");
  for (const index of indexes) {
    const pages = await pendingPages(index);
    const t = performance.now();
    await q(`SELECT gin_clean_pending_list($1::regclass)`, [index]);
    console.log(
      `  merge of ${index}'s pending list left by them: ${pages} pages in ${(performance.now() - t).toFixed(0)} ms`,
    );
  }
  for (const index of indexes) await sql(`ALTER INDEX "${index}" SET (fastupdate = off)`);
  await timedUpdates(ids.slice(UPDATES), "fastupdate off (straight into the index)");
} finally {
  await client.end();
  await stack.stop();
}
process.exit(0);
