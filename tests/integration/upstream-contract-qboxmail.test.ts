// The Qboxmail client against answers the contract allows but our simulator's defaults do not
// give (docs/upstream/qboxmail.md "Checked against the contract"): each case switches the
// simulator to the other allowed behaviour and holds the client to the contract's reading.
import { beforeEach, describe, expect, it } from "vitest";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { domainBody, managerBody, qboxClient, qboxSetting, resetQboxSim } from "./qboxmail-sim";

privateSimulatorsForThisFile();

beforeEach(resetQboxSim);

describe("Qboxmail lookups over lists without a pagination block", () => {
  // `query` is a substring search: the exact name may sit on a later page, and with the page
  // size capped below what was asked and no block saying how many pages there are, only an
  // empty page ends the list.
  it("finds a domain and a manager on a later page, and reports a missing one as absent", async () => {
    const client = qboxClient();
    for (const prefix of ["a", "b", "c", "d"]) {
      expect((await client.createDomain(domainBody(`${prefix}nopg.com`))).kind).toBe("success");
      expect((await client.createManager(managerBody(`${prefix}@nopg.com`))).kind).toBe("success");
    }
    expect((await client.createDomain(domainBody("nopg.com"))).kind).toBe("success");
    expect((await client.createManager(managerBody("z@nopg.com"))).kind).toBe("success");
    await qboxSetting({ withoutPagination: true, maxPer: 2 });
    expect(await client.findDomainByName("nopg.com")).toMatchObject({ kind: "found", data: { name: "nopg.com" } });
    expect(await client.findManagerByEmail("z@nopg.com")).toMatchObject({ kind: "found" });
    expect(await client.findDomainByName("opg.com")).toMatchObject({ kind: "absent" });
  });

  it("lets the drift inventory read every page: a page with items announces one more", async () => {
    const client = qboxClient();
    for (const n of [1, 2, 3]) expect((await client.createDomain(domainBody(`inv${n}.com`))).kind).toBe("success");
    await qboxSetting({ withoutPagination: true, maxPer: 2 });
    const seen: string[] = [];
    let previousFirst: string | undefined;
    for (let page = 1; page <= 10; page++) {
      const r = await client.listPage("domains", page, 2, previousFirst);
      if (!r.ok) throw new Error(r.message);
      if (r.end === "repeat") break;
      seen.push(...r.items.map((d) => String(d.name)));
      if (r.end === "last") break;
      previousFirst = String(r.items[0]?.code);
    }
    expect(seen.sort()).toEqual(["inv1.com", "inv2.com", "inv3.com"]);
  });

  it("reads a list that ignores `page` as ending at the first page it repeats", async () => {
    const client = qboxClient();
    for (const n of [1, 2, 3]) expect((await client.createDomain(domainBody(`rep${n}.com`))).kind).toBe("success");
    await qboxSetting({ withoutPagination: true, pageIgnored: true });
    const first = await client.listPage("domains", 1, 5, undefined);
    if (!first.ok) throw new Error(first.message);
    expect(first).toMatchObject({ end: "more", items: { length: 3 } });
    const again = await client.listPage("domains", 2, 5, String(first.items[0]?.code));
    expect(again).toMatchObject({ ok: true, end: "repeat" });
    // The lookups share the rule: a name on no page is absent after two requests, not a page cap.
    expect(await client.findDomainByName("rep4.com")).toMatchObject({ kind: "absent" });
  });
});

describe("Qboxmail lookups of an IDN domain", () => {
  // The portal sends the ASCII form; Qboxmail may list (and search) the Unicode one.
  it("finds a domain sent as xn--… whether it is listed in the ASCII or the Unicode form", async () => {
    const client = qboxClient();
    const created = await client.createDomain(domainBody("xn--mnchen-3ya.de"));
    if (created.kind !== "success") throw new Error(created.kind);
    expect(await client.findDomainByName("xn--mnchen-3ya.de")).toMatchObject({ kind: "found", ref: created.ref });
    await qboxSetting({ unicodeNames: true });
    expect(await client.findDomainByName("XN--MNCHEN-3YA.de")).toMatchObject({
      kind: "found",
      ref: created.ref,
      data: { name: "münchen.de" },
    });
    expect(await client.findDomainByName("xn--mnchen-3ya.at")).toMatchObject({ kind: "absent" });
  });
});

describe("Qboxmail single-resource GET shapes", () => {
  // Single-resource answers "usually" wrap the item in `resources`: a bare item or `resource`
  // is the same domain, not a failure to retry.
  for (const shape of ["bare", "resource", "resources"] as const) {
    it(`reads a domain and a manager answered as ${shape}`, async () => {
      const client = qboxClient();
      const domain = await client.createDomain(domainBody(`shape-${shape}.com`));
      if (domain.kind !== "success") throw new Error(domain.kind);
      const manager = await client.createManager(managerBody(`m@shape-${shape}.com`));
      if (manager.kind !== "success") throw new Error(manager.kind);
      await qboxSetting({ singleShape: shape });
      expect(await client.getDomain(domain.ref)).toMatchObject({
        kind: "found",
        ref: domain.ref,
        data: { code: domain.ref, name: `shape-${shape}.com`, status: "ownership_check" },
      });
      expect(await client.getManager(manager.ref)).toMatchObject({
        kind: "found",
        ref: manager.ref,
        data: { email_address: `m@shape-${shape}.com` },
      });
      expect(await client.getDomain("D000000000")).toMatchObject({ kind: "absent", call: { status: 404 } });
    });
  }
});

describe("Qboxmail reads and deletes at a server that reads every body", () => {
  // A body said to be JSON must be JSON on every route (setting strictJsonBodies, on by default):
  // the client says it sends JSON only when it sends a body, so GETs and DELETEs pass.
  it("looks up, reads back and deletes a domain and a manager", async () => {
    await qboxSetting({ strictJsonBodies: true });
    const client = qboxClient();
    const domain = await client.createDomain(domainBody("strict.com"));
    const manager = await client.createManager(managerBody("m@strict.com"));
    if (domain.kind !== "success" || manager.kind !== "success") throw new Error(`${domain.kind} ${manager.kind}`);
    expect(await client.findDomainByName("strict.com")).toMatchObject({ kind: "found", ref: domain.ref });
    expect(await client.findManagerByEmail("m@strict.com")).toMatchObject({ kind: "found", ref: manager.ref });
    expect(await client.getDomain(domain.ref)).toMatchObject({ kind: "found", ref: domain.ref });
    expect(await client.getManager(manager.ref)).toMatchObject({ kind: "found", ref: manager.ref });
    expect(await client.deleteManager(manager.ref)).toMatchObject({
      kind: "success",
      data: { deleted: true },
      call: { status: 204 },
    });
    expect(await client.deleteDomain(domain.ref)).toMatchObject({
      kind: "success",
      data: { deleted: true },
      call: { status: 204 },
    });
    expect(await client.findDomainByName("strict.com")).toMatchObject({ kind: "absent" });
    expect(await client.getManager(manager.ref)).toMatchObject({ kind: "absent", call: { status: 404 } });
  });

  it("refuses a GET or DELETE said to carry JSON with an empty body, and takes it with the setting off", async () => {
    const client = qboxClient();
    const domain = await client.createDomain(domainBody("said.com"));
    if (domain.kind !== "success") throw new Error(domain.kind);
    const saidJson = (method: string, path: string) =>
      fetch(`${process.env.QBOXMAIL_API_URL}${path}`, {
        method,
        headers: {
          "X-Api-Token": process.env.QBOXMAIL_API_TOKEN!,
          Accept: "application/json",
          "Content-Type": "application/json",
        },
      });
    expect((await saidJson("GET", "/api/domains?query=said.com")).status).toBe(400);
    expect((await saidJson("DELETE", `/api/domains/${domain.ref}`)).status).toBe(400);
    await qboxSetting({ strictJsonBodies: false });
    expect((await saidJson("GET", "/api/domains?query=said.com")).status).toBe(200);
    expect((await saidJson("DELETE", `/api/domains/${domain.ref}`)).status).toBe(204);
  });
});
