// A revoked API token, or one whose creator is disabled, stops on every web process at once, not
// only on the one that made the change (docs/security.md "API tokens and webhooks"). Another
// process is played here by a separate Postgres connection making the change in plain SQL, as
// another web process, a script or an operator would: this process never calls its own forget.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRINCIPAL_TTL_MS } from "@/lib/api/principal-cache";
import { listeningForPrincipalChanges } from "@/lib/api/principal-listener";
import { authenticateApiToken, createApiToken, knownApiPrincipal, revokeApiToken } from "@/lib/api/tokens";
import { disconnectDb } from "@/lib/db";
import { makeReseller, makeUser } from "../factories";

const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(() => other.connect());
afterAll(async () => {
  await other.end();
  await disconnectDb();
});

async function tokenOfNewUser() {
  const reseller = (await makeReseller()).id;
  const user = { ...(await makeUser("reseller", reseller)), resellerId: reseller };
  const made = await createApiToken(user, { name: `billing ${randomUUID().slice(0, 6)}`, scopes: ["orders:read"] });
  if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
  return { user, token: made.token, tokenId: made.id };
}

async function until(what: string, check: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Authenticates and waits until this process listens, so the principal is remembered and the change can be heard. */
async function rememberedAndListening(token: string) {
  expect(await authenticateApiToken(token)).not.toBeNull();
  await until("the listener connects", listeningForPrincipalChanges, 10_000);
  // The connect forgets what was remembered before it; present the token again.
  expect(await authenticateApiToken(token)).not.toBeNull();
  expect(knownApiPrincipal(token)).toBeDefined();
  return Date.now();
}

// Well inside the time a remembered principal lives, so only the notification can explain it.
const HEARD_WITHIN_MS = PRINCIPAL_TTL_MS / 2;

describe("revocations made elsewhere", () => {
  it("a token revoked by another process stops here before its remembered principal would run out", async () => {
    const { token, tokenId } = await tokenOfNewUser();
    await rememberedAndListening(token);

    await other.query("UPDATE api_token SET revoked_at = now() WHERE id = $1", [tokenId]);
    await until("the revocation is heard", () => knownApiPrincipal(token) === undefined, HEARD_WITHIN_MS);
    expect(await authenticateApiToken(token)).toBeNull();
  });

  it("a token creator disabled by another process stops every token they made", async () => {
    const { user, token } = await tokenOfNewUser();
    await rememberedAndListening(token);

    await other.query("UPDATE app_user SET disabled_at = now() WHERE id = $1", [user.id]);
    await until("the disable is heard", () => knownApiPrincipal(token) === undefined, HEARD_WITHIN_MS);
    expect(await authenticateApiToken(token)).toBeNull();
  });

  it("a change rolled back is not heard, and a token's 'last used' time is not a change", async () => {
    const { tokenId } = await tokenOfNewUser();
    const probe = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await probe.connect();
    try {
      const heard: string[] = [];
      probe.on("notification", (m) => heard.push(m.channel));
      await probe.query("LISTEN api_principals");
      await other.query("BEGIN");
      await other.query("UPDATE api_token SET revoked_at = now() WHERE id = $1", [tokenId]);
      await other.query("ROLLBACK");
      await other.query("UPDATE api_token SET last_used_at = now() WHERE id = $1", [tokenId]);
      await other.query("UPDATE api_token SET revoked_at = now() WHERE id = $1", [tokenId]);
      // A listener gets notifications in commit order: once the revocation's is here, any the two
      // changes before it had sent would be here too. There is one, the revocation's.
      await until("the revocation is heard", () => heard.length > 0, HEARD_WITHIN_MS);
      expect(heard).toEqual(["api_principals"]);
    } finally {
      await probe.end();
    }
  });

  it("the portal's own revocation notifies the other processes too", async () => {
    const { user, tokenId } = await tokenOfNewUser();
    const probe = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await probe.connect();
    try {
      let heard = 0;
      probe.on("notification", (m) => {
        if (m.channel === "api_principals") heard++;
      });
      await probe.query("LISTEN api_principals");
      expect(await revokeApiToken(user, tokenId)).toEqual({ ok: true });
      await until("the portal's revocation is heard elsewhere", () => heard > 0, HEARD_WITHIN_MS);
    } finally {
      await probe.end();
    }
  });

  it("after its connection is cut, the process listens again and still hears revocations", async () => {
    const { token, tokenId } = await tokenOfNewUser();
    await rememberedAndListening(token);

    // Postgres ends the listening connection, as a restart or a network cut would.
    const { rowCount } = await other.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN api_principals' AND pid <> pg_backend_pid()",
    );
    expect(rowCount).toBeGreaterThan(0);
    await until("the cut is noticed", () => !listeningForPrincipalChanges(), 5_000);
    // What was remembered is forgotten at the cut: a change made meanwhile would not be heard.
    expect(knownApiPrincipal(token)).toBeUndefined();

    await rememberedAndListening(token);
    await other.query("UPDATE api_token SET revoked_at = now() WHERE id = $1", [tokenId]);
    await until(
      "the revocation is heard after the reconnect",
      () => knownApiPrincipal(token) === undefined,
      HEARD_WITHIN_MS,
    );
    expect(await authenticateApiToken(token)).toBeNull();
  });
});
