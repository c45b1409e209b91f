// Typed text with a control character never reaches a query or a row: Postgres refuses U+0000
// (lib/forms/control-chars.ts). These are the inputs outside the order forms' schemas.
import { describe, expect, it } from "vitest";
import { cancelOrderBodySchema } from "@/lib/api/schemas";
import { hasControlChars, withoutControlChars } from "@/lib/forms/control-chars";
import { usableIdempotencyKey } from "@/lib/orders/idempotency-key";
import { parseAuditFilters } from "@/lib/support/audit-query";

describe("inputs with control characters", () => {
  it("counts half a character (a lone surrogate) as one, and a whole emoji or accented letter as none", () => {
    for (const fine of ["Müller & Söhne", "😀 party", "日本語", "e\u0301"])
      expect(hasControlChars(fine), fine).toBe(false);
    for (const bad of ["\ud83d", "x\ud83d", "\ude00x", "\ude00\ud83d"]) expect(hasControlChars(bad), bad).toBe(true);
    expect(hasControlChars("two\nlines", true)).toBe(false);
    expect(withoutControlChars("Mozilla\u0000/5.0 \ud83d😀")).toBe("Mozilla/5.0 😀");
  });

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
    // Times JavaScript reads but Postgres refuses are ignored too.
    for (const from of ["0000-01-01", "-000100-01-01T00:00:00Z", "+275760-09-13T00:00:00Z"])
      expect(parseAuditFilters({ from }).from, from).toBeUndefined();
    expect(parseAuditFilters({ from: "2026-12-01T08:00" }).from).toBe("2026-12-01T08:00");
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
