// The shared simulator machinery every upstream test relies on: faults and the ledger.
import { describe, expect, it } from "vitest";

const origins = () => [process.env.SIM_GROMMUNIO_ORIGIN!, process.env.SIM_QBOXMAIL_ORIGIN!];

describe("simulator control routes", () => {
  it("injects a status fault for the next N matching requests only", async () => {
    for (const origin of origins()) {
      await fetch(`${origin}/__sim/faults`, { method: "DELETE" });
      const add = await fetch(`${origin}/__sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ path: "/probe", count: 2, action: "status", status: 502, html: true }),
      });
      expect(add.status).toBe(201);
      for (let i = 0; i < 2; i++) {
        const r = await fetch(`${origin}/probe`);
        expect(r.status).toBe(502);
        expect(r.headers.get("content-type")).toContain("text/html");
        expect(await r.text()).toContain("502 Bad Gateway");
      }
      const third = await fetch(`${origin}/probe`);
      expect(third.status).not.toBe(502);
    }
  });

  it("sends Retry-After with an injected 429 and rejects a malformed fault", async () => {
    const [origin] = origins();
    await fetch(`${origin}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: 1, action: "status", status: 429, retryAfter: 3 }),
    });
    const r = await fetch(`${origin}/anything`);
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("3");
    const bad = await fetch(`${origin}/__sim/faults`, { method: "POST", body: JSON.stringify({ action: "explode" }) });
    expect(bad.status).toBe(400);
  });

  it("closes the connection without an answer for drop-before", async () => {
    const [origin] = origins();
    await fetch(`${origin}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: 1, action: "drop-before" }),
    });
    await expect(fetch(`${origin}/x`)).rejects.toThrow();
  });
});

describe("injected faults look like the upstream's own answers", () => {
  it("carries Qboxmail's X-Request-Id on an injected JSON error, not on a gateway page", async () => {
    const origin = process.env.SIM_QBOXMAIL_ORIGIN!;
    await fetch(`${origin}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        { path: "/api/domains", count: 1, action: "status", status: 500 },
        { path: "/api/domains", count: 1, action: "status", status: 502, html: true },
      ]),
    });
    const json = await fetch(`${origin}/api/domains`);
    expect(json.status).toBe(500);
    expect(json.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const html = await fetch(`${origin}/api/domains`);
    expect(html.status).toBe(502);
    expect(html.headers.get("x-request-id")).toBeNull();
  });
});
