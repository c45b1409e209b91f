// A manager's order reads with its domains by name on the reseller's order list (docs/i18n.md
// "Order summaries"): the codes are looked up among the reseller's own Qboxmail domains, so
// another reseller's domain behind the same code is never named.
import { describe, expect, it } from "vitest";
import { listResellerOrders } from "@/lib/orders/queries/reseller-orders";
import { makeOrder, makeService, makeTenant, tag } from "../factories";

describe("a manager's order sentence", () => {
  it("names the reseller's own domains behind the codes and leaves another reseller's as a code", async () => {
    const [mine, other] = [await makeTenant(), await makeTenant()];
    const a = await makeService({ tenant: mine, naturalKey: `bücher-${tag()}.de` });
    const b = await makeService({ tenant: other, naturalKey: `secret-${tag()}.it` });
    const order = await makeOrder({
      tenant: mine,
      kind: "qboxmail_manager",
      naturalKey: `ann-${tag()}@shop.it`,
      payload: { firstname: "Ann", lastname: "Rossi", domain_codes: [a.upstreamRef, b.upstreamRef] },
    });
    const { rows } = await listResellerOrders(mine.reseller.id, {});
    const row = rows.find((r) => r.id === order.id);
    expect(row?.sentence.details).toContainEqual({
      key: "domainNames",
      values: { count: 2, names: `${a.displayName}, ${b.upstreamRef}`, more: 0 },
    });
  });
});
