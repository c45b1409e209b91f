// The migrations that put the dispatcher's claim on index webhook_delivery_due
// (prisma/migrations/20261205150000_webhook_delivery_due builds it, 20261205150001_webhook_delivery_status_index_drop
// drops the index it replaces; docs/operations.md "Migrations that build an index concurrently"):
// every order's placement and status change writes webhook_delivery, so neither may hold those
// writes off while it runs, as a plain DROP INDEX and CREATE INDEX in one transaction did (an
// ACCESS EXCLUSIVE lock on the table for the whole build). Each runs on a database of its own in
// the test server, through scripts/migrate.mjs as a deploy runs them: one migrated up to them
// while a transaction that wrote webhook_delivery is still open, one whose build was cut short
// and retried as docs/operations.md says, and one that had run the first version of
// 20261205150000. All end with the indexes of a database migrated from scratch. Also what
// scripts/migrate.mjs resolve records of a migration, as docs/operations.md has an operator use it,
// and what its diff prints.
// Then the migration that parks the backlog of endpoints disabled before a disable parked it
// (prisma/migrations/20261205160000_webhook_delivery_park_disabled, docs/webhooks.md "Failing
// endpoints"), so the claim's walk of that index ends before it.
// The later pair that replaced webhook_delivery_due by a per-endpoint index
// (20261207100000_webhook_delivery_endpoint_due, 20261207100001_webhook_delivery_due_drop) is
// among the migrations each database here is taken through, so it too runs beside open writers.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const MIGRATIONS = path.resolve("prisma/migrations");
const BUILD = "20261205150000_webhook_delivery_due";
const DROP = "20261205150001_webhook_delivery_status_index_drop";
const PARK = "20261205160000_webhook_delivery_park_disabled";
/** BUILD's file as first committed, before any release carried it: what some databases ran. */
const BUILD_FIRST_VERSION = `DROP INDEX IF EXISTS "webhook_delivery_status_next_attempt_at_idx";
CREATE INDEX "webhook_delivery_due" ON "webhook_delivery" ("next_attempt_at", "created_at", "id")
  WHERE "status" = 'pending';
`;

const all = fs
  .readdirSync(MIGRATIONS)
  .filter((d) => fs.existsSync(path.join(MIGRATIONS, d, "migration.sql")))
  .sort();
const before = all.filter((d) => d < BUILD);

const folders: string[] = [];
const databases: string[] = [];
const clients: pg.Client[] = [];

function urlOf(database: string) {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function connect(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  clients.push(c);
  return c;
}

async function createDatabase(label: string) {
  const name = `webhook_due_${label}_${process.pid}`;
  const admin = await connect(urlOf("postgres"));
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  databases.push(name);
  return urlOf(name);
}

afterAll(async () => {
  for (const c of clients) await c.end().catch(() => undefined);
  const admin = new pg.Client({ connectionString: urlOf("postgres") });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder holding the schema and these migrations (a file's text replaced where given). */
function project(names: string[], replaced: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webhook-due-"));
  folders.push(dir);
  const to = path.join(dir, "prisma", "migrations");
  fs.mkdirSync(to, { recursive: true });
  fs.copyFileSync(path.resolve("prisma/schema.prisma"), path.join(dir, "prisma", "schema.prisma"));
  fs.copyFileSync(path.join(MIGRATIONS, "migration_lock.toml"), path.join(to, "migration_lock.toml"));
  for (const name of names) {
    fs.mkdirSync(path.join(to, name));
    const text = replaced[name] ?? fs.readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8");
    fs.writeFileSync(path.join(to, name, "migration.sql"), text);
  }
  return dir;
}

/** `node scripts/migrate.mjs deploy` in `dir` against `url`: its exit code and output. */
const deploy = (dir: string, url: string) => migrate(dir, url, ["deploy"]);

/** `node scripts/migrate.mjs <args>` in `dir` against `url`: its exit code and output. */
function migrate(dir: string, url: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve("scripts/migrate.mjs"), ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: url },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

/** webhook_delivery's indexes as Postgres defines them, and how many of the database's are invalid. */
async function indexesOf(url: string) {
  const c = await connect(url);
  const { rows } = await c.query<{ def: string }>(
    "SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'webhook_delivery' ORDER BY indexname",
  );
  const invalid = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_index WHERE NOT indisvalid");
  return { defs: rows.map((r) => r.def), invalid: invalid.rows[0]!.n };
}

const DUE_INDEX =
  "CREATE INDEX webhook_delivery_due ON public.webhook_delivery USING btree (next_attempt_at, created_at, id) WHERE (status = 'pending'::\"WebhookDeliveryStatus\")";
/** What replaced DUE_INDEX for the claim since (migrations 20261207100000 and 20261207100001). */
const ENDPOINT_DUE_INDEX =
  "CREATE INDEX webhook_delivery_endpoint_due ON public.webhook_delivery USING btree (endpoint_id, next_attempt_at, created_at, id) WHERE (status = 'pending'::\"WebhookDeliveryStatus\")";

describe("webhook_delivery migrations", () => {
  it("build the index and drop the old one without holding off writes to webhook_delivery", async () => {
    const url = await createDatabase("open_writer");
    expect(await deploy(project(before), url)).toMatchObject({ code: 0 });
    const seed = await connect(url);
    const reseller = "00000000-0000-4000-8000-000000000001";
    const endpoint = "00000000-0000-4000-8000-0000000000e1";
    await seed.query("INSERT INTO reseller (id, name, slug, updated_at) VALUES ($1, 'R', 'r', now())", [reseller]);
    await seed.query(
      `INSERT INTO webhook_endpoint (id, reseller_id, url, events, sealed_secret)
       VALUES ($1, $2, 'https://hooks.example/', '{order.placed}', '\\x00')`,
      [endpoint, reseller],
    );
    const write = (c: pg.Client) =>
      c.query(
        `INSERT INTO webhook_delivery (id, endpoint_id, reseller_id, event_type, payload)
         VALUES (gen_random_uuid(), $1, $2, 'order.placed', '{}')`,
        [endpoint, reseller],
      );

    // An order step that wrote its event and has not committed yet.
    const open = await connect(url);
    await open.query("BEGIN");
    await write(open);
    const openPid = (await open.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;

    const migrating = deploy(project(all), url);
    let done = false;
    void migrating.then(() => (done = true));
    // The migration now waits for that transaction ...
    const watch = await connect(url);
    for (let i = 0; i < 400 && !done; i++) {
      const { rows } = await watch.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))",
        [openPid],
      );
      if (rows[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // ... and meanwhile the next order step writes its event at once: nothing queues it behind the
    // migration (a plain DROP INDEX would, behind its ACCESS EXCLUSIVE lock, until the lock timeout).
    const next = await connect(url);
    await next.query("SET lock_timeout = '3s'");
    await write(next);

    await open.query("COMMIT");
    const result = await migrating;
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`${BUILD}, ${DROP}`);
    const migrated = await indexesOf(url);
    expect(migrated.defs).toContain(ENDPOINT_DUE_INDEX);
    expect(migrated.defs).not.toContain(DUE_INDEX);
    expect(migrated.defs.join("\n")).not.toContain("webhook_delivery_status_next_attempt_at_idx");
    expect(migrated.invalid).toBe(0);
    // The same indexes as the test database, migrated from scratch by the test setup.
    expect(migrated.defs).toEqual((await indexesOf(process.env.DATABASE_URL!)).defs);
  });

  it("a build cut short leaves an invalid index, and the steps docs/operations.md gives retry it", async () => {
    const url = await createDatabase("cut_short");
    expect(await deploy(project(before), url)).toMatchObject({ code: 0 });
    // The build waits for an open transaction on the table, and a statement timeout cuts it short.
    const open = await connect(url);
    await open.query("BEGIN");
    await open.query("LOCK TABLE webhook_delivery IN ROW EXCLUSIVE MODE");
    const timed = new URL(url);
    timed.searchParams.set("options", "-c statement_timeout=1000");
    const cut = await deploy(project(all), timed.toString());
    expect(cut.code, cut.out).toBe(1);
    expect(cut.out).toContain("statement timeout");
    await open.query("COMMIT");
    expect((await indexesOf(url)).invalid).toBe(1);
    // The next deploy stops at the failed migration; with the leftover still there, so does a retry.
    expect((await deploy(project(all), url)).out).toContain("failed migrations");
    // The steps as docs/operations.md gives them: its SQL, then its commands (npm run db:resolve
    // and db:migrate, run here as the scripts they name).
    const section = fs
      .readFileSync("docs/operations.md", "utf8")
      .split("## Migrations that build an index concurrently")[1]!;
    const fence = "```";
    const block = (lang: string) => section.split(`${fence}${lang}\n`)[1]!.split(fence)[0]!;
    const fix = await connect(url);
    for (const statement of block("sql")
      .split(";")
      .filter((s) => s.trim()))
      await fix.query(statement);
    const commands = block("sh").trim().split("\n");
    expect(commands).toEqual([`npm run db:resolve -- --rolled-back ${BUILD}`, "npm run db:migrate"]);
    // A migration that did not fail is not marked rolled back.
    const refused = await migrate(project(all), url, ["resolve", "--rolled-back", DROP]);
    expect(refused.code, refused.out).toBe(1);
    const resolved = await migrate(project(all), url, ["resolve", "--rolled-back", BUILD]);
    expect(resolved.code, resolved.out).toBe(0);
    const result = await deploy(project(all), url);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`applied ${BUILD}, ${DROP}`);
    const migrated = await indexesOf(url);
    expect(migrated.invalid).toBe(0);
    expect(migrated.defs).toEqual((await indexesOf(process.env.DATABASE_URL!)).defs);
  });

  it("are recorded as applied without running by resolve --applied, for SQL run by hand", async () => {
    const url = await createDatabase("resolved_applied");
    expect(await deploy(project(before), url)).toMatchObject({ code: 0 });
    const marked = await migrate(project(all), url, ["resolve", "--applied", BUILD]);
    expect(marked.code, marked.out).toBe(0);
    const result = await deploy(project(all), url);
    expect(result.code, result.out).toBe(0);
    expect(result.out).not.toContain(BUILD);
    // The build's SQL never ran: its index is not there, though the drop after it was applied.
    expect((await indexesOf(url)).defs).not.toContain(DUE_INDEX);
    // An unknown name is refused, and a usage line answers a resolve without one.
    expect((await migrate(project(all), url, ["resolve", "--applied", "20990101000000_none"])).code).toBe(1);
    expect(await migrate(project(all), url, ["resolve", "--rolled-back"])).toMatchObject({ code: 2 });
  });

  it("finish a database that ran the first version of the build as well, to the same indexes", async () => {
    const url = await createDatabase("first_version");
    const first = await deploy(project([...before, BUILD], { [BUILD]: BUILD_FIRST_VERSION }), url);
    expect(first.code, first.out).toBe(0);
    // The build is recorded as applied there and not run again (scripts/migrate.mjs does not
    // compare checksums); the drop finds nothing left to drop.
    const result = await deploy(project(all), url);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`applied ${DROP}`);
    expect(result.out).not.toContain(BUILD);
    const migrated = await indexesOf(url);
    expect(migrated.invalid).toBe(0);
    expect(migrated.defs).toEqual((await indexesOf(process.env.DATABASE_URL!)).defs);
  });

  it("park the pending deliveries of endpoints already disabled, and only those", async () => {
    const url = await createDatabase("park_disabled");
    expect(await deploy(project(all.filter((d) => d < PARK)), url)).toMatchObject({ code: 0 });
    const seed = await connect(url);
    const reseller = "00000000-0000-4000-8000-000000000002";
    await seed.query("INSERT INTO reseller (id, name, slug, updated_at) VALUES ($1, 'R', 'r', now())", [reseller]);
    const endpoint = async (id: string, disabled: boolean) =>
      seed.query(
        `INSERT INTO webhook_endpoint (id, reseller_id, url, events, sealed_secret, disabled_at)
         VALUES ($1, $2, 'https://hooks.example/', '{order.placed}', '\\x00', $3)`,
        [id, reseller, disabled ? new Date() : null],
      );
    const off = "00000000-0000-4000-8000-0000000000f1";
    const on = "00000000-0000-4000-8000-0000000000f2";
    await endpoint(off, true);
    await endpoint(on, false);
    // As an older version left them: the disabled endpoint's backlog due, one delivery of it failed
    // for good, one already parked; the enabled endpoint's delivery due.
    const delivery = (id: string, endpointId: string, status: string, next: string) =>
      seed.query(
        `INSERT INTO webhook_delivery (id, endpoint_id, reseller_id, event_type, payload, status, next_attempt_at)
         VALUES ($1, $2, $3, 'order.placed', '{}', $4::"WebhookDeliveryStatus", $5::timestamptz)`,
        [id, endpointId, reseller, status, next],
      );
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    await delivery(id(1), off, "pending", "2026-12-01T10:00:00Z");
    await delivery(id(2), off, "pending", "2026-12-01T11:00:00Z");
    await delivery(id(3), off, "failed", "2026-12-01T12:00:00Z");
    await delivery(id(4), off, "pending", "infinity");
    await delivery(id(5), on, "pending", "2026-12-01T13:00:00Z");

    const result = await deploy(project(all), url);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(PARK);
    await seed.query("SET TimeZone = 'UTC'");
    const { rows } = await seed.query<{ id: string; next: string }>(
      "SELECT id, next_attempt_at::text AS next FROM webhook_delivery ORDER BY id",
    );
    expect(rows.map((r) => r.next)).toEqual([
      "infinity",
      "infinity",
      "2026-12-01 12:00:00+00",
      "infinity",
      "2026-12-01 13:00:00+00",
    ]);
  });
});

describe("scripts/migrate.mjs diff", () => {
  it("prints the SQL between two schema files, connecting to a database it leaves as it was", async () => {
    const url = await createDatabase("diff_only");
    const dir = project([]);
    const full = await migrate(dir, url, ["diff"]);
    expect(full.code, full.out).toBe(0);
    expect(full.out).toContain('CREATE TABLE "order"');
    const same = await migrate(dir, url, ["diff", path.join(dir, "prisma", "schema.prisma")]);
    expect(same.out).toContain("This is an empty migration.");
    const c = await connect(url);
    const { rows } = await c.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(rows[0]!.n).toBe(0);
    // Without a database to connect to it says so, rather than fail inside the engine.
    const alone = await migrate(dir, "", ["diff"]);
    expect(alone.code).toBe(2);
    expect(alone.out).toContain("DATABASE_URL is not set");
  });
});
