// A TCP proxy a test can cut: every connection through it is destroyed and new ones are refused
// until it is restored. Put in front of Postgres for one worker, it makes that worker lose its
// own database writes while Postgres itself, and everyone else, carry on (a network partition or
// a database restart as that worker sees it).
import net from "node:net";
import { afterAll, beforeAll } from "vitest";
import { disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";

export type CuttableProxy = { port: number; cut: () => void; restore: () => void; close: () => Promise<void> };

export async function startProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  let open = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Call at the top of a test file: its own database connections (lib/db.ts) go through a proxy the
 * file's tests can cut, restored to the real address after the file. Returns the proxy's getter.
 */
export function databaseThroughProxyForThisFile(): () => CuttableProxy {
  let proxy: CuttableProxy | undefined;
  const realUrl = process.env.DATABASE_URL!;
  beforeAll(async () => {
    const pg = new URL(realUrl);
    proxy = await startProxy({ host: pg.hostname, port: Number(pg.port) });
    const viaProxy = new URL(pg);
    viaProxy.port = String(proxy.port);
    await disconnectDb();
    process.env.DATABASE_URL = viaProxy.toString();
    resetEnvCache();
  });
  afterAll(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = realUrl;
    resetEnvCache();
    await proxy?.close();
  });
  return () => {
    if (!proxy) throw new Error("the proxy starts before the file's tests");
    return proxy;
  };
}
