// `npm run chaos [-- --orders N --workers N --seconds S --metrics-port P]`: the full fault run,
// its table, and a non-zero exit when a bar is missed (docs/reliability.md "The proof"). With
// --metrics-port, worker i serves /metrics on P + i for the run (docs/observability.md).
import { parseArgs } from "node:util";
import { runChaos } from "./chaos";
import { barsMet, formatReport } from "./verify";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "1000" },
    workers: { type: "string", default: "3" },
    seconds: { type: "string", default: "60" },
    "metrics-port": { type: "string", default: "0" },
  },
});
const started = Date.now();
const report = await runChaos({
  orders: Number(values.orders),
  workers: Number(values.workers),
  faultSeconds: Number(values.seconds),
  metricsPortBase: Number(values["metrics-port"]) || undefined,
  workerKills: 10,
  redisKills: 2,
  postgresRestarts: 2,
  log: (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}`),
});
console.log(`\n${formatReport(report)}`);
console.log(
  `\nload average at the end: ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
process.exit(barsMet(report) ? 0 : 1);
