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
      { name: "while away", scopes: ["orders:read"] },
    );
    if (!created.ok) throw new Error("token");
    forgetApiPrincipals();
    proxy().cut();
    try {
      const away = await callApi("GET", "/orders", { token: created.token });
      expect(away.status).toBe(500);
      expect(away.headers.get("content-type")).toBe("application/problem+json");
      expect(away.body.detail).toMatch(/try again/);
      expect(JSON.stringify(away.body)).not.toContain(created.token);
    } finally {
      proxy().restore();
    }
    expect((await callApi("GET", "/orders", { token: created.token })).status).toBe(200);
  });
});
