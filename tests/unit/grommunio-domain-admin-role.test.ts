// The Domain Admin role a domain create with createRole=true makes (docs/upstream/grommunio.md §6),
// as another grommunio may list it: with its permissions, or with only its name (cut to 32
// characters, the domain's ID still in it), over more than one page. A throwaway node:http
// stand-in for grommunio's role list.
import { beforeAll, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { standInServer } from "../support/stand-in-server";

let roles: Array<{ ID: number; name?: string; permissions?: unknown[] }> = [];
let client: GrommunioClient;
let listReads = 0;
/** As the OpenAPI documents the role list: the `match` applied to the name, every row in one answer. */
let asDocumented = false;

const upstream = standInServer((_req, url) => ({
  body:
    url.pathname === "/api/v1/login"
      ? { grommunioAuthJwt: "jwt", csrf: "csrf" }
      : (() => {
          listReads++;
          if (asDocumented) {
            const match = url.searchParams.get("match");
            const fields = url.searchParams.get("matchFields");
            return {
              data: roles.filter((r) => !match || (fields === "name" && r.name?.includes(match))),
            };
          }
          // 50 a page, whatever `limit` says; `count` before paging; sorted by ID as asked.
          const offset = Number(url.searchParams.get("offset") ?? 0);
          const sorted = [...roles].sort((a, b) => a.ID - b.ID);
          if (url.searchParams.get("sort") === "ID,desc") sorted.reverse();
          return { data: sorted.slice(offset, offset + 50), count: roles.length };
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

  it("newest first, so the role a create just made is on the first page of a long list", async () => {
    // More roles than the lookup reads pages (one per domain made with its role).
    roles = [
      ...Array.from({ length: 6_000 }, (_, i) => ({ ID: i + 1, name: `Domain Admin (${i + 1}/d${i + 1}.example)` })),
      { ID: 6_001, name: "Domain Admin (9001/new.example)" },
    ];
    listReads = 0;
    expect(await client.findDomainAdminRole("9001")).toMatchObject({ kind: "found", ref: "6001" });
    expect(listReads).toBe(1);
  });

  it("by a permission written with the domain's ID in it, as grommunio's schema has it", async () => {
    roles = [...others, { ID: 74, name: "Renamed", permissions: [{ ID: 9, permission: "DomainAdmin(1234)" }] }];
    expect(await client.findDomainAdminRole("1234")).toMatchObject({ kind: "found", ref: "74" });
  });

  it("as the role list is documented (a match on the name, no paging): the role or nothing in one read", async () => {
    asDocumented = true;
    try {
      roles = [...others, { ID: 75, name: "Domain Admin (1234/x.example)" }];
      listReads = 0;
      expect(await client.findDomainAdminRole("1234")).toMatchObject({ kind: "found", ref: "75" });
      expect(listReads).toBe(1);
      // Missing among 70 other roles: said to be missing, not "the list repeats itself".
      roles = [...others];
      listReads = 0;
      expect(await client.findDomainAdminRole("1234")).toMatchObject({ kind: "absent" });
      expect(listReads).toBe(1);
    } finally {
      asDocumented = false;
    }
  });

  it("not a role of another domain whose ID starts the same", async () => {
    roles = [...others, { ID: 73, name: "Domain Admin (12345/other.example)" }];
    expect(await client.findDomainAdminRole("1234")).toMatchObject({ kind: "absent" });
  });
});
