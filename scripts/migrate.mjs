// Applies the committed SQL migrations in prisma/migrations with Prisma's own migration engine,
// compiled to WebAssembly. The Prisma CLI needs a native schema engine that it downloads on
// first use, which these machines cannot do; this runner writes the same `_prisma_migrations`
// table, so `prisma migrate deploy` works on the same database anywhere the CLI does.
//
//   node scripts/migrate.mjs deploy            apply pending migrations (idempotent)
//   node scripts/migrate.mjs diff [old.prisma] print the SQL from old schema (or empty) to now
//                                              (connects to DATABASE_URL, changes nothing there)
//   node scripts/migrate.mjs resolve --rolled-back <name>
//                                              mark a failed migration rolled back, so the next
//                                              deploy runs it again (docs/operations.md)
//   node scripts/migrate.mjs resolve --applied <name>
//                                              record a migration as applied without running it,
//                                              for one whose SQL was run by hand
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";

const [cmd, ...args] = process.argv.slice(2);
// diff: the old schema file (none: from an empty database); resolve: the flag, then the name.
const from = cmd === "diff" ? args[0] : undefined;
const [flag, name] = cmd === "resolve" ? args : [];
const resolveAs = ["--rolled-back", "--applied"].includes(flag) && name ? flag : null;
if (cmd !== "deploy" && cmd !== "diff" && !resolveAs) {
  console.error(
    "usage: node scripts/migrate.mjs deploy | diff [old.prisma] | resolve --rolled-back <name> | resolve --applied <name>",
  );
  process.exit(2);
}
// Every command connects, `diff` too: the engine opens its connection to the database before it
// compares two schema files (it writes nothing there; any Postgres it can reach will do).
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("migrate: DATABASE_URL is not set (diff needs a Postgres to connect to as well; it changes nothing)");
  process.exit(2);
}

const wasmPath = createRequire(import.meta.url)
  .resolve("@prisma/schema-engine-wasm/schema_engine_bg")
  .replace(/\.js$/, ".wasm");
const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {
  "./schema_engine_bg.js": bg,
});
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

const schemaPath = path.resolve("prisma/schema.prisma");
const dir = path.resolve("prisma/migrations");
const file = (p) => ({ path: path.resolve(p), content: fs.readFileSync(p, "utf8") });
const filters = { externalTables: [], externalEnums: [] };
const engine = await bg.SchemaEngine.new(
  { datamodels: [[schemaPath, fs.readFileSync(schemaPath, "utf8")]] },
  () => {},
  bindMigrationAwareSqlAdapterFactory(wholeScriptAdapter(new PrismaPg({ connectionString: url }))),
);

// adapter-pg runs a script by splitting it on every ";", which cuts PL/pgSQL function bodies
// (our audit triggers) apart. Postgres accepts a whole multi-statement script in one simple
// query and runs it as one implicit transaction, so send it unsplit.
function wholeScriptAdapter(factory) {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      adapter.executeScript = async (script) => {
        try {
          await adapter.client.query(script);
        } catch (error) {
          adapter.onError(error);
        }
      };
      return adapter;
    },
    connectToShadowDb: (...args) => factory.connectToShadowDb(...args),
  };
}

// The committed migrations, as the engine reads a migrations folder.
function migrationsList() {
  const dirs = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))
        .sort()
    : [];
  return {
    baseDir: dir,
    shadowDbInitScript: "",
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(path.join(dir, "migration_lock.toml"))
        ? fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8")
        : null,
    },
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8") },
      },
    })),
  };
}

try {
  if (resolveAs === "--rolled-back") {
    // The engine refuses a migration that is not failed (applied, or never run).
    await engine.markMigrationRolledBack({ migrationName: name });
    console.log(`migrate: ${name} marked rolled back; the next deploy runs it again`);
  } else if (resolveAs === "--applied") {
    await engine.markMigrationApplied({ migrationName: name, migrationsList: migrationsList() });
    console.log(`migrate: ${name} recorded as applied, not run`);
  } else if (cmd === "diff") {
    const r = await engine.diff({
      from: from ? { tag: "schemaDatamodel", files: [file(from)] } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [file(schemaPath)] },
      script: true,
      exitCode: null,
      filters,
    });
    process.stdout.write(r.stdout ?? "");
  } else {
    const r = await engine.applyMigrations({ filters, migrationsList: migrationsList() });
    const applied = r.appliedMigrationNames ?? [];
    console.log(applied.length ? `migrate: applied ${applied.join(", ")}` : "migrate: database is up to date");
  }
} catch (err) {
  console.error("migrate failed:", err?.message ?? err);
  process.exit(1);
}
// The pg pool would otherwise keep node alive for ~10 s.
process.exit(0);
