// The local stand-ins for grommunio and Qboxmail (docs/design.md#processes): `npm run simulators`
// or `startSimulators()` from tests. State (and the ledger) survive restarts when a state file
// is given, so the demo keeps its upstream resources across runs.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Ledger, type LedgerState } from "./common/ledger";
import { type SimServer, startSimServer } from "./common/server";
import type { SimProvider } from "./common/types";
import { simulatorEnv } from "./env";
import { createGrommunioSimulator } from "./grommunio";
import { createQboxmailSimulator } from "./qboxmail";

export const SIM_CREDENTIALS = {
  grommunioUser: "admin",
  grommunioPassword: "sim-grommunio-secret",
  qboxmailToken: "sim-qboxmail-token",
} as const;

export type SimulatorsOptions = { grommunioPort?: number; qboxmailPort?: number; host?: string; stateFile?: string };
export type Simulators = {
  grommunioUrl: string; // API base, ends in /api/v1
  grommunioOrigin: string; // for /__sim/ control routes
  qboxmailUrl: string;
  close(): Promise<void>;
};

type SavedState = {
  version: 1;
  grommunio?: unknown;
  qboxmail?: unknown;
  ledgers?: { grommunio?: LedgerState; qboxmail?: LedgerState };
};

export async function startSimulators(opts: SimulatorsOptions = {}): Promise<Simulators> {
  const grommunio = createGrommunioSimulator({
    users: { [SIM_CREDENTIALS.grommunioUser]: SIM_CREDENTIALS.grommunioPassword },
  });
  const qboxmail = createQboxmailSimulator({ tokens: { [SIM_CREDENTIALS.qboxmailToken]: "reseller" } });
  const ledgers = { grommunio: new Ledger(), qboxmail: new Ledger() };

  const saved =
    opts.stateFile && fs.existsSync(opts.stateFile)
      ? (JSON.parse(fs.readFileSync(opts.stateFile, "utf8")) as SavedState)
      : undefined;
  if (saved?.grommunio) grommunio.restore(saved.grommunio);
  if (saved?.qboxmail) qboxmail.restore(saved.qboxmail);
  ledgers.grommunio.restore(saved?.ledgers?.grommunio);
  ledgers.qboxmail.restore(saved?.ledgers?.qboxmail);

  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (!opts.stateFile) return;
    const state: SavedState = {
      version: 1,
      grommunio: grommunio.snapshot(),
      qboxmail: qboxmail.snapshot(),
      ledgers: { grommunio: ledgers.grommunio.view(), qboxmail: ledgers.qboxmail.view() },
    };
    fs.mkdirSync(path.dirname(opts.stateFile), { recursive: true });
    // Write-then-rename so a crash never leaves half a file behind.
    fs.writeFileSync(`${opts.stateFile}.tmp`, JSON.stringify(state));
    fs.renameSync(`${opts.stateFile}.tmp`, opts.stateFile);
  };
  const onChange = () => {
    if (!opts.stateFile || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      save();
    }, 50);
  };

  // Started one after the other; if the second cannot listen, the first is closed again.
  const servers: SimServer[] = [];
  const serve = async (provider: SimProvider, ledger: Ledger, port = 0) => {
    const server = await startSimServer({ provider, ledger, port, host: opts.host, onChange });
    servers.push(server);
    return server;
  };
  let g: SimServer;
  let q: SimServer;
  try {
    g = await serve(grommunio, ledgers.grommunio, opts.grommunioPort);
    q = await serve(qboxmail, ledgers.qboxmail, opts.qboxmailPort);
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  return {
    grommunioUrl: `${g.url}/api/v1`,
    grommunioOrigin: g.url,
    qboxmailUrl: q.url,
    close: async () => {
      if (timer) clearTimeout(timer);
      save();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

// Command-line entry: `npm run simulators` (SIM_GROMMUNIO_PORT, SIM_QBOXMAIL_PORT, SIM_HOST,
// SIM_STATE_FILE).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const settings = simulatorEnv();
  const sims = await startSimulators({
    grommunioPort: settings.SIM_GROMMUNIO_PORT,
    qboxmailPort: settings.SIM_QBOXMAIL_PORT,
    host: settings.SIM_HOST,
    stateFile: settings.SIM_STATE_FILE,
  });
  console.log(`grommunio simulator: ${sims.grommunioUrl} (user ${SIM_CREDENTIALS.grommunioUser})`);
  console.log(`Qboxmail simulator:  ${sims.qboxmailUrl}`);
  const stop = async () => {
    await sims.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
