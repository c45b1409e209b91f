// A grommunio server an admin shares with resellers, registered on the configured grommunio when
// it is missing. A reseller places grommunio domains only on its own servers or shared ones; an
// empty home server is never left to grommunio's automatic placement (docs/security.md
// "Upstream identifiers"). The demo seed, the test factories and the chaos run use this to give
// a reseller a server without first ordering one.
import { shareServer } from "@/lib/admin/reseller-upstream";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";

/** The host name of the server the demo and the tests share. */
const POOL_SERVER_HOSTNAME = "pool.grommunio.example.test";

/** The upstream ID of the server `hostname`, created on the configured grommunio if missing. */
export async function registerGrommunioServer(hostname = POOL_SERVER_HOSTNAME): Promise<number> {
  const e = env();
  if (!e.GROMMUNIO_API_URL || !e.GROMMUNIO_USER || !e.GROMMUNIO_PASSWORD)
    throw new Error("Set GROMMUNIO_API_URL, GROMMUNIO_USER and GROMMUNIO_PASSWORD to register a grommunio server");
  const client = new GrommunioClient({
    baseUrl: e.GROMMUNIO_API_URL,
    user: e.GROMMUNIO_USER,
    password: e.GROMMUNIO_PASSWORD,
    timeoutMs: e.UPSTREAM_TIMEOUT_MS,
  });
  // Twice: another process may create it between the look-up and the create (a duplicate).
  for (let round = 0; round < 2; round++) {
    const found = await lookUp(client, hostname);
    if (found.kind === "found") return Number(found.ref);
    if (found.kind !== "absent") throw new Error(`Looking up grommunio server ${hostname} failed: ${found.message}`);
    const created = await client.createServer({ hostname, extname: hostname });
    if (created.kind === "success") return Number(created.ref);
  }
  throw new Error(`grommunio server ${hostname} could not be created`);
}

/**
 * The look-up, tried again after a failure that may pass (a connection the upstream closed as it
 * was reused, a restart): the demo's seed, a test file's setup and the chaos run start with it,
 * and one dropped connection should not stop them. A refusal is final at once.
 */
async function lookUp(client: GrommunioClient, hostname: string) {
  for (let attempt = 1; ; attempt++) {
    const found = await client.findServerByHostname(hostname);
    if (attempt >= 3 || (found.kind !== "transient" && found.kind !== "unknown")) return found;
    await new Promise((r) => setTimeout(r, 300 * attempt));
  }
}

/**
 * Shares upstream server `serverId` with the reseller as `admin` would on the admin's resellers
 * page (audited); nothing happens when it is shared already.
 */
export async function shareGrommunioServer(
  admin: Viewer,
  resellerId: string,
  serverId: number,
  label = POOL_SERVER_HOSTNAME,
): Promise<void> {
  const shared = async () => (await db().sharedGrommunioServer.count({ where: { resellerId, serverId } })) > 0;
  if (await shared()) return;
  try {
    await shareServer(admin, { resellerId, serverId, label, reason: "A server to place grommunio domains on" });
  } catch (err) {
    // Shared by someone else in the meantime is as good; any other refusal is not.
    if (!(await shared())) throw err;
  }
}
