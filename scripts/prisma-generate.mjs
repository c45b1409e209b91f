// Runs `prisma generate` without letting the CLI download its native schema engine, which
// these machines cannot fetch (see README "Toolchain"): generate never executes the engine, so
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

if (!fs.existsSync("prisma/schema.prisma")) process.exit(0);
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false" };
env.DATABASE_URL ??= "postgresql://placeholder@127.0.0.1:5432/placeholder";
const r = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
