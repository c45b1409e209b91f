// The reseller API while its database is away: the token cannot be read, and the answer is still
// the API's own problem document (500, application/problem+json, as the OpenAPI document lists),
// not the framework's error page; once the database is back, the same token works. The web's
// connections run through a proxy the test cuts, as a Postgres restart would cut them.
import { describe, expect, it } from "vitest";
import { forgetApiPrincipals } from "@/lib/api/principal-cache";
import { createApiToken } from "@/lib/api/tokens";
import { makeTenant } from "../factories";
import { databaseThroughProxyForThisFile } from "../support/tcp-proxy";
import { callApi } from "./api-client";

const proxy = databaseThroughProxyForThisFile();

describe("the API with its database away", () => {
  it("answers a problem document, and the token works again once the database is back", async () => {
    const t = await makeTenant();
    const created = await createApiToken(
      { ...t.user, resellerId: t.reseller.id },
      { name: "while away", scopes: ["orders:read", "orders:write"] },
    );
    if (!created.ok) throw new Error("token");
    forgetApiPrincipals();
    proxy().cut();
    try {
      const away = await callApi("GET", "/orders", { token: created.token });
      expect(away.status).toBe(500);
      expect(away.headers.get("content-type")).toBe("application/problem+json");
      // The failure is the portal's, and the answer says what to do about it: a read is repeated.
      expect(away.body.detail).toBe(
        "The portal failed on its side. Repeat the request after a few seconds; if it persists, contact support with the time of the request.",
      );
      expect(JSON.stringify(away.body)).not.toContain(created.token);
      // A request with an Idempotency-Key is repeated with the same key, which cannot place twice.
      const placing = await callApi("POST", "/orders", {
        token: created.token,
        body: { kind: "qboxmail_domain", customerId: t.customer.id, fields: {} },
        headers: { "idempotency-key": "while-away-0001" },
      });
      expect(placing.status).toBe(500);
      expect(placing.body.detail).toBe(
        "The portal failed on its side. Repeat the request with the same Idempotency-Key after a few seconds " +
          "(with that key it cannot be carried out twice); if it persists, contact support with the time of the request.",
      );
      // A route that ignores keys (a cancel) is simply repeated, whatever the client sent.
      const cancelling = await callApi("POST", `/orders/${t.customer.id}/cancel`, {
        token: created.token,
        headers: { "idempotency-key": "while-away-0002" },
      });
      expect(cancelling.status).toBe(500);
      expect(cancelling.body.detail).toBe(
        "The portal failed on its side. Repeat the request after a few seconds; if it persists, contact support with the time of the request.",
      );
    } finally {
      proxy().restore();
    }
    expect((await callApi("GET", "/orders", { token: created.token })).status).toBe(200);
  });
});
