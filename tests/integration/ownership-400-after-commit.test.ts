// Behaviour 4, "a 400 after commit is not someone else's" (docs/reliability.md "Ownership"):
// grommunio can commit a domain and then answer 400 (the role for createRole=true). Only the
// upstream's explicit duplicate answer on a create while nothing of the order may exist means
// "taken by someone else"; any other 4xx whose meaning is unknown leads to a lookup.
import { describe, expect, it } from "vitest";
import { createUpstream } from "./another-client";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { fault, fileTenant, forms, ledgerFor, uniq } from "./pipeline-fixtures";

const t = fileTenant();
const ctx = inProcessContext();

describe("a 400 after commit is not someone else's", () => {
  it("a grommunio domain committed and then answered 400 on its very first create is looked up and adopted", async () => {
    const domainname = `r${uniq()}.example.com`;
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(domainname, { createRole: true }));
    await fault("grommunio", {
      method: "POST",
      path: "/system/domains",
      count: 1,
      action: "status-after-commit",
      status: 400,
      body: { message: "Object violates database constraints (role)" },
    });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await runNow(id, ctx);
    const l = await ledgerFor("grommunio", domainname);
    expect(l.created).toHaveLength(1);
    expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: l.created[0]!.ref });
    expect((await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}:${a.httpStatus}`)).toEqual([
      "create:unknown:400",
      "lookup:found:200",
    ]);
  });

  it("the explicit duplicate answer on the very first create means the name is someone else's", async () => {
    const domainname = `x${uniq()}.example.com`;
    expect((await createUpstream("grommunio", "/system/domains", forms.grommunio_domain(domainname))).status).toBe(201);
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(domainname));
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "failed", upstreamRef: null, createSent: false });
    expect(o.lastError).toMatch(/already exists upstream and was not created by this order/);
    expect((await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`)).toEqual(["create:rejected"]);
  });
});
