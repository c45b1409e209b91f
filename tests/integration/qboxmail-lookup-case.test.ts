// A Qboxmail whose `query` minds case, which its contract allows (docs/upstream/qboxmail.md §4;
// simulator setting `caseSensitiveQuery`: names kept as sent, `query` matched as typed). The
// portal sends a domain's name and a manager's address in lower case, its natural key and what
// its lookups ask for, so the lookup after a lost answer and the order form's pre-check find what
// the portal created however it was typed; and an order whose create was answered "already
// exists" is held for a person, never failed as "nothing was created", when the final lookup
// still finds nothing.
// Own simulators: the setting must not reach other files.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readPortalText } from "@/lib/i18n/portal-texts";
import { nameKey } from "@/lib/orders/name-check";
import { upstreamPresence } from "@/lib/upstream/read-only-lookup";
import type { ProvisionContext } from "@/workers/processors/context";
import { makeTenant, type Tenant } from "../factories";
import { createUpstream } from "./another-client";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { clearFaults, fault, forms, ledger, pipelineFileHooks, uniq } from "./pipeline-fixtures";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { qboxClient, qboxSetting } from "./qboxmail-sim";

privateSimulatorsForThisFile();

let t: Tenant;
pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
  },
});
afterEach(clearFaults);

let ctx: ProvisionContext;
beforeAll(() => {
  // Built once the file's own simulators are in the environment.
  ctx = inProcessContext({ maxAttempts: 2 });
});

beforeEach(() => qboxSetting({ caseSensitiveQuery: true }));

const outcomes = async (id: string) => (await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`);
/** The creates the simulator committed under a name, in any case. */
const createdAs = async (name: string) =>
  (await ledger("qboxmail")).created.filter((c) => c.key === name.toLowerCase());

/**
 * Places `form`, loses the create's answer after Qboxmail committed it, and runs the order again:
 * it must end adopted, under the lower-case key, with one create in the ledger.
 */
async function lostCreateAdopted(
  kind: "qboxmail_domain" | "qboxmail_manager",
  form: unknown,
  path: string,
  key: string,
) {
  const id = await placeOrThrow(t, kind, form);
  expect(await orderRow(id)).toMatchObject({ naturalKey: key });
  await fault("qboxmail", { method: "POST", path, count: 1, action: "drop-after-commit" });
  await runNow(id, ctx);
  expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
  await runNow(id, ctx);
  const created = await createdAs(key);
  expect(created).toHaveLength(1);
  expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: created[0]!.ref });
  return { id, ref: created[0]!.ref };
}

describe("a Qboxmail whose `query` minds case", () => {
  it("gets a domain typed with capitals in lower case: after a lost answer the lookup finds it and the order adopts it", async () => {
    const typed = `Shop${uniq()}.Example.com`;
    const key = typed.toLowerCase();
    const { id, ref } = await lostCreateAdopted("qboxmail_domain", forms.qboxmail_domain(typed), "/api/domains", key);
    expect(await outcomes(id)).toEqual(["create:unknown", "lookup:found"]);
    // Kept as it was sent.
    expect(await qboxClient().getDomain(ref)).toMatchObject({ kind: "found", data: { name: key } });
  });

  it("gets a manager's address typed with capitals in lower case: after a lost answer the lookup adopts it", async () => {
    const typed = `Anna.${uniq()}@Example.com`;
    const key = typed.toLowerCase();
    const { ref } = await lostCreateAdopted("qboxmail_manager", forms.qboxmail_manager(typed), "/api/managers", key);
    expect(await qboxClient().getManager(ref)).toMatchObject({
      kind: "found",
      data: { email_address: key },
    });
  });

  it("lets the order form's pre-check find a domain and a manager the portal created, however they were typed", async () => {
    const domain = `Pre${uniq()}.Example.com`;
    const manager = `Pre.${uniq()}@Example.com`;
    for (const [kind, name] of [
      ["qboxmail_domain", domain],
      ["qboxmail_manager", manager],
    ] as const) {
      const form = kind === "qboxmail_domain" ? forms.qboxmail_domain(name) : forms.qboxmail_manager(name);
      const id = await placeOrThrow(t, kind, form);
      await runNow(id, ctx);
      expect(await orderRow(id), kind).toMatchObject({ status: "succeeded" });
      // The form asks by the key of whatever is typed: lower case here, capitals elsewhere.
      for (const typed of [name, name.toLowerCase(), name.toUpperCase()])
        expect(await upstreamPresence(kind, nameKey(kind, typed)!), `${kind} ${typed}`).toBe("exists");
    }
  });

  it("holds, not fails, an order whose create was answered 'already exists' when the final lookup finds nothing", async () => {
    const typed = `Taken${uniq()}.Example.com`;
    const key = typed.toLowerCase();
    // Another client of the account made the name in capitals; this `query` does not find it by ours.
    const other = await createUpstream("qboxmail", "/api/domains", forms.qboxmail_domain(typed, "Other-pass-77"));
    expect(other.status).toBe(201);
    const otherCode = String(other.json.resource_code);
    expect(await qboxClient().getDomain(otherCode)).toMatchObject({ kind: "found", data: { name: typed } });
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(key));
    // The first create cannot tell whether it committed (500): from here on the order may exist.
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "status", status: 500 });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    // The lookup finds nothing, the create again meets "already exists": may be ours, look again.
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown" });
    // The budget (2) is used up: the final lookup still finds nothing, and the upstream said the name exists.
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "held", upstreamRef: null });
    expect(o.lastError).toBe(
      `May exist upstream: a create of ${key} was answered that the name already exists (Qboxmail: name already exists (422)), but after 2 failed attempts the final lookup found nothing. Check upstream, then mark resolved with its reference or retry.`,
    );
    // Stored as the portal's words, the duplicate answer nested in them, so every language reads it.
    expect(readPortalText(o.lastError!)).toMatchObject({
      key: "saidToExistButAbsent",
      nested: { error: { words: { key: "qboxAlreadyExists" } } },
    });
    expect(await outcomes(id)).toEqual(["create:unknown", "lookup:absent", "create:unknown", "lookup:absent"]);
    // Only the other client's domain exists: nothing was created twice, nothing adopted.
    expect((await createdAs(key)).map((c) => c.ref)).toEqual([otherCode]);
  });

  it("still fails an order at the cap when no create was ever answered 'already exists'", async () => {
    const key = `never${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(key));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "status", status: 500 });
    await runNow(id, ctx);
    await fault("qboxmail", { method: "GET", path: "/api/domains", count: 1, action: "status", status: 503 });
    await runNow(id, ctx);
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o.status).toBe("failed");
    expect(o.lastError).toMatch(/^Gave up after 2 failed attempts; the final lookup found nothing named/);
  });
});
