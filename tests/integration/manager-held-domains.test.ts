// A change of a Qboxmail manager's domains may keep a domain that is not one of the reseller's own
// live domains only while the manager holds it at Qboxmail (docs/upstream/qboxmail-lifecycle.md
// "A manager's domains"). Whether it still does is asked of Qboxmail when the change is placed,
// never taken from the last stored reading: the domain may have been taken off the manager in
// Qboxmail's panel since, and the change would give it back to the manager.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
import { makeService, makeTenant, type Tenant } from "../factories";
import { clearFaults, fault, pipelineFileHooks } from "./pipeline-fixtures";
import { domainBody, managerBody, qboxClient } from "./qboxmail-sim";

pipelineFileHooks();

async function createdAtQboxmail(kind: "domain" | "manager", body: () => Promise<unknown>): Promise<string> {
  const created = (await body()) as { kind: string; ref?: string };
  if (created.kind !== "success" || !created.ref) throw new Error(`${kind} create: ${JSON.stringify(created)}`);
  return created.ref;
}

const tag = () => randomUUID().slice(0, 8);

/**
 * Reseller A's manager, holding at Qboxmail a domain that is reseller B's, and one domain of A's
 * own; the manager's stored reading, recent, lists B's domain.
 */
async function managerHoldingOthersDomain() {
  const a = await makeTenant();
  const b = await makeTenant();
  const client = qboxClient();
  const othersCode = await createdAtQboxmail("domain", () => client.createDomain(domainBody(`b-${tag()}.com`)));
  const ownCode = await createdAtQboxmail("domain", () => client.createDomain(domainBody(`a-${tag()}.com`)));
  await makeService({ tenant: b, upstreamRef: othersCode });
  await makeService({ tenant: a, upstreamRef: ownCode });
  const managerCode = await createdAtQboxmail("manager", () =>
    client.createManager(managerBody(`m-${tag()}@example.com`, { domain_codes: [othersCode] })),
  );
  const manager = await makeService({ tenant: a, kind: "qboxmail_manager", upstreamRef: managerCode });
  await db().service.update({
    where: { id: manager.id },
    data: { settings: { domain_codes: [othersCode] }, readAt: new Date() },
  });
  return { a, manager, othersCode, ownCode };
}

const changeDomains = (t: Tenant, serviceId: string, codes: string[]) =>
  placeChange(t.user, {
    serviceId,
    action: "change",
    idempotencyKey: `chg-${randomUUID()}`,
    form: { domain_codes: codes },
  });

describe("a manager's change keeping a domain that is not the reseller's own", () => {
  it("is refused once the domain was taken off the manager at Qboxmail, however recent the stored reading", async () => {
    const { a, manager, othersCode, ownCode } = await managerHoldingOthersDomain();
    // Qboxmail's panel takes the other reseller's domain off the manager.
    expect((await qboxClient().updateManager(manager.upstreamRef, { domain_codes: [] })).kind).toBe("success");
    expect(await changeDomains(a, manager.id, [othersCode, ownCode])).toEqual({
      ok: false,
      fieldErrors: { domain_codes: [`Choose only your provisioned Qboxmail domains (unknown: ${othersCode})`] },
    });
    expect(await db().order.count({ where: { serviceId: manager.id } })).toBe(0);
  });

  it("is placed while the manager still holds it at Qboxmail", async () => {
    const { a, manager, othersCode, ownCode } = await managerHoldingOthersDomain();
    expect(await changeDomains(a, manager.id, [othersCode, ownCode])).toMatchObject({ ok: true, duplicate: false });
  });

  it("is refused, saying why, when Qboxmail cannot be asked; a list of the reseller's own domains is placed on the stored reading", async () => {
    const { a, manager, othersCode, ownCode } = await managerHoldingOthersDomain();
    await fault("qboxmail", {
      method: "GET",
      path: `/api/managers/${manager.upstreamRef}`,
      count: 50,
      action: "status",
      status: 503,
    });
    try {
      const refused = await changeDomains(a, manager.id, [othersCode, ownCode]);
      expect(refused).toMatchObject({
        ok: false,
        fieldErrors: { domain_codes: [expect.stringContaining(othersCode)] },
      });
      expect(refused.ok ? undefined : refused.fieldErrors.domain_codes?.[0]).toContain("could not be asked");
      expect(await db().order.count({ where: { serviceId: manager.id } })).toBe(0);
      // Only the reseller's own domain: nothing to confirm, placed without reading Qboxmail.
      expect(await changeDomains(a, manager.id, [ownCode])).toMatchObject({ ok: true });
    } finally {
      await clearFaults();
    }
  });
});
