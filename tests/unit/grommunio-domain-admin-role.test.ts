// The Domain Admin role a domain create with createRole=true makes (docs/upstream/grommunio.md §6),
// as another grommunio may list it: with its permissions, or with only its name (cut to 32
// characters, the domain's ID still in it), over more than one page. A throwaway node:http
// stand-in for grommunio's role list.
import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";

let roles: unknown[] = [];
let server: http.Server;
let client: GrommunioClient;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? "/", "http://x");
    const body =
      url.pathname === "/api/v1/login"
        ? { grommunioAuthJwt: "jwt", csrf: "csrf" }
        : (() => {
            // 50 a page, whatever `limit` says; `count` before paging.
            const offset = Number(url.searchParams.get("offset") ?? 0);
            return { data: roles.slice(offset, offset + 50), count: roles.length };
          })();
    const text = JSON.stringify(body);
    res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  client = new GrommunioClient({
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    user: "u",
    password: "p",
    timeoutMs: 5_000,
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const others = Array.from({ length: 70 }, (_, i) => ({ ID: i + 1, name: `Domain Admin (${i + 1}/d${i + 1}.example)` }));

describe("finding a domain's Domain Admin role", () => {
  it("by its name, cut to 32 characters, past the first page", async () => {
    roles = [...others, { ID: 71, name: "Domain Admin (1234/a-very-long-d…" }];
    expect(await client.findDomainAdminRole("1234")).toMatchObject({ kind: "found", ref: "71" });
  });

  it("by its permission on the domain's ID, whatever it is named", async () => {
    roles = [
      ...others,
      { ID: 72, name: "Renamed by an admin", permissions: [{ permission: "DomainAdmin", params: 1234 }] },
    ];
    expect(await client.findDomainAdminRole("1234")).toMatchObject({ kind: "found", ref: "72" });
  });

  it("not a role of another domain whose ID starts the same", async () => {
    roles = [...others, { ID: 73, name: "Domain Admin (12345/other.example)" }];
    expect(await client.findDomainAdminRole("1234")).toMatchObject({ kind: "absent" });
  });
});
