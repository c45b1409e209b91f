// POST /orders checks the body's envelope (kind, customerId) with a schema that leaves `fields`
// to placeOrder, so the kind's form schema runs once per placement (docs/benchmarks.md). The
// answer must not change: for any body, the problems outside `fields` are the ones the
// documented body schema (the OpenAPI document's) finds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeOrderBodySchema, placeOrderEnvelopeSchema } from "@/lib/api/schemas";
import { ORDER_KINDS } from "@/lib/orders/schemas";

function outsideFields(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  if (result.success) return [];
  return result
    .error!.issues.filter((i) => i.path[0] !== "fields")
    .map((i) => `${i.path.map(String).join(".")}: ${i.message}`)
    .sort();
}

const kind = fc.oneof(fc.constantFrom(...ORDER_KINDS), fc.string(), fc.constant(undefined), fc.integer());
const customerId = fc.oneof(fc.uuid(), fc.string(), fc.constant(undefined), fc.constant(null));
const fields = fc.oneof(fc.constant(undefined), fc.anything(), fc.dictionary(fc.string(), fc.string()));

describe("the API's order envelope", () => {
  it("finds the same problems outside `fields` as the documented body schema", () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ kind, customerId, fields }, { requiredKeys: [] }), fc.anything()), (body) => {
        expect(outsideFields(placeOrderEnvelopeSchema.safeParse(body))).toEqual(
          outsideFields(placeOrderBodySchema.safeParse(body)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("refuses an unknown kind and a customer id that is not one", () => {
    const r = placeOrderEnvelopeSchema.safeParse({ kind: "fax_machine", customerId: "x", fields: {} });
    expect(r.success).toBe(false);
    const ok = placeOrderEnvelopeSchema.safeParse({
      kind: ORDER_KINDS[0],
      customerId: "7f0c3c2e-8d9a-4a4e-9c55-0d6f7b0b8e11",
      fields: { anything: 1 },
    });
    expect(ok.success).toBe(true);
  });
});
