// The Domain Admin role a domain create with createRole=true makes (docs/upstream/grommunio.md §6),
// as another grommunio may list it: with its permissions, or with only its name (cut to 32
// characters, the domain's ID still in it), over more than one page. A throwaway node:http
// stand-in for grommunio's role list.
import { beforeAll, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { standInServer } from "../support/stand-in-server";

let roles: unknown[] = [];
let client: GrommunioClient;

const upstream = standInServer((_req, url) => ({
  body:
    url.pathname === "/api/v1/login"
      ? { grommunioAuthJwt: "jwt", csrf: "csrf" }
      : (() => {
          // 50 a page, whatever `limit` says; `count` before paging.
          const offset = Number(url.searchParams.get("offset") ?? 0);
          return { data: roles.slice(offset, offset + 50), count: roles.length };
        })(),
}));

beforeAll(() => {
  client = new GrommunioClient({ baseUrl: `${upstream.origin()}/api/v1`, user: "u", password: "p", timeoutMs: 5_000 });
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
