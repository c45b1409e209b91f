// After a lost create answer the lookup finds a resource by its name in a list, and a list row may
// show fewer fields than the record (docs/upstream/qboxmail.md §4 leaves the row's fields open;
// simulator setting `shortListRows`: rows of `{code, name, status}`). Adoption is judged on the
// record read by its code (lib/upstream/qboxmail/client.ts, docs/reliability.md "Ownership"), so
// another customer's domain of the same name is never adopted, nor one whose deletion is queued;
// the order's own is. Also: a list answered as a bare array (docs/upstream/qboxmail.md §7 item 6,
// setting `bareArrayLists`) is a list, so a lookup can say "absent".
// Own simulators: the settings must not reach other files.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { ProvisionContext } from "@/workers/processors/context";
import { makeTenant, type Tenant } from "../factories";
import { createUpstream } from "./another-client";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { clearFaults, fault, forms, pipelineFileHooks, uniq } from "./pipeline-fixtures";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { qboxClient, qboxSetting } from "./qboxmail-sim";

privateSimulatorsForThisFile();

const ours = `C-OURS-${uniq()}`;
const theirs = `C-THEIRS-${uniq()}`;
let t: Tenant;
pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    await db().reseller.update({ where: { id: t.reseller.id }, data: { qboxmailCustomerCode: ours } });
  },
});
afterEach(clearFaults);

let ctx: ProvisionContext;
beforeAll(() => {
  ctx = inProcessContext();
});

beforeEach(() => qboxSetting({ shortListRows: true, bareArrayLists: false, customerCodes: [ours, theirs] }));

const setStatus = async (code: string, status: string) => {
  const r = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/domain-status`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, status }),
  });
  expect(r.status).toBe(200);
};

describe("Qboxmail lookup after a lost create: judged on the record, not the list row", () => {
  it("a list row shows no customer; the record read by code does", async () => {
    const name = `row${uniq()}.example.com`;
    const made = await createUpstream("qboxmail", "/api/domains", {
      ...forms.qboxmail_domain(name),
      customer_code: theirs,
    });
    expect(made.status).toBe(201);
    const found = await qboxClient().findDomainByName(name);
    expect(found).toMatchObject({ kind: "found", data: { customer_code: theirs, plan: "professional" } });
  });

  it("another customer's domain of the same name is not adopted", async () => {
    const name = `other${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-before" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    // Someone else's customer takes the name, every other field as ordered.
    const made = await createUpstream("qboxmail", "/api/domains", {
      ...forms.qboxmail_domain(name),
      customer_code: theirs,
    });
    expect(made.status).toBe(201);
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "failed", upstreamRef: null });
    expect(o.lastError).toContain(`customer_code: "${ours}" ordered, a different value upstream`);
    expect(o.lastError).not.toContain(theirs);
    expect((await attemptsOf(id)).at(-1)).toMatchObject({ kind: "lookup", outcome: "found" });
  });

  it("its own domain, whose answer was lost after the commit, is adopted", async () => {
    const name = `own${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-after-commit" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: expect.any(String) });
  });

  it("a matching domain whose deletion is queued is not adopted: asked again, its status told to support only", async () => {
    const name = `going${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-after-commit" });
    await runNow(id, ctx);
    const found = await qboxClient().findDomainByName(name);
    expect(found.kind).toBe("found");
    if (found.kind === "found") await setStatus(found.ref, "deleting");
    await runNow(id, ctx);
    const o = await orderRow(id);
    // A status in between passes, so the lookup is asked again (the final one holds it).
    expect(o).toMatchObject({ status: "unknown", upstreamRef: null });
    expect(o.lastError).toContain("status");
    // The reseller's text withholds the value (the resource may be someone else's); support's attempt has it.
    expect(o.lastError).not.toContain("deleting");
    const attempts = await attemptsOf(id);
    expect(attempts.at(-1)?.message).toContain(`status: "deleting" upstream`);
  });
  it("a manager whose read by code (an assumed route) answers 404 is judged on its list row", async () => {
    const form = forms.qboxmail_manager();
    const made = await createUpstream("qboxmail", "/api/managers", { ...form, customer_code: ours });
    expect(made.status).toBe(201);
    const email = String(form.email_address);
    const read = await qboxClient().findManagerByEmail(email);
    if (read.kind !== "found") throw new Error(JSON.stringify(read));
    await fault("qboxmail", { method: "GET", path: `/api/managers/${read.ref}`, action: "status", status: 404 });
    expect(await qboxClient().findManagerByEmail(email)).toMatchObject({ kind: "found", ref: read.ref });
  });
});

describe("Qboxmail lists answered as a bare array", () => {
  beforeEach(() => qboxSetting({ shortListRows: false, bareArrayLists: true }));

  it("an empty list `[]` is absent; a listed name is found", async () => {
    const name = `bare${uniq()}.example.com`;
    expect((await qboxClient().findDomainByName(name)).kind).toBe("absent");
    expect((await createUpstream("qboxmail", "/api/domains", forms.qboxmail_domain(name))).status).toBe(201);
    expect(await qboxClient().findDomainByName(name)).toMatchObject({ kind: "found", data: { name } });
    const page = await qboxClient().listPage("domains", 1, 50, undefined);
    expect(page).toMatchObject({ ok: true });
    expect(await qboxClient().listPage("domains", 2, 50, undefined)).toMatchObject({
      ok: true,
      items: [],
      end: "last",
    });
  });

  it("an order whose create was lost and never arrived is created again, not held at the cap", async () => {
    const name = `again${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-before" });
    await runNow(id, ctx);
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: expect.any(String) });
  });
});
