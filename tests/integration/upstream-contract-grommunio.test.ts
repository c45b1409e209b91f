// The grommunio client against answers the contract allows but our simulator's defaults do not
// give (docs/upstream/grommunio.md "Checked against the contract"): each case switches the
// simulator to the other allowed behaviour and holds the client to the contract's reading.
import { beforeEach, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { privateSimulatorsForThisFile } from "./private-simulators";

privateSimulatorsForThisFile();

const origin = () => process.env.SIM_GROMMUNIO_ORIGIN!;
const client = () =>
  new GrommunioClient({
    baseUrl: process.env.GROMMUNIO_API_URL!,
    user: process.env.GROMMUNIO_USER!,
    password: process.env.GROMMUNIO_PASSWORD!,
    timeoutMs: 5000,
  });

async function flags(f: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${origin()}/__sim/grommunio/flags`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(f),
  });
  if (r.status !== 200) throw new Error(`flags refused: ${r.status}`);
}

beforeEach(async () => {
  await fetch(`${origin()}/__sim/reset`, { method: "POST" });
});

describe("grommunio lookups when the list filter is not applied", () => {
  // Unknown query parameters are ignored upstream: the list then holds every row, 50 a page
  // by default. A name beyond the first page must still be found, not created a second time.
  it("finds a domain and a server past the first page, and reports a name on no page as absent", async () => {
    const c = client();
    const server = await c.createServer({ hostname: "mx-paging.example.com", extname: "mail.example.com" });
    if (server.kind !== "success") throw new Error(server.kind);
    for (let n = 1; n <= 60; n++) {
      const made = await c.createDomain({ domainname: `page${n}.example.com`, maxUser: 1 }, { createRole: false });
      if (made.kind !== "success") throw new Error(`${n}: ${made.kind}`);
    }
    const extra = [];
    for (let n = 1; n <= 55; n++) extra.push(c.createServer({ hostname: `mx${n}.example.org`, extname: "x" }));
    await Promise.all(extra);
    await flags({ listFiltersIgnored: true });

    const late = await c.findDomainByName("PAGE58.example.com");
    expect(late).toMatchObject({ kind: "found", data: { domainname: "page58.example.com" } });
    expect(late.call.path).toContain("offset=50");
    expect(await c.findServerByHostname("mx55.example.org")).toMatchObject({ kind: "found" });
    expect(await c.findDomainByName("page61.example.com")).toMatchObject({ kind: "absent" });
    // With the filter applied (the default), one request answers.
    await flags({ listFiltersIgnored: false });
    const direct = await c.findDomainByName("page58.example.com");
    expect(direct).toMatchObject({ kind: "found" });
    expect(direct.call.path).not.toContain("offset");
  });
});
