// Behaviour 1, "maybe-applied is a fact, not a guess" (docs/reliability.md "Ownership"): only an
// outcome that may have committed marks an order "may exist upstream"; an answer that proves
// nothing was committed leaves it "never sent", so the next run creates again — and a name
// another client took in the meantime is refused, never adopted.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { portalText } from "@/lib/i18n/portal-texts";
import { resellerWording } from "@/lib/i18n/reseller-wording";
import { createUpstream } from "./another-client";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { fault, fileTenant, forms, ledgerFor, uniq } from "./pipeline-fixtures";

const t = fileTenant();
const ctx = inProcessContext();
const DOMAIN_CREATE = { method: "POST", path: "/api/domains" } as const;
const gromFlags = (flags: Record<string, unknown>) =>
  fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/flags`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(flags),
  });

afterEach(async () => {
  await gromFlags({ databaseUnavailable: false, storeSetupFails: false, roleCreationFails: false });
});

describe("maybe-applied is a fact, not a guess", () => {
  it("after a 429 the order is still never sent: a name another reseller took meanwhile is refused, not adopted", async () => {
    const name = `m${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { ...DOMAIN_CREATE, count: 1, action: "status", status: 429, retryAfter: 1 });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "retrying", createSent: false });

    // Another client of the same upstream account creates the name, with the very same settings.
    const other = await createUpstream("qboxmail", "/api/domains", {
      ...forms.qboxmail_domain(name, "Other-pass-77"),
    });
    expect(other.status).toBe(201);

    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "failed", upstreamRef: null });
    expect(o.lastError).toMatch(/already exists upstream and was not created by this order/);
    // Two creates, no lookup: nothing of ours could exist, so nothing was looked up to adopt.
    expect((await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      "create:transient",
      "create:rejected",
    ]);
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(1);
  });

  it("grommunio's 'database not available' and a refused connection leave it never sent as well", async () => {
    const hostname = `mx${uniq()}.example.com`;
    const id = await placeOrThrow(t, "grommunio_server", forms.grommunio_server(hostname));
    await gromFlags({ databaseUnavailable: true });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "retrying", createSent: false });
    await gromFlags({ databaseUnavailable: false });

    const refusing = { ...ctx, calls: (await import("@/lib/services/upstream-calls")).upstreamCallsFromEnv() };
    const { GrommunioClient } = await import("@/lib/upstream/grommunio/client");
    const closedPort = new GrommunioClient({
      baseUrl: "http://127.0.0.1:9/api/v1",
      user: "x",
      password: "y",
      timeoutMs: 500,
    });
    refusing.calls = { ...refusing.calls, create: () => closedPort.createServer({ hostname, extname: "x" }) };
    await runNow(id, refusing);
    expect(await orderRow(id)).toMatchObject({ status: "retrying", createSent: false });

    expect((await createUpstream("grommunio", "/system/servers", forms.grommunio_server(hostname))).status).toBe(201);
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "failed", upstreamRef: null });
  });

  it("a connection dropped after the commit is maybe-applied: looked up, adopted, one resource", async () => {
    const name = `d${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { ...DOMAIN_CREATE, count: 1, action: "drop-after-commit" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await runNow(id, ctx);
    const o = await orderRow(id);
    const l = await ledgerFor("qboxmail", name);
    expect(l.created).toHaveLength(1);
    expect(o).toMatchObject({ status: "succeeded", upstreamRef: l.created[0]!.ref });
    expect((await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`)).toEqual(["create:unknown", "lookup:found"]);
  });

  it("a redirect answered to a create may come after the create was applied: held, and the retry looks the name up first", async () => {
    const name = `r${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { ...DOMAIN_CREATE, count: 1, action: "status-after-commit", status: 303 });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "held", createSent: true });
    // A person retries it, as the support console's "Retry now" does: found by its name, adopted.
    await db().order.update({ where: { id }, data: { status: "queued" } });
    await runNow(id, ctx);
    const l = await ledgerFor("qboxmail", name);
    expect(l.created).toHaveLength(1);
    expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: l.created[0]!.ref });
    expect((await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`)).toEqual(["create:auth", "lookup:found"]);
  });

  it("a create sent again and refused in a shape the client cannot read is looked up, not failed: the earlier one may hold the name", async () => {
    const name = `a${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    // The first create commits and its answer is lost.
    await fault("qboxmail", { ...DOMAIN_CREATE, count: 1, action: "drop-after-commit" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    // The lookup misses it (a list answered empty), so the create is sent again, and Qboxmail's
    // refusal of the taken name comes without the `errors` the client reads "already exists" from.
    const empty = { resources: [], pagination: { page: 1, total_pages: 1, total_records: 0 } };
    await fault("qboxmail", {
      method: "GET",
      path: "/api/domains",
      count: 1,
      action: "status",
      status: 200,
      body: empty,
    });
    await fault("qboxmail", {
      ...DOMAIN_CREATE,
      count: 1,
      action: "status",
      status: 422,
      body: { message: "Validation failed" },
    });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown" });
    // The next run's lookup finds the first create's domain: adopted, not left without an owner.
    await runNow(id, ctx);
    const l = await ledgerFor("qboxmail", name);
    expect(l.created).toHaveLength(1);
    expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: l.created[0]!.ref });
    expect((await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}:${a.httpStatus}`)).toEqual([
      "create:unknown:null",
      "lookup:absent:200",
      "create:unknown:422",
      "lookup:found:200",
    ]);
  });
});

describe("a create refused for real after one that may have gone through", () => {
  it("fails at the retry cap once the final lookup finds nothing, still naming the field to fix", async () => {
    const name = `f${uniq()}.example.com`;
    const capped = inProcessContext({ maxAttempts: 2 });
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    // The first create meets a 503 (nothing made, but it cannot tell); the one sent again is refused on a field.
    await fault("qboxmail", { ...DOMAIN_CREATE, count: 1, action: "status", status: 503 });
    await runNow(id, capped);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    const refusal = {
      message: "Validation failed",
      errors: [{ field: "max_email_accounts", description: "is not valid" }],
    };
    await fault("qboxmail", { ...DOMAIN_CREATE, count: 1, action: "status", status: 422, body: refusal });
    await runNow(id, capped);
    // Not failed yet: the refusal may be of a name the first create took; the final lookup decides.
    expect(await orderRow(id)).toMatchObject({
      status: "unknown",
      fieldErrors: { max_email_accounts: expect.any(Array) },
    });
    await runNow(id, capped);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "failed", fieldErrors: { max_email_accounts: expect.any(Array) } });
    // The text quotes the refusal: a plain retry would meet it again.
    const refused = (await attemptsOf(id)).findLast((a) => a.kind === "create" && a.httpStatus === 422);
    expect(refused?.message).toMatch(/422/);
    expect(o.lastError).toBe(
      portalText("finalLookupAbsentAfterRefusal", { attempts: 2, name, error: refused?.message ?? "" }),
    );
    expect(resellerWording(o.lastError, "create")).toBe(
      portalText("resellerGaveUpRefused", { attempts: 2, error: refused?.message ?? "" }),
    );
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(0);
  });
});

describe("a create answered in a way that may follow its commit, then found absent at the cap", () => {
  it("fails as plainly absent, not quoting grommunio's unexpected 400 as a refusal to correct", async () => {
    const name = `u${uniq()}.example.com`;
    const capped = inProcessContext({ maxAttempts: 1 });
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(name));
    await fault("grommunio", {
      method: "POST",
      path: "/system/domains",
      count: 1,
      action: "status",
      status: 400,
      body: { message: "Something grommunio did not expect" },
    });
    await runNow(id, capped);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await runNow(id, capped);
    const o = await orderRow(id);
    expect(o.status).toBe("failed");
    expect(o.lastError).toBe(portalText("finalLookupAbsent", { attempts: 1, name }));
  });
});

describe("a refused lookup after a create that may have gone through", () => {
  it("holds the order for a person instead of failing it: the resource may exist and would be left unowned", async () => {
    const name = `q${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    // The create commits and its answer is lost; then Qboxmail refuses the lookup (403: its
    // causes include per-resource ownership, so it is a refusal of this call, not the account).
    await fault("qboxmail", { ...DOMAIN_CREATE, action: "drop-after-commit" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ createSent: true });
    const forbidden = { message: "Forbidden", errors: [] };
    await fault("qboxmail", { method: "GET", path: "/api/domains", action: "status", status: 403, body: forbidden });
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "held" });
    expect(o.lastError).toMatch(/May exist upstream/);
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(1);
  });

  it("holds a grommunio order whose lookup meets 403 as the account's problem, without using its budget", async () => {
    const name = `g${uniq()}.example.com`;
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(name));
    // The create commits and its answer is lost; then the account loses its rights (403 to the lookup).
    await fault("grommunio", { method: "POST", path: "/system/domains", action: "drop-after-commit" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ createSent: true });
    const denied = { message: "Access denied: Insufficient permissions for this operation" };
    await fault("grommunio", { method: "GET", path: "/system/domains", action: "status", status: 403, body: denied });
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "held" });
    expect(o.lastError).toBe(
      "grommunio refused the portal's admin account (403): Access denied: Insufficient permissions for this operation. Check that the account is active and has the SystemAdmin role in grommunio, then retry",
    );
    expect((await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`)).toEqual(["create:unknown", "lookup:auth"]);
    expect((await ledgerFor("grommunio", name)).created).toHaveLength(1);
  });
});

describe("a resource created in part", () => {
  it("holds the order when the found domain differs only in what grommunio applies after the commit (chat)", async () => {
    const name = `chat${uniq()}.example.com`;
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(name, { chat: true }));
    // grommunio commits the domain, then cannot reach its chat service and answers 500.
    await gromFlags({ chatAvailable: false });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    // The lookup finds it, listing chat off: grommunio reads chat from the chat service, where
    // this domain has no team. Only a level-2 listing says so; level 1 has no `chat` at all.
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o.status).toBe("held");
    expect(o.lastError).toMatch(/Created in part/);
    expect(o.lastError).toContain("chat: false upstream, true ordered");
    expect((await ledgerFor("grommunio", name)).created).toHaveLength(1);
  });

  it("holds the order when grommunio answered that the domain's setup failed after committing it", async () => {
    const name = `store${uniq()}.example.com`;
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(name));
    await gromFlags({ storeSetupFails: true });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await gromFlags({ storeSetupFails: false });
    // The lookup finds a domain that matches the order in every field, but it has no store.
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "held", upstreamRef: null });
    expect(o.lastError).toMatch(
      /^Created in part: .* but grommunio answered that its setup failed \(Error during domain setup/,
    );
    expect((await ledgerFor("grommunio", name)).created).toHaveLength(1);
  });

  it("looks the domain up when its admin role failed after the commit, and holds it: the role it asked for is missing", async () => {
    const name = `role${uniq()}.example.com`;
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(name, { createRole: true }));
    await gromFlags({ roleCreationFails: true });
    await runNow(id, ctx);
    // The answer was a 400 "Duplicate entry" about the role, not the domain's name: maybe applied.
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await gromFlags({ roleCreationFails: false });
    await runNow(id, ctx);
    const o = await orderRow(id);
    const ref = (await ledgerFor("grommunio", name)).created[0]?.ref;
    // The domain matches the order in every field, but without its Domain Admin role it is not
    // what was ordered: a person makes the role (or deletes the domain), not the worker.
    expect(o).toMatchObject({ status: "held", upstreamRef: null });
    expect(o.lastError).toBe(
      `Created in part: ${name} exists upstream as ${ref}, but the Domain Admin role the order asked for was not made. Create the role in grommunio's admin, then mark resolved with ${ref}; or delete the domain there and retry.`,
    );
    expect((await ledgerFor("grommunio", name)).created).toHaveLength(1);
    expect((await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`)).toEqual(["create:unknown", "lookup:found"]);
  });

  it("adopts a domain whose answer was lost once its Domain Admin role is found too", async () => {
    const name = `rolo${uniq()}.example.com`;
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(name, { createRole: true }));
    await fault("grommunio", { method: "POST", path: "/system/domains", count: 1, action: "drop-after-commit" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "succeeded" });
    expect(o.upstreamRef).toBe((await ledgerFor("grommunio", name)).created[0]?.ref);
  });
});
