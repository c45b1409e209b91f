// `npm run simulators` listens where SIM_HOST says. docker-compose.yml sets 0.0.0.0, because the
// worker and web containers call the simulators by service name; on the default loopback address
// they would be refused. Linux answers the whole of 127.0.0.0/8 on loopback, so 127.0.0.2 shows
// the setting is used without needing a second network interface.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterEach, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill("SIGTERM");
  child = undefined;
});

/** Starts the simulators' command-line entry and resolves with the two URLs it prints. */
function startCli(env: Record<string, string>): Promise<{ grommunio: URL; qboxmail: URL }> {
  const base = { ...process.env };
  delete base.SIM_HOST;
  child = spawn(process.execPath, ["--import", "tsx", "simulators/main.ts"], {
    cwd: ROOT,
    env: { ...base, SIM_GROMMUNIO_PORT: "0", SIM_QBOXMAIL_PORT: "0", SIM_STATE_FILE: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child!.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const g = /grommunio simulator: (\S+)/.exec(out);
      const q = /Qboxmail simulator: +(\S+)/.exec(out);
      if (g && q) resolve({ grommunio: new URL(g[1]!), qboxmail: new URL(q[1]!) });
    });
    child!.on("exit", (code) => reject(new Error(`simulators exited with ${code}: ${out}`)));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

it("listens on SIM_HOST's address and not on 127.0.0.1", async () => {
  const { grommunio, qboxmail } = await startCli({ SIM_HOST: "127.0.0.2" });
  for (const url of [grommunio, qboxmail]) {
    expect(url.hostname).toBe("127.0.0.2");
    expect(await answers(`http://127.0.0.2:${url.port}/`)).toBe(true);
    expect(await answers(`http://127.0.0.1:${url.port}/`)).toBe(false);
  }
}, 30_000);

it("listens on loopback when SIM_HOST is not set", async () => {
  const { grommunio } = await startCli({});
  expect(grommunio.hostname).toBe("127.0.0.1");
  expect(await answers(`http://127.0.0.1:${grommunio.port}/`)).toBe(true);
}, 30_000);
