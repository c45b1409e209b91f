// Typed text with a control character never reaches a query or a row: Postgres refuses U+0000
// (lib/forms/control-chars.ts). These are the inputs outside the order forms' schemas.
import { describe, expect, it } from "vitest";
import { cancelOrderBodySchema } from "@/lib/api/schemas";
import { usableIdempotencyKey } from "@/lib/orders/idempotency-key";
import { parseAuditFilters } from "@/lib/support/audit-query";

describe("inputs with control characters", () => {
  it("an idempotency key: 8–100 characters of text, trimmed, without control characters", () => {
    expect(usableIdempotencyKey("  0b7c2f9e-key  ")).toBe("0b7c2f9e-key");
    expect(usableIdempotencyKey("k".repeat(100))).toBe("k".repeat(100));
    for (const bad of ["short", "k".repeat(101), "key-\u0000-12345", "key\twith-tab", undefined, 42, null])
      expect(usableIdempotencyKey(bad), JSON.stringify(bad)).toBeUndefined();
  });

  it("the audit log's actor and action filters are ignored when they hold one, as on the other lists", () => {
    expect(parseAuditFilters({ actor: "ann@example.com", action: "order.placed" })).toMatchObject({
      actor: "ann@example.com",
      action: "order.placed",
    });
    const f = parseAuditFilters({ actor: "ann\u0000", action: "order\u001b" });
    expect(f.actor).toBeUndefined();
    expect(f.action).toBeUndefined();
  });

  it("the API's cancel reason keeps line breaks and refuses other control characters, naming the field", () => {
    expect(cancelOrderBodySchema.safeParse({ reason: "Duplicate\nordered twice" }).success).toBe(true);
    const r = cancelOrderBodySchema.safeParse({ reason: "a\u0000b" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["reason", "Remove the control characters from the reason"],
    ]);
    const wrongType = cancelOrderBodySchema.safeParse({ reason: 42 });
    expect(wrongType.error?.issues.map((i) => i.message)).toEqual(["Send the reason as text"]);
  });
});
