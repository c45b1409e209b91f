// Checks the operations files that no test exercises by running them (docs/observability.md):
//   ops/prometheus/alerts.yml   promtool check rules + promtool test rules when promtool is
//                               installed (Debian: prometheus), and always: every rule has a
//                               severity and a runbook link to an existing docs heading, and
//                               every portal_* metric it uses is one the code defines
//   ops/grafana/portal.json     valid JSON, unique panel ids, only metrics the code defines
//   docker-compose.yml          a schema of the Compose keys this project uses (no Docker
//                               engine here), references between services, and the web and
//                               worker commands equal the ones the tests and npm scripts run
//   Dockerfile                  hadolint when installed, else the rules below
//   node scripts/check-ops.mjs  (exit 1 with every problem listed)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import YAML from "yaml";
import { headingAnchors } from "./lib/markdown-anchors.mjs";
import { WORKER_ENV, WORKER_NODE_ARGS } from "./lib/worker-build.mjs";

const root = path.resolve(import.meta.dirname, "..");
const read = (p) => fs.readFileSync(path.join(root, p), "utf8");
const problems = [];
const problem = (file, msg) => problems.push(`${file}: ${msg}`);
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const run = (file, cmd, args, cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  if (r.status !== 0) problem(file, `${cmd} ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  else console.log(`ok  ${cmd} ${args.join(" ")}`);
};

// Metric names the code defines (lib/metrics: any "portal_…" string there names a metric, whether
// written as `name: "portal_…"` or passed to the registry's counter()/histogram() helpers) plus the
// prom-client defaults and Prometheus' own.
const defined = new Set(
  fs
    .readdirSync(path.join(root, "lib/metrics"))
    .flatMap((f) => [...read(`lib/metrics/${f}`).matchAll(/"(portal_[a-z_]+)"/g)].map((m) => m[1])),
);
const known = (name) =>
  defined.has(name) || defined.has(name.replace(/_(bucket|sum|count)$/, "")) || !name.startsWith("portal_");
const metricsIn = (expr) => [...expr.matchAll(/\b(portal_[a-z_]+)/g)].map((m) => m[1]);

// --- alerts
const anchors = headingAnchors(read("docs/observability.md"));
const alertsFile = "ops/prometheus/alerts.yml";
const alerts = YAML.parse(read(alertsFile));
const rules = (alerts?.groups ?? []).flatMap((g) => g.rules ?? []);
if (rules.length === 0) problem(alertsFile, "no rules");
for (const r of rules) {
  const name = r.alert ?? "(unnamed)";
  if (!r.alert || typeof r.expr !== "string") problem(alertsFile, `${name}: needs alert and expr`);
  if (!["page", "warn"].includes(r.labels?.severity))
    problem(alertsFile, `${name}: labels.severity must be page or warn`);
  for (const k of ["summary", "description", "runbook_url"])
    if (!r.annotations?.[k]) problem(alertsFile, `${name}: annotations.${k} missing`);
  const anchor = /#(.+)$/.exec(r.annotations?.runbook_url ?? "")?.[1];
  if (!anchor || !anchors.has(anchor))
    problem(alertsFile, `${name}: runbook_url must point at a heading of docs/observability.md`);
  for (const m of metricsIn(r.expr ?? "")) if (!known(m)) problem(alertsFile, `${name}: unknown metric ${m}`);
}
if (has("promtool")) {
  run(alertsFile, "promtool", ["check", "rules", alertsFile]);
  run(alertsFile, "promtool", ["test", "rules", "alerts.test.yml"], path.join(root, "ops/prometheus"));
} else console.log("--  promtool not installed (Debian: apt-get install prometheus): structure checks only");

// --- dashboard
const dashFile = "ops/grafana/portal.json";
try {
  const dash = JSON.parse(read(dashFile));
  const ids = dash.panels.map((p) => p.id);
  if (new Set(ids).size !== ids.length) problem(dashFile, "panel ids repeat");
  for (const p of dash.panels)
    for (const t of p.targets ?? [])
      for (const m of metricsIn(t.expr ?? "")) if (!known(m)) problem(dashFile, `${p.title}: unknown metric ${m}`);
} catch (err) {
  problem(dashFile, `not valid JSON: ${err.message}`);
}

// --- docker-compose.yml
const composeFile = "docker-compose.yml";
const compose = YAML.parse(read(composeFile), { merge: true });
const duration = { type: "string", pattern: "^([0-9]+(\\.[0-9]+)?(us|ms|s|m|h))+$" };
const strList = { type: "array", items: { type: "string" } };
const schema = {
  type: "object",
  required: ["services"],
  properties: {
    services: {
      type: "object",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        anyOf: [{ required: ["image"] }, { required: ["build"] }],
        properties: {
          image: { type: "string", pattern: "^[a-z0-9./_-]+(:[A-Za-z0-9._-]+)?$" },
          build: { oneOf: [{ type: "string" }, { type: "object" }] },
          command: strList,
          entrypoint: strList,
          environment: { type: "object", additionalProperties: { type: ["string", "number", "boolean", "null"] } },
          env_file: { oneOf: [{ type: "string" }, strList] },
          ports: strList,
          expose: strList,
          volumes: strList,
          restart: { enum: ["no", "always", "on-failure", "unless-stopped"] },
          stop_grace_period: duration,
          depends_on: {
            oneOf: [
              strList,
              {
                type: "object",
                additionalProperties: {
                  type: "object",
                  additionalProperties: false,
                  required: ["condition"],
                  properties: {
                    condition: { enum: ["service_started", "service_healthy", "service_completed_successfully"] },
                    restart: { type: "boolean" },
                  },
                },
              },
            ],
          },
          healthcheck: {
            type: "object",
            additionalProperties: false,
            properties: {
              test: {
                oneOf: [{ type: "string" }, { type: "array", items: { type: "string" }, minItems: 1 }],
              },
              interval: duration,
              timeout: duration,
              start_period: duration,
              start_interval: duration,
              retries: { type: "integer", minimum: 1 },
              disable: { type: "boolean" },
            },
          },
        },
      },
    },
    volumes: { type: "object" },
  },
  patternProperties: { "^x-": {} },
  additionalProperties: false,
};
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
if (!ajv.validate(schema, compose))
  for (const e of ajv.errors) problem(composeFile, `${e.instancePath || "/"} ${e.message}`);
const services = compose.services ?? {};
for (const [name, s] of Object.entries(services)) {
  const deps = Array.isArray(s.depends_on)
    ? Object.fromEntries(s.depends_on.map((d) => [d, {}]))
    : (s.depends_on ?? {});
  for (const [dep, how] of Object.entries(deps)) {
    if (!services[dep]) problem(composeFile, `${name} depends on unknown service ${dep}`);
    else if (how.condition === "service_healthy" && !services[dep].healthcheck)
      problem(composeFile, `${name} waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
  }
  if (
    s.healthcheck &&
    Array.isArray(s.healthcheck.test) &&
    !["CMD", "CMD-SHELL", "NONE"].includes(s.healthcheck.test[0])
  )
    problem(composeFile, `${name}: healthcheck.test must start with CMD, CMD-SHELL or NONE`);
  for (const v of s.volumes ?? []) {
    const named = v.split(":")[0];
    if (!named.startsWith(".") && !named.startsWith("/") && !(named in (compose.volumes ?? {})))
      problem(composeFile, `${name}: volume ${named} is not declared under volumes`);
  }
}
for (const name of ["web", "worker"])
  if (!services[name]?.healthcheck) problem(composeFile, `${name} needs a healthcheck (docs/observability.md)`);

// The image runs what the tests and npm scripts run.
const pkg = JSON.parse(read("package.json"));
const dockerfile = read("Dockerfile");
const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
const webCommand = services.web?.command ?? [];
if (!cmd || JSON.stringify(JSON.parse(cmd)) !== JSON.stringify(webCommand))
  problem("Dockerfile", `CMD ${cmd} differs from docker-compose.yml's web command ${JSON.stringify(webCommand)}`);
if (pkg.scripts.start.split(" ").slice(0, 2).join(" ") !== webCommand.slice(0, 2).join(" "))
  problem(composeFile, `web command ${webCommand.join(" ")} is not npm start's (${pkg.scripts.start})`);
if (!read("tests/support/e2e/web.ts").includes('"scripts/server.mjs"'))
  problem(composeFile, "the e2e tier no longer starts scripts/server.mjs: keep the image's web command the tested one");
// npm run worker = the worker's environment (WORKER_ENV, which the image sets with ENV) + its command.
const workerEnv = Object.entries(WORKER_ENV).map(([k, v]) => `${k}=${v}`);
if ([...workerEnv, ...(services.worker?.command ?? [])].join(" ") !== pkg.scripts.worker)
  problem(composeFile, `worker command differs from npm run worker (${pkg.scripts.worker})`);
if (pkg.scripts.worker !== [...workerEnv, "node", ...WORKER_NODE_ARGS].join(" "))
  problem(
    "package.json",
    `npm run worker is not ${workerEnv.join(" ")} node ${WORKER_NODE_ARGS.join(" ")}, which the tests and benchmarks start`,
  );
for (const e of workerEnv)
  if (!new RegExp(`^ENV ${e}$`, "m").test(dockerfile)) problem("Dockerfile", `the image must set ENV ${e}`);
// Extra node flags come only from a benchmark's profiling knob (BENCH_WORKER_NODE_ARGS), before the bundle.
if (
  !/spawn\(process\.execPath, (WORKER_NODE_ARGS|\[\.\.\.extraNodeArgs, \.\.\.WORKER_NODE_ARGS\])/.test(
    read("scripts/lib/worker-process.ts"),
  )
)
  problem(
    composeFile,
    "the integration tier no longer starts the compiled worker (WORKER_NODE_ARGS): keep the worker command the tested one",
  );
// The other containers reach the simulators by service name: loopback inside theirs would refuse them.
if (services.simulators && services.simulators.environment?.SIM_HOST !== "0.0.0.0")
  problem(composeFile, "simulators must listen beyond their container's loopback (SIM_HOST: 0.0.0.0)");
if (!/RUN .*node scripts\/build-worker\.mjs/.test(dockerfile))
  problem("Dockerfile", "the build stage must compile the worker (node scripts/build-worker.mjs)");

// --- Dockerfile
if (has("hadolint")) run("Dockerfile", "hadolint", ["Dockerfile"]);
else {
  console.log("--  hadolint not installed (not in Debian): the Dockerfile rules below only");
  const lines = dockerfile.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
  for (const l of lines.filter((l) => /^FROM\s/i.test(l))) {
    const image = l.split(/\s+/)[1];
    if (!/:[^:]+$/.test(image) || image.endsWith(":latest")) problem("Dockerfile", `${l}: pin the image's tag`);
  }
  for (const l of lines.filter((l) => /^(CMD|ENTRYPOINT)\s/i.test(l)))
    if (!/^\w+\s+\[/.test(l)) problem("Dockerfile", `${l}: use the exec form (JSON array) so signals reach node`);
  const lastFrom = lines.findLastIndex((l) => /^FROM\s/i.test(l));
  const users = lines.slice(lastFrom).filter((l) => /^USER\s/i.test(l));
  if (!users.length || /^USER\s+(root|0)\b/i.test(users.at(-1)))
    problem("Dockerfile", "the final stage must run as a non-root USER");
  for (const l of lines) {
    if (/^ADD\s/i.test(l) && !/https?:/.test(l)) problem("Dockerfile", `${l}: use COPY for local files`);
    if (/apt-get install/.test(l) && !/--no-install-recommends/.test(l))
      problem("Dockerfile", `${l}: add --no-install-recommends`);
    if (/\bnpm install\b/.test(l)) problem("Dockerfile", `${l}: use npm ci (the lockfile decides)`);
    if (/^(ENV|ARG)\s/i.test(l) && /(SECRET|PASSWORD|TOKEN|_KEY)\b/i.test(l))
      problem("Dockerfile", `${l}: no secrets in the image`);
  }
}

if (problems.length) {
  console.error(
    `\n${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  ${p}`).join("\n")}`,
  );
  process.exit(1);
}
console.log("ops files ok");
